"""A draft meeting record under review: its items in report order, the decisions on them, and
the save.

An item is an entry of one of the record's lists (:data:`LISTS`). Its state is one of
:data:`STATES`; a decision is kept in the file itself, as a comment on the item's ``id`` line
(``- id: au-supports-1.2  # reviewed: accepted``), so a review can stop and go on another day.
A rejected item leaves the file. When every item is decided and the record passes the checks of
``kg validate``, the save sets ``status: reviewed``, drops the emptied ``new_issues`` and
``review`` lists and the marks, and the header comment names the reviewer and the time.

Operations (:meth:`Draft.apply`), each a mapping with ``op`` and ``key`` (``list/id``):

- ``accept``: the item stands as drafted;
- ``edit``: ``fields`` replace values (an empty value removes the key); on a review item the
  fields make it a statement (holder, stance, target);
- ``reject``: the item leaves the record (and the ``responds_to`` lists naming it);
- ``add``: a new statement (or another kind, ``list``) from ``quote`` and ``start`` (code
  points: the quote must equal the source there) and ``fields``;
- ``register``: a proposed new issue goes into ``reference/issues.yaml`` as ``issue`` with
  ``label`` (``en`` and ``zh-Hant``), every reference to it in the record renamed;
- ``map``: a proposed new issue is an existing ``issue``: references renamed, entry removed;
- ``holder``: a review item's unknown holder goes into ``reference/organisations.yaml`` (``holder``
  id, ``name`` in both languages, ``kind``) and the item becomes a statement of it.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from kg.errors import KGError, RecordError
from kg.records import RECORD_FIELDS, find_quote, read_source, source_path
from kg.review import yamlfile
from kg.review.registry import Registry, ReviewError, pick_lists
from kg.review.yamlfile import YamlFile, append_item, flow_list, flow_map, move_tail

LISTS = {
    "proposals": "proposal",
    "statements": "statement",
    "outcomes": "outcome",
    "actions": "action",
    "projects": "project",
    "figures": "figure",
    "new_issues": "new issue",
    "review": "review item",
}
"""The lists of a record whose entries are reviewed, and the kind of each entry."""
STATES = ("to review", "accepted", "edited", "rejected")
MARK = "reviewed: "
FIXED = ("id", "quote", "start")
"""Keys an edit never changes: an item's id and its evidence."""
REFERENCES = {"target", "issue", "issues", "parent", "about"}
"""Keys whose values may name a proposed new issue (renamed when it is registered or mapped)."""


class Conflict(KGError):
    """The file changed since the page read it."""


def _plain(value: Any) -> Any:
    """A ruamel value as plain JSON data."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _yaml_value(value: Any) -> Any:
    """A JSON value from the page as YAML data: lists and label mappings on one line, and any
    text that YAML 1.1 (what ``kg validate`` reads) would take for something else quoted."""
    if isinstance(value, dict):
        return flow_map({str(k): _yaml_value(v) for k, v in value.items() if v not in ("", None)})
    if isinstance(value, list):
        return flow_list([_yaml_value(v) for v in value])
    if isinstance(value, str):
        try:
            read = pyyaml.safe_load(value)
        except pyyaml.YAMLError:
            return value
        return value if isinstance(read, str) else SingleQuotedScalarString(value)
    return value


def state_of(node: CommentedMap, reviewed: bool = False) -> str:
    """The decision marked on an item; an unmarked item of a reviewed record counts as
    accepted (the marks are dropped when a record becomes reviewed)."""
    token = node.ca.items.get("id")
    comment = token[2] if token and len(token) > 2 else None
    if comment is not None:
        text = comment.value.strip().lstrip("#").strip()
        if text.startswith(MARK) and text[len(MARK) :] in STATES:
            return text[len(MARK) :]
    return "accepted" if reviewed else "to review"


def _mark(node: CommentedMap, state: str | None) -> None:
    token = node.ca.items.get("id")
    if token and len(token) > 2 and token[2] is not None:
        rest = token[2].value.split("\n", 1)
        if len(rest) > 1 and rest[1].strip() == "":
            node.ca.items.pop("id")  # a lone mark: drop it
        else:
            return  # an analyst's own comment there: leave it alone
    if state:
        node.yaml_add_eol_comment(MARK + state, "id")


@dataclass
class Item:
    key: str
    list: str
    node: CommentedMap

    @property
    def id(self) -> str:
        return str(self.node.get("id"))

    @property
    def kind(self) -> str:
        if self.list == "statements":
            return (
                "position" if self.node.get("stance") and self.node.get("target") else "statement"
            )
        if self.list == "new_issues":
            return "issue"
        if self.list == "review":
            return "review"
        return LISTS[self.list]


@dataclass
class SaveResult:
    version: str
    status: str
    violations: list[dict[str, Any]] = field(default_factory=list)
    conforms: bool = True


class Draft:
    """One draft record file and the data folder it belongs to (sources, reference)."""

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = path
        self.data_dir = data_dir
        self.lock = threading.Lock()
        self.file = YamlFile.read(path)
        source = self.file.data.get("source") or {}
        if not isinstance(source, dict) or not source.get("id"):
            raise RecordError(str(path), None, "the record names no source (source: id:)")
        self.source_id = str(source["id"])
        src_path = source_path(data_dir, self.source_id, str(path))
        self.text = read_source(src_path, self.source_id, str(path)).text

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        self.file = YamlFile.read(self.path)

    def items(self, data: CommentedMap | None = None) -> Iterator[Item]:
        data = self.file.data if data is None else data
        for name in LISTS:
            for node in data.get(name) or []:
                if isinstance(node, CommentedMap) and node.get("id") is not None:
                    yield Item(f"{name}/{node['id']}", name, node)

    def find(self, key: str, data: CommentedMap | None = None) -> Item:
        for item in self.items(data):
            if item.key == key:
                return item
        raise ReviewError(f"{self.path.name} has no item {key!r} (it may have been removed)")

    def span(self, node: CommentedMap) -> tuple[int, int] | None:
        quote = node.get("quote")
        if not isinstance(quote, str) or not quote:
            return None
        start = node.get("start")
        if isinstance(start, int) and self.text[start : start + len(quote)] == quote:
            return start, start + len(quote)
        found = find_quote(self.text, quote)
        return (found[0], found[0] + len(quote)) if found else None

    def view(self) -> dict[str, Any]:
        """What the page shows: the source text, the outline and the items in report order."""
        data = self.file.data
        reviewed = data.get("status") == "reviewed"
        items = []
        for item in self.items():
            span = self.span(item.node)
            fields = {k: _plain(v) for k, v in item.node.items() if k not in ("quote",)}
            items.append(
                {
                    "key": item.key,
                    "list": item.list,
                    "id": item.id,
                    "kind": item.kind,
                    "state": state_of(item.node, reviewed),
                    "start": span[0] if span else None,
                    "end": span[1] if span else None,
                    "quote": _plain(item.node.get("quote")),
                    "fields": fields,
                }
            )
        items.sort(
            key=lambda i: (i["start"] is None, i["start"] or 0, list(LISTS).index(i["list"]))
        )
        meeting = data.get("meeting") or {}
        return {
            "file": self.path.name,
            "version": self.file.version,
            "status": str(data.get("status", "reviewed")),
            "meeting": _plain(meeting.get("id")),
            "forum": _plain(meeting.get("forum")),
            "source": self.source_id,
            "text": self.text,
            "outline": self.outline(),
            "items": items,
        }

    def outline(self) -> list[dict[str, Any]]:
        """The agenda items, each with the offset of its heading in the text when found."""
        entries, at = [], 0
        for node in self.file.data.get("agenda") or []:
            title = node.get("title") or {}
            label = (
                (title.get("zh-Hant") or title.get("en") or "") if isinstance(title, dict) else ""
            )
            offset = None
            for needle in (f"{node.get('section', '')}、{label}", str(label)):
                found = self.text.find(needle, at) if needle else -1
                if found >= 0:
                    offset = found
                    at = found
                    break
            entries.append(
                {
                    "id": _plain(node.get("id")),
                    "section": _plain(node.get("section")),
                    "parent": _plain(node.get("parent")),
                    "title": _plain(title),
                    "start": offset,
                }
            )
        return entries

    def registry(self) -> dict[str, Any]:
        """Pick lists for the page (see :func:`kg.review.registry.pick_lists`)."""
        return pick_lists(self.data_dir, self.file.data)

    # ------------------------------------------------------------------ operations

    def apply(self, data: CommentedMap, ops: Iterable[dict[str, Any]], registry: Registry) -> None:
        for n, op in enumerate(ops, 1):
            if not isinstance(op, dict):
                raise ReviewError(f"operation {n} is not a mapping")
            name = op.get("op")
            handler = getattr(self, f"_op_{name}", None) if isinstance(name, str) else None
            if handler is None:
                raise ReviewError(
                    f"operation {n}: unknown op {name!r} (accept, edit, reject, add, register, "
                    "map, holder)"
                )
            try:
                handler(data, op, registry)
            except ReviewError as exc:
                raise ReviewError(f"operation {n} ({name} {op.get('key', '')}): {exc}") from None

    def _op_accept(self, data: CommentedMap, op: dict[str, Any], registry: Registry) -> None:
        item = self.find(str(op.get("key")), data)
        if item.list == "review":
            raise ReviewError(
                "a review item is settled by making it a statement (edit) or rejecting it"
            )
        if item.list == "new_issues":
            raise ReviewError(
                "a proposed issue is settled by registering it, mapping it or rejecting it"
            )
        _mark(item.node, "accepted")

    def _op_reject(self, data: CommentedMap, op: dict[str, Any], registry: Registry) -> None:
        item = self.find(str(op.get("key")), data)
        _remove(data, item)
        if item.list == "statements":
            for other in data.get("statements") or []:
                responds = other.get("responds_to")
                if isinstance(responds, list) and item.id in [str(r) for r in responds]:
                    kept = [r for r in responds if str(r) != item.id]
                    if kept:
                        other["responds_to"] = flow_list(kept)
                    else:
                        del other["responds_to"]

    def _op_edit(self, data: CommentedMap, op: dict[str, Any], registry: Registry) -> None:
        item = self.find(str(op.get("key")), data)
        fields = op.get("fields")
        if not isinstance(fields, dict) or not fields:
            raise ReviewError("an edit needs fields")
        if item.list == "review":
            agenda = fields.get("item") or item.node.get("item")
            node = _new_node(
                self._new_id(data, "statements", fields, agenda),
                agenda,
                fields,
                item.node.get("quote"),
                item.node.get("start"),
                "statements",
            )
            _remove(data, item)
            _insert(data, "statements", node)
            _mark(node, "edited")
            return
        _set_fields(item.node, fields, item.list)
        if item.list == "statements" and "review" in item.node:
            del item.node["review"]  # the doubt it stated is settled
        _mark(item.node, "edited")

    def _op_add(self, data: CommentedMap, op: dict[str, Any], registry: Registry) -> None:
        name = str(op.get("list") or "statements")
        if name not in LISTS or name in ("new_issues", "review"):
            raise ReviewError(
                f"items are added to proposals, statements, outcomes, actions, projects or figures, not {name!r}"
            )
        quote, start = op.get("quote"), op.get("start")
        if not isinstance(quote, str) or not quote or not isinstance(start, int) or start < 0:
            raise ReviewError("an added item needs the selected quote and its start offset")
        if self.text[start : start + len(quote)] != quote:
            raise ReviewError(f"the quote is not the source's text at offset {start}")
        given = op.get("fields")
        fields: dict[str, Any] = given if isinstance(given, dict) else {}
        agenda = fields.get("item") or self._item_at(start)
        node = _new_node(
            self._new_id(data, name, fields, agenda), agenda, fields, quote, start, name
        )
        _insert(data, name, node)
        _mark(node, "accepted")

    def _op_register(self, data: CommentedMap, op: dict[str, Any], registry: Registry) -> None:
        item = self.find(str(op.get("key")), data)
        if item.list != "new_issues":
            raise ReviewError("only a proposed new issue is registered")
        new_id = str(op.get("issue") or "")
        aliases = [str(a) for a in op.get("aliases") or [] if str(a).strip()]
        forum = (data.get("meeting") or {}).get("forum")
        registry.register_issue(new_id, op.get("label"), op.get("parent") or None, forum, aliases)
        _rename(data, item.id, new_id)
        _remove(data, item)

    def _op_holder(self, data: CommentedMap, op: dict[str, Any], registry: Registry) -> None:
        """A review item's unknown holder registered as an organisation, and the item made a
        statement of it (``holder``: id, ``name``, ``kind``; ``fields`` as for an edit)."""
        item = self.find(str(op.get("key")), data)
        if item.list != "review":
            raise ReviewError("a holder is registered from a review item")
        holder = str(op.get("holder") or "")
        aliases = [str(a) for a in op.get("aliases") or [] if str(a).strip()]
        registry.register_organisation(holder, op.get("name"), str(op.get("kind") or ""), aliases)
        fields = dict(op.get("fields") or {})
        fields["holder"] = holder
        self._op_edit(data, {"key": item.key, "fields": fields}, registry)

    def _op_map(self, data: CommentedMap, op: dict[str, Any], registry: Registry) -> None:
        item = self.find(str(op.get("key")), data)
        if item.list != "new_issues":
            raise ReviewError("only a proposed new issue is mapped")
        target = str(op.get("issue") or "")
        if target not in registry.issue_ids():
            raise ReviewError(f"no registered issue {target!r}")
        _rename(data, item.id, target)
        _remove(data, item)

    def _new_id(self, data: CommentedMap, name: str, fields: dict[str, Any], agenda: Any) -> str:
        """An id in the style of ``kg ingest``: ``mx-opposes-2.3``, ``tor-sunset-clause-consensus``,
        ``<meeting>-au-proposal-1.2`` (proposal ids are unique across meetings), ``figure-5.1.1``;
        numbered on when taken."""
        at = str(agenda or "x")
        if name == "statements":
            parts = [fields.get("holder") or "unnamed", fields.get("stance") or "says", at]
        elif name == "proposals":
            meeting = (data.get("meeting") or {}).get("id") or "meeting"
            parts = [meeting, fields.get("by") or "unnamed", "proposal", at]
        elif name == "outcomes":
            parts = [fields.get("target") or "outcome", fields.get("status") or at]
        else:
            parts = [LISTS[name], at]
        base = re.sub(r"[^a-z0-9._-]+", "-", "-".join(map(str, parts)).lower()).strip("-")
        taken = {str(n.get("id")) for n in data.get(name) or []}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _item_at(self, offset: int) -> str | None:
        """The agenda item whose heading comes last before ``offset``."""
        best = None
        for entry in self.outline():
            if entry["start"] is not None and entry["start"] <= offset:
                best = entry["id"]
        return best

    # ------------------------------------------------------------------ saving

    def save(
        self, base: str, ops: list[dict[str, Any]], reviewer: str, now: datetime | None = None
    ) -> SaveResult:
        """Apply ``ops`` to the file as it is on disk, if its version is still ``base``; write
        it atomically, check it like ``kg validate``, and mark it reviewed when every item is
        decided and it conforms."""
        with self.lock:
            current = YamlFile.read(self.path)
            if current.version != base:
                raise Conflict(
                    f"{self.path.name} was saved elsewhere (another tab, or an editor) after this "
                    "page read it: reload the page to see that version, then decide again"
                )
            registry = Registry(self.data_dir)
            self.apply(current.data, ops, registry)
            stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
            reviewed = current.data.get("status") == "reviewed"
            decided = [state_of(i.node, reviewed) != "to review" for i in self.items(current.data)]
            registry.write()
            _header(current.data, reviewer, stamp, sum(decided), len(decided), final=False)
            result = self._write_checked(current)
            if result.conforms and all(decided):
                final = YamlFile.parse(self.path, current.dumps(), str(self.path))
                _finalise(final.data, reviewer, stamp, len(decided))
                checked = self._write_checked(final, keep_if_failing=True)
                if checked.conforms:
                    self.file = final
                    return checked
                result.violations.extend(checked.violations)
            self.file = YamlFile.read(self.path)
            return result

    def _write_checked(self, doc: YamlFile, keep_if_failing: bool = False) -> SaveResult:
        """Validate ``doc`` as it will be written, then put it in place atomically (unless
        ``keep_if_failing`` and it fails)."""
        raw = doc.dumps().encode("utf-8")
        violations, conforms = self._validate(raw)
        if keep_if_failing and not conforms:
            return SaveResult(doc.version, "draft", violations, conforms)
        yamlfile.write_atomic(self.path, raw)
        doc.text = raw.decode("utf-8")
        return SaveResult(
            doc.version, str(doc.data.get("status", "reviewed")), violations, conforms
        )

    def check(self) -> list[dict[str, Any]]:
        """The problems ``kg validate`` finds in the file as it is, each on its item."""
        return self._validate(self.file.text.encode("utf-8"))[0]

    def _validate(self, raw: bytes) -> tuple[list[dict[str, Any]], bool]:
        """Run the checks of ``kg validate`` on ``raw`` as this draft: each problem with the key
        of its item (None when it belongs to none), and whether the record conforms."""
        from kg.validate import validate

        doc = YamlFile.parse(self.path, raw.decode("utf-8"), str(self.path))
        violations: list[dict[str, Any]] = []
        # staged outside data/: a file left by a killed process is never read as a meeting
        with tempfile.TemporaryDirectory(prefix="kg-review-") as folder:
            staged = Path(folder) / self.path.name
            staged.write_bytes(raw)
            try:
                report = validate(self.data_dir, [staged])
            except KGError as exc:
                violations.append(self._located(str(exc), getattr(exc, "line", None), doc))
                conforms = False
            else:
                for v in report.violations:
                    violations.append(
                        {
                            "key": self._key_for_focus(v.focus, doc),
                            "severity": v.severity,
                            "message": v.message,
                        }
                    )
                conforms = report.conforms
        for problem in violations:
            problem["message"] = problem["message"].replace(str(staged), str(self.path))
        return violations, conforms

    def _located(self, message: str, line: int | None, doc: YamlFile) -> dict[str, Any]:
        """The problem on the item whose lines hold ``line`` (of the text ``doc`` was read from)."""
        key = None
        if line is None:
            found = re.search(r"\.yaml:(\d+):", message)
            line = int(found.group(1)) if found else None
        if line is not None:
            best = -1
            for item in self.items(doc.data):
                first = item.node.lc.line + 1
                if best < first <= line:
                    best, key = first, item.key
        return {"key": key, "severity": "Violation", "message": message}

    def _key_for_focus(self, focus: str, doc: YamlFile) -> str | None:
        last = focus.rstrip("/").rsplit("/", 1)[-1]
        for item in self.items(doc.data):
            if item.id == last:
                return item.key
        return None


# ---------------------------------------------------------------------- helpers on the tree


def _set_fields(node: CommentedMap, fields: dict[str, Any], name: str) -> None:
    allowed = RECORD_FIELDS[LISTS[name]]
    for key, value in fields.items():
        if key in FIXED or key not in allowed:
            raise ReviewError(f"{key!r} cannot be edited on {LISTS[name]}s")
        if value in ("", None, []):
            node.pop(key, None)
        elif key in node:
            node[key] = _yaml_value(value)
        else:  # new keys go before the evidence, where `kg ingest` puts them
            keys = list(node)
            at = keys.index("quote") if "quote" in keys else len(keys)
            node.insert(at, key, _yaml_value(value))


def _new_node(
    item_id: str, agenda: Any, fields: dict[str, Any], quote: Any, start: Any, name: str
) -> CommentedMap:
    node = CommentedMap()
    node["id"] = item_id
    if agenda is not None:
        node["item"] = _yaml_value(str(agenda))
    node["quote"] = quote
    if start is not None:
        node["start"] = start
    _set_fields(node, {k: v for k, v in fields.items() if k != "item"}, name)
    return node


def _start(node: Any) -> int:
    start = node.get("start") if isinstance(node, dict) else None
    return start if isinstance(start, int) else 1 << 62


def _insert(data: CommentedMap, name: str, node: CommentedMap) -> None:
    """Put ``node`` in list ``name`` in report order (by ``start``)."""
    listing = data.get(name)
    if listing is None:
        data[name] = listing = CommentedSeq()
    at = len(listing)
    for n, other in enumerate(listing):
        if _start(other) > _start(node):
            at = n
            break
    if at == len(listing):
        append_item(listing, node)
    else:
        listing.insert(at, node)


def _remove(data: CommentedMap, item: Item) -> None:
    listing = data[item.list]
    index = next(n for n, node in enumerate(listing) if node is item.node)
    if index == len(listing) - 1 and index > 0:
        move_tail(item.node, listing[index - 1])
    del listing[index]
    if not listing and item.list in ("new_issues", "review"):
        del data[item.list]


def _rename(data: CommentedMap, old: str, new: str) -> None:
    """Every reference to issue ``old`` (targets, agenda issues, parents) becomes ``new``."""

    def walk(node: Any) -> None:
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                if key in REFERENCES:
                    if isinstance(value, str) and value == old:
                        node[key] = new
                    elif isinstance(value, list):
                        for n, v in enumerate(value):
                            if isinstance(v, str) and v == old:
                                value[n] = new
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)


def _header(
    data: CommentedMap, reviewer: str, stamp: str, decided: int, total: int, final: bool
) -> None:
    lines = []
    token = data.ca.comment[1] if data.ca.comment and len(data.ca.comment) > 1 else None
    for comment in token or []:
        for line in comment.value.splitlines():
            text = line.lstrip("#").strip()
            if text and not text.startswith(("Needs review:", "Review:", "Reviewed by")):
                lines.append(text)
    lines.append(
        f"Review: {decided} of {total} items decided; saved by {reviewer} at {stamp} (kg review)."
    )
    data.yaml_set_start_comment("\n".join(lines))


def _finalise(data: CommentedMap, reviewer: str, stamp: str, total: int) -> None:
    """The record as reviewed: status, no proposed-issue or review lists, no marks."""
    data["status"] = "reviewed"
    stamp_map = CommentedMap([("by", reviewer), ("at", stamp)])
    if "reviewed" in data:
        data["reviewed"] = stamp_map
    else:  # right after status, where a reader looks for it
        data.insert(list(data).index("status") + 1, "reviewed", stamp_map)
    for name in ("new_issues", "review"):
        if name in data and not data[name]:
            del data[name]
    for name in LISTS:
        for node in data.get(name) or []:
            if isinstance(node, CommentedMap) and state_of(node) != "to review":
                _mark(node, None)
    lines = []
    token = data.ca.comment[1] if data.ca.comment and len(data.ca.comment) > 1 else None
    for comment in token or []:
        for line in comment.value.splitlines():
            text = line.lstrip("#").strip()
            if text.startswith("DRAFT written by"):
                text = "Drafted" + text[len("DRAFT written") :].split(":")[0] + "."
            if text and not text.startswith(("Needs review:", "Review:", "Reviewed by")):
                lines.append(text)
    lines.insert(0, f"Reviewed by {reviewer} at {stamp} (kg review): {total} items decided.")
    data.yaml_set_start_comment("\n".join(lines))
