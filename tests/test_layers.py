"""The modules' layering of docs/design.md holds: a module imports only its own layer and the
layers above it (lazy imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

KG = Path(__file__).resolve().parent.parent / "kg"

LAYERS = [
    ("ids and terms", ["iris", "vocab", "namespaces", "errors", "progress", "resources"]),
    ("records", ["records", "items", "gazetteer"]),
    ("RDF", ["mapping", "build", "graph", "validate"]),
    ("store", ["store", "positions", "queries"]),
    ("importers", ["adapters"]),
    ("analysis", ["network", "competency"]),
    ("output", ["briefing", "templates", "viz", "output"]),
    ("drafting", ["ingest"]),
    ("surfaces", ["cli", "web", "review"]),
]
"""The table of docs/design.md ("Modules, and which may import which"), top to bottom."""


def layer_of(module: str) -> int:
    top = module.split(".")[1] if module.startswith("kg.") else module
    for n, (_, names) in enumerate(LAYERS):
        if top in names:
            return n
    raise AssertionError(f"kg.{top} is in no layer of docs/design.md")


def kg_imports(path: Path) -> set[str]:
    """The kg modules a file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kg":
                found.update(f"kg.{a.name}" for a in node.names)
            elif node.module.startswith("kg."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kg."))
    return found


def test_every_module_imports_only_its_own_layer_and_those_above() -> None:
    upward = []
    for path in sorted(KG.rglob("*.py")):
        parts = path.relative_to(KG).with_suffix("").parts
        if parts == ("__init__",) or parts == ("__main__",):
            continue
        own = layer_of("kg." + ".".join(parts))
        for target in sorted(kg_imports(path)):
            if target in ("kg", "kg.__version__"):
                continue
            if layer_of(target) > own:
                upward.append(f"{path.relative_to(KG.parent)} imports {target}")
    assert upward == []


def test_the_design_notes_list_the_same_layers() -> None:
    design = (KG.parent / "docs" / "design.md").read_text(encoding="utf-8")
    for name, modules in LAYERS:
        row = next((line for line in design.splitlines() if line.startswith(f"| {name} |")), "")
        assert row, f"docs/design.md has no layer {name!r}"
        for module in modules:
            assert f"`kg.{module}" in row, (
                f"kg.{module} is not in the {name!r} row of docs/design.md"
            )
