"""Assemble the draft record: meeting, agenda, statements, proposals, outcomes, actions,
projects and figures, in the curated format of ``docs/records.md`` with ``status: draft``.

English fields the format requires (labels, action texts) are built from the reference data
where possible and otherwise say ``(draft: translate)``; the analyst replaces them on review.
"""

from __future__ import annotations

import re
from typing import Any

from kg.ingest import segment
from kg.ingest.extract import Extractor
from kg.ingest.rules import Rules
from kg.ingest.zh_facts import Fact, Outcome, Proposal, Statement
from kg.ingest.zh_reading import slug
from kg.records import CHINESE_NUMERALS

TRANSLATE = "(draft: translate)"


def _quote(text: str, start: int, end: int) -> dict[str, Any]:
    return {"quote": text[start:end], "start": start}


class Drafter:
    """Builds the record dict from an ``Extractor`` that has run."""

    def __init__(self, ex: Extractor, forum: str) -> None:
        self.ex = ex
        self.text = ex.text
        self.rules: Rules = ex.rules
        self.forum = forum
        self.year = ex.year

    # ------------------------------------------------------------------ meeting

    def meeting(self, meeting_id: str, date: str | None) -> dict[str, Any]:
        text, rules = self.text, self.rules
        attendance = rules.draft.attendance
        first = self.ex.sections[0].line_start if self.ex.sections else len(text)
        forum_en = rules.names_en.get(self.forum, self.forum.upper())
        zh_forum = next(
            (
                n
                for n, e in rules.holders.names.items()
                if e.kind == "forum" and e.id == self.forum and not n.isascii()
            ),
            self.forum.upper(),
        )
        meeting: dict[str, Any] = {
            "id": meeting_id,
            "forum": self.forum,
            "label": {
                "en": f"{forum_en} meeting{', ' + date if date else ''} (draft)",
                "zh-Hant": f"{date + ' ' if date else ''}{zh_forum}會議",
            },
        }
        if date:
            meeting["date"] = date
        if any(w in text for w in attendance.hybrid):
            meeting["mode"] = "hybrid"
        elif any(w in text for w in attendance.virtual):
            meeting["mode"] = "virtual"
        attendees: list[str] = []
        for ss, se in segment.sentences(text, 0, first):
            for cs, ce in segment.clauses(text, ss, se):
                clause = text[cs:ce]
                if any(w in clause for w in attendance.chair_cue):
                    people = [
                        m[2].id for m in rules.holders.find(text, cs, ce) if m[2].kind == "person"
                    ]
                    if people and "chair" not in meeting:
                        meeting["chair"] = people[-1]
                    continue
                if any(w in clause for w in attendance.all_members):
                    attendees += rules.economies
                if any(w in clause for w in attendance.cue):
                    for _, _, entity in rules.holders.find(text, cs, ce):
                        if entity.kind in ("economy", "state", "organisation"):
                            attendees.append(entity.id)
        if attendees:
            meeting["attendees"] = list(dict.fromkeys(attendees))
        return meeting

    # ------------------------------------------------------------------ agenda

    def agenda(self) -> list[dict[str, Any]]:
        out = []
        for section in self.ex.sections:
            s, e = segment.title(self.text, section)
            title = (
                self.text[s:e].strip() or self.text[section.body_start : section.end].strip()[:40]
            )
            if len(title) > 60:
                title = title[:60] + "…"
            mentions = self.rules.holders.find(self.text, s, e)
            en = TRANSLATE
            if mentions and mentions[0][0] == s and e - mentions[0][1] <= 12:
                en = self.rules.names_en.get(mentions[0][2].id, TRANSLATE)
            item: dict[str, Any] = {"id": section.id, "section": section.label}
            if section.parent is not None:
                item["parent"] = section.parent.id
            item["title"] = {"zh-Hant": title, "en": en}
            self.ex.item_issue(section)
            issues = self.ex.title_issues.get(section.id) or []
            if issues:
                item["issues"] = issues
            out.append(item)
        return out

    def new_issues(self, meeting_id: str) -> list[dict[str, Any]]:
        """Top sections (and their direct parts) that name no known issue: candidates for the registry."""
        out = []
        for section in self.ex.sections:
            new_id = self.ex.section_new_issue(section)
            if new_id != slug(f"new-{meeting_id}-{section.id}"):
                continue  # the section names a known issue, lists projects, or is a sub-part
            s, e = segment.title(self.text, section)
            out.append(
                {
                    "id": new_id,
                    "item": section.id,
                    "label": {"zh-Hant": self.text[s:e][:60], "en": TRANSLATE},
                    "review": "no issue in data/reference/issues.yaml matches this section: add one (with aliases) "
                    "or add an alias to an existing issue, then run `kg ingest` again",
                }
            )
        return out

    # ------------------------------------------------------------------ projects

    def projects(self, meeting_id: str) -> list[dict[str, Any]]:
        out = []
        for section in self.ex.sections:
            status = self.ex.project_section(section.parent) if section.parent else None
            if not status or section.children:
                continue
            sentences = segment.sentences(self.text, section.body_start, section.end)
            if not sentences:
                continue
            ts, te = sentences[0]
            head = self.text[ts:te]
            dash = re.search(r"[–—]|(?<=[\u4e00-\u9fff])-", head)
            left = head[: dash.start()] if dash else ""
            proponents = [
                m[2].id
                for m in self.rules.holders.find(left)
                if m[2].kind in ("economy", "state", "organisation")
            ]
            title = head[dash.end() :] if dash else head
            title = re.sub(r"\s*[(（]此提案於.*?[)）]\s*$", "", title).strip()
            body = self.text[section.body_start : section.end]
            names = (
                " / ".join(self.rules.names_en.get(p, p) for p in proponents) or "Unknown proponent"
            )
            project: dict[str, Any] = {
                "id": slug(f"{meeting_id}-project-{section.id}"),
                "item": section.id,
                "title": {"zh-Hant": title or head, "en": f"{names}: {TRANSLATE}"},
                "proponents": list(dict.fromkeys(proponents)),
                "cosponsors": self._cosponsors(section),
                "forum": self._project_forum(body),
                "status": status,
                "dates": self.dates(body),
            }
            project.update(_quote(self.text, ts, te))
            out.append(project)
        return out

    def _project_forum(self, body: str) -> str:
        """The forum a project's text names (the rules' ``project_forum`` pattern), else the
        meeting's."""
        pattern = self.rules.draft.project_forum
        if pattern and (m := pattern.search(body)):
            abbr = m.group(1)
            return next(
                (
                    e.id
                    for n, e in self.rules.holders.names.items()
                    if e.kind == "forum" and n == abbr
                ),
                self.forum,
            )
        return self.forum

    def _cosponsors(self, section: segment.Section) -> list[str]:
        """Holders a project's sentences name as co-sponsors (由泰國、我國與ABAC共同連署, not
        感謝我國支持與連署), narrowed to the last list before 連署 when it names any."""
        cosponsors: list[str] = []
        for ss, se in segment.sentences(self.text, section.body_start, section.end):
            sentence = self.text[ss:se]
            pos = sentence.find("連署")
            if pos > 0 and "由" in sentence[:pos]:
                for _, _, entity in self.rules.holders.find(self.text, ss, ss + pos):
                    if (
                        entity.kind in ("economy", "state", "organisation")
                        and entity.id not in cosponsors
                    ):
                        cosponsors.append(entity.id)
                cosponsors = [
                    c for c in cosponsors if c in self._last_list(sentence[:pos])
                ] or cosponsors
        return cosponsors

    def _last_list(self, text: str) -> set[str]:
        tail = re.split(r"由", text)[-1]
        return {m[2].id for m in self.rules.holders.find(tail)}

    # ------------------------------------------------------------------ dates, actions, figures

    def dates(self, text: str) -> list[str]:
        """Dates in a passage, as precise as written: 2021年6月17、18日, 本年9月8日, 2022年3月."""
        found: list[tuple[int, str]] = []
        rel = self.rules.draft.relative_years
        year_re = (
            r"(\d{4})\s*年|("
            + "|".join(map(re.escape, sorted(rel, key=len, reverse=True)))
            + r")\s*(?:[(（]\d{4}[)）])?\s*年?"
            if rel
            else r"(\d{4})\s*年"
        )
        for m in re.finditer(
            rf"(?:{year_re})\s*(\d{{1,2}})\s*月(?:\s*(\d{{1,2}})(?:\s*[、,及和-]\s*(\d{{1,2}}))?\s*日)?",
            text,
        ):
            if m.group(1):
                year = int(m.group(1))
            elif self.year is not None:
                year = self.year + rel.get(m.group(2), 0)
            else:
                continue
            month = int(m.group(3))
            if not 1 <= month <= 12:
                continue
            if m.group(4):
                found.append((m.start(), f"{year:04d}-{month:02d}-{int(m.group(4)):02d}"))
                if m.group(5):
                    found.append((m.start() + 1, f"{year:04d}-{month:02d}-{int(m.group(5)):02d}"))
            else:
                found.append((m.start(), f"{year:04d}-{month:02d}"))
        return list(dict.fromkeys(d for _, d in sorted(found)))

    def due(self, text: str) -> str | None:
        dates = self.dates(text)
        if dates:
            return dates[-1]
        for word, delta in self.rules.draft.relative_years.items():
            if word in text and len(word) > 1 and self.year is not None:
                return str(self.year + delta)
        m = re.search(r"(\d{4})\s*年", text)
        return m.group(1) if m else None

    def actions(self, meeting_id: str) -> list[dict[str, Any]]:
        cues = self.rules.draft.action_cues
        members = self.rules.draft.action_members
        out: list[dict[str, Any]] = []
        speakers = {(s.item, s.sentence): s.holder for s in self.ex.statements}
        for section in self.ex.sections:
            if self.ex.project_section(section.parent) if section.parent else False:
                continue
            for ss, se in segment.sentences(self.text, section.body_start, section.end):
                for cs, ce in segment.clauses(self.text, ss, se):
                    clause = self.text[cs:ce]
                    cue = next((c for c in cues if c in clause), None)
                    if cue is None:
                        continue
                    rest = clause[clause.find(cue) + len(cue) :]
                    if cue in ("鼓勵", "呼籲", "請各", "歡迎") and any(
                        m in rest or m in cue for m in members
                    ):
                        actor = ["members"]
                    else:
                        holder = speakers.get((section.id, (ss, se)))
                        if holder is None or holder == "unnamed":
                            continue
                        actor = [holder]
                    due = self.due(clause)
                    who = ", ".join(
                        "members" if a == "members" else self.rules.names_en.get(a, a)
                        for a in actor
                    )
                    action: dict[str, Any] = {
                        "id": slug(f"action-{section.id}-{len(out) + 1}"),
                        "item": section.id,
                        "actor": actor,
                        "text": {
                            "en": f"{who}: action{' due ' + due if due else ''} {TRANSLATE}",
                            "zh-Hant": clause,
                        },
                    }
                    issue = self.ex.item_issue(section)
                    if issue:
                        action["target"] = issue
                    if due:
                        action["due"] = due
                    action.update(_quote(self.text, cs, ce))
                    out.append(action)
        return out

    def figures(self) -> list[dict[str, Any]]:
        units = self.rules.draft.figure_units
        if not units:
            return []
        unit_re = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
        number = r"(?<![\d.第])(\d+(?:\.\d+)?)\s*(" + unit_re + ")"
        chinese = r"(?<![第一二三四五六七八九十])([兩二三四五六七八九十])(" + unit_re + ")"
        out: list[tuple[int, dict[str, Any]]] = []
        locate = self._section_at
        numeral = r"(\d+(?:\.\d+)?|[兩二三四五六七八九十])"
        ranges = {
            m.start(): m
            for m in re.finditer(
                rf"(?<![\d.第]){numeral}\s*(?:{unit_re})?\s*(?:至|到|~|～|-|–)\s*{numeral}\s*({unit_re})",
                self.text,
            )
        }
        in_range = {i for m in ranges.values() for i in range(m.start(), m.end())}
        for regex in (number, chinese, "range"):
            found = ranges.values() if regex == "range" else re.finditer(regex, self.text)
            for m in found:
                raw_value, unit_word = m.group(1), m.group(m.lastindex or 2)
                if unit_word in ("年",) or (regex != "range" and m.start() in in_range):
                    continue
                if unit_word in ("日",) and (
                    regex == "range"
                    or DAY_OF_MONTH.search(self.text, max(0, m.start() - 12), m.start())
                ):
                    continue  # 2022年6月12日, 六日至七日: dates, not a number of days
                value: float | int = _number(raw_value)
                section = locate(m.start())
                cs, ce = self._clause_at(m.start())
                fig: dict[str, Any] = {
                    "id": slug(f"figure-{section.id if section else 'meeting'}-{len(out) + 1}")
                }
                if section is not None:
                    fig["item"] = section.id
                upper = _number(m.group(2)) if regex == "range" else None
                shown = f"{value}–{upper}" if upper is not None else f"{value}"
                fig["label"] = {
                    "en": f"{shown} {units[unit_word]} {TRANSLATE}",
                    "zh-Hant": self.text[cs:ce][:60],
                }
                fig["value"] = value
                if upper is not None:
                    fig["value_max"] = upper  # 2至3項: a range, as written
                fig["unit"] = units[unit_word]
                fig.update(_quote(self.text, cs, ce))
                out.append((m.start(), fig))
        return [f for _, f in sorted(out, key=lambda x: x[0])]

    def _section_at(self, pos: int) -> segment.Section | None:
        found = None
        for section in self.ex.sections:
            if section.line_start <= pos:
                found = section
        return found

    def _clause_at(self, pos: int) -> tuple[int, int]:
        line_start = self.text.rfind("\n", 0, pos) + 1
        line_end = self.text.find("\n", pos)
        line_end = len(self.text) if line_end < 0 else line_end
        for ss, se in segment.sentences(self.text, line_start, line_end):
            if ss <= pos < se:
                for cs, ce in segment.clauses(self.text, ss, se):
                    if cs <= pos < ce:
                        return cs, ce
                return ss, se
        return pos, pos + 1


DAY_OF_MONTH = re.compile(r"月\s*(?:\d{1,2}\s*[、,及和至到-]\s*)*$")
"""What stands before the day of a date: 6月12日, 5月20、21日."""


def _number(raw: str) -> float | int:
    if raw in CHINESE_NUMERALS:
        return CHINESE_NUMERALS[raw]
    return float(raw) if "." in raw else int(raw)


def _statement_fields(st: Statement) -> dict[str, Any]:
    """A statement's record fields in record order (a stance set later, when others answered
    the statement as a proposal, comes after what it responds to)."""
    out: dict[str, Any] = {"holder": st.holder}
    if st.plurality is not None:
        out["plurality"] = st.plurality
    if st.speaker is not None:
        out["speaker"] = st.speaker
    elif st.speaker_name is not None:
        out["speaker_name"] = st.speaker_name
    stance: dict[str, Any] = {}
    if st.stance:
        stance["stance"] = st.stance
        if st.target is not None:
            stance["target"] = st.target
    if not st.promoted:
        out.update(stance)
    if st.responds_to:
        out["responds_to"] = list(st.responds_to)
    if st.promoted:
        out.update(stance)
    return out


def _fields(fact: Fact) -> dict[str, Any]:
    if isinstance(fact, Statement):
        return _statement_fields(fact)
    if isinstance(fact, Proposal):
        out: dict[str, Any] = {"issue": fact.issue, "by": fact.by}
        if fact.plurality is not None:
            out["plurality"] = fact.plurality
        out["label"] = dict(fact.label)
        return out
    assert isinstance(fact, Outcome)
    return (
        {"target": fact.target, "status": fact.status}
        if fact.target is not None
        else {"status": fact.status}
    )


def facts_to_records(
    facts: list[Statement] | list[Proposal] | list[Outcome], text: str, review_below: float = 0.0
) -> list[dict[str, Any]]:
    """The record items of drafted facts. A statement drafted by a rule less sure than
    ``review_below`` keeps its holder and quote but not its stance: it is left for review."""
    out = []
    for fact in facts:
        record: dict[str, Any] = {"id": fact.id}
        if fact.item is not None:
            record["item"] = fact.item
        record.update(_fields(fact))
        review = fact.review if isinstance(fact, Statement) else None
        if isinstance(fact, Statement):
            rule, confidence = fact.rule, fact.confidence
            record["rule"], record["confidence"] = rule, round(float(confidence), 2)
            if confidence < review_below and record.get("stance"):
                stance, target = record.pop("stance"), record.pop("target", None)
                review = review or (
                    f"unsure ({rule}, confidence {confidence:.2f} < {review_below}): "
                    f"reads as '{stance}' on {target}; confirm the holder, then set stance/target"
                )
        record.update(_quote(text, fact.start, fact.end))
        if review:
            record["review"] = review
        out.append(record)
    return out
