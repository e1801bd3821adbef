"""Where the packaged ontology, shapes and competency questions are.

In a checkout (or an editable install) they are the top-level ``ontology/`` folder; in an
installed wheel they ship inside the package as ``kg/ontology/``.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent / "ontology"


def ontology_root() -> Traversable:
    """The folder holding ``kg.ttl``, ``vocab/``, ``shapes/`` and ``cq/``."""
    if (_CHECKOUT / "kg.ttl").is_file():
        return _CHECKOUT
    return resources.files("kg") / "ontology"


def ontology_files() -> list[Traversable]:
    """The ontology and vocabulary Turtle files, in a fixed order."""
    root = ontology_root()
    files = [root / "kg.ttl"]
    files += sorted(
        (f for f in (root / "vocab").iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name
    )
    return files


def shape_files() -> list[Traversable]:
    """The SHACL shape files, sorted by name."""
    root = ontology_root() / "shapes"
    return sorted((f for f in root.iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name)
