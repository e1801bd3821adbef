"""Report → draft meeting record: ``kg ingest``.

``ingest()`` reads a report (any common encoding, or .docx), keeps the text verbatim under
``data/sources/``, extracts what the rules in ``data/reference/ingest-rules.yaml`` find and
returns the draft record as YAML (``status: draft``), already checked by ``kg.records`` so it
loads and validates. Nothing is written until the draft is complete and checked.

Modules: ``source`` (reading, encodings), ``segment`` (sections, sentences, clauses),
``rules`` (rules file and lexicons), ``extract`` (statements, proposals, outcomes), ``draft``
(meeting, agenda, projects, actions, figures), ``evaluate`` (draft against a curated record).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from kg.ingest.source import IngestError, ReportText, read_report

if TYPE_CHECKING:
    from kg.ingest.rules import Rules
    from kg.records import Corpus

__all__ = ["IngestError", "IngestResult", "ingest", "read_report", "source_id_for", "dump_record"]


@dataclass
class IngestResult:
    """A draft ready to write: its YAML, the source to store and what was found."""

    yaml_text: str
    record: dict[str, Any]
    source_id: str
    source_text: str
    source_is_new: bool
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


SOURCE_RE = re.compile(r"^(\d{3})_([0-9a-f]{16})$")


def source_id_for(text: str, sources_dir: Path) -> tuple[str, bool]:
    """The id under which ``text`` is (or will be) kept: ``NNN_<first 16 hex of its sha256>``.

    A text already stored (byte for byte) keeps its id, whatever its name; otherwise the next
    free three-digit number is prefixed. Returns (id, is_new).
    """
    data = text.encode("utf-8")
    numbers = [0]
    if sources_dir.is_dir():
        for path in sorted(sources_dir.glob("*.txt")):
            if path.read_bytes() == data:
                return path.stem, False
            m = SOURCE_RE.match(path.stem)
            if m:
                numbers.append(int(m.group(1)) + 1)
    return f"{max(numbers):03d}_{hashlib.sha256(data).hexdigest()[:16]}", True


class _Flow(dict[str, Any]):
    pass


class _FlowList(list[Any]):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True)
)
_Dumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


def _flow(value: Any) -> Any:
    if isinstance(value, dict):
        if value and set(value) <= {"en", "zh-Hant"}:
            return _Flow(value)
        return {k: _flow(v) for k, v in value.items()}
    if isinstance(value, list):
        if all(isinstance(v, (str, int, float)) for v in value):
            return _FlowList(value)
        return [_flow(v) for v in value]
    return value


def dump_record(record: dict[str, Any], header: str = "") -> str:
    """YAML in the house layout: labels and short lists in flow style, keys in record order."""
    body = yaml.dump(
        _flow(record),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100000,
        default_flow_style=False,
    )
    body = re.sub(r"\n(\w+):\n", lambda m: f"\n\n{m.group(1)}:\n", body)
    return header + body


def _meeting_parts(
    meeting_id: str, forum_ids: set[str]
) -> tuple[str | None, str | None, int | None]:
    m = re.match(r"^([a-z0-9-]+?)-(\d{4})(?:-(\d{2}))?", meeting_id)
    if not m:
        return None, None, None
    forum = m.group(1) if m.group(1) in forum_ids else None
    date = m.group(2) + (f"-{m.group(3)}" if m.group(3) and 1 <= int(m.group(3)) <= 12 else "")
    return forum, date, int(m.group(2))


def ingest(
    report: Path,
    meeting_id: str,
    data_dir: Path,
    forum: str | None = None,
    date: str | None = None,
    report_text: ReportText | None = None,
) -> IngestResult:
    """Draft a meeting record from one report.

    Args:
        report: the report file (.txt in UTF-8/UTF-16/Big5/GB18030, or .docx).
        meeting_id: the meeting slug, ``<forum>-<year>-<month>`` (forum and date are read from it).
        data_dir: the data folder (reference data, rules, existing sources).
        forum, date: override what the slug says.

    Raises:
        IngestError: unreadable report, bad slug, unknown forum.
        RecordError: malformed rules or reference data.
    """
    from kg.ingest.english_draft import draft_english
    from kg.ingest.rules import load_rules

    corpus, forum, date, year = _meeting_in_registry(meeting_id, data_dir, forum, date)
    rules = load_rules(data_dir, corpus, forum)
    rt = report_text or read_report(report)
    text = rt.text
    source_id, is_new = source_id_for(text, data_dir / "sources")
    warnings: list[str] = list(rt.notes)
    review_below = float(rules.raw.get("review_below") or 0.0)
    if rt.language == "en":
        lists, notes = draft_english(text, corpus, data_dir, meeting_id, forum, review_below)
        meeting = _meeting(meeting_id, forum, date, corpus)
    else:
        meeting, lists, notes = _draft_chinese(
            text, rules, meeting_id, forum, date, year, review_below
        )
    warnings += notes
    _add_attendees(meeting, lists["statements"], corpus)
    record: dict[str, Any] = {
        "status": "draft",
        "source": _source(report, rt, source_id),
        "meeting": meeting,
    }
    record.update((key, items) for key, items in lists.items() if items)
    counts = {k: len(v) for k, v in lists.items()}
    if not any(counts.get(k) for k in ("statements", "outcomes", "projects", "figures")):
        warnings.append(
            "no sentence names a holder with a stance, and no outcome, project or figure was found: "
            "check that this is a meeting report (the draft says so in its header)"
        )
    yaml_text = dump_record(record, _header(report, source_id, record, counts))
    _check(yaml_text, text, source_id, data_dir, meeting_id)
    return IngestResult(yaml_text, record, source_id, text, is_new, counts, warnings)


def _meeting_in_registry(
    meeting_id: str, data_dir: Path, forum: str | None, date: str | None
) -> tuple[Corpus, str, str | None, int | None]:
    """The reference data, and the meeting's forum, date and year: as given, else as its id
    says.

    Raises:
        IngestError: a malformed id or date, or no known forum.
        RecordError: malformed reference data.
    """
    from kg.records import DATE_RE, SLUG_RE, Corpus, load_reference

    if not SLUG_RE.match(meeting_id):
        raise IngestError(
            f"meeting id {meeting_id!r} must be a lower-case slug such as desg-2021-08"
        )
    reference, files = load_reference(data_dir)
    corpus = Corpus(reference, files, [])
    slug_forum, slug_date, year = _meeting_parts(meeting_id, corpus.ids("fora"))
    forum = forum or slug_forum
    if forum is None or forum not in corpus.ids("fora"):
        raise IngestError(
            f"cannot tell the forum of {meeting_id!r}: start the id with a forum id "
            f"({', '.join(sorted(corpus.ids('fora')))}) or pass --forum"
        )
    date = date or slug_date
    if date is not None and not DATE_RE.match(date):
        raise IngestError(f"date {date!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    if date:
        year = int(date[:4])
    return corpus, forum, date, year


def _source(report: Path, rt: ReportText, source_id: str) -> dict[str, Any]:
    """The draft's ``source``: the report's id, language, first line as title, digest, and how
    it was received and converted."""
    text = rt.text
    first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    language = "en" if rt.language == "en" else "zh-Hant"
    other = "zh-Hant" if language == "en" else "en"
    source: dict[str, Any] = {
        "id": source_id,
        "language": language,
        "title": {language: first_line[:80], other: "(draft: translate)"},
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "received_as": f"{report.name} ({rt.encoding})",
    }
    if rt.converted_from:
        source["converted_from"] = rt.converted_from
    if rt.notes:
        source["conversion"] = rt.notes
    return source


def _draft_chinese(
    text: str,
    rules: Rules,
    meeting_id: str,
    forum: str,
    date: str | None,
    year: int | None,
    review_below: float,
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]], list[str]]:
    """The meeting, the record's lists and the warnings of a Chinese report."""
    from kg.ingest.assemble import new_issue_records, review_records
    from kg.ingest.draft import Drafter, facts_to_records
    from kg.ingest.extract import Extractor

    ex = Extractor(text, rules, meeting_id, year)
    ex.run()
    dr = Drafter(ex, forum)
    notes = []
    if not ex.sections:
        notes.append(
            "no numbered sections (一、 (一) 1.) found: everything is attached to the meeting, not to agenda items"
        )
    lists = {
        "agenda": dr.agenda(),
        "new_issues": dr.new_issues(meeting_id)
        + new_issue_records(list(ex.new_issues.values()), text, "zh-Hant"),
        "proposals": facts_to_records(ex.proposals, text),
        "statements": facts_to_records(
            sorted(ex.statements, key=lambda f: (f.start, f.end)), text, review_below
        ),
        "outcomes": facts_to_records(ex.outcomes, text),
        "actions": dr.actions(meeting_id),
        "projects": dr.projects(meeting_id),
        "figures": dr.figures(),
        "review": review_records(ex.review_items, text),
    }
    return dr.meeting(meeting_id, date), lists, notes


def _add_attendees(
    meeting: dict[str, Any], statements: list[dict[str, Any]], corpus: Corpus
) -> None:
    """Whoever speaks for an economy, a state or an organisation attended."""
    holders = corpus.ids("economies") | corpus.ids("states") | corpus.ids("organisations")
    present = [str(s["holder"]) for s in statements if s["holder"] in holders]
    if present:
        meeting["attendees"] = list(dict.fromkeys(list(meeting.get("attendees", [])) + present))


def _header(report: Path, source_id: str, record: dict[str, Any], counts: dict[str, int]) -> str:
    """The comment lines above a draft: what to do with it, and what it holds for review."""
    from kg.ingest.assemble import review_summary

    return (
        f"# DRAFT written by `kg ingest` from {report.name}: review every item, then set status: reviewed.\n"
        f"# Quotes are exact slices of data/sources/{source_id}.txt; `start` is the character offset.\n"
        + review_summary(record)
        + (
            "# Nothing drafted: no sentence names a holder with a stance.\n"
            if not counts.get("statements")
            else ""
        )
    )


def _meeting(meeting_id: str, forum: str, date: str | None, corpus: Any) -> dict[str, Any]:
    """The meeting of a draft read from its id, forum and date (for English reports)."""
    entry = next(f for f in corpus.reference["fora"] if str(f["id"]) == forum)
    name = entry.get("name") or {}
    meeting: dict[str, Any] = {
        "id": meeting_id,
        "forum": forum,
        "label": {
            "en": f"{name.get('en', forum.upper())} meeting{', ' + date if date else ''} (draft)",
            "zh-Hant": f"{date + ' ' if date else ''}{name.get('zh-Hant', forum.upper())}會議",
        },
    }
    if date:
        meeting["date"] = date
    return meeting


def _check(yaml_text: str, text: str, source_id: str, data_dir: Path, meeting_id: str) -> None:
    """Load the draft with ``kg.records`` against the reference data: it must pass as is."""
    from kg.errors import KGError
    from kg.records import load_corpus

    with tempfile.TemporaryDirectory(prefix="kg-ingest-") as tmp:
        root = Path(tmp) / "data"
        (root / "sources").mkdir(parents=True)
        (root / "meetings").mkdir()
        shutil.copytree(data_dir / "reference", root / "reference")
        (root / "sources" / f"{source_id}.txt").write_text(text, encoding="utf-8")
        draft = root / "meetings" / f"{meeting_id}.yaml"
        draft.write_text(yaml_text, encoding="utf-8")
        try:
            load_corpus(root, [draft])
        except KGError as exc:  # a bug in the drafter, not in the user's input
            raise IngestError(
                f"internal error: the draft does not load ({exc}); please report it"
            ) from exc
