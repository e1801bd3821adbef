"""From ``data/`` to a serialised dataset: fingerprinting, caching and deterministic output.

``kg build`` writes the dataset in the formats users ask for; every read command goes
through ``compiled_nquads``, which rebuilds only when an input file changed, so a brief or a
query loads a ready N-Quads file instead of re-reading YAML.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg import __version__
from kg.resources import ontology_files

FORMATS = {
    "trig": ("graph.trig", "one named graph per source"),
    "turtle": ("graph.ttl", "all graphs merged, longturtle"),
    "nt": ("graph.nt", "N-Triples, sorted"),
    "nq": ("graph.nq", "N-Quads, sorted"),
    "jsonld": ("graph.jsonld", "JSON-LD, one object per named graph"),
}
"""Output format → (file name under the build folder, what it holds)."""


def input_files(data_dir: Path, only: Iterable[Path] | None = None) -> list[Path]:
    """Every file a build reads: reference data, meeting records, sources, the ontology."""
    files = sorted((data_dir / "reference").glob("*.yaml"))
    files += list(only) if only is not None else sorted((data_dir / "meetings").glob("*.yaml"))
    files += sorted((data_dir / "sources").glob("*"))
    files += [Path(str(f)) for f in ontology_files()]
    return files


def fingerprint(data_dir: Path, only: Iterable[Path] | None = None) -> str:
    """SHA-256 over the names and bytes of every input file and the package version."""
    digest = hashlib.sha256(__version__.encode())
    for path in input_files(data_dir, only):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no half-written file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_dataset_from(data_dir: Path, only: Iterable[Path] | None = None) -> Any:
    """Load and check ``data_dir`` and return the rdflib ``Dataset``."""
    from kg.build import build_dataset
    from kg.records import load_corpus

    return build_dataset(load_corpus(data_dir, only))


def serialize(ds: Any, fmt: str) -> bytes:
    """Serialise a dataset deterministically (same input → same bytes).

    Args:
        ds: an rdflib ``Dataset`` from ``kg.build.build_dataset``.
        fmt: a key of ``FORMATS``.
    """
    if fmt == "trig":
        return _trig(ds).encode("utf-8")
    if fmt == "turtle":
        from rdflib import Graph

        from kg.namespaces import bind_prefixes

        merged = Graph()
        bind_prefixes(merged)
        for s_, p_, o_, _ in ds.quads((None, None, None, None)):
            merged.add((s_, p_, o_))
        return merged.serialize(format="longturtle").encode("utf-8")
    if fmt == "nt":
        lines = {line for line in _nquads(ds).splitlines() if line}
        return "".join(sorted(_strip_graph(line) + "\n" for line in lines)).encode("utf-8")
    if fmt == "nq":
        return "".join(sorted(line + "\n" for line in _nquads(ds).splitlines() if line)).encode(
            "utf-8"
        )
    if fmt == "jsonld":
        from kg.namespaces import PREFIXES

        context = {k: str(v) for k, v in PREFIXES.items()}
        text = ds.serialize(format="json-ld", context=context, auto_compact=True)
        doc = json.loads(text)
        return (
            json.dumps(_sorted_json(doc), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        ).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")


def _trig(ds: Any) -> str:
    """TriG made of one longturtle block per named graph, prefixes declared once on top."""
    from rdflib import Graph

    from kg.namespaces import bind_prefixes

    prefixes: set[str] = set()
    blocks = []
    for ctx in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if not len(ctx) or str(ctx.identifier).startswith("urn:x-rdflib:"):
            continue
        g = Graph()
        bind_prefixes(g)
        for t in ctx:
            g.add(t)
        lines = g.serialize(format="longturtle").splitlines()
        prefixes.update(line for line in lines if line.startswith("PREFIX "))
        rest = "\n".join(line for line in lines if not line.startswith("PREFIX ")).strip()
        indented = "\n".join(("    " + line) if line else "" for line in rest.splitlines())
        blocks.append(f"<{ctx.identifier}> {{\n{indented}\n}}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def _nquads(ds: Any) -> str:
    # Written here rather than by rdflib's serializer, which still calls deprecated APIs;
    # rdflib's term.n3() would write multi-line literals as Turtle long strings.
    lines = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        ident = getattr(g, "identifier", g)
        graph = (
            "" if ident is None or str(ident).startswith("urn:x-rdflib:") else f" {nt_term(ident)}"
        )
        lines.append(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{graph} .")
    return "\n".join(lines) + "\n"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def nt_term(term: Any) -> str:
    """One RDF term in N-Triples syntax (IRIs, blank nodes, literals with escapes)."""
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        body = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^<{term.datatype}>"
        return body
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def _strip_graph(line: str) -> str:
    # "<s> <p> <o> <g> ." → "<s> <p> <o> ."
    body = line.rstrip()[:-1].rstrip()
    if body.endswith(">"):
        cut = body.rfind(" <")
        body = body[:cut]
    return body + " ."


def _sorted_json(doc: Any) -> Any:
    if isinstance(doc, list):
        items = [_sorted_json(x) for x in doc]
        return sorted(items, key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
    if isinstance(doc, dict):
        return {k: _sorted_json(v) for k, v in doc.items()}
    return doc


def compiled_nquads(data_dir: Path, build_dir: Path, only: Iterable[Path] | None = None) -> Path:
    """Return an N-Quads file of the current data, rebuilding it only when an input changed.

    The file lives under ``build_dir/cache`` and is named by the input fingerprint, so a stale
    cache can never be read. Older cache files are removed.
    """
    only = list(only) if only is not None else None
    key = fingerprint(data_dir, only)[:20]
    cache_dir = build_dir / "cache"
    target = cache_dir / f"graph-{key}.nq"
    if target.exists():
        return target
    ds = build_dataset_from(data_dir, only)
    write_atomic(target, serialize(ds, "nq"))
    for old in cache_dir.glob("graph-*.nq"):
        if old != target:
            old.unlink(missing_ok=True)
    return target
