"""From ``data/`` to a serialised dataset: fingerprinting, caching and deterministic output.

``kg build`` writes the dataset in the formats users ask for; every read command goes
through ``compiled_nquads``, which rebuilds only when an input file changed, so a brief or a
query loads a ready N-Quads file instead of re-reading YAML.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
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
    """Write ``data`` to ``path`` through a temporary file, so no half-written file is left.

    The temporary file sits next to ``path`` (``.<name>.<random>``), is flushed to disk and then
    renamed over ``path`` in one step. On any failure (no permission, a full disk, a file too
    large, an interrupt) the temporary file is removed, ``path`` keeps its old content, and the
    exception is raised for the caller to report (an ``OSError`` names ``path``).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        exc.filename, exc.filename2 = str(path), None  # name the file asked for
        raise
    try:
        try:
            out = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            raise
        with out:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            exc.filename, exc.filename2 = str(path), None  # not the temporary file's name
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
            merged.add((s_, p_, turtle_safe(o_)))
        return merged.serialize(format="longturtle").encode("utf-8")
    if fmt == "nt":
        # one line per distinct quad, its graph left out (a triple in two graphs: two lines)
        return "".join(sorted(triple + " .\n" for triple, _ in _quads(ds))).encode("utf-8")
    if fmt == "nq":
        return "".join(sorted(triple + graph + " .\n" for triple, graph in _quads(ds))).encode(
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
        for s_, p_, o_ in ctx:
            g.add((s_, p_, turtle_safe(o_)))
        # "\n" only: str.splitlines() also splits at VT, FF, NEL, U+2028… (none is left
        # unescaped in a literal, but the split must not depend on that)
        lines = g.serialize(format="longturtle").split("\n")
        prefixes.update(line for line in lines if line.startswith("PREFIX "))
        rest = "\n".join(line for line in lines if not line.startswith("PREFIX ")).strip()
        indented = "\n".join(("    " + line) if line else "" for line in rest.split("\n"))
        blocks.append(f"<{ctx.identifier}> {{\n{indented}\n}}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def _quads(ds: Any) -> set[tuple[str, str]]:
    """Every quad as ``("<s> <p> <o>", " <g>")`` in N-Quads syntax (``""``: default graph).

    Written here rather than by rdflib's serializer, which still calls deprecated APIs;
    rdflib's term.n3() would write multi-line literals as Turtle long strings.
    """
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        ident = getattr(g, "identifier", g)
        graph = (
            "" if ident is None or str(ident).startswith("urn:x-rdflib:") else f" {nt_term(ident)}"
        )
        out.add((f"{nt_term(s)} {nt_term(p)} {nt_term(o)}", graph))
    return out


LITERAL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
"""Characters written escaped inside a quoted RDF literal, and how (N-Triples, N-Quads, Turtle,
TriG). Besides the four the grammars forbid raw (backslash, quote, LF, CR) and TAB, every other
C0 control character, DEL, NEL (U+0085) and the separators U+2028 and U+2029 are written as a
UCHAR ``\\u000B``, so a file holds one statement a line for any line-based reader and no
invisible character; a parser reads the literal back unchanged."""
LITERAL_ESCAPES.update(
    (chr(c), f"\\u{c:04X}")
    for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]
    if chr(c) not in LITERAL_ESCAPES
)
_ESCAPES = str.maketrans(LITERAL_ESCAPES)
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(LITERAL_ESCAPES)) + "]")


def escape_literal(text: str) -> str:
    """The body of a quoted RDF literal: ``text`` with ``LITERAL_ESCAPES`` applied.

    >>> escape_literal('a "b"\\x0bc\\u2028')
    'a \\\\"b\\\\"\\\\u000Bc\\\\u2028'
    """
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


def nt_term(term: Any) -> str:
    """One RDF term in N-Triples syntax (IRIs, blank nodes, literals with escapes)."""
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        body = '"' + escape_literal(str(term)) + '"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^<{term.datatype}>"
        return body
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry, even as character references: the C0 controls other than
TAB, LF and CR, lone surrogates, U+FFFE and U+FFFF."""


def xml_safe(text: str) -> str:
    """``text`` for an XML writer (Word briefs, GEXF, GraphML): each character of
    ``XML_FORBIDDEN`` becomes the visible notation ``\\u000B`` (the escape N-Triples
    writes), everything else is kept as it is.

    A quote holds the source's characters verbatim, control characters included; the graph
    keeps them, and an XML file shows where they were instead of being invalid.

    >>> xml_safe("a\\x00b\\x1bc\\x7fd")
    'a\\\\u0000b\\\\u001Bc\\x7fd'
    """
    return XML_FORBIDDEN.sub(lambda m: f"\\u{ord(m[0]):04X}", text)


def turtle_safe(term: Any) -> Any:
    """``term``, or for a literal with a character of ``LITERAL_ESCAPES`` other than backslash
    and quote, an equal literal that rdflib's Turtle serialisers write as one escaped
    ``"…"`` string.

    rdflib writes such text raw (VT, FF, NUL, NEL, U+2028) or as a ``\"\"\"…\"\"\"`` long
    string, which it gets wrong when the text ends in a backslash and a quote; TriG's
    indentation of each named graph would also shift a long string's later lines.
    """
    from rdflib import Literal

    if not isinstance(term, Literal) or not _NEEDS_ESCAPE.search(str(term).translate(_PLAIN)):
        return term
    return _escaped_literal_class()(
        str(term), lang=term.language, datatype=term.datatype, normalize=False
    )


_PLAIN = str.maketrans({"\\": None, '"': None})


@functools.cache
def _escaped_literal_class() -> type:
    from rdflib import Literal

    class EscapedLiteral(Literal):
        """A literal whose Turtle form is one ``"…"`` string escaped as N-Triples escapes it."""

        __slots__ = ()

        def _quote_encode(self) -> str:
            return '"' + escape_literal(str(self)) + '"'

    return EscapedLiteral


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
