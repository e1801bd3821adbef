"""SPARQL 1.1 query results as JSON, XML, CSV and TSV, and the choice between them.

JSON, CSV and TSV follow the W3C result formats exactly (CSV and TSV keep full IRIs and every
character of a literal: they are data for programs, not spreadsheets; ``/queries/NAME?format=csv``
is the spreadsheet-safe form). Language tags are written as the project spells them
(``zh-Hant``).
"""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape, quoteattr

from kg.output import render
from kg.store import Result, Value, literal_term

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
"""Result format → the media type it is served as."""

GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
"""Graph (CONSTRUCT/DESCRIBE) format → the media type it is served as."""

RESULT_ACCEPT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_ACCEPT = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
}
FORMAT_NAMES = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "ntriples",
    "ntriples": "ntriples",
    "n-triples": "ntriples",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
}
"""Values of ``?format=`` → format name (result formats for SELECT/ASK, graph formats for
CONSTRUCT/DESCRIBE; ``json`` asks for JSON-LD of a graph)."""


def negotiate(accept: str, offers: dict[str, str], default: str) -> str | None:
    """The format of ``offers`` (media type → format) that ``accept`` (an Accept header)
    prefers: highest ``q`` first, then the order of the header; ``default`` for ``*/*``, an
    empty header or a wildcard of a matching type; None if nothing offered is acceptable."""
    if not accept.strip():
        return default
    choices: list[tuple[float, int, str]] = []
    for n, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in offers:
            choices.append((-q, n, offers[media]))
        elif media == "*/*":
            choices.append((-q, n, default))
        elif media.endswith("/*"):
            matching = [f for t, f in offers.items() if t.startswith(media[:-1])]
            if matching:
                choices.append((-q, n, default if default in matching else matching[0]))
    return min(choices)[2] if choices else None


def write_results(result: Result, fmt: str) -> str:
    """``result`` (SELECT rows or an ASK answer) in ``fmt``, one of :data:`RESULT_TYPES`."""
    if fmt == "json":
        return render(result, "sparql-json")
    if fmt == "xml":
        return _xml(result)
    if fmt in ("csv", "tsv"):
        return _delimited(result, fmt)
    raise ValueError(f"unknown result format {fmt!r}")


def _xml(result: Result) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>'
    ]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.boolean is not None:
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result:
            out.append("<result>")
            for var, value in row.items():
                out.append(f"<binding name={quoteattr(var)}>{_xml_term(value)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out)


def _xml_text(text: str) -> str:
    # characters XML 1.0 cannot carry at all are written as U+FFFD
    clean = "".join(
        c
        if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c > "\uffff"
        else "\ufffd"
        for c in text
    )
    return escape(clean, {"\r": "&#13;"})


def _xml_term(value: Value) -> str:
    if value.kind == "iri":
        return f"<uri>{_xml_text(value.value)}</uri>"
    if value.kind == "bnode":
        return f"<bnode>{_xml_text(value.value)}</bnode>"
    attrs = ""
    if value.lang:
        attrs = f" xml:lang={quoteattr(value.lang)}"
    elif value.datatype and not value.datatype.endswith("#string"):
        attrs = f" datatype={quoteattr(value.datatype)}"
    return f"<literal{attrs}>{_xml_text(value.value)}</literal>"


def _delimited(result: Result, fmt: str) -> str:
    if result.boolean is not None:  # no W3C form for ASK: the answer alone, as most servers do
        return "true\n" if result.boolean else "false\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result:
            writer.writerow([row[v].value if v in row else "" for v in result.variables])
        return out.getvalue()
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result:
        lines.append("\t".join(_tsv_term(row[v]) if v in row else "" for v in result.variables))
    return "\n".join(lines) + "\n"


def _tsv_term(value: Value) -> str:
    if value.kind == "iri":
        return f"<{value.value}>"
    if value.kind == "bnode":
        return f"_:{value.value}"
    return literal_term(value)
