"""UN General Assembly roll-call votes (Voeten's data, as packaged in ``unvotes``) as RDF.

Three source files, three named graphs, each written as N-Quads line by line:

===========================  ==========================  ======================================
file                         named graph                 holds
===========================  ==========================  ======================================
``un_roll_call_issues.csv``  ``graph/unga-topics``       the six topic issues under one root
                                                         issue, each roll call's ``skos:broader``
                                                         topic and ``dcterms:subject`` topics
``un_roll_calls.csv.gz``     ``graph/unga-roll-calls``   the forum ``unga``, one meeting per
                                                         session, one issue per roll call
``un_votes.csv.gz``          ``graph/unga-votes``        one ``kg:Position`` per vote, states
                                                         that are not APEC economies, attendance
===========================  ==========================  ======================================

Mapping: a member state is the holder ``economy/<ISO alpha-2>`` (the APEC economy itself when
``data/reference/economies.yaml`` lists the code, otherwise a ``kg:State`` node of this graph,
named in English and Traditional Chinese as ``data/reference/states.yaml`` names it, or by the
CSV's English name for a state that file lacks, such as Yugoslavia);
a roll call is the issue ``unga-rc-<rcid>``; a session is the meeting ``unga-<session>``; a
vote is a position (yes → supports, no → opposes, abstain → abstains; absences and non-members
are not rows, so they take no position). Each position cites its source row with a
TextQuoteSelector (the CSV line, verbatim) and a TextPositionSelector (its character offsets
in the decompressed file), so the "quote verbatim at its offsets" rule holds for CSV rows too.

Quirks handled (see the data's README): Namibia's code is the string ``NA`` (read as text, never
as a missing value); states with an empty code (Yemen Arab Republic, Federal Republic of
Germany, Zanzibar) are skipped and counted. A code that is not two capital letters, a vote that
is not yes/no/abstain, a roll call the votes cite but the roll-call file lacks, a row with the
wrong number of fields or a truncated compressed file: ``RecordError`` naming file and line,
and nothing is written (files are replaced atomically only when complete).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import os
import re
import shutil
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kg import mapping
from kg.errors import RecordError
from kg.graph import escape_literal
from kg.iris import ID_BASE, mint
from kg.mapping import NTRIPLES as NT
from kg.namespaces import KG
from kg.positions import PositionTable, stance_code, table_path
from kg.progress import SILENT, Progress
from kg.vocab import side_of

if TYPE_CHECKING:
    from kg.store import StoreConfig

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"

FILES = {
    "topics": "un_roll_call_issues.csv",
    "roll-calls": "un_roll_calls.csv",
    "votes": "un_votes.csv",
}
"""Source kind → file name (``.gz`` or not, both are read)."""

GRAPH_IDS = {"topics": "unga-topics", "roll-calls": "unga-roll-calls", "votes": "unga-votes"}
"""Source kind → id of its named graph (``graph/<id>``) and of its source report (``source/<id>``)."""

STANCES = {"yes": "supports", "no": "opposes", "abstain": "abstains"}
"""Vote → stance concept id."""

TOPICS = {
    "me": ("Palestinian conflict", "巴勒斯坦衝突"),
    "nu": ("Nuclear weapons and nuclear material", "核武器與核材料"),
    "di": ("Arms control and disarmament", "軍備管制與裁軍"),
    "hr": ("Human rights", "人權"),
    "co": ("Colonialism", "殖民主義"),
    "ec": ("Economic development", "經濟發展"),
}
"""The six topic codes of ``un_roll_call_issues.csv`` with English and Traditional Chinese labels."""

FORUM = ("unga", "United Nations General Assembly", "聯合國大會")
ROOT_ISSUE = ("unga-roll-calls", "UN General Assembly roll calls", "聯合國大會唱名表決")
_CODE = re.compile(r"[A-Z]{2}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def lit(text: str, lang: str = "") -> str:
    """An N-Quads literal (``xsd:string``, or language-tagged), escaped as ``kg build``
    escapes literals (``kg.graph.LITERAL_ESCAPES``)."""
    return NT.lit(text, lang)


def typed(text: object, datatype: str) -> str:
    return NT.typed(str(text), XSD + datatype)


def iri(kind: str, *parts: str) -> str:
    return f"<{mint(kind, *parts)}>"


def kg(term: str) -> str:
    """A term of the ontology, through its closed namespace (a misspelt term fails)."""
    return NT.iri(str(KG[term]))


def graph_iri(ident: str) -> str:
    """The named graph of one source file."""
    return mint("graph", ident)


@dataclass(frozen=True)
class RollCall:
    rcid: int
    session: int
    date: str
    unres: str
    short: str
    descr: str


@dataclass(frozen=True)
class GraphFile:
    """One named graph written as an N-Quads file."""

    graph: str
    path: Path
    sha256: str
    quads: int
    table: Path | None = None
    """The graph's positions as arrays (``kg.positions``), for the alignment at scale."""


@dataclass
class ImportReport:
    """What an import wrote and what it met on the way."""

    graphs: list[GraphFile] = field(default_factory=list)
    roll_calls: int = 0
    sessions: int = 0
    votes: int = 0
    states: int = 0
    skipped_no_code: int = 0
    skipped_outside: int = 0

    def summary(self) -> str:
        """One line: votes, roll calls, sessions, other states, votes skipped."""
        return (
            f"{self.votes:,} votes on {self.roll_calls:,} roll calls in {self.sessions} sessions; "
            f"{self.states} states besides the APEC economies; "
            f"{self.skipped_no_code:,} votes of states without a country code skipped"
        )


@dataclass(frozen=True)
class Imported:
    """What ``kg import unga`` did (:func:`import_into`)."""

    report: ImportReport | None
    """None: the store holds this very import already, and nothing was written."""
    graphs: tuple[tuple[str, int], ...]
    """Each graph of the import: its IRI and its number of quads."""

    def lines(self) -> list[str]:
        """One line per graph: its id, its quads and, when nothing was written, "unchanged"."""
        mark = "" if self.report is not None else "\tunchanged"
        return [f"{g.rsplit('/', 1)[-1]}\t{quads}{mark}" for g, quads in self.graphs]


def parse_sessions(text: str | None) -> tuple[int, int] | None:
    """``"60-74"`` → ``(60, 74)``; ``"70"`` → ``(70, 70)``; ``None`` → ``None`` (all sessions).

    Raises:
        ValueError: not ``N`` or ``N-M`` with ``1 ≤ N ≤ M``.
    """
    if text is None:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", text)
    if not match:
        raise ValueError(f"{text!r} is not a session range such as 60-74")
    lo, hi = int(match.group(1)), int(match.group(2) or match.group(1))
    if lo < 1 or hi < lo:
        raise ValueError(f"{text!r} is not a session range such as 60-74")
    return lo, hi


def find_source(src: Path, kind: str) -> Path:
    """The file of ``kind`` in ``src``, compressed or not.

    Raises:
        RecordError: neither ``NAME`` nor ``NAME.gz`` exists.
    """
    name = FILES[kind]
    for candidate in (src / name, src / (name + ".gz")):
        if candidate.is_file():
            return candidate
    raise RecordError(str(src), None, f"no {name} or {name}.gz in this folder")


class _Reader:
    """Lines of a (possibly gzipped) UTF-8 CSV with 1-based numbers and character offsets.

    Also hashes the decompressed bytes and counts characters, for the source report.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = str(path)
        self.sha = hashlib.sha256()
        self.chars = 0
        self.line = 0
        self.complete = True

    def error(self, message: str, line: int | None = None) -> RecordError:
        return RecordError(self.shown, self.line if line is None else line, message)

    def lines(self) -> Iterator[tuple[int, int, str]]:
        """Yield ``(line number, start offset, text without line break)``."""
        opener = gzip.open if self.path.suffix == ".gz" else open
        try:
            with opener(self.path, "rb") as raw:
                for chunk in raw:
                    self.line += 1
                    self.sha.update(chunk)
                    try:
                        text = chunk.decode("utf-8")
                    except UnicodeDecodeError:
                        raise self.error("not UTF-8 text") from None
                    start = self.chars
                    self.chars += len(text)
                    self.complete = chunk.endswith(b"\n")
                    yield self.line, start, text.rstrip("\r\n")
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise self.error(
                f"truncated or corrupt compressed file after this line ({exc})"
            ) from None

    def rows(self, header: tuple[str, ...]) -> Iterator[tuple[int, int, str, list[str]]]:
        """Yield ``(line, start, text, fields)``; checks the header and the field count."""
        lines = self.lines()
        first = next(lines, None)
        if first is None:
            raise self.error("empty file", 1)
        got = tuple(next(csv.reader([first[2]])))
        if got != header:
            raise self.error(f"expected columns {','.join(header)}, found {','.join(got)}", 1)
        for number, start, text in lines:
            fields = text.split(",") if '"' not in text else next(csv.reader([text]), [])
            if len(fields) != len(header):
                raise self.error(
                    f"expected {len(header)} fields ({','.join(header)}), found {len(fields)}: "
                    f"{text[:60]!r}" + (" (file truncated?)" if not self.complete else "")
                )
            yield number, start, text, fields

    @property
    def sha256(self) -> str:
        return self.sha.hexdigest()


class _Writer:
    """N-Quads into one named graph, written to a hidden temporary file (``.ID.XXXX.nq.tmp``,
    which no reader's ``*.nq`` takes) and put in place by :func:`_commit` when complete."""

    def __init__(self, out_dir: Path, ident: str) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.target = out_dir / f"{ident}.nq"
        self.graph = graph_iri(ident)
        self.g = f" <{self.graph}> .\n"
        fd, tmp = tempfile.mkstemp(prefix=f".{ident}.", suffix=".nq.tmp", dir=out_dir)
        self.tmp = Path(tmp)
        self.table_tmp: Path | None = None
        self.out = open(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self.quads = 0
        self.table: PositionTable | None = None
        self.committing = False

    def quad(self, s: str, p: str, o: str) -> None:
        self.out.write(f"{s} {p} {o}{self.g}")
        self.quads += 1

    def block(self, text: str, quads: int) -> None:
        self.out.write(text)
        self.quads += quads

    def finish(self) -> tuple[GraphFile, list[tuple[Path, Path]]]:
        """Close the file, write its position table beside it (also under a temporary name);
        return what it will be and the renames that put it in place."""
        self.out.close()
        digest = hashlib.sha256()
        with open(self.tmp, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 22), b""):
                digest.update(chunk)
        os.chmod(self.tmp, 0o644)
        moves = [(self.tmp, self.target)]
        table = None
        if self.table is not None:  # put in place first: a graph never beside a stale table
            table = table_path(self.target)
            self.table_tmp = self.tmp.with_name(self.tmp.name[: -len(".nq.tmp")] + ".npz.tmp")
            self.table.save(self.table_tmp, self.tmp.stat().st_size)
            moves.insert(0, (self.table_tmp, table))
        return GraphFile(self.graph, self.target, digest.hexdigest(), self.quads, table), moves

    def abort(self) -> None:
        self.out.close()
        if self.committing:
            return
        self.tmp.unlink(missing_ok=True)
        if self.table_tmp is not None:
            self.table_tmp.unlink(missing_ok=True)


def _commit(out_dir: Path, writers: list[_Writer]) -> list[GraphFile]:
    """Put every writer's file in place at once (as readers see it: the whole previous set of
    files or the whole new one, even if the process is killed half way; see
    :func:`kg.store.disk.commit_files`)."""
    from kg.store.disk import commit_files

    done = [w.finish() for w in writers]
    for w in writers:
        w.committing = True  # from here on the journal decides; nothing is deleted
    commit_files(out_dir, [move for _, moves in done for move in moves])
    for graph, _ in done:
        if graph.table is None:
            table_path(graph.path).unlink(missing_ok=True)
    return [graph for graph, _ in done]


class _GraphSet:
    """The graphs of one import, as a ``with`` block: each :meth:`writer` makes one, and
    :meth:`commit` puts them all in place; an error before that removes them all."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.writers: list[_Writer] = []

    def writer(self, kind: str) -> _Writer:
        w = _Writer(self.out_dir, GRAPH_IDS[kind])
        self.writers.append(w)
        return w

    def commit(self) -> list[GraphFile]:
        return _commit(self.out_dir, self.writers)

    def __enter__(self) -> _GraphSet:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            for w in self.writers:
                w.abort()


def _source_report(w: _Writer, ident: str, reader: _Reader, title: str) -> None:
    report = mapping.SourceReport(
        ident,
        {"en": f"{title} ({reader.path.name})"},
        reader.sha256,
        reader.chars,
        "en",
        "reviewed",
        reader.path.name,
    )
    for triple in mapping.source_report(NT, iri("source", ident), report):
        w.quad(*triple)


def read_roll_calls(path: Path) -> tuple[dict[int, RollCall], _Reader]:
    """Every roll call of the file, by rcid (all sessions: votes are checked against them)."""
    reader = _Reader(path)
    header = (
        "rcid",
        "session",
        "importantvote",
        "date",
        "unres",
        "amend",
        "para",
        "short",
        "descr",
    )
    calls: dict[int, RollCall] = {}
    for _, _, _, f in reader.rows(header):
        if not f[0].isdigit() or not f[1].isdigit():
            raise reader.error(f"rcid and session must be whole numbers, found {f[0]!r}, {f[1]!r}")
        if not _DATE.fullmatch(f[3]):
            raise reader.error(f"date {f[3]!r} is not YYYY-MM-DD")
        rcid = int(f[0])
        if rcid in calls:
            raise reader.error(f"roll call {rcid} appears twice")
        calls[rcid] = RollCall(rcid, int(f[1]), f[3], f[4].strip(), f[7].strip(), f[8].strip())
    return calls, reader


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _call_label(rc: RollCall) -> tuple[str, str]:
    what = rc.short or (rc.descr[:80] + ("…" if len(rc.descr) > 80 else ""))
    code = rc.unres or f"roll call {rc.rcid}"
    en = f"{code}: {what}" if what else code
    zh = (
        f"聯大表決 {rc.unres}（唱名表決第{rc.rcid}號）"
        if rc.unres
        else f"聯大唱名表決第{rc.rcid}號"
    )
    return en, zh


def write_roll_calls(
    w: _Writer, calls: dict[int, RollCall], reader: _Reader, wanted: dict[int, RollCall]
) -> int:
    """Forum, sessions as meetings and roll calls as issues; returns the number of sessions."""
    fid, fen, fzh = FORUM
    forum = iri("forum", fid)
    w.quad(forum, RDF_TYPE, kg("Forum"))
    w.quad(forum, f"<{DCT}identifier>", lit(fid))
    w.quad(forum, RDFS_LABEL, lit(fen, "en"))
    w.quad(forum, RDFS_LABEL, lit(fzh, "zh-Hant"))
    w.quad(forum, f"<{SKOS}altLabel>", lit("UNGA", "en"))
    source = iri("source", GRAPH_IDS["roll-calls"])
    first_date = _session_dates(wanted)
    for session in sorted(first_date):
        label = {
            "en": f"UN General Assembly, {_ordinal(session)} session",
            "zh-Hant": f"聯合國大會第{session}屆會議",
        }
        date = typed(first_date[session], "date")
        m = iri("meeting", f"unga-{session}")
        for triple in mapping.meeting(NT, m, f"unga-{session}", label, forum, source, date):
            w.quad(*triple)
    for rcid in sorted(wanted):
        rc = wanted[rcid]
        s = iri("issue", f"unga-rc-{rcid}")
        en, zh = _call_label(rc)
        w.quad(s, RDF_TYPE, kg("Issue"))
        w.quad(s, f"<{DCT}identifier>", lit(f"unga-rc-{rcid}"))
        w.quad(s, RDFS_LABEL, lit(en, "en"))
        w.quad(s, RDFS_LABEL, lit(zh, "zh-Hant"))
        w.quad(s, kg("forum"), forum)
        w.quad(s, kg("rollCall"), typed(rcid, "integer"))
        w.quad(s, kg("date"), typed(rc.date, "date"))
        if rc.unres:
            w.quad(s, kg("resolution"), lit(rc.unres))
        if rc.descr:
            w.quad(s, f"<{DCT}description>", lit(rc.descr, "en"))
        w.quad(s, f"<{SKOS}inScheme>", iri("issue", "scheme"))
    _source_report(w, GRAPH_IDS["roll-calls"], reader, "UN General Assembly roll calls")
    return len(first_date)


def write_topics(
    w: _Writer, path: Path, calls: dict[int, RollCall], wanted: dict[int, RollCall]
) -> dict[int, tuple[str, ...]]:
    """The topic issues and the topics of each wanted roll call.

    Returns each wanted roll call's ancestors along ``skos:broader`` (node keys, sorted).
    """
    reader = _Reader(path)
    topics: dict[int, list[str]] = {}
    for _, _, _, f in reader.rows(("rcid", "short_name", "issue")):
        if not f[0].isdigit():
            raise reader.error(f"rcid must be a whole number, found {f[0]!r}")
        if f[1] not in TOPICS:
            raise reader.error(f"unknown topic {f[1]!r} (expected one of {', '.join(TOPICS)})")
        rcid = int(f[0])
        if rcid not in calls:
            raise reader.error(f"roll call {rcid} is not in the roll-call file")
        if rcid in wanted and f[1] not in topics.setdefault(rcid, []):
            topics[rcid].append(f[1])
    scheme = iri("issue", "scheme")
    rid, ren, rzh = ROOT_ISSUE
    root = iri("issue", rid)
    for s, ident, en, zh, parent in [(root, rid, ren, rzh, None)] + [
        (iri("issue", f"unga-topic-{c}"), f"unga-topic-{c}", en, zh, root)
        for c, (en, zh) in TOPICS.items()
    ]:
        w.quad(s, RDF_TYPE, kg("Issue"))
        w.quad(s, f"<{DCT}identifier>", lit(ident))
        w.quad(s, RDFS_LABEL, lit(en, "en"))
        w.quad(s, RDFS_LABEL, lit(zh, "zh-Hant"))
        w.quad(s, f"<{SKOS}inScheme>", scheme)
        w.quad(s, kg("forum"), iri("forum", FORUM[0]))
        if parent is None:
            w.quad(s, f"<{SKOS}topConceptOf>", scheme)
        else:
            w.quad(s, f"<{SKOS}broader>", parent)
    order = list(TOPICS)
    chains: dict[int, tuple[str, ...]] = {}
    for rcid in sorted(wanted):
        s = iri("issue", f"unga-rc-{rcid}")
        codes = sorted(topics.get(rcid, []), key=order.index)
        # skos:broader takes one parent (the first topic in the README's order); every topic
        # is also a dcterms:subject, so a roll call on two topics is found under both.
        w.quad(s, f"<{SKOS}broader>", iri("issue", f"unga-topic-{codes[0]}") if codes else root)
        chains[rcid] = tuple(
            sorted({f"issue/{rid}", *([f"issue/unga-topic-{codes[0]}"] if codes else [])})
        )
        for c in codes:
            w.quad(s, f"<{DCT}subject>", iri("issue", f"unga-topic-{c}"))
    _source_report(w, GRAPH_IDS["topics"], reader, "UN General Assembly roll-call topics")
    return chains


def write_votes(
    w: _Writer,
    path: Path,
    calls: dict[int, RollCall],
    wanted: dict[int, RollCall],
    economies: set[str],
    report: ImportReport,
    progress: Progress,
    chains: dict[int, tuple[str, ...]] | None = None,
    states: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """One position per vote of a wanted roll call, with its row as evidence.

    ``chains`` (from :func:`write_topics`) go into the graph's position table; ``states``
    (code → ``{"en": …, "zh-Hant": …}``, from :func:`read_state_names`) name the State nodes.
    """
    reader = _Reader(path)
    block = _vote_block(w.graph)
    columns = _VoteColumns(wanted)
    names: dict[str, str] = {}
    attendance: set[tuple[int, str]] = set()
    for number, start, text, f in reader.rows(("rcid", "country", "country_code", "vote")):
        rc = _wanted_vote(reader, f, calls, wanted, report)
        if rc is None:
            continue
        _, name, code, vote = f
        names.setdefault(code, name)
        attendance.add((rc.session, code))
        w.block(block(number, start, text, rc, code, vote), 17)
        columns.add(code, rc, vote)
        report.votes += 1
        if report.votes % 50_000 == 0:
            progress.count("Votes", report.votes, report.votes)
    _write_states(w, names, economies, states or {}, report)
    for session, code in sorted(attendance):
        w.quad(iri("meeting", f"unga-{session}"), kg("attendee"), iri("economy", code))
    _source_report(w, GRAPH_IDS["votes"], reader, "UN General Assembly roll-call votes")
    w.table = columns.table(w.graph, chains or {})


def _wanted_vote(
    reader: _Reader,
    fields: list[str],
    calls: dict[int, RollCall],
    wanted: dict[int, RollCall],
    report: ImportReport,
) -> RollCall | None:
    """The roll call of a vote row (``rcid, country, country_code, vote``), or ``None`` for a
    row that is skipped (and counted): a roll call outside the sessions, a state without a code.

    Raises:
        RecordError: a bad rcid, vote or code, or a roll call the roll-call file lacks.
    """
    rcid_text, name, code, vote = fields
    if not rcid_text.isdigit():
        raise reader.error(f"rcid must be a whole number, found {rcid_text!r}")
    rcid = int(rcid_text)
    rc = wanted.get(rcid)
    if rc is None:
        if rcid not in calls:
            raise reader.error(f"roll call {rcid} is not in the roll-call file")
        report.skipped_outside += 1
        return None
    if vote not in STANCES:
        raise reader.error(f"vote {vote!r} is not yes, no or abstain")
    if not code:
        report.skipped_no_code += 1
        return None
    if not _CODE.fullmatch(code):
        raise reader.error(
            f"unknown country code {code!r} for {name!r} (expected ISO 3166-1 alpha-2)"
        )
    return rc


def _vote_block(graph: str) -> Callable[[int, int, str, RollCall, str, str], str]:
    """What writes the 17 quads of one vote into ``graph``: the position, and its evidence
    citing the row verbatim at its character offsets, as :mod:`kg.mapping` maps every
    position, rendered once as a template (millions of votes)."""
    template, _ = mapping.position_template(graph, mint("source", GRAPH_IDS["votes"]))
    stance = {v: mint("stance", s) for v, s in STANCES.items()}
    statement, economy = ID_BASE + "statement/", ID_BASE + "economy/"
    issue, meeting = ID_BASE + "issue/unga-rc-", ID_BASE + "meeting/unga-"
    fill = template.format

    def block(number: int, start: int, text: str, rc: RollCall, code: str, vote: str) -> str:
        return fill(
            s=f"{statement}unga-{rc.session}/{rc.rcid}-{code}",
            holder=economy + code,
            target=f"{issue}{rc.rcid}",
            stance=stance[vote],
            meeting=f"{meeting}{rc.session}",
            order=number,
            quote=escape_literal(text),
            start=start,
            end=start + len(text),
        )

    return block


class _VoteColumns:
    """The votes as arrays (``kg.positions``): holder, roll call, session and stance code."""

    def __init__(self, wanted: dict[int, RollCall]) -> None:
        self.wanted = wanted
        self.code_of = {v: stance_code(s, side_of(s)) for v, s in STANCES.items()}
        self.holder_ix: dict[str, int] = {}
        self.rc_ix = {rcid: i for i, rcid in enumerate(sorted(wanted))}
        self.sessions = sorted({rc.session for rc in wanted.values()})
        self.session_ix = {s: i for i, s in enumerate(self.sessions)}
        self.h, self.t, self.m, self.c = array("h"), array("i"), array("h"), array("b")

    def add(self, code: str, rc: RollCall, vote: str) -> None:
        self.h.append(self.holder_ix.setdefault(code, len(self.holder_ix)))
        self.t.append(self.rc_ix[rc.rcid])
        self.m.append(self.session_ix[rc.session])
        self.c.append(self.code_of[vote])

    def table(self, graph: str, chains: dict[int, tuple[str, ...]]) -> PositionTable:
        """The position table of ``graph``; ``chains``: each roll call's issue ancestors."""
        calls = sorted(self.wanted)
        first_date = _session_dates(self.wanted)
        return PositionTable(
            graph,
            np.array([f"economy/{c}" for c in self.holder_ix], dtype=str),
            np.array([f"issue/unga-rc-{r}" for r in calls], dtype=str),
            np.array([" ".join(chains.get(r, ())) for r in calls], dtype=str),
            np.array([f"meeting/unga-{s}" for s in self.sessions], dtype=str),
            np.array([first_date[s] for s in self.sessions], dtype=str),
            np.frombuffer(self.h, dtype=np.int16).copy(),
            np.frombuffer(self.t, dtype=np.int32).copy(),
            np.frombuffer(self.m, dtype=np.int16).copy(),
            np.frombuffer(self.c, dtype=np.int8).copy(),
        )


def _write_states(
    w: _Writer,
    names: dict[str, str],
    economies: set[str],
    states: Mapping[str, Mapping[str, str]],
    report: ImportReport,
) -> None:
    """A ``kg:State`` node for each voting state that is not an APEC economy, named as the
    registry names it (else by the CSV's English name)."""
    for code in sorted(names):
        if code in economies:
            continue  # the APEC economy node, with its reference labels, is the holder
        s = iri("economy", code)
        w.quad(s, RDF_TYPE, kg("State"))
        w.quad(s, f"<{DCT}identifier>", lit(code))
        registry = states.get(code) or {}
        w.quad(s, RDFS_LABEL, lit(registry.get("en") or names[code], "en"))
        if registry.get("zh-Hant"):
            w.quad(s, RDFS_LABEL, lit(registry["zh-Hant"], "zh-Hant"))
        report.states += 1


def _session_dates(wanted: dict[int, RollCall]) -> dict[int, str]:
    """Session → the date of its first roll call (the meeting's date)."""
    first_date: dict[int, str] = {}
    for rc in wanted.values():
        if rc.session not in first_date or rc.date < first_date[rc.session]:
            first_date[rc.session] = rc.date
    return first_date


def import_unga(
    src: Path,
    out_dir: Path,
    sessions: tuple[int, int] | None = None,
    economies: set[str] | frozenset[str] = frozenset(),
    progress: Progress = SILENT,
    states: Mapping[str, Mapping[str, str]] | None = None,
) -> ImportReport:
    """Convert the three CSV files in ``src`` into three N-Quads files in ``out_dir``.

    Args:
        src: folder with ``un_votes.csv[.gz]``, ``un_roll_calls.csv[.gz]`` and
            ``un_roll_call_issues.csv[.gz]``.
        out_dir: where ``unga-topics.nq``, ``unga-roll-calls.nq`` and ``unga-votes.nq`` go.
        sessions: inclusive range of sessions to keep, or ``None`` for all.
        economies: codes that are APEC economies (their nodes come from the reference data).
            :func:`read_economy_codes` also carries the names of the other states.
        states: code → names (``en``, ``zh-Hant``) of the other states; by default the names
            ``economies`` carries, if any.

    Returns:
        What was written, with a SHA-256 of each file (stores use it to skip unchanged graphs).

    Raises:
        RecordError: bad input, naming file and line. No output file is changed then.
    """
    paths = {kind: find_source(src, kind) for kind in FILES}
    report = ImportReport()
    with progress.step("Reading roll calls"):
        calls, rc_reader = read_roll_calls(paths["roll-calls"])
    lo, hi = sessions or (1, 10**6)
    wanted = {rcid: rc for rcid, rc in calls.items() if lo <= rc.session <= hi}
    report.roll_calls = len(wanted)
    if states is None:
        states = getattr(economies, "states", None)
    with _GraphSet(out_dir) as out:
        chains = write_topics(out.writer("topics"), paths["topics"], calls, wanted)
        report.sessions = write_roll_calls(out.writer("roll-calls"), calls, rc_reader, wanted)
        with progress.step("Writing votes"):
            write_votes(
                out.writer("votes"),
                paths["votes"],
                calls,
                wanted,
                set(economies),
                report,
                progress,
                chains,
                states,
            )
        report.graphs = out.commit()
    return report


def import_into(
    config: StoreConfig,
    src: Path,
    sessions: tuple[int, int] | None = None,
    progress: Progress = SILENT,
) -> Imported:
    """Import the votes in ``src`` where ``config`` says: into the persistent store
    (``config.store_path``), replacing only the graphs whose content changed and nothing when
    the inputs are those of the last import; otherwise as files under
    ``<build dir>/imports/``, which every read command loads with data/.

    Raises:
        RecordError: bad input (see :func:`import_unga`); nothing is changed then.
        StoreError: another process is writing the store or the imports ("store is busy").
    """
    from kg.store import disk

    economies = read_economy_codes(config.data_dir / "reference")
    if config.store_path is None:
        imports = config.build_dir / "imports"
        with disk.write_lock(imports):  # one import at a time; clean up after killed ones
            disk.clean_imports(imports)
            report = import_unga(src, imports, sessions, economies, progress)
        return Imported(report, tuple((g.graph, g.quads) for g in report.graphs))
    root = config.store_path
    key = import_key(src, sessions, economies)
    disk.clean(root)  # what killed imports left behind
    with disk.write_lock(root):  # "store is busy" if another process writes
        store = disk.open_synced(
            root, config.data_dir, config.build_dir, list(config.only) or None, progress
        )
        if disk.family_key(root, "unga") == key:
            graphs = store.graphs().items()
            return Imported(
                None, tuple((g, m["quads"]) for g, m in graphs if m["family"] == "unga")
            )
        work = Path(tempfile.mkdtemp(prefix=".import-", dir=root))
        try:
            report = import_unga(src, work, sessions, economies, progress)
            sources = [
                disk.GraphSource(g.graph, g.path, g.sha256, g.quads, g.table) for g in report.graphs
            ]
            disk.sync(root, "unga", sources, key, progress)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return Imported(report, tuple((g.graph, g.quads) for g in report.graphs))


def import_key(src: Path, sessions: tuple[int, int] | None, economies: set[str]) -> str:
    """A fingerprint of what :func:`import_unga` would write: this adapter's code, the position
    table format's, the source files, the sessions and the economy codes."""
    from kg.positions import __file__ as tables_file

    key = hashlib.sha256(Path(__file__).read_bytes() + Path(tables_file).read_bytes())
    for kind in sorted(FILES):
        key.update(find_source(src, kind).read_bytes())
    key.update(repr(sessions).encode() + repr(sorted(economies)).encode())
    return key.hexdigest()


class EconomyCodes(set):
    """The codes of ``economies.yaml``, carrying the names of the states of ``states.yaml``
    (``.states``), so that :func:`import_unga` names its State nodes from the registry."""

    states: dict[str, dict[str, str]]


def _reference_items(path: Path, key: str) -> list[dict]:
    import yaml

    if not path.is_file():
        return []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506
    items = doc.get(key, doc) if isinstance(doc, dict) else doc
    return [item for item in items or [] if isinstance(item, dict) and "code" in item]


def read_state_names(reference_dir: Path) -> dict[str, dict[str, str]]:
    """Code → names (``en``, ``zh-Hant``) of the states in ``states.yaml`` (empty if absent)."""
    out = {}
    for item in _reference_items(reference_dir / "states.yaml", "states"):
        name = item.get("name") or {}
        out[str(item["code"])] = {k: str(name[k]) for k in ("en", "zh-Hant") if name.get(k)}
    return out


def read_economy_codes(reference_dir: Path) -> EconomyCodes:
    """Codes listed in ``economies.yaml`` (empty when the file is absent), with the names of the
    other states as ``.states``."""
    codes = EconomyCodes(
        str(item["code"])
        for item in _reference_items(reference_dir / "economies.yaml", "economies")
    )
    codes.states = read_state_names(reference_dir)
    return codes
