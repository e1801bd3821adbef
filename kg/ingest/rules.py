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
from kg.gazetteer import holder_names, strings
from kg.ingest.model import Holder
from kg.ingest.segment import HeadingPattern, compile_patterns
from kg.records import Corpus, load_yaml

RULES_FILE = "ingest-rules.yaml"
ABBREVIATION = re.compile(r"[A-Z][A-Z0-9\-/]{1,9}")
"""An English abbreviation (G10, EU, OECD) that Chinese reports use unchanged."""


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
    zh: ChineseRules
    draft: DraftRules
    file: str = ""
    cue_kind: dict[str, str] = field(default_factory=dict)

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
    display = str(Path(data_dir.name) / "reference" / RULES_FILE)
    raw = _read_rules(data_dir / "reference" / RULES_FILE, display)
    patterns = _section_patterns(raw, display)
    ref = corpus.reference
    post_forum = {str(p["id"]): str(p.get("in")) for p in ref["posts"]}
    chair_post = _chair_post(ref["posts"], post_forum, forum) if forum else None
    names, names_en = _holder_names(raw, corpus, forum, chair_post)
    issues = _IssueNames.read(raw, corpus, forum)
    names_en.update(issues.names_en)
    documents = _document_names(ref["documents"])
    cue_kind = _cue_kinds(raw)
    return Rules(
        raw=raw,
        zh=chinese_rules(raw, display),
        draft=draft_rules(raw, display),
        patterns=patterns,
        holders=Lexicon(names),
        issues=Lexicon(issues.names),
        documents=Lexicon(documents),
        stance_cues=Lexicon(cue_kind),
        issue_depth=_depths(issues.parent),
        issue_parent=issues.parent,
        issue_documents=issues.documents,
        person_economy={str(p["id"]): p.get("economy") for p in ref["people"]},
        person_posts={str(p["id"]): [str(x) for x in p.get("posts") or []] for p in ref["people"]},
        post_forum=post_forum,
        names_en=names_en,
        forum_ids={str(f["id"]) for f in ref["fora"]},
        economies=sorted(str(e["code"]) for e in ref["economies"]),
        chair_post=chair_post,
        author=_author(raw, names),
        file=display,
        cue_kind=cue_kind,
    )


def _read_rules(path: Path, display: str) -> dict[str, Any]:
    """The rules file as a mapping with its required keys.

    Raises:
        RecordError: it is missing, not a mapping, or lacks a required key.
    """
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
    return raw


def _section_patterns(raw: dict[str, Any], display: str) -> list[HeadingPattern]:
    """``sections``: the heading patterns, compiled."""
    try:
        return compile_patterns(raw["sections"])
    except (re.error, KeyError, TypeError, ValueError) as exc:
        raise RecordError(
            display, getattr(raw["sections"], "line", None), f"bad section pattern: {exc}"
        ) from None


# Each registry entry of a holder kind → (holder, its Chinese names and aliases, English name).
def _economy(item: dict[str, Any]) -> tuple[Holder, tuple[Any, ...], str]:
    e = Holder("economy", str(item["code"]))
    return e, (item["name"].get("zh-Hant"), item.get("aliases")), str(item["name"]["en"])


def _post(item: dict[str, Any]) -> tuple[Holder, tuple[Any, ...], str]:
    e, label = Holder("post", str(item["id"])), item.get("label") or {}
    return e, (label.get("zh-Hant"), item.get("aliases")), str(label.get("en", e.id))


def _person(item: dict[str, Any]) -> tuple[Holder, tuple[Any, ...], str]:
    e = Holder("person", str(item["id"]))
    names = (item.get("name"), item.get("name_en"), item.get("aliases"))
    return e, names, str(item.get("name_en") or item.get("name"))


def _organisation(
    item: dict[str, Any], kind: str = "organisation"
) -> tuple[Holder, tuple[Any, ...], str]:
    e, label = Holder(kind, str(item["id"])), item.get("name") or {}
    return (
        e,
        (label.get("zh-Hant"), item.get("abbr"), item.get("aliases")),
        str(label.get("en", e.id)),
    )


def _forum(item: dict[str, Any]) -> tuple[Holder, tuple[Any, ...], str]:
    return _organisation(item, "forum")


_HOLDER_REGISTRIES = (
    ("economies", _economy),
    ("posts", _post),
    ("people", _person),
    ("organisations", _organisation),
    ("fora", _forum),
)
"""Registry key → reader, in the order their names are taken (the first holder of a name wins)."""


def _holder_names(
    raw: dict[str, Any], corpus: Corpus, forum: str | None, chair_post: str | None
) -> tuple[dict[str, Holder], dict[str, str]]:
    """Chinese name → holder, and holder id → English name. In order, the first taking a name:
    APEC's registry, every state and group, English abbreviations (G10, EU, ASEAN, which
    Chinese reports write as they are); then the words the rules give for the meeting's root
    forum replace (秘書處 is the WTO Secretariat at a WTO meeting); then unnamed-member
    phrases and the chair's words."""
    names: dict[str, Holder] = {}
    names_en: dict[str, str] = {}
    for key, read in _HOLDER_REGISTRIES:
        for item in corpus.reference[key]:
            entity, values, english = read(item)
            for name in strings(*values):
                names.setdefault(name, entity)
            names_en[entity.id] = english
    for name, (kind, ident) in holder_names(corpus, "zh").items():
        names.setdefault(name, Holder(kind, ident))
    for name, (kind, ident) in holder_names(corpus, "en").items():
        if ABBREVIATION.fullmatch(name):
            names.setdefault(name, Holder(kind, ident))
    for word, holder in _by_forum(raw, corpus, forum).items():
        kind = "organisation" if holder in corpus.ids("organisations") else "post"
        names[str(word)] = Holder(kind, str(holder))
    for phrase, plurality in (raw.get("unnamed") or {}).items():
        names.setdefault(str(phrase), Holder("unnamed", "unnamed", str(plurality)))
    if chair_post:
        for word in raw.get("chair_words") or []:
            names.setdefault(str(word), Holder("post", chair_post))
    return names, names_en


def _by_forum(raw: dict[str, Any], corpus: Corpus, forum: str | None) -> dict[str, Any]:
    """``by_forum``: the words that name a holder at a meeting of ``forum``'s root forum."""
    root = forum
    parents = {str(f["id"]): f.get("parent") for f in corpus.reference["fora"]}
    while root and parents.get(root):
        root = str(parents[root])
    return (raw.get("by_forum") or {}).get(root) or {}


def _chair_post(posts: list[dict[str, Any]], post_forum: dict[str, str], forum: str) -> str | None:
    """The post that chairs ``forum``: its id ends in ``-chair`` or its Chinese label has 主席."""
    labels: dict[Any, str] = {}
    for post in posts:
        labels.setdefault(post["id"], str(post.get("label", {}).get("zh-Hant", "")))
    for ident, where in post_forum.items():
        if where == forum and (ident.endswith("-chair") or "主席" in labels.get(ident, "")):
            return ident
    return None


@dataclass
class _IssueNames:
    """The registry's issues as the rules see them at a meeting of one forum."""

    names: dict[str, str] = field(default_factory=dict)
    """Chinese name or alias → issue id (issues of the forum's family only)."""
    parent: dict[str, str | None] = field(default_factory=dict)
    documents: dict[str, list[str]] = field(default_factory=dict)
    names_en: dict[str, str] = field(default_factory=dict)
    """``issue:<id>`` → English label."""

    @classmethod
    def read(cls, raw: dict[str, Any], corpus: Corpus, forum: str | None) -> _IssueNames:
        out = cls()
        family = forum_family(forum, corpus) if forum else None
        generic = {str(w) for w in raw.get("generic_issue_aliases") or []}
        for item in corpus.reference["issues"]:
            iid = str(item["id"])
            out.parent[iid] = item.get("parent")
            out.documents[iid] = [str(d) for d in item.get("documents") or []]
            owner = str(item["forum"]) if item.get("forum") else None
            if family is not None and owner is not None and owner not in family:
                continue  # another forum's issue: its names mean something else here
            for name in strings((item.get("label") or {}).get("zh-Hant"), item.get("aliases")):
                if name in generic and owner not in (None, forum):
                    continue  # 提案, 工作計畫: this forum's own issue only
                out.names.setdefault(name, iid)
            out.names_en[f"issue:{iid}"] = str((item.get("label") or {}).get("en", iid))
        return out


def _depths(parent: dict[str, str | None]) -> dict[str, int]:
    """Issue → its number of ancestors (at most 50: a cycle stops there)."""
    depth: dict[str, int] = {}
    for iid in parent:
        d, current = 0, parent[iid]
        while current and d < 50:
            d, current = d + 1, parent.get(current)
        depth[iid] = d
    return depth


def _document_names(documents: list[dict[str, Any]]) -> dict[str, str]:
    """Title or alias (also without 本(YYYY)年 and 「」) → document id."""
    out: dict[str, str] = {}
    for item in documents:
        title = item.get("title") or {}
        for name in strings(title.get("zh-Hant"), title.get("en"), item.get("aliases")):
            out.setdefault(name, str(item["id"]))
            core = re.sub(r"^本\(\d{4}\)年|[「」]", "", name)
            out.setdefault(core, str(item["id"]))
    return out


def _cue_kinds(raw: dict[str, Any]) -> dict[str, str]:
    """``stances``: each cue → its stance (the first stance listing it)."""
    cue_kind: dict[str, str] = {}
    for kind, spec in (raw.get("stances") or {}).items():
        for cue in (spec or {}).get("cues") or []:
            cue_kind.setdefault(str(cue), str(kind))
    return cue_kind


def _author(raw: dict[str, Any], names: dict[str, Holder]) -> str | None:
    """``author_aliases``: the economy that wrote the report (the first alias naming one)."""
    for alias in raw.get("author_aliases") or []:
        entity = names.get(str(alias))
        if entity and entity.kind == "economy":
            return entity.id
    return None


# ---------------------------------------------------------------------- typed rule words

NEVER = "(?!)"
"""A regex that matches nothing: what an empty phrase list compiles to."""


@dataclass(frozen=True)
class StanceSpec:
    """What a kind of cue means: its stance, the stance after a negation (不支持 → opposes),
    and whether it counts only when negated (未表達意見 → no-position; 表達意見 alone says nothing)."""

    stance: str
    negated: str | None = None
    only_negated: bool = False


@dataclass(frozen=True)
class SpeakerRules:
    """The words that tell who speaks in a clause (see ``zh_speakers``)."""

    connectors: tuple[str, ...]
    """Connectives that may open a clause before its subject (並, 此外, 據了解), longest first."""
    verbs: tuple[str, ...]
    """Speech verbs after a holder name (表示, 指出, 強調)."""
    fillers: re.Pattern[str]
    """Words between a name and its verb (等國, 亦, 皆), as a prefix regex."""
    offices: re.Pattern[str]
    """An office after a name, optionally 駐…: 大使, 常任代表 (中國大使王某表示)."""
    anaphora: dict[str, str]
    """Word → how many holders it stands for (one, two, many), longest word first."""
    holder_suffix: re.Pattern[str]
    """How an unknown holder's name ends (國, 集團, 聯盟 …)."""
    group_subject: re.Pattern[str]
    """A group the registry lacks in subject position (一個名為「…聯盟」的團體發表聲明)."""
    not_holders: tuple[str, ...]
    topic_openers: tuple[str, ...]
    list_separators: str
    """Alternation of what separates listed holders (、, 與, 及), for ``re.fullmatch``."""
    prepositions: tuple[str, ...]
    verb_only: frozenset[str]
    """Names that are holders only where a verb follows (中非 in 中非合作 is no holder)."""


@dataclass(frozen=True)
class CueRules:
    """The words that tell a stance cue from the same characters used otherwise."""

    negations: tuple[str, ...]
    """Longest first: 並不, 不會, 不 …"""
    negation_before_phrase: re.Pattern[str]
    """A negation before a prepositional phrase: 並未[對各方提議]表達意見."""
    not_cues: Lexicon
    plan_cues: frozenset[str]
    modals: tuple[str, ...]
    """Longest first: 應該, 必須, 應 … — in what a holder is reported to say, a demand."""
    noun_before: tuple[str, ...]
    noun_after: tuple[str, ...]
    stances: dict[str, StanceSpec]
    proposal_references: tuple[str, ...]
    position_words: tuple[str, ...]
    concede_if_with: tuple[str, ...]
    summary_cues: tuple[str, ...]
    thanks: tuple[str, ...]
    examples: tuple[str, ...]
    author_notes: tuple[str, ...]
    """Longest first: 謹註, 註."""

    def stance_of(self, kind: str) -> StanceSpec:
        return self.stances.get(kind) or StanceSpec(kind)


@dataclass(frozen=True)
class OutcomeRules:
    phrases: tuple[tuple[str, str], ...]
    """(phrase, status), longest phrase first."""
    blockers: dict[str, tuple[str, ...]]
    """Status (or ``all``) → words that, before the phrase, make it no outcome."""

    def blockers_of(self, status: str) -> tuple[str, ...]:
        return self.blockers.get("all", ()) + self.blockers.get(status, ())


@dataclass(frozen=True)
class ChineseRules:
    """The rule words the Chinese reader uses, parsed and compiled once."""

    speakers: SpeakerRules
    cues: CueRules
    outcomes: OutcomeRules
    project_status: dict[str, tuple[str, ...]]
    """Status → title words of a section that lists projects (已完成, 進行中 …)."""


@dataclass(frozen=True)
class Attendance:
    all_members: tuple[str, ...]
    cue: tuple[str, ...]
    chair_cue: tuple[str, ...]
    virtual: tuple[str, ...]
    hybrid: tuple[str, ...]


@dataclass(frozen=True)
class DraftRules:
    """The rule words of the meeting, project, action and figure drafts (``draft``)."""

    attendance: Attendance
    project_forum: re.Pattern[str] | None
    action_cues: tuple[str, ...]
    action_members: tuple[str, ...]
    relative_years: dict[str, int]
    figure_units: dict[str, str]


def _line(value: Any, parent: Any) -> int | None:
    return getattr(value, "line", None) or getattr(parent, "line", None)


def _mapping(raw: Any, key: str, display: str) -> dict[str, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise RecordError(display, _line(value, raw), f"{key!r} must be a mapping")
    return value


def _words(raw: Any, key: str, display: str) -> tuple[str, ...]:
    """A list of phrases (or nothing), as strings in the file's order."""
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise RecordError(display, _line(value, raw), f"{key!r} must be a list of phrases")
    return tuple(str(v) for v in value)


def _longest(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _alternation(words: tuple[str, ...]) -> str:
    """Literal words, longest first; a list that is empty matches the literal ``(?!)``."""
    return "|".join(map(re.escape, _longest(words) or (NEVER,)))


def _regex(raw: Any, key: str, display: str) -> re.Pattern[str]:
    value = raw.get(key) or NEVER
    try:
        return re.compile(str(value))
    except re.error as exc:
        raise RecordError(display, _line(None, raw), f"bad pattern {key!r}: {exc}") from None


def _speaker_rules(raw: Any, display: str) -> SpeakerRules:
    anaphora: dict[str, str] = {}
    for number, words in _mapping(raw, "anaphora", display).items():
        for word in _words({"anaphora": words}, "anaphora", display):
            anaphora[word] = str(number)
    return SpeakerRules(
        connectors=_longest(_words(raw, "connectors", display)),
        verbs=_words(raw, "subject_verbs", display),
        fillers=re.compile("^(?:" + _alternation(_words(raw, "subject_fillers", display)) + ")+"),
        offices=re.compile(
            "^(?:駐[\u4e00-\u9fffA-Za-z]{1,8}?)?(?:"
            + _alternation(_words(raw, "offices", display))
            + ")"
        ),
        anaphora=dict(sorted(anaphora.items(), key=lambda x: -len(x[0]))),
        holder_suffix=_regex(raw, "holder_suffix", display),
        group_subject=_regex(raw, "group_subject", display),
        not_holders=_words(raw, "not_holders", display),
        topic_openers=_words(raw, "topic_openers", display),
        list_separators=_alternation(_words(raw, "list_separators", display)),
        prepositions=_words(raw, "prepositions", display),
        verb_only=frozenset(_words(raw, "verb_only_names", display)),
    )


def _stances(raw: Any, display: str) -> dict[str, StanceSpec]:
    out: dict[str, StanceSpec] = {}
    for kind, spec in _mapping(raw, "stances", display).items():
        spec = spec or {}
        if not isinstance(spec, dict):
            raise RecordError(display, _line(spec, raw), f"stance {kind!r} must be a mapping")
        negated = spec.get("negated")
        out[str(kind)] = StanceSpec(
            str(spec.get("stance", kind)),
            str(negated) if negated else None,
            bool(spec.get("only_negated")),
        )
    return out


def _cue_rules(raw: Any, display: str) -> CueRules:
    negations = _longest(_words(raw, "negations", display))
    nouns = _mapping(raw, "noun_markers", display)
    return CueRules(
        negations=negations,
        negation_before_phrase=re.compile(
            "(" + "|".join(map(re.escape, negations)) + r")(?:對|就|針對|向)[^，。；,;]{0,24}$"
        ),
        not_cues=Lexicon({w: True for w in _words(raw, "not_cues", display)}),
        plan_cues=frozenset(_words(raw, "plan_cues", display)),
        modals=_longest(_words(raw, "modal_cues", display)),
        noun_before=_words(nouns, "before", display),
        noun_after=_words(nouns, "after", display),
        stances=_stances(raw, display),
        proposal_references=_words(raw, "proposal_references", display),
        position_words=_words(raw, "position_words", display),
        concede_if_with=_words(raw, "concede_if_with", display),
        summary_cues=_words(raw, "summary_cues", display),
        thanks=_words(raw, "thanks", display),
        examples=_words(raw, "examples", display),
        author_notes=_longest(_words(raw, "author_notes", display)),
    )


def _outcome_rules(raw: Any, display: str) -> OutcomeRules:
    phrases = [
        (phrase, str(status))
        for status, words in _mapping(raw, "outcomes", display).items()
        for phrase in _words({"outcomes": words}, "outcomes", display)
    ]
    blockers = _mapping(raw, "outcome_blockers", display)
    return OutcomeRules(
        phrases=tuple(sorted(phrases, key=lambda x: -len(x[0]))),
        blockers={str(k): _words(blockers, k, display) for k in blockers},
    )


def chinese_rules(raw: Any, display: str) -> ChineseRules:
    """The Chinese reader's rule words, compiled once.

    Raises:
        RecordError: a list, mapping or pattern is malformed (file and line).
    """
    status = _mapping(raw, "project_status", display)
    return ChineseRules(
        speakers=_speaker_rules(raw, display),
        cues=_cue_rules(raw, display),
        outcomes=_outcome_rules(raw, display),
        project_status={str(k): _words(status, k, display) for k in status},
    )


def draft_rules(raw: Any, display: str) -> DraftRules:
    """The rule words of the parts of a draft around the statements, compiled once.

    Raises:
        RecordError: a list, mapping, number or pattern is malformed (file and line).
    """
    attendance = _mapping(raw, "attendance", display)
    actions = _mapping(raw, "actions", display)
    dates = _mapping(raw, "dates", display)
    years = _mapping(dates, "relative_years", display)
    units = _mapping(_mapping(raw, "figures", display), "units", display)
    try:
        relative_years = {str(k): int(v) for k, v in years.items()}
    except (TypeError, ValueError) as exc:
        raise RecordError(display, _line(years, dates), f"bad relative year: {exc}") from None
    return DraftRules(
        attendance=Attendance(
            *(
                _words(attendance, k, display)
                for k in ("all_members", "cue", "chair_cue", "virtual", "hybrid")
            )
        ),
        project_forum=_regex(raw, "project_forum", display) if raw.get("project_forum") else None,
        action_cues=_words(actions, "cues", display),
        action_members=_words(actions, "members", display),
        relative_years=relative_years,
        figure_units={str(k): str(v) for k, v in units.items()},
    )
