"""Read and check the hand-written YAML records under ``data/``.

This module owns the record format (see ``docs/records.md``): it parses YAML keeping line
numbers, resolves every reference, finds every quote in its source and returns a
``Corpus`` of plain mappings ready for ``kg.build``. It raises ``RecordError`` naming the
file and line of the first problem; it never prints.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import RecordError, UnknownEntity

try:  # the C loader is ~10x faster and still reports line numbers
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):
    """A mapping that remembers the YAML line it started on (1-based)."""

    line: int = 0


class LineList(list):
    """A sequence that remembers the YAML line it started on (1-based)."""

    line: int = 0


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _construct_timestamp_as_text(loader: Any, node: yaml.ScalarNode) -> str:
    # Dates stay text: "2021-08" and "2021-08-09" keep the precision the analyst wrote.
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Parse one YAML file; mappings and lists carry ``.line``.

    Raises:
        RecordError: unreadable file, bad encoding or YAML syntax, with the line.
    """
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RecordError(shown, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise RecordError(shown, None, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise RecordError(shown, line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise RecordError(shown, None, f"invalid YAML: {exc}") from None


# --------------------------------------------------------------------------- vocabularies

STANCES = ("supports", "opposes", "proposes", "no-position", "concedes", "reserves", "abstains")
OUTCOME_STATUSES = (
    "consensus",
    "no-consensus",
    "deferred",
    "adopted",
    "noted",
    "pending",
    "rejected",
    "adopted-by-vote",
)
PROJECT_STATUSES = ("completed", "ongoing", "planned", "postponed")
PLURALITIES = ("one", "one-or-more", "some")
RECORD_STATUSES = ("draft", "reviewed")
MODES = ("virtual", "in-person", "hybrid")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
CODE_RE = re.compile(r"^[A-Z]{2}$")


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Span:
    """Where a fact sits in its source: ``text[start:end] == quote``."""

    source: str
    start: int
    end: int
    quote: str


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
        doc = cache[name]
        if not isinstance(doc, dict):
            raise RecordError(display, None, "expected a mapping at the top level")
        items = doc.get(key) or LineList()
        if not isinstance(items, list):
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


def load_meeting(path: Path, data_dir: Path) -> MeetingRecord:
    """Parse one meeting file and resolve its source and spans (references are checked later)."""
    display = _display(path, data_dir) if path.is_relative_to(data_dir.parent) else str(path)
    doc = load_yaml(path, display)
    if not isinstance(doc, dict):
        raise RecordError(display, None, "expected a mapping with 'source' and 'meeting'")
    src = _require(doc, "source", display)
    meeting = _require(doc, "meeting", display)
    source_id = str(_require(src, "id", display))
    source = read_source(data_dir / "sources" / f"{source_id}.txt", source_id, display)
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
    return record


def _check_reference(reference: dict[str, LineList], files: dict[str, str]) -> None:
    holders: dict[str, str] = {}
    for kind, what in (("economies", "economy"), ("states", "state")):
        for code, item in _unique(reference[kind], "code", files[kind], what).items():
            if not CODE_RE.match(code):
                raise RecordError(
                    files[kind],
                    item.line,
                    f"{what} code {code!r} must be ISO 3166-1 alpha-2 (two upper-case letters)",
                )
            if code in holders:
                raise RecordError(
                    files[kind], item.line, f"code {code!r} is already used by {holders[code]}"
                )
            holders[code] = f"{files[kind]}:{item.line}"
            _check_label(item, "name", files[kind])
            _check_aliases(item, files[kind])
    economies = {str(e["code"]) for e in reference["economies"]}
    countries = economies | {str(s["code"]) for s in reference["states"]}
    for kind in ("organisations", "fora", "posts"):
        for slug, item in _unique(reference[kind], "id", files[kind], kind[:-1]).items():
            if slug in holders:
                raise RecordError(
                    files[kind], item.line, f"id {slug!r} is already used by {holders[slug]}"
                )
            holders[slug] = f"{files[kind]}:{item.line}"
            _check_label(item, "label" if kind == "posts" else "name", files[kind])
            _check_aliases(item, files[kind])
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
    fora = {str(f["id"]) for f in reference["fora"]}
    for item in reference["fora"]:
        if item.get("parent") and item["parent"] not in fora:
            raise UnknownEntity("forum", str(item["parent"]), fora, f"{files['fora']}:{item.line}")
    orgs = fora | {str(o["id"]) for o in reference["organisations"]}
    for item in reference["posts"]:
        if item.get("in") not in orgs:
            raise UnknownEntity(
                "forum or organisation", str(item.get("in")), orgs, f"{files['posts']}:{item.line}"
            )
    posts = {str(p["id"]) for p in reference["posts"]}
    for item in _unique(reference["people"], "id", files["people"], "person").values():
        _require(item, "name", files["people"])
        for post in _as_list(item.get("posts")):
            if post not in posts:
                raise UnknownEntity("post", str(post), posts, f"{files['people']}:{item.line}")
        for key in ("economy", "nationality"):
            if item.get(key) and item[key] not in countries:
                raise UnknownEntity(
                    "economy or state", str(item[key]), countries, f"{files['people']}:{item.line}"
                )
        if item.get("affiliation") and item["affiliation"] not in orgs:
            raise UnknownEntity(
                "organisation", str(item["affiliation"]), orgs, f"{files['people']}:{item.line}"
            )
    kfas = _unique(
        reference["key_focus_areas"], "number", files["key_focus_areas"], "key focus area"
    )
    documents = _unique(reference["documents"], "id", files["documents"], "document")
    for item in documents.values():
        _check_label(item, "title", files["documents"])
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
    return (
        corpus.ids("economies")
        | corpus.ids("states")
        | corpus.ids("organisations")
        | corpus.ids("fora")
        | corpus.ids("posts")
    )


def check_meeting(record: MeetingRecord, corpus: Corpus) -> None:
    """Check that every reference in one meeting record resolves.

    Raises:
        RecordError, UnknownEntity: with the file and line of the reference.
    """
    doc, display = record.data, record.display
    meeting = doc["meeting"]
    holders = holder_ids(corpus)
    issues = corpus.ids("issues")
    documents = corpus.ids("documents")
    people = corpus.ids("people")
    fora = corpus.ids("fora")
    economies = corpus.ids("economies") | corpus.ids("states")
    status = doc.get("status", "reviewed")
    if status not in RECORD_STATUSES:
        raise RecordError(
            display, doc.line, f"status must be one of {RECORD_STATUSES}, not {status!r}"
        )

    def where(node: Any) -> str:
        return f"{display}:{_line(node, meeting.line)}"

    def need(kind: str, value: Any, known: set[str], node: Any) -> None:
        if str(value) not in known:
            raise UnknownEntity(kind, str(value), known, where(node))

    _check_label(meeting, "label", display)
    need("forum", meeting["forum"], fora, meeting)
    if meeting.get("chair"):
        need("person", meeting["chair"], people, meeting)
    if meeting.get("host"):
        need("economy", meeting["host"], economies, meeting)
    for key in ("date", "start", "end"):
        if meeting.get(key) is not None and not DATE_RE.match(str(meeting[key])):
            raise RecordError(
                display,
                meeting.line,
                f"meeting {key} {meeting[key]!r} must be YYYY, YYYY-MM or YYYY-MM-DD",
            )
    if meeting.get("mode") and meeting["mode"] not in MODES:
        raise RecordError(display, meeting.line, f"mode must be one of {MODES}")
    for attendee in _as_list(meeting.get("attendees")):
        need("holder", attendee, holders, meeting.get("attendees"))

    items = _unique(doc.get("agenda") or [], "id", display, "agenda item")
    for item in items.values():
        if item.get("parent") and str(item["parent"]) not in items:
            raise UnknownEntity("agenda item", str(item["parent"]), items, where(item))
        for issue in _as_list(item.get("issues")):
            need("issue", issue, issues, item)
    proposals = {str(p["id"]) for p in doc.get("proposals") or []}
    statements = {str(s["id"]) for s in doc.get("statements") or []}
    if status == "draft":
        # a draft's proposed new issues are targets until the analyst maps or registers them
        issues = issues | {str(n["id"]) for n in doc.get("new_issues") or [] if "id" in n}
    targets = issues | proposals | documents

    def need_item(node: LineDict) -> None:
        if node.get("item") is not None:
            need("agenda item", str(node["item"]), set(items), node)

    def need_holder(node: LineDict, key: str) -> None:
        value = node.get(key)
        if value == "unnamed":
            if node.get("plurality", "one-or-more") not in PLURALITIES:
                raise RecordError(display, node.line, f"plurality must be one of {PLURALITIES}")
            return
        need("holder", value, holders, node)

    for node in doc.get("proposals") or []:
        need_item(node)
        need("issue", _require(node, "issue", display), issues, node)
        need_holder(node, "by")
        _check_label(node, "label", display)
    for node in doc.get("statements") or []:
        need_item(node)
        _require(node, "holder", display)
        need_holder(node, "holder")
        if node.get("speaker"):
            need("person", node["speaker"], people, node)
        if node.get("stance") is not None or node.get("target") is not None:
            if node.get("stance") not in STANCES:
                raise UnknownEntity("stance", str(node.get("stance")), STANCES, where(node))
            need("issue or proposal", _require(node, "target", display), issues | proposals, node)
        for other in _as_list(node.get("responds_to")):
            need("statement", other, statements - {str(node["id"])}, node)
    for node in doc.get("outcomes") or []:
        need_item(node)
        need("issue, proposal or document", _require(node, "target", display), targets, node)
        if node.get("status") not in OUTCOME_STATUSES:
            raise UnknownEntity(
                "outcome status", str(node.get("status")), OUTCOME_STATUSES, where(node)
            )
    for node in doc.get("actions") or []:
        need_item(node)
        for actor in _as_list(_require(node, "actor", display)):
            if actor not in ("members", "unnamed"):
                need("holder", actor, holders, node)
        if node.get("target") is not None:
            need("issue, proposal or document", node["target"], targets, node)
        if node.get("due") is not None and not DATE_RE.match(str(node["due"])):
            raise RecordError(
                display, node.line, f"due {node['due']!r} must be YYYY, YYYY-MM or YYYY-MM-DD"
            )
        _check_label(node, "text", display)
    for node in doc.get("projects") or []:
        need_item(node)
        _check_label(node, "title", display)
        for key in ("proponents", "cosponsors"):
            for holder in _as_list(node.get(key)):
                need("holder", holder, holders, node)
        if node.get("forum"):
            need("forum", node["forum"], fora, node)
        if node.get("status") not in PROJECT_STATUSES:
            raise UnknownEntity(
                "project status", str(node.get("status")), PROJECT_STATUSES, where(node)
            )
        for date in _as_list(node.get("dates")):
            if not DATE_RE.match(str(date)):
                raise RecordError(
                    display, node.line, f"date {date!r} must be YYYY, YYYY-MM or YYYY-MM-DD"
                )
    for node in doc.get("figures") or []:
        need_item(node)
        _check_label(node, "label", display)
        value = node.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RecordError(display, node.line, f"figure value must be a number, not {value!r}")
        span = record.spans[("figures", str(node["id"]))]
        if not _number_in(value, span.quote):
            raise RecordError(
                display,
                node.line,
                f"figure value {value} does not appear in its quote {span.quote!r}",
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


def iter_items(record: MeetingRecord, list_name: str) -> Iterator[LineDict]:
    """The items of one list of a meeting record, in file order."""
    yield from record.data.get(list_name) or []
