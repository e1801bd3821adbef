"""Read and check the hand-written YAML records under ``data/``.

This module owns the record format (see ``docs/records.md``): it parses YAML keeping line
numbers, resolves every reference, finds every quote in its source and returns a
``Corpus`` of plain mappings ready for ``kg.build``. It raises ``RecordError`` naming the
file and line of the first problem; it never prints.
"""

from __future__ import annotations

import calendar
import difflib
import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, Protocol

import yaml

from kg.errors import RecordError, UnknownEntity
from kg.items import Cited, Figure, Meeting, MeetingItems, Project, Span, Statement, meeting_items
from kg.vocab import OUTCOME_STATUSES, PROJECT_STATUSES, RECORD_STATUSES, STANCES

try:  # the C loader is ~10x faster and still reports line numbers
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader


MAX_BYTES = 10 * 1024 * 1024
"""Largest YAML file read (10 MB): a meeting record is a few hundred kB at most."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings in a YAML file (records need five levels)."""


class LineDict(dict):
    """A mapping that remembers the YAML line it started on (1-based), and each key's line."""

    line: int = 0
    key_lines: dict[Any, int] = {}


class LineList(list):
    """A sequence that remembers the YAML line it started on (1-based), and each item's line."""

    line: int = 0
    item_lines: list[int] = []


class _Loader(_BaseLoader):
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            what = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a key must be a plain name, not a {what}",
                key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {_shown(key)} (first at line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
        result[key] = loader.construct_object(value_node, deep=True)
    result.key_lines = seen
    return result


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp_as_text(loader: Any, node: yaml.ScalarNode) -> str:
    # Dates stay text: "2021-08" and "2021-08-09" keep the precision the analyst wrote.
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


class _Marked(Protocol):
    line: int


def _mark_line(mark: _Marked | None) -> int | None:
    """The 1-based line of a parser position, if it has one."""
    return mark.line + 1 if mark is not None else None


def _check_shape(text: str, shown: str) -> None:
    """Refuse anchors and aliases (no expansion, however small) and nesting past ``MAX_DEPTH``,
    from the parser's events, before anything is built."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RecordError(
                shown,
                _mark_line(event.start_mark),
                "YAML anchors and aliases (&name, *name) are not allowed: write the value out "
                "where it is used",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise RecordError(
                    shown,
                    _mark_line(event.start_mark),
                    f"lists and mappings nested more than {MAX_DEPTH} levels deep",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Parse one YAML file; mappings and lists carry ``.line``.

    At most ``MAX_BYTES`` are read; anchors and aliases are refused, and so is nesting deeper
    than ``MAX_DEPTH``. Keys must be scalars.

    Raises:
        RecordError: unreadable, too large, bad encoding or YAML syntax, with the line.
    """
    shown = display or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise RecordError(shown, None, "file not found") from None
    except OSError as exc:
        raise RecordError(shown, None, f"cannot read the file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise RecordError(
            shown, None, f"file larger than {MAX_BYTES // (1024 * 1024)} MB: not read"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(shown, None, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        _check_shape(text, shown)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - safe loader subclass
    except yaml.reader.ReaderError as exc:
        # the C reader counts UTF-8 bytes; the pure-Python one characters
        line: int | None
        if _BaseLoader is yaml.SafeLoader:
            line = text[: exc.position].count("\n") + 1
        else:
            line = raw[: exc.position].count(b"\n") + 1
        raise RecordError(
            shown,
            line,
            f"invalid YAML: {_char_name(chr(exc.character))} is not allowed in a YAML file",
        ) from None
    except yaml.MarkedYAMLError as exc:
        line = _mark_line(exc.problem_mark or exc.context_mark)
        problem = exc.problem or exc.context or "malformed"
        raise RecordError(shown, line, f"invalid YAML: {_one_line(problem)}") from None
    except yaml.YAMLError as exc:
        raise RecordError(shown, None, f"invalid YAML: {_one_line(str(exc))}") from None


_CHAR_NAMES = {
    0x00: "NUL",
    0x09: "tab",
    0x0A: "line feed",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEL",
}


def _char_name(char: str) -> str:
    """``U+000B (vertical tab)``: a character named so that a message stays one line."""
    name = _CHAR_NAMES.get(ord(char)) or unicodedata.name(char, "control character").lower()
    return f"U+{ord(char):04X} ({name})"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shown(value: Any, limit: int = 60) -> str:
    """``repr`` of a value from a file, cut to ``limit`` characters: messages stay short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- vocabularies

PLURALITIES = ("one", "one-or-more", "some")
QUALIFICATION_KINDS = ("acknowledges", "condition", "in-principle", "reservation")
"""What a position's qualification does: grants a point first, sets a condition, agrees in
principle, or keeps a reservation (``kg:qualificationKind``)."""
FIGURE_KINDS = ("substantive", "logistics")
"""A figure the meeting discussed, or one about how it ran (attendance, days online); briefs
leave logistics out by default. A figure without ``kind`` is substantive."""
MODES = ("virtual", "in-person", "hybrid")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
CODE_RE = re.compile(r"^[A-Z]{2}$")
SOURCE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
"""A source id is a file name under ``data/sources/`` without ``.txt``: no ``/``, no leading dot."""


# --------------------------------------------------------------------------- schema

# What each key of each kind of record holds. A value kind is one of
#   slug    lower-case id (letters, digits, '.', '_', '-'), used in IRIs
#   code    ISO 3166-1 alpha-2 code            source-id  a file name in data/sources/
#   number  a finite number                    count   a whole number from 1 (AIDER KFA)
#   offset  a character offset (0 or more)     scalar  text or a number (sha256)
#   date    YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date; dates: one or a list
#   text    one line of text                   texts   text or a list of texts
#   prose   text that may hold line breaks and tabs (notes, renderings)
#   names   a list of names (aliases)          label   {en: ..., zh-Hant: ..., zh-Hans: ...}
#   quote   the source's own characters, verbatim (checked against the source)
#   ref     an id naming something else (resolved later); refs: one or a list
# or the name of another kind (a mapping of that kind), or "[kind]" (a list of them).
_EVIDENCE = {
    "id": "slug",
    "item": "ref",
    "quote": "quote",
    "start": "offset",
    "en": "prose",
    "note": "prose",
}
RECORD_FIELDS: dict[str, dict[str, str]] = {
    "meeting record": {
        "status": "text",
        "reviewed": "review stamp",
        "source": "source",
        "meeting": "meeting",
        "agenda": "[agenda item]",
        "proposals": "[proposal]",
        "statements": "[statement]",
        "outcomes": "[outcome]",
        "actions": "[action]",
        "projects": "[project]",
        "figures": "[figure]",
        "new_issues": "[new issue]",
        "review": "[review item]",
    },
    "source": {
        "id": "source-id",
        "language": "text",
        "title": "label",
        "sha256": "scalar",
        "received_as": "text",
        "converted_from": "text",
        "conversion": "texts",
    },
    "meeting": {
        "id": "slug",
        "forum": "ref",
        "label": "label",
        "date": "date",
        "start": "date",
        "end": "date",
        "mode": "text",
        "host": "ref",
        "chair": "ref",
        "attendees": "refs",
        "note": "prose",
    },
    "agenda item": {
        "id": "slug",
        "section": "text",
        "parent": "ref",
        "title": "label",
        "issues": "refs",
        "note": "prose",
    },
    "proposal": {
        **_EVIDENCE,
        "issue": "ref",
        "by": "ref",
        "plurality": "text",
        "label": "label",
    },
    "statement": {
        **_EVIDENCE,
        "holder": "ref",
        "plurality": "text",
        "speaker": "ref",
        "speaker_name": "text",
        "stance": "text",
        "target": "ref",
        "responds_to": "refs",
        "qualifications": "[qualification]",
        "rule": "text",
        "confidence": "number",
        "review": "prose",
    },
    "outcome": {**_EVIDENCE, "target": "ref", "status": "text"},
    "action": {
        **_EVIDENCE,
        "actor": "refs",
        "plurality": "text",
        "target": "ref",
        "text": "label",
        "due": "date",
    },
    "project": {
        **_EVIDENCE,
        "title": "label",
        "proponents": "refs",
        "cosponsors": "refs",
        "organisers": "refs",
        "forum": "ref",
        "status": "text",
        "dates": "dates",
        "kfas": "refs",
    },
    "figure": {
        **_EVIDENCE,
        "label": "label",
        "value": "number",
        "value_max": "number",
        "unit": "text",
        "kind": "text",
        "about": "ref",
    },
    "qualification": {
        "kind": "text",
        "quote": "quote",
        "start": "offset",
        "en": "prose",
        "note": "prose",
    },
    "new issue": {
        "id": "slug",
        "item": "ref",
        "parent": "ref",
        "label": "label",
        "quote": "quote",
        "start": "offset",
        "review": "prose",
        "note": "prose",
    },
    "review stamp": {"by": "text", "at": "text"},
    "review item": {
        "id": "slug",
        "item": "ref",
        "note": "prose",
        "rule": "text",
        "quote": "quote",
        "start": "offset",
    },
    # data/reference/*.yaml
    "economy": {
        "code": "code",
        "iso3": "text",
        "name": "label",
        "house": "label",
        "aliases": "names",
        "aliases_en": "names",
        "apec_joined": "date",
        "note": "prose",
    },
    "state": {
        "code": "code",
        "iso3": "text",
        "name": "label",
        "aliases": "names",
        "aliases_en": "names",
        "status": "text",
        "note": "prose",
    },
    "organisation": {
        "id": "slug",
        "abbr": "texts",
        "name": "label",
        "kind": "text",
        "aliases": "names",
        "aliases_en": "names",
        "economy": "ref",
        "graph": "text",
        "note": "prose",
    },
    "forum": {
        "id": "slug",
        "abbr": "texts",
        "name": "label",
        "aliases": "names",
        "parent": "ref",
        "note": "prose",
    },
    "post": {"id": "slug", "label": "label", "in": "ref", "aliases": "names", "note": "prose"},
    "person": {
        "id": "slug",
        "name": "text",
        "name_en": "text",
        "title": "label",
        "aliases": "names",
        "economy": "ref",
        "nationality": "ref",
        "affiliation": "ref",
        "posts": "refs",
        "note": "prose",
    },
    "key focus area": {"number": "count", "name": "label", "zh_source": "prose", "note": "prose"},
    "issue": {
        "id": "slug",
        "label": "label",
        "parent": "ref",
        "forum": "ref",
        "documents": "refs",
        "kfas": "refs",
        "aliases": "names",
        "aliases_en": "names",
        "note": "prose",
    },
    "document": {
        "id": "slug",
        "title": "label",
        "kind": "text",
        "by": "ref",
        "year": "date",
        "aliases": "names",
        "note": "prose",
    },
}
"""The one declaration of the keys each kind of record may have, and what each holds: any
other key is an error (with the closest allowed key), never silently ignored."""

REFERENCE_KINDS = {
    "economies": "economy",
    "states": "state",
    "organisations": "organisation",
    "fora": "forum",
    "posts": "post",
    "people": "person",
    "key_focus_areas": "key focus area",
    "issues": "issue",
    "documents": "document",
}
"""Top-level key of a reference file → the kind of its items."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PROSE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _key_line(node: Any, key: Any) -> int | None:
    return getattr(node, "key_lines", {}).get(key) or _line(node)


def _item_line(node: Any, index: int) -> int | None:
    lines = getattr(node, "item_lines", [])
    return lines[index] if index < len(lines) else _line(node)


def check_fields(node: Any, kind: str, display: str, line: int | None = None) -> None:
    """Check one mapping of ``kind`` against ``RECORD_FIELDS``: known keys only, each value of
    the kind declared, nested mappings and lists too.

    Raises:
        RecordError: the first unknown key or malformed value, with its line.
    """
    _check_mapping(node, kind, RECORD_FIELDS[kind], display, line)


def _check_mapping(
    node: Any, kind: str, fields: dict[str, str], display: str, line: int | None
) -> None:
    if not isinstance(node, dict):
        raise RecordError(display, _line(node, line), f"{_a(kind)} must be a mapping of keys")
    for key, value in node.items():
        at = _key_line(node, key)
        spec = fields.get(key) if isinstance(key, str) else None
        if spec is None:
            raise RecordError(display, at, _unknown_key(key, kind, fields))
        if value is not None:
            _check_value(value, spec, key, display, at)


def _unknown_key(key: Any, kind: str, fields: dict[str, str]) -> str:
    close = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
    hint = f"Did you mean {close[0]!r}?" if close else f"Allowed: {', '.join(fields)}."
    where = _a(kind) if kind in RECORD_FIELDS else kind
    return f"unknown key {_shown(key)} in {where}. {hint}"


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _check_value(value: Any, spec: str, key: str, display: str, line: int | None) -> None:
    """Check one value against its kind in ``RECORD_FIELDS`` (see the table above)."""
    if spec.startswith("["):
        if not isinstance(value, list):
            _Value(value, key, display, line).fail(f"must be a list of {spec[1:-1]}s")
        for n, item in enumerate(value):
            check_fields(item, spec[1:-1], display, _item_line(value, n))
    elif spec in RECORD_FIELDS:
        check_fields(value, spec, display, line)
    elif spec in _VALUE_CHECKS:
        _VALUE_CHECKS[spec](_Value(value, key, display, line), spec)
    else:  # pragma: no cover - a typo in RECORD_FIELDS
        raise AssertionError(spec)


@dataclass(frozen=True)
class _Value:
    """A value being checked, with what an error about it must name."""

    value: Any
    key: str
    display: str
    line: int | None

    def fail(self, message: str) -> NoReturn:
        raise RecordError(self.display, self.line, f"{self.key} {_shown(self.value)} {message}")

    def plain(self, text: str, what: str | None = None, prose: bool = False) -> None:
        """Refuse control characters (prose may hold line breaks and tabs)."""
        found = (_PROSE_CONTROL if prose else _CONTROL).search(text)
        if found:
            raise RecordError(
                self.display,
                self.line,
                f"{what or self.key} holds the control character {_char_name(found.group())} at "
                f"position {found.start()}: only a quote carries the source's characters "
                "verbatim; labels, ids and other fields are plain text",
            )

    def items(self, of: str) -> None:
        """One value of kind ``of``, or a list of them."""
        if isinstance(self.value, list):
            for n, item in enumerate(self.value):
                _check_value(item, of, f"{self.key}[{n}]", self.display, _item_line(self.value, n))
        else:
            _check_value(self.value, of, self.key, self.display, self.line)


def _check_text(v: _Value, spec: str) -> None:
    if not isinstance(v.value, str):
        v.fail("must be text")
    if spec != "quote":
        v.plain(v.value, prose=spec == "prose")


def _check_scalar(v: _Value, spec: str) -> None:
    if isinstance(v.value, bool) or not isinstance(v.value, (str, int)):
        v.fail("must be text")
    v.plain(str(v.value))


def _check_names(v: _Value, spec: str) -> None:
    if not isinstance(v.value, list):
        v.fail("must be a list of names")
    v.items("text")


def _check_label_value(v: _Value, spec: str) -> None:
    if not isinstance(v.value, dict):
        v.fail("must be a mapping of languages to text, e.g. {en: ..., zh-Hant: ...}")
    for lang, text in v.value.items():
        if lang not in LANGUAGES:
            close = difflib.get_close_matches(str(lang), LANGUAGES, n=1, cutoff=0.6)
            hint = f"Did you mean {close[0]!r}?" if close else "Use en, zh-Hant and zh-Hans."
            raise RecordError(
                v.display, v.line, f"{v.key} has unknown language {_shown(lang)}. {hint}"
            )
        if not isinstance(text, str):
            raise RecordError(
                v.display, v.line, f"{v.key} {lang} {_shown(text)} must be text (quote it)"
            )
        v.plain(text, f"{v.key} {lang}")


_ID_FORMS = {
    "slug": (SLUG_RE, "a lower-case slug (letters, digits, '.', '_', '-')"),
    "code": (CODE_RE, "ISO 3166-1 alpha-2 (two upper-case letters)"),
    "source-id": (
        SOURCE_ID_RE,
        "the name of a file in data/sources/ without .txt (letters, digits, '.', '_', "
        "'-'; no '/', no leading '.')",
    ),
}
"""The pattern each kind of id must match, and how to say it."""


def _check_id(v: _Value, spec: str) -> None:
    if isinstance(v.value, bool):
        v.fail("is read by YAML as true/false: write it in quotes")
    if spec == "code" and not isinstance(v.value, str):
        v.fail("must be text")
    if isinstance(v.value, float):
        v.fail("is read by YAML as a number: write it in quotes")
    if not isinstance(v.value, (str, int)):
        v.fail("must be an id, not a list or mapping")
    v.plain(str(v.value))
    if spec in _ID_FORMS:
        pattern, form = _ID_FORMS[spec]
        if not pattern.match(str(v.value)):
            v.fail(f"must be {form}")


def _check_number(v: _Value, spec: str) -> None:
    value = v.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        v.fail("must be a number")
    if not math.isfinite(value):
        v.fail("must be a finite number")
    if spec == "count" and (not isinstance(value, int) or value < 1):
        v.fail("must be a whole number from 1")
    if spec == "offset" and (not isinstance(value, int) or value < 0):
        v.fail("must be a non-negative integer")


def _check_date(v: _Value, spec: str) -> None:
    if date_bounds(v.value) is None:
        v.fail(
            "is not a real date: write YYYY, YYYY-MM or YYYY-MM-DD (month 01-12, a day the month has)"
        )


_VALUE_CHECKS: dict[str, Callable[[_Value, str], None]] = {
    "text": _check_text,
    "prose": _check_text,
    "quote": _check_text,
    "scalar": _check_scalar,
    "texts": lambda v, spec: v.items("text"),
    "names": _check_names,
    "label": _check_label_value,
    "ref": _check_id,
    "slug": _check_id,
    "source-id": _check_id,
    "code": _check_id,
    "refs": lambda v, spec: v.items("ref"),
    "number": _check_number,
    "count": _check_number,
    "offset": _check_number,
    "date": _check_date,
    "dates": lambda v, spec: v.items("date"),
}
"""How each plain kind of value in ``RECORD_FIELDS`` is checked."""


def date_bounds(value: Any) -> tuple[date, date] | None:
    """First and last day a date as records write it covers (``2021`` → 1 Jan–31 Dec), or
    ``None`` if it is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real day."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value)
    if not DATE_RE.match(text):
        return None
    parts = [int(p) for p in text.split("-")]
    try:
        if len(parts) == 3:
            day = date(*parts)
            return day, day
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1] if 1 <= parts[1] <= 12 else 0
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None


# --------------------------------------------------------------------------- data classes


@dataclass
class Source:
    """A verbatim report: its id, file, text and digest."""

    id: str
    path: Path
    text: str
    sha256: str


@dataclass
class MeetingRecord:
    """One ``data/meetings/*.yaml`` file, checked, with every quote resolved to a ``Span``."""

    path: Path
    display: str
    data: LineDict
    source: Source
    spans: dict[tuple[str, str], Span] = field(default_factory=dict)
    """(list name, item id) → span of its quote."""
    items: MeetingItems | None = None
    """The record's items, typed (:mod:`kg.items`), once its format is checked."""

    @property
    def typed(self) -> MeetingItems:
        if self.items is None:
            raise ValueError(f"{self.display} has not been loaded")
        return self.items

    @property
    def id(self) -> str:
        return str(self.data["meeting"]["id"])


@dataclass
class Corpus:
    """Reference data plus meeting records, all references resolved."""

    reference: dict[str, LineList]
    reference_files: dict[str, str]
    meetings: list[MeetingRecord]

    def ids(self, kind: str) -> set[str]:
        key = {"economies": "code", "states": "code", "key_focus_areas": "number"}.get(kind, "id")
        return {str(item[key]) for item in self.reference.get(kind, [])}


REFERENCE_FILES = {
    "economies": "economies.yaml",
    "states": "states.yaml",
    "organisations": "organisations.yaml",
    "fora": "fora.yaml",
    "posts": "people.yaml",
    "people": "people.yaml",
    "key_focus_areas": "kfas.yaml",
    "issues": "issues.yaml",
    "documents": "documents.yaml",
}
"""Top-level key → file under ``data/reference/`` holding it (``states.yaml`` is generated by
``scripts/gen_states.py``; a missing file is an empty list)."""

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
"""Languages a label mapping may have: English, Traditional and Simplified Chinese."""
GRAPH_MODES = ("always", "when-named")
"""``graph:`` of an organisation: always in the graph, or only when a record names it."""


# --------------------------------------------------------------------------- helpers


def _line(node: Any, fallback: int | None = None) -> int | None:
    return getattr(node, "line", None) or fallback


def _require(node: LineDict, key: str, display: str) -> Any:
    if not isinstance(node, dict):
        raise RecordError(display, _line(node), f"expected a mapping with {key!r}")
    if key not in node or node[key] in (None, ""):
        raise RecordError(display, _line(node), f"missing required field {key!r}")
    return node[key]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _check_label(node: LineDict, key: str, display: str, required: bool = True) -> None:
    value = node.get(key)
    if value is None and not required:
        return
    if not isinstance(value, dict) or not value.get("en"):
        raise RecordError(
            display, _line(node), f"{key!r} must be a mapping with at least 'en' (and 'zh-Hant')"
        )
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise RecordError(
            display,
            _line(value, _line(node)),
            f"{key!r} has unknown language(s) {sorted(unknown)}; use en, zh-Hant and zh-Hans",
        )


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _check_aliases(node: LineDict, display: str) -> None:
    """``aliases`` and ``aliases_en``: lists of names; ``aliases_en`` holds no Chinese."""
    for key in ("aliases", "aliases_en"):
        value = node.get(key)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise RecordError(
                display, _line(value, _line(node)), f"{key!r} must be a list of names"
            )
        if key == "aliases_en":
            for name in value:
                if _CJK.search(name):
                    raise RecordError(
                        display,
                        _line(value, _line(node)),
                        f"aliases_en holds Chinese {name!r}: put it under 'aliases'",
                    )


def _unique(items: Iterable[LineDict], key: str, display: str, what: str) -> dict[str, LineDict]:
    seen: dict[str, LineDict] = {}
    for item in items:
        if not isinstance(item, dict):
            raise RecordError(display, _line(item), f"each {what} must be a mapping")
        value = str(_require(item, key, display))
        if value in seen:
            raise RecordError(
                display,
                item.line,
                f"duplicate {what} id {value!r} (first at line {seen[value].line})",
            )
        seen[value] = item
    return seen


def find_quote(text: str, quote: str) -> list[int]:
    """Return every start offset of ``quote`` in ``text`` (overlapping matches included)."""
    starts, pos = [], text.find(quote)
    while pos >= 0:
        starts.append(pos)
        pos = text.find(quote, pos + 1)
    return starts


def resolve_span(item: LineDict, source: Source, display: str) -> Span:
    """Check ``quote``/``start`` of one record item against its source.

    Raises:
        RecordError: quote missing, not in the source, ambiguous without ``start``, or not at
            ``start``; offsets out of range.
    """
    quote = item.get("quote")
    if not isinstance(quote, str) or not quote:
        raise RecordError(display, item.line, "missing 'quote': copy the exact words of the source")
    start = item.get("start")
    n = len(source.text)
    if start is not None:
        if isinstance(start, bool) or not isinstance(start, int) or start < 0:
            raise RecordError(
                display, item.line, f"'start' must be a non-negative integer, not {start!r}"
            )
        if start + len(quote) > n:
            raise RecordError(
                display,
                item.line,
                f"offsets {start}..{start + len(quote)} are out of range: the source has {n} characters",
            )
        if source.text[start : start + len(quote)] != quote:
            found = find_quote(source.text, quote)
            hint = (
                f" It occurs at {found[:5]}."
                if found
                else " It does not occur in the source at all."
            )
            raise RecordError(
                display, item.line, f"quote is not at offset {start} of {source.path.name}.{hint}"
            )
        return Span(source.id, start, start + len(quote), quote)
    found = find_quote(source.text, quote)
    if not found:
        raise RecordError(
            display,
            item.line,
            f"quote {quote[:30]!r}… is not in {source.path.name}; copy it verbatim",
        )
    if len(found) > 1:
        raise RecordError(
            display,
            item.line,
            f"quote occurs {len(found)} times in {source.path.name} (offsets {found[:8]}); add 'start:' to pick one",
        )
    return Span(source.id, found[0], found[0] + len(quote), quote)


def read_source(path: Path, source_id: str, display: str) -> Source:
    """Read a verbatim source report (UTF-8)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecordError(
            display, None, f"source {source_id!r} not found: expected {path}"
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(
            str(path),
            None,
            f"source is not UTF-8 (byte {exc.start}); convert it first, e.g. with `kg ingest`",
        ) from None
    return Source(source_id, path, text, hashlib.sha256(raw).hexdigest())


# --------------------------------------------------------------------------- loading


def load_reference(data_dir: Path) -> tuple[dict[str, LineList], dict[str, str]]:
    """Load ``data/reference/*.yaml`` into lists keyed by top-level key."""
    ref_dir = data_dir / "reference"
    reference: dict[str, LineList] = {}
    files: dict[str, str] = {}
    cache: dict[str, Any] = {}
    for key, name in REFERENCE_FILES.items():
        path = ref_dir / name
        display = _display(path, data_dir)
        if name not in cache:
            cache[name] = load_yaml(path, display) if path.exists() else LineDict()
            if not isinstance(cache[name], dict):
                raise RecordError(display, None, "expected a mapping at the top level")
            fields = {k: f"[{REFERENCE_KINDS[k]}]" for k, n in REFERENCE_FILES.items() if n == name}
            _check_mapping(cache[name], name, fields, display, None)
        doc = cache[name]
        items = doc.get(key) or LineList()
        if not isinstance(items, LineList):
            raise RecordError(display, _line(items), f"{key!r} must be a list")
        reference[key] = items
        files[key] = display
    return reference, files


def _display(path: Path, data_dir: Path) -> str:
    try:
        return str(path.relative_to(data_dir.parent)) if data_dir.parent != Path("") else str(path)
    except ValueError:
        return str(path)


def meeting_files(data_dir: Path) -> list[Path]:
    """The meeting records under ``data/meetings``, sorted by file name."""
    return sorted((data_dir / "meetings").glob("*.yaml"))


def require_data(data_dir: Path, only: Iterable[Path] | None = None) -> None:
    """Refuse a data folder with nothing to check: no reference file, or no meeting record
    (unless ``only`` names some).

    Raises:
        RecordError: naming the folder.
    """
    names = sorted(set(REFERENCE_FILES.values()))
    if not any((data_dir / "reference" / name).is_file() for name in names):
        raise RecordError(
            str(data_dir),
            None,
            f"nothing to check: no reference data ({', '.join(names)}) in "
            f"{data_dir / 'reference'}; is --data the right folder?",
        )
    if only is None and not meeting_files(data_dir):
        raise RecordError(
            str(data_dir),
            None,
            f"nothing to check: no meeting records (*.yaml) in {data_dir / 'meetings'}; "
            "is --data the right folder?",
        )


def load_corpus(data_dir: Path, only: Iterable[Path] | None = None) -> Corpus:
    """Load and check everything under ``data_dir``.

    Args:
        data_dir: the folder holding ``reference/``, ``meetings/`` and ``sources/``.
        only: meeting files to use instead of ``data/meetings/*.yaml`` (a draft preview).

    Raises:
        RecordError, UnknownEntity: the first problem found, with file and line.
    """
    reference, files = load_reference(data_dir)
    _check_reference(reference, files)
    paths = list(only) if only is not None else meeting_files(data_dir)
    meetings = [load_meeting(p, data_dir) for p in paths]
    corpus = Corpus(reference, files, meetings)
    seen_meetings: dict[str, str] = {}
    global_ids: dict[tuple[str, str], str] = {}
    for record in meetings:
        if record.id in seen_meetings:
            raise RecordError(
                record.display,
                record.data["meeting"].line,
                f"meeting id {record.id!r} is also used by {seen_meetings[record.id]}",
            )
        seen_meetings[record.id] = record.display
        for list_name in ("proposals", "projects"):
            for item in record.data.get(list_name) or []:
                key = (list_name, str(item["id"]))
                if key in global_ids:
                    raise RecordError(
                        record.display,
                        item.line,
                        f"{list_name[:-1]} id {item['id']!r} is already used in {global_ids[key]}; ids of {list_name} are unique across meetings",
                    )
                global_ids[key] = record.display
        check_meeting(record, corpus)
    return corpus


def source_path(data_dir: Path, source_id: str, display: str, line: int | None = None) -> Path:
    """The file of a source id: ``data/sources/<id>.txt``, refused if the id is not a plain
    file name or the file (through a link) lies outside ``data/sources/``."""
    if not SOURCE_ID_RE.match(source_id):
        raise RecordError(
            display, line, f"source id {_shown(source_id)} must be a file name in data/sources/"
        )
    sources = data_dir / "sources"
    path = sources / f"{source_id}.txt"
    try:
        inside = path.resolve().is_relative_to(sources.resolve())
    except (OSError, RuntimeError):  # a link loop
        inside = False
    if not inside:
        raise RecordError(
            display,
            line,
            f"source {_shown(source_id)} is a link to a file outside {sources}: sources must be "
            "kept in data/sources/ itself",
        )
    return path


def _check_period(meeting: Any, display: str) -> None:
    """A meeting's ``end`` is not before its ``start`` (each as precise as written)."""
    if not isinstance(meeting, dict) or meeting.get("start") is None or meeting.get("end") is None:
        return
    start, end = date_bounds(meeting["start"]), date_bounds(meeting["end"])
    if start and end and end[1] < start[0]:
        raise RecordError(
            display,
            _key_line(meeting, "end"),
            f"meeting end {meeting['end']} is before its start {meeting['start']}",
        )


def load_meeting(path: Path, data_dir: Path) -> MeetingRecord:
    """Parse one meeting file and resolve its source and spans (references are checked later)."""
    display = _display(path, data_dir) if path.is_relative_to(data_dir.parent) else str(path)
    doc = load_yaml(path, display)
    if not isinstance(doc, LineDict):  # every mapping the loader builds is one
        raise RecordError(display, None, "expected a mapping with 'source' and 'meeting'")
    check_fields(doc, "meeting record", display)
    src = _require(doc, "source", display)
    meeting = _require(doc, "meeting", display)
    _check_period(meeting, display)
    source_id = str(_require(src, "id", display))
    source = read_source(
        source_path(data_dir, source_id, display, _key_line(src, "id")), source_id, display
    )
    expected = src.get("sha256")
    if expected is not None and str(expected) != source.sha256:
        raise RecordError(
            display,
            src.line,
            f"source {source_id} has changed (sha256 {source.sha256[:12]}… ≠ {str(expected)[:12]}…); offsets may be wrong",
        )
    for key in ("id", "forum", "label"):
        _require(meeting, key, display)
    if not SLUG_RE.match(str(meeting["id"])):
        raise RecordError(
            display, meeting.line, f"meeting id {meeting['id']!r} must be a lower-case slug"
        )
    record = MeetingRecord(path, display, doc, source)
    for list_name in ("proposals", "statements", "outcomes", "actions", "projects", "figures"):
        items = doc.get(list_name) or []
        if not isinstance(items, list):
            raise RecordError(display, _line(items, doc.line), f"{list_name!r} must be a list")
        for item_id, item in _unique(items, "id", display, list_name[:-1]).items():
            if not SLUG_RE.match(item_id):
                raise RecordError(
                    display,
                    item.line,
                    f"id {item_id!r} must be a lower-case slug (letters, digits, '-', '.')",
                )
            record.spans[(list_name, item_id)] = resolve_span(item, source, display)
            for n, qualification in enumerate(item.get("qualifications") or [], 1):
                record.spans[("qualifications", f"{item_id}/{n}")] = resolve_span(
                    qualification, source, display
                )
    _check_items_format(doc, display)
    record.items = meeting_items(doc, record.spans)
    return record


_REQUIRED = {
    "proposals": ("issue", "by"),
    "statements": ("holder",),
    "outcomes": ("target",),
    "actions": ("actor",),
}
"""Keys an item of each list must have (beyond ``id`` and its quote)."""
_LABELS = {"proposals": "label", "actions": "text", "projects": "title", "figures": "label"}
"""The label mapping an item of each list must have."""


def _check_items_format(doc: LineDict, display: str) -> None:
    """Required keys and label mappings of a meeting and its items (references come later)."""
    _check_label(doc["meeting"], "label", display)
    for list_name in ("proposals", "statements", "outcomes", "actions", "projects", "figures"):
        for node in doc.get(list_name) or []:
            for key in _REQUIRED.get(list_name, ()):
                _require(node, key, display)
            if list_name == "statements" and node.get("stance") is not None:
                _require(node, "target", display)
            if list_name in _LABELS:
                _check_label(node, _LABELS[list_name], display)


def _check_reference(reference: dict[str, LineList], files: dict[str, str]) -> None:
    """Check the registry: unique codes and ids across holders, labels, and every reference
    from one entry to another (in the order the entries depend on each other)."""
    _check_holder_ids(reference, files)
    countries = {str(e["code"]) for e in reference["economies"]}
    countries |= {str(s["code"]) for s in reference["states"]}
    fora = {str(f["id"]) for f in reference["fora"]}
    orgs = fora | {str(o["id"]) for o in reference["organisations"]}
    posts = {str(p["id"]) for p in reference["posts"]}
    _check_holder_links(reference, files, countries, fora, orgs)
    _check_people(reference, files, countries, orgs, posts)
    documents = _unique(reference["documents"], "id", files["documents"], "document")
    known = countries | orgs | posts
    for item in documents.values():
        _check_label(item, "title", files["documents"])
        if item.get("by") and item["by"] not in known:
            where = f"{files['documents']}:{item.line}"
            raise UnknownEntity("holder", str(item["by"]), known, where)
    _check_issues(reference, files, fora, documents)


HOLDER_KINDS = (
    ("economies", "economy", "code", "name"),
    ("states", "state", "code", "name"),
    ("organisations", "organisation", "id", "name"),
    ("fora", "forum", "id", "name"),
    ("posts", "post", "id", "label"),
)
"""The reference lists whose entries can hold a position: (list, kind, id key, label key)."""


def _check_holder_ids(reference: dict[str, LineList], files: dict[str, str]) -> dict[str, str]:
    """Economies, states, organisations, fora and posts: ids unique across all of them,
    labels and aliases well formed. Returns each id with the place that defines it."""
    holders: dict[str, str] = {}
    for kind, what, key, label in HOLDER_KINDS:
        for ident, item in _unique(reference[kind], key, files[kind], what).items():
            if key == "code" and not CODE_RE.match(ident):
                raise RecordError(
                    files[kind],
                    item.line,
                    f"{what} code {ident!r} must be ISO 3166-1 alpha-2 (two upper-case letters)",
                )
            if ident in holders:
                raise RecordError(
                    files[kind], item.line, f"{key} {ident!r} is already used by {holders[ident]}"
                )
            holders[ident] = f"{files[kind]}:{item.line}"
            _check_label(item, label, files[kind])
            _check_aliases(item, files[kind])
    return holders


def _check_holder_links(
    reference: dict[str, LineList],
    files: dict[str, str],
    countries: set[str],
    fora: set[str],
    orgs: set[str],
) -> None:
    """An organisation's graph mode and economy, a forum's parent, a post's body."""
    for item in reference["organisations"]:
        if item.get("graph", "always") not in GRAPH_MODES:
            raise RecordError(
                files["organisations"],
                item.line,
                f"graph must be one of {GRAPH_MODES}, not {item.get('graph')!r}",
            )
        if item.get("economy") and item["economy"] not in countries:
            raise UnknownEntity(
                "economy or state",
                str(item["economy"]),
                countries,
                f"{files['organisations']}:{item.line}",
            )
    for item in reference["fora"]:
        if item.get("parent") and item["parent"] not in fora:
            raise UnknownEntity("forum", str(item["parent"]), fora, f"{files['fora']}:{item.line}")
    for item in reference["posts"]:
        if item.get("in") not in orgs:
            raise UnknownEntity(
                "forum or organisation", str(item.get("in")), orgs, f"{files['posts']}:{item.line}"
            )


def _check_people(
    reference: dict[str, LineList],
    files: dict[str, str],
    countries: set[str],
    orgs: set[str],
    posts: set[str],
) -> None:
    """A person's name, posts, economy, nationality and affiliation."""
    for item in _unique(reference["people"], "id", files["people"], "person").values():
        where = f"{files['people']}:{item.line}"
        _require(item, "name", files["people"])
        for post in _as_list(item.get("posts")):
            if post not in posts:
                raise UnknownEntity("post", str(post), posts, where)
        for key in ("economy", "nationality"):
            if item.get(key) and item[key] not in countries:
                raise UnknownEntity("economy or state", str(item[key]), countries, where)
        if item.get("affiliation") and item["affiliation"] not in orgs:
            raise UnknownEntity("organisation", str(item["affiliation"]), orgs, where)


def _check_issues(
    reference: dict[str, LineList],
    files: dict[str, str],
    fora: set[str],
    documents: dict[str, LineDict],
) -> None:
    """Issue ids, labels, parents (without cycles), fora, documents and key focus areas."""
    kfas = _unique(
        reference["key_focus_areas"], "number", files["key_focus_areas"], "key focus area"
    )
    issues = _unique(reference["issues"], "id", files["issues"], "issue")
    for slug, item in issues.items():
        where = f"{files['issues']}:{item.line}"
        if not SLUG_RE.match(slug):
            raise RecordError(
                files["issues"], item.line, f"issue id {slug!r} must be a lower-case slug"
            )
        _check_label(item, "label", files["issues"])
        if item.get("parent") and item["parent"] not in issues:
            raise UnknownEntity("issue", str(item["parent"]), issues, where)
        if item.get("forum") and item["forum"] not in fora:
            raise UnknownEntity("forum", str(item["forum"]), fora, where)
        for doc in _as_list(item.get("documents")):
            if doc not in documents:
                raise UnknownEntity("document", str(doc), documents, where)
        for kfa in _as_list(item.get("kfas")):
            if str(kfa) not in kfas:
                raise UnknownEntity("key focus area", str(kfa), kfas, where)
    # a parent chain must end: a cycle would make every timeline query loop forever
    for slug in issues:
        chain, current = [slug], issues[slug].get("parent")
        while current:
            if current in chain:
                raise RecordError(
                    files["issues"],
                    issues[slug].line,
                    f"issue parents form a cycle: {' → '.join(chain + [current])}",
                )
            chain.append(current)
            current = issues[current].get("parent")


def holder_ids(corpus: Corpus) -> set[str]:
    """Every id a record may name as a holder (``unnamed`` and ``members`` aside): economy and
    state codes, organisation, forum and post ids."""
    return {ident for kind, *_ in HOLDER_KINDS for ident in corpus.ids(kind)}


def check_meeting(record: MeetingRecord, corpus: Corpus) -> None:
    """Check that every reference in one meeting record resolves and every value is one the
    vocabularies allow (the format itself was checked when the record was loaded).

    Raises:
        RecordError, UnknownEntity: with the file and line of the reference.
    """
    items = record.typed
    refs = _References.of(record, corpus)
    _check_status(items, record.display)
    _check_meeting_node(items.meeting, refs)
    for node in items.agenda:
        if node.parent is not None:
            refs.need("agenda item", node.parent, refs.agenda, node.line)
        for issue in node.issues:
            refs.need("issue", issue, refs.issues, node.line)
    for proposal in items.proposals:
        refs.need_item(proposal)
        refs.need("issue", proposal.issue, refs.issues, proposal.line)
        refs.need_holder(proposal.by, proposal.plurality, proposal.line)
    for statement in items.statements:
        _check_statement(statement, refs)
    for outcome in items.outcomes:
        refs.need_item(outcome)
        refs.need("issue, proposal or document", outcome.target, refs.targets, outcome.line)
        refs.need("outcome status", outcome.status, OUTCOME_STATUSES, outcome.line)
    for action in items.actions:
        refs.need_item(action)
        for actor in action.actors:
            if actor not in ("members", "unnamed"):
                refs.need("holder", actor, refs.holders, action.line)
        if action.target is not None:
            refs.need("issue, proposal or document", action.target, refs.targets, action.line)
    for project in items.projects:
        _check_project(project, refs)
    for figure in items.figures:
        _check_figure(figure, refs)


@dataclass(frozen=True)
class _References:
    """The ids one meeting record may name, by kind, and how to complain about another."""

    display: str
    holders: set[str]
    issues: set[str]
    proposals: set[str]
    targets: set[str]
    statements: set[str]
    agenda: set[str]
    people: set[str]
    fora: set[str]
    economies: set[str]
    kfas: set[str]
    documents: set[str]
    fallback_line: int | None

    @classmethod
    def of(cls, record: MeetingRecord, corpus: Corpus) -> _References:
        items = record.typed
        issues = corpus.ids("issues")
        if items.status == "draft":
            # a draft's proposed new issues are targets until the analyst maps or registers them
            issues = issues | {n.id for n in items.new_issues}
        proposals = {p.id for p in items.proposals}
        documents = corpus.ids("documents")
        return cls(
            record.display,
            holder_ids(corpus),
            issues,
            proposals,
            issues | proposals | documents,
            {s.id for s in items.statements},
            {a.id for a in items.agenda},
            corpus.ids("people"),
            corpus.ids("fora"),
            corpus.ids("economies") | corpus.ids("states"),
            corpus.ids("key_focus_areas"),
            documents,
            items.meeting.line,
        )

    def where(self, line: int | None) -> str:
        return f"{self.display}:{line or self.fallback_line}"

    def need(self, kind: str, value: str, known: Iterable[str], line: int | None) -> None:
        if value not in known:
            raise UnknownEntity(kind, value, known, self.where(line))

    def need_item(self, node: Cited) -> None:
        if node.item is not None:
            self.need("agenda item", node.item, self.agenda, node.line)

    def need_holder(self, value: str, plurality: str | None, line: int | None) -> None:
        if value == "unnamed":
            if (plurality or "one-or-more") not in PLURALITIES:
                raise RecordError(self.display, line, f"plurality must be one of {PLURALITIES}")
            return
        self.need("holder", value, self.holders, line)


def _check_status(items: MeetingItems, display: str) -> None:
    if items.status not in RECORD_STATUSES:
        raise RecordError(
            display, items.line, f"status must be one of {RECORD_STATUSES}, not {items.status!r}"
        )
    if items.status != "draft":
        for key, present in (("new_issues", bool(items.new_issues)), ("review", items.has_review)):
            if present:
                raise RecordError(
                    display,
                    items.lists.get(key) or items.line,
                    f"a reviewed record keeps no {key!r}: register or map each proposed issue and "
                    "settle each review item, then remove the list (or set status: draft)",
                )


def _check_meeting_node(m: Meeting, refs: _References) -> None:
    refs.need("forum", m.forum, refs.fora, m.line)
    if m.chair:
        refs.need("person", m.chair, refs.people, m.line)
    if m.host:
        refs.need("economy", m.host, refs.economies, m.line)
    if m.mode and m.mode not in MODES:
        raise RecordError(refs.display, m.line, f"mode must be one of {MODES}")
    for attendee in m.attendees:
        refs.need("holder", attendee, refs.holders, m.attendees_line or m.line)


def _check_statement(node: Statement, refs: _References) -> None:
    refs.need_item(node)
    refs.need_holder(node.holder, node.plurality, node.line)
    if node.speaker:
        refs.need("person", node.speaker, refs.people, node.line)
    if node.stance is not None or node.target is not None:
        refs.need("stance", str(node.stance), STANCES, node.line)
        refs.need("issue or proposal", str(node.target), refs.issues | refs.proposals, node.line)
    for other in node.responds_to:
        refs.need("statement", other, refs.statements - {node.id}, node.line)
    for qualification in node.qualifications:
        if node.stance is None:
            raise RecordError(
                refs.display,
                qualification.line or node.line,
                "qualifications belong to a position: give the statement a stance and "
                "target, or record the words as a statement of their own",
            )
        refs.need("qualification kind", qualification.kind, QUALIFICATION_KINDS, qualification.line)


def _check_project(node: Project, refs: _References) -> None:
    refs.need_item(node)
    for holder in (*node.proponents, *node.cosponsors):
        refs.need("holder", holder, refs.holders, node.line)
    if node.forum:
        refs.need("forum", node.forum, refs.fora, node.line)
    refs.need("project status", node.status, PROJECT_STATUSES, node.line)
    for holder in node.organisers:
        refs.need("holder", holder, refs.holders, node.line)
    for kfa in node.kfas:
        refs.need("key focus area", kfa, refs.kfas, node.line)


def _check_figure(node: Figure, refs: _References) -> None:
    refs.need_item(node)
    refs.need("figure kind", node.kind, FIGURE_KINDS, node.line)
    value = node.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RecordError(refs.display, node.line, f"figure value must be a number, not {value!r}")
    if node.value_max is not None and node.value_max < value:
        raise RecordError(
            refs.display,
            node.value_max_line or node.line,
            f"figure value_max {node.value_max} is below its value {value}",
        )
    if node.about is not None:
        refs.need(
            "issue, document or holder",
            node.about,
            refs.issues | refs.documents | refs.holders,
            node.line,
        )
    if not _number_in(value, node.span.quote):
        raise RecordError(
            refs.display,
            node.line,
            f"figure value {value} does not appear in its quote {node.span.quote!r}",
        )


def _number_in(value: float, quote: str) -> bool:
    text = f"{value:g}"
    digits = re.findall(r"\d+(?:\.\d+)?", quote.replace(",", ""))
    return text in digits or str(value) in digits or _chinese_number(value, quote)


CHINESE_NUMERALS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
"""Chinese numerals 0–10 as reports write small counts (兩項, 四場) and section numbers."""


def _chinese_number(value: float, quote: str) -> bool:
    # Reports write small counts in Chinese numerals (兩項, 四場); accept those for 0–10.
    if value != int(value) or not 0 <= value <= 10:
        return False
    return any(CHINESE_NUMERALS.get(c) == int(value) for c in quote)
