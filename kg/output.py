"""Render query results for people (aligned tables) and tools (CSV, TSV, JSON).

Pure functions from a ``Result`` to text; the CLI decides where the text goes.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from kg.iris import short_id
from kg.store import Result, Value

TABLE_FORMATS = ("table", "csv", "tsv", "json", "sparql-json")


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Value | None, compact: bool) -> str:
    if value is None:
        return ""
    text = short_id(value.value) if (compact and value.kind == "iri") else value.value
    return " ".join(text.split())


def render(result: Result, fmt: str, compact: bool = True, max_width: int = 60) -> str:
    """Return ``result`` as text in ``fmt`` (one of ``TABLE_FORMATS``).

    ``table`` shortens minted IRIs to ids and long cells to ``max_width`` columns; CSV and TSV
    keep full values; ``sparql-json`` follows the SPARQL 1.1 Query Results JSON format.
    """
    if result.boolean is not None:
        if fmt == "sparql-json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "sparql-json":
        return json.dumps(_sparql_json(result), ensure_ascii=False, indent=1) + "\n"
    if fmt == "json":
        rows = [
            {v: (_json_value(row[v], compact) if v in row else None) for v in result.variables}
            for row in result
        ]
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result:
            writer.writerow([_cell(row.get(v), compact) for v in result.variables])
        return out.getvalue()
    if fmt == "table":
        return _table(result, compact, max_width)
    raise ValueError(f"unknown format {fmt!r}")


def _json_value(value: Value, compact: bool) -> object:
    if value.kind == "iri":
        return short_id(value.value) if compact else value.value
    return value.python


def _sparql_json(result: Result) -> dict[str, object]:
    bindings = []
    for row in result:
        b: dict[str, dict[str, str]] = {}
        for var, value in row.items():
            if value.kind == "iri":
                b[var] = {"type": "uri", "value": value.value}
            elif value.kind == "bnode":
                b[var] = {"type": "bnode", "value": value.value}
            else:
                term: dict[str, str] = {"type": "literal", "value": value.value}
                if value.lang:
                    term["xml:lang"] = value.lang
                elif value.datatype and not value.datatype.endswith("#string"):
                    term["datatype"] = value.datatype
                b[var] = term
        bindings.append(b)
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = display_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _table(result: Result, compact: bool, max_width: int) -> str:
    header = list(result.variables)
    cells = [[_truncate(_cell(row.get(v), compact), max_width) for v in header] for row in result]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(header)
    ]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
