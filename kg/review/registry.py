"""The registry as the review desk sees it: pick lists for the page, and new entries written into
``reference/issues.yaml`` and ``reference/organisations.yaml`` round trip (comments and layout
of the hand-kept files stay as they were; the entry is appended at the end of its list)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kg.errors import KGError
from kg.records import (
    FIGURE_KINDS,
    HOLDER_KINDS,
    OUTCOME_STATUSES,
    SLUG_RE,
    STANCES,
    load_reference,
)
from kg.review.yamlfile import YamlFile, append_item, flow_list, flow_map

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
ORGANISATION_KINDS = (
    "advisory-body",
    "agency",
    "chair",
    "group",
    "guest",
    "initiative",
    "international-organisation",
    "observer",
    "secretariat",
)
"""The kinds ``reference/organisations.yaml`` uses."""


class ReviewError(KGError):
    """An operation the draft cannot take (unknown item, bad field, quote not in the source)."""


def _names(node: Any, key: str) -> dict[str, str]:
    value = node.get(key) or {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _aliases(node: Any) -> list[str]:
    """Other names of an entry (aliases in both languages, abbreviations), for the search."""
    found: list[str] = []
    for key in ("aliases", "aliases_en", "abbr"):
        value = node.get(key)
        found += [str(v) for v in (value if isinstance(value, list) else [value]) if v]
    return found


def _plain(value: Any) -> Any:
    return None if value is None else str(value)


def pick_lists(data_dir: Path, record: Any) -> dict[str, Any]:
    """What the page offers to choose from: holders (economies, states, organisations, fora,
    posts, and ``unnamed``) and issues (registered, then the record's proposed ones) with their
    aliases for the search; the record's proposals and statements, stances, outcome statuses,
    agenda items, organisation kinds; every label in both languages."""
    reference, _ = load_reference(data_dir)
    holders = [{"id": "unnamed", "label": {"en": "unnamed (the report names no one)"}}]
    for kind, _, key, label in HOLDER_KINDS:
        for node in reference.get(kind) or []:
            holders.append(
                {
                    "id": str(node[key]),
                    "label": _names(node, label),
                    "group": kind,
                    "aliases": _aliases(node),
                }
            )
    issues = [
        {
            "id": str(n["id"]),
            "label": _names(n, "label"),
            "forum": _plain(n.get("forum")),
            "aliases": _aliases(n),
        }
        for n in reference.get("issues") or []
    ]
    proposed = [
        {"id": str(n["id"]), "label": _names(n, "label"), "proposed": True}
        for n in record.get("new_issues") or []
    ]
    return {
        "holders": holders,
        "issues": issues + proposed,
        "proposals": [
            {"id": str(n["id"]), "label": _names(n, "label")} for n in record.get("proposals") or []
        ],
        "statements": [
            {"id": str(n["id"]), "label": {"zh-Hant": str(n.get("quote", ""))}}
            for n in record.get("statements") or []
        ],
        "stances": list(STANCES),
        "outcome_statuses": list(OUTCOME_STATUSES),
        "figure_kinds": list(FIGURE_KINDS),
        "agenda": [_plain(n.get("id")) for n in record.get("agenda") or []],
        "organisation_kinds": list(ORGANISATION_KINDS),
    }


class Registry:
    """The reference files of ``data_dir`` a save may add to, each read only when needed and
    written (atomically) only when changed."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._files: dict[str, YamlFile] = {}
        self._changed: set[str] = set()

    def _file(self, name: str) -> YamlFile:
        if name not in self._files:
            self._files[name] = YamlFile.read(self.data_dir / "reference" / f"{name}.yaml")
        return self._files[name]

    def issue_ids(self) -> set[str]:
        return {str(n.get("id")) for n in self._file("issues").data.get("issues") or []}

    def holder_ids(self) -> set[str]:
        reference, _ = load_reference(self.data_dir)
        ids = {
            str(n.get(key)) for kind, _, key, _ in HOLDER_KINDS for n in reference.get(kind) or []
        }
        for node in self._file("organisations").data.get("organisations") or []:
            ids.add(str(node.get("id")))  # registered by this save
        return ids

    def register_issue(
        self,
        issue_id: str,
        label: Any,
        parent: str | None,
        forum: Any,
        aliases: list[str],
    ) -> None:
        """Append an issue to ``issues.yaml``; its aliases let ``kg ingest`` find it next time.
        ``label`` comes from the page as it is, and is checked here (:func:`_label`)."""
        _check_id(issue_id, "issue")
        known = self.issue_ids()
        if issue_id in known:
            raise ReviewError(f"issue {issue_id!r} is already registered: map to it instead")
        if parent and parent not in known:
            raise ReviewError(f"parent issue {parent!r} is not registered")
        entry = CommentedMap()
        entry["id"] = issue_id
        entry["label"] = _label(label)
        entry["parent"] = parent or None
        entry["forum"] = _plain(forum)
        entry["documents"] = flow_list([])
        entry["kfas"] = flow_list([])
        entry["aliases"] = flow_list(list(dict.fromkeys(aliases)))
        self._append("issues", entry)

    def register_organisation(
        self, holder_id: str, name: Any, kind: str, aliases: list[str]
    ) -> None:
        """Append an organisation (a holder the registry did not know) to
        ``organisations.yaml``."""
        _check_id(holder_id, "organisation")
        if holder_id in self.holder_ids():
            raise ReviewError(f"holder {holder_id!r} is already registered: choose it instead")
        if kind not in ORGANISATION_KINDS:
            raise ReviewError(f"kind must be one of {', '.join(ORGANISATION_KINDS)}, not {kind!r}")
        entry = CommentedMap()
        entry["id"] = holder_id
        entry["name"] = _label(name)
        entry["kind"] = kind
        entry["aliases"] = flow_list(list(dict.fromkeys(aliases)))
        entry["economy"] = None
        self._append("organisations", entry)

    def _append(self, name: str, entry: CommentedMap) -> None:
        data = self._file(name).data
        listing = data.get(name)
        if listing is None:
            listing = data[name] = CommentedSeq()
        append_item(listing, entry)
        self._changed.add(name)

    def write(self) -> None:
        for name in sorted(self._changed):
            self._files[name].write()
        self._changed.clear()


def _check_id(value: str, what: str) -> None:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise ReviewError(
            f"{what} id {value!r} must be a lower-case slug (letters, digits, '.', '_', '-')"
        )


def _label(label: Any) -> CommentedMap:
    if not isinstance(label, dict):
        raise ReviewError("a label is a mapping of languages: {en: …, zh-Hant: …}")
    clean = {
        k: " ".join(str(label[k]).split()) for k in LANGUAGES if str(label.get(k) or "").strip()
    }
    if "en" not in clean or "zh-Hant" not in clean:
        raise ReviewError("a registered entry needs an English and a Chinese (zh-Hant) label")
    return flow_map(clean)
