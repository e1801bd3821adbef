"""Render query results for people (aligned tables) and tools (CSV, TSV, JSON).

Pure functions from a ``Result`` (a query's rows) or from plain rows (dicts the library builds,
:func:`render_rows`) to text; the CLI decides where the text goes.

Values come from data, so each format keeps its reader safe:

- **Tables** are for terminals: control characters (ESC, NUL, DEL, C1 controls, bidi overrides)
  are shown as visible symbols (``␛`` for ESC, ``␀`` for NUL, ``<U+202E>`` …), never written raw,
  so a value cannot clear the screen or set the window title (:func:`visible`).
- **CSV and TSV** are for spreadsheets: a text cell that a spreadsheet would run as a formula
  (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
  ``'`` (OWASP's rule for CSV injection; the spreadsheet shows the text, the quote hides).
  Numbers stay as they are, so ``-3`` in a numeric column is still a number: a cell counts as a
  number when its value is one (an RDF literal of a numeric XSD type, or an ``int``/``float``
  in rows built by the library). Tools that read the CSV see the quote on text cells only.
- **JSON** escapes what JSON must; values are otherwise kept exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence

from kg.iris import short_id
from kg.store import Result, Value

TABLE_FORMATS = ("table", "csv", "tsv", "json", "sparql-json")

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (Unicode control pictures)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with every control character shown as a visible symbol (``\\x1b`` → ``␛``).

    Tab, line feed and carriage return are kept (callers that need one line fold whitespace
    first); everything else a terminal would act on (ESC sequences, NUL, BEL, BS, DEL, the C1
    controls) and the bidirectional overrides is replaced."""
    return _CONTROL.sub(_picture, text)


def safe_csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting with ``= + - @``, a tab or a
    carriage return gets a leading ``'`` (OWASP); numbers (``int``, ``float``) pass as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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
            writer.writerow([_csv_cell(row.get(v), compact) for v in result.variables])
        return out.getvalue()
    if fmt == "table":
        return _table(result, compact, max_width)
    raise ValueError(f"unknown format {fmt!r}")


def _csv_cell(value: Value | None, compact: bool) -> str:
    text = _cell(value, compact)
    if value is not None and value.kind == "literal":
        number = value.python
        if isinstance(number, (int, float)) and not isinstance(number, bool):
            return text  # a number in a numeric column: -3 stays -3
    return str(safe_csv_cell(text))


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
    header = [visible(v) for v in result.variables]
    cells = [
        [_truncate(visible(_cell(row.get(v), compact)), max_width) for v in header]
        for row in result
    ]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(header)
    ]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def render_rows(rows: Sequence[Mapping[str, object]], columns: list[str], fmt: str) -> str:
    """Plain rows (``{column: value}``, as the network analysis gives them) as text in ``fmt``:
    ``table``, ``csv``, ``tsv`` or ``json``.

    JSON keeps every key and value as it is (lists stay lists); the other formats show
    ``columns`` only, a list as its items separated by spaces. CSV and TSV keep numbers as
    numbers and protect text as :func:`safe_csv_cell` does.
    """
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"

    def flat(value: object) -> object:
        return " ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else value

    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([safe_csv_cell(flat(r.get(c, ""))) for c in columns] for r in rows)
        return out.getvalue()
    if fmt == "table":
        result = Result(
            tuple(columns),
            tuple({c: Value("literal", str(flat(r.get(c, "")))) for c in columns} for r in rows),
        )
        return _table(result, True, 60)
    raise ValueError(f"unknown format {fmt!r}")
