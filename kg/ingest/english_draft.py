"""An English report → the lists of a draft meeting record (agenda, statements, new issues,
review items), from the typed values ``kg.ingest.english`` drafts.

Targets: a registry issue of the meeting's forum family whose English label or alias the
drafted phrase contains; otherwise the phrase itself, verbatim, as a proposed new issue.
A statement with a stance but nothing it is about, or drafted by a rule less sure than the
review threshold, keeps its holder and quote but not its stance, with a ``review`` note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.ingest.assemble import TRANSLATE
from kg.ingest.model import Drafted, Holder
from kg.ingest.rules import forum_family
from kg.ingest.segment import Section
from kg.records import Corpus


def english_names(corpus: Corpus, by_forum: dict[str, str] | None = None) -> dict[str, Holder]:
    """Every English holder name of the registry (economies, states, organisations), and the
    words whose holder is the meeting's forum's (the Chair, the Secretariat at a WTO meeting)."""
    from kg.gazetteer import holder_names

    names = {
        name: Holder(kind, ident) for name, (kind, ident) in holder_names(corpus, "en").items()
    }
    organisations = corpus.ids("organisations")
    for word, ident in (by_forum or {}).items():
        names[word] = Holder("organisation" if ident in organisations else "post", ident)
    return names


def forum_words(raw: dict[str, Any], corpus: Corpus, forum: str) -> dict[str, str]:
    """``by_forum`` of the English rules for the root of ``forum`` (wto-gc → wto)."""
    parents = {str(f["id"]): f.get("parent") for f in corpus.reference["fora"]}
    root = forum
    while parents.get(root):
        root = str(parents[root])
    return {str(k): str(v) for k, v in ((raw.get("by_forum") or {}).get(root) or {}).items()}


def issue_names_en(corpus: Corpus, forum: str) -> list[tuple[str, str]]:
    """(lower-case English name, issue id) of the forum family's issues, longest first."""
    family = forum_family(forum, corpus)
    names = []
    for issue in corpus.reference["issues"]:
        if issue.get("forum") and str(issue["forum"]) not in family:
            continue
        label = (issue.get("label") or {}).get("en")
        for name in [label, *(issue.get("aliases_en") or [])]:
            if name and len(str(name)) >= 4:
                names.append((str(name).lower(), str(issue["id"])))
    return sorted(names, key=lambda x: -len(x[0]))


@dataclass
class EnglishDraft:
    meeting_id: str
    text: str
    review_below: float
    issue_names: list[tuple[str, str]]
    statements: list[dict[str, Any]] = field(default_factory=list)
    new_issues: dict[str, dict[str, Any]] = field(default_factory=dict)
    _ids: set[str] = field(default_factory=set)
    _last_by_holder: dict[str, dict[str, Any]] = field(default_factory=dict)

    def new_id(self, base: str) -> str:
        base = re.sub(r"[^a-z0-9.]+", "-", base.lower()).strip("-") or "x"
        ident, n = base, 2
        while ident in self._ids:
            ident, n = f"{base}-{n}", n + 1
        self._ids.add(ident)
        return ident

    def target_of(self, d: Drafted) -> str | None:
        if d.target:
            return d.target
        if not d.target_label:
            return None
        label = d.target_label.lower()
        for name, issue in self.issue_names:
            if name in label:
                return issue
        start = self.text.find(d.target_label, d.start, max(d.end, d.start + 1) + 400)
        found = self.new_issues.get(d.target_label)
        if found is None:
            found = {
                "id": f"new-{self.meeting_id}-t{len(self.new_issues) + 1}",
                "item": d.section,
                "label": d.target_label,
                "start": start if start >= 0 else self.text.find(d.target_label),
            }
            self.new_issues[d.target_label] = found
        return str(found["id"])

    def add(self, d: Drafted) -> None:
        holder = d.holder.id
        record: dict[str, Any] = {
            "id": self.new_id(f"{holder}-{d.stance or 'says'}-{d.section or 'meeting'}")
        }
        if d.section is not None:
            record["item"] = d.section
        record["holder"] = holder
        if holder == "unnamed":
            record["plurality"] = d.holder.plurality or "one-or-more"
        if d.speaker:
            record["speaker_name"] = d.speaker
        review = None
        if d.stance:
            target = self.target_of(d)
            if target is None:
                review = f"reads as '{d.stance}' but names nothing it is about: set stance/target"
            elif d.confidence < self.review_below:
                review = (
                    f"unsure ({d.rule}, confidence {d.confidence:.2f} < {self.review_below}): "
                    f"reads as '{d.stance}' on {target}; confirm the holder, then set stance/target"
                )
            else:
                record["stance"], record["target"] = d.stance, target
        if d.responds_to and d.responds_to in self._last_by_holder:
            record["responds_to"] = [self._last_by_holder[d.responds_to]["id"]]
        record["rule"], record["confidence"] = d.rule, round(d.confidence, 2)
        record["quote"], record["start"] = self.text[d.start : d.end], d.start
        if review:
            record["review"] = review
        self.statements.append(record)
        self._last_by_holder[holder] = record


def agenda(text: str, sections: list[Section]) -> list[dict[str, Any]]:
    out = []
    for section in sections:
        line_end = text.find("\n", section.body_start)
        line_end = len(text) if line_end < 0 else min(line_end, section.end)
        title = (
            text[section.body_start : line_end].strip(" \t:–—-")
            or text[section.line_start : line_end].strip()
        )
        item: dict[str, Any] = {"id": section.id, "section": section.label}
        if section.parent is not None:
            item["parent"] = section.parent.id
        item["title"] = {"en": title[:120], "zh-Hant": TRANSLATE}
        out.append(item)
    return out


def draft_english(
    text: str, corpus: Corpus, data_dir: Any, meeting_id: str, forum: str, review_below: float
) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """The record lists of an English report, and notes for the user."""
    from pathlib import Path

    from kg.ingest.assemble import new_issue_records, review_records
    from kg.ingest.english import english_sections, load_english_rules, read_english
    from kg.records import load_yaml

    path = Path(data_dir) / "reference" / "ingest-rules-en.yaml"
    rules = load_english_rules(path)
    words = forum_words(load_yaml(path, str(path)) or {}, corpus, forum)
    sections = english_sections(text, rules)
    drafted, reviews = read_english(text, english_names(corpus, words), rules, sections)
    draft = EnglishDraft(meeting_id, text, review_below, issue_names_en(corpus, forum))
    for d in sorted(drafted, key=lambda d: (d.start, d.end)):
        draft.add(d)
    notes = []
    if not sections:
        notes.append(
            "no headings (I., 1., Agenda item 3) found: everything is attached to the meeting"
        )
    lists = {
        "agenda": agenda(text, sections),
        "new_issues": new_issue_records(list(draft.new_issues.values()), text, "en"),
        "statements": draft.statements,
        "review": review_records(reviews, text),
    }
    return lists, notes
