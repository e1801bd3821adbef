"""The analyst-editable rules (``data/reference/ingest-rules.yaml``) and the name lexicons.

Holders come from the aliases of the reference files (economies, organisations, fora, posts,
people) and the unnamed-member phrases of the rules; issues and documents from theirs. Every
lexicon matches leftmost-longest, so 中國香港 is Hong Kong, not China, and DPS主席 is the DPS
Chair post, not the forum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import RecordError
from kg.gazetteer import holder_names
from kg.ingest.segment import HeadingPattern, compile_patterns
from kg.records import Corpus, load_yaml

RULES_FILE = "ingest-rules.yaml"
ABBREVIATION = re.compile(r"[A-Z][A-Z0-9\-/]{1,9}")
"""An English abbreviation (G10, EU, OECD) that Chinese reports use unchanged."""


@dataclass(frozen=True)
class Entity:
    """What a name stands for: ``kind`` is economy, organisation, forum, post, person or unnamed."""

    kind: str
    id: str
    extra: str = ""
    """For ``unnamed``: the plurality."""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity


class Lexicon:
    """Leftmost-longest matching of literal names."""

    def __init__(self, names: dict[str, Any]) -> None:
        self.names = {k: v for k, v in names.items() if k}
        parts = []
        for name in sorted(self.names, key=lambda n: (-len(n), n)):
            escaped = re.escape(name)
            if name[0].isascii() and name[0].isalnum():
                escaped = r"(?<![A-Za-z0-9])" + escaped
            if name[-1].isascii() and name[-1].isalnum():
                escaped += r"(?![A-Za-z])"
            parts.append(escaped)
        self.regex = re.compile("|".join(parts)) if parts else None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Any]]:
        if self.regex is None:
            return []
        end = len(text) if end is None else end
        return [
            (m.start(), m.end(), self.names[m.group(0)])
            for m in self.regex.finditer(text, start, end)
        ]

    def first(
        self, text: str, start: int = 0, end: int | None = None
    ) -> tuple[int, int, Any] | None:
        found = self.find(text, start, end)
        return found[0] if found else None


def _strings(*values: Any) -> list[str]:
    out: list[str] = []
    for value in values:
        if isinstance(value, str):
            out.append(value.strip())
        elif isinstance(value, list):
            out.extend(str(v).strip() for v in value if v)
    return [v for v in out if v]


@dataclass
class Rules:
    """Everything the extractor needs, read from the data folder."""

    raw: dict[str, Any]
    patterns: list[HeadingPattern]
    holders: Lexicon
    issues: Lexicon
    documents: Lexicon
    stance_cues: Lexicon
    issue_depth: dict[str, int]
    issue_parent: dict[str, str | None]
    issue_documents: dict[str, list[str]]
    person_economy: dict[str, str | None]
    person_posts: dict[str, list[str]]
    post_forum: dict[str, str]
    names_en: dict[str, str]
    forum_ids: set[str]
    economies: list[str]
    chair_post: str | None
    author: str | None
    file: str = ""
    cue_kind: dict[str, str] = field(default_factory=dict)

    def words(self, key: str) -> list[str]:
        value = self.raw.get(key) or []
        return [str(v) for v in value]

    def is_descendant(self, issue: str, ancestor: str) -> bool:
        current: str | None = issue
        while current:
            if current == ancestor:
                return True
            current = self.issue_parent.get(current)
        return False


def forum_family(forum: str, corpus: Corpus) -> set[str]:
    """A forum, the fora above it and the fora below it: whose issues a meeting may discuss."""
    parents = {str(f["id"]): f.get("parent") for f in corpus.reference["fora"]}
    family, current = {forum}, parents.get(forum)
    while current:
        family.add(str(current))
        current = parents.get(str(current))
    below = {forum}
    while below:
        below = {f for f, p in parents.items() if p in below and f not in family}
        family |= below
    return family


def load_rules(data_dir: Path, corpus: Corpus, forum: str | None) -> Rules:
    """Read ``reference/ingest-rules.yaml`` and build the lexicons from the reference data.

    Raises:
        RecordError: the rules file is missing or malformed (file and line).
    """
    path = data_dir / "reference" / RULES_FILE
    display = str(Path(data_dir.name) / "reference" / RULES_FILE)
    if not path.exists():
        raise RecordError(
            display,
            None,
            "ingest rules not found: `kg ingest` needs this file (see docs/ingest.md)",
        )
    raw = load_yaml(path, display)
    if not isinstance(raw, dict):
        raise RecordError(display, None, "expected a mapping at the top level")
    for key in ("sections", "stances", "outcomes", "unnamed"):
        if not raw.get(key):
            raise RecordError(display, getattr(raw, "line", None), f"missing required key {key!r}")
    try:
        patterns = compile_patterns(raw["sections"])
    except (re.error, KeyError, TypeError, ValueError) as exc:
        raise RecordError(
            display, getattr(raw["sections"], "line", None), f"bad section pattern: {exc}"
        ) from None

    ref = corpus.reference
    names: dict[str, Entity] = {}
    names_en: dict[str, str] = {}

    def add(entity: Entity, *values: Any) -> None:
        for name in _strings(*values):
            names.setdefault(name, entity)

    for item in ref["economies"]:
        e = Entity("economy", str(item["code"]))
        add(e, item["name"].get("zh-Hant"), item.get("aliases"))
        names_en[e.id] = str(item["name"]["en"])
    for kind, key in (
        ("post", "posts"),
        ("person", "people"),
        ("organisation", "organisations"),
        ("forum", "fora"),
    ):
        for item in ref[key]:
            e = Entity(kind, str(item["id"]))
            if kind == "post":
                label = item.get("label") or {}
                add(e, label.get("zh-Hant"), item.get("aliases"))
                names_en[e.id] = str(label.get("en", e.id))
            elif kind == "person":
                add(e, item.get("name"), item.get("name_en"), item.get("aliases"))
                names_en[e.id] = str(item.get("name_en") or item.get("name"))
            else:
                label = item.get("name") or {}
                add(e, label.get("zh-Hant"), item.get("abbr"), item.get("aliases"))
                names_en[e.id] = str(label.get("en", e.id))
    for name, (kind, ident) in holder_names(corpus, "zh").items():
        names.setdefault(name, Entity(kind, ident))  # every state and group, after APEC's own
    for name, (kind, ident) in holder_names(corpus, "en").items():
        if ABBREVIATION.fullmatch(name):  # Chinese reports write G10, EU, ASEAN as they are
            names.setdefault(name, Entity(kind, ident))
    root = forum
    parents = {str(f["id"]): f.get("parent") for f in ref["fora"]}
    while root and parents.get(root):
        root = str(parents[root])
    by_forum = (raw.get("by_forum") or {}).get(root) or {}
    for word, holder in by_forum.items():  # 秘書處 is the WTO Secretariat at a WTO meeting
        kind = "organisation" if holder in corpus.ids("organisations") else "post"
        names[str(word)] = Entity(kind, str(holder))
    for phrase, plurality in (raw.get("unnamed") or {}).items():
        names.setdefault(str(phrase), Entity("unnamed", "unnamed", str(plurality)))
    forum_ids = {str(f["id"]) for f in ref["fora"]}
    post_forum = {str(p["id"]): str(p.get("in")) for p in ref["posts"]}
    chair_post = None
    if forum:
        chairs = [
            p
            for p, f in post_forum.items()
            if f == forum
            and (
                p.endswith("-chair")
                or "主席"
                in str(
                    next(
                        (
                            x.get("label", {}).get("zh-Hant", "")
                            for x in ref["posts"]
                            if x["id"] == p
                        ),
                        "",
                    )
                )
            )
        ]
        chair_post = chairs[0] if chairs else None
    if chair_post:
        for word in raw.get("chair_words") or []:
            names.setdefault(str(word), Entity("post", chair_post))

    issue_names: dict[str, str] = {}
    issue_parent: dict[str, str | None] = {}
    issue_documents: dict[str, list[str]] = {}
    family = forum_family(forum, corpus) if forum else None
    generic = {str(w) for w in raw.get("generic_issue_aliases") or []}
    for item in ref["issues"]:
        iid = str(item["id"])
        issue_parent[iid] = item.get("parent")
        issue_documents[iid] = [str(d) for d in item.get("documents") or []]
        owner = str(item["forum"]) if item.get("forum") else None
        if family is not None and owner is not None and owner not in family:
            continue  # another forum's issue: its names mean something else here
        for name in _strings((item.get("label") or {}).get("zh-Hant"), item.get("aliases")):
            if name in generic and owner not in (None, forum):
                continue  # 提案, 工作計畫: this forum's own issue only
            issue_names.setdefault(name, iid)
        names_en[f"issue:{iid}"] = str((item.get("label") or {}).get("en", iid))
    depth: dict[str, int] = {}
    for iid in issue_parent:
        d, current = 0, issue_parent[iid]
        while current and d < 50:
            d, current = d + 1, issue_parent.get(current)
        depth[iid] = d
    doc_names: dict[str, str] = {}
    for item in ref["documents"]:
        title = item.get("title") or {}
        for name in _strings(title.get("zh-Hant"), title.get("en"), item.get("aliases")):
            doc_names.setdefault(name, str(item["id"]))
            core = re.sub(r"^本\(\d{4}\)年|[「」]", "", name)
            doc_names.setdefault(core, str(item["id"]))

    cue_kind: dict[str, str] = {}
    for kind, spec in (raw.get("stances") or {}).items():
        for cue in (spec or {}).get("cues") or []:
            cue_kind.setdefault(str(cue), str(kind))
    author = None
    for alias in raw.get("author_aliases") or []:
        entity = names.get(str(alias))
        if entity and entity.kind == "economy":
            author = entity.id
            break
    return Rules(
        raw=raw,
        patterns=patterns,
        holders=Lexicon(names),
        issues=Lexicon(issue_names),
        documents=Lexicon(doc_names),
        stance_cues=Lexicon(cue_kind),
        issue_depth=depth,
        issue_parent=issue_parent,
        issue_documents=issue_documents,
        person_economy={str(p["id"]): p.get("economy") for p in ref["people"]},
        person_posts={str(p["id"]): [str(x) for x in p.get("posts") or []] for p in ref["people"]},
        post_forum=post_forum,
        names_en=names_en,
        forum_ids=forum_ids,
        economies=sorted(str(e["code"]) for e in ref["economies"]),
        chair_post=chair_post,
        author=author,
        file=display,
        cue_kind=cue_kind,
    )
