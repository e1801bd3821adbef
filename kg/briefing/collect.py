"""Facts for briefings, read from the store through named queries (``kg/queries/*.rq``).

``Facts`` caches each query result for the life of one brief, so the builders can ask for
the same meeting or label table many times without re-querying. Entities become ``Ref``
values (short id plus both labels); evidence becomes ``Citation`` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg import queries
from kg.briefing.model import (
    Citation,
    Label,
    Position,
    ProjectRole,
    Qualification,
    Ref,
    Statement,
)
from kg.iris import ID_BASE, kind_of, short_id
from kg.store import Result, Store, Value

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
MEMBERS = "https://w3id.org/meetkg/def#AllMembers"


@dataclass(frozen=True)
class Row:
    """One statement of a meeting, as ``brief_statements`` returns it (replies folded in)."""

    statement: Value
    holder: Value
    stance: Value | None
    side: str
    target: Value | None
    issue: Value | None
    speaker: Value | None
    responds_to: tuple[Value, ...]


class Facts:
    """Query results about one store, cached; the only part of the briefing that runs SPARQL."""

    def __init__(
        self,
        store: Store,
        forum: str | None = None,
        since: str = "",
        house: dict[str, Label] | None = None,
    ) -> None:
        """``forum`` (IRI) and ``since`` (``YYYY[-MM]``) narrow :meth:`meetings`, and so every
        per-meeting read, to those meetings (a brief on the DESG record beside a million UN
        votes reads the DESG meetings only). ``house`` maps economy codes to the names the
        forum itself uses (``kg.briefing.house.house_names``); briefs print those."""
        self.store = store
        self.forum = forum
        self.since = since
        self.house = house or {}
        self._labels: dict[str, dict[str, Label]] = {}
        self._cache: dict[tuple[str, tuple[tuple[str, Value], ...]], Result] = {}

    def select(self, name: str, **bindings: Value) -> Result:
        """Run a named query with already-resolved bindings (cached)."""
        key = (name, tuple(sorted(bindings.items())))
        if key not in self._cache:
            self._cache[key] = queries.select(self.store, name, bindings)
        return self._cache[key]

    # ------------------------------------------------------------------ labels and refs

    def labels(self, kind: str) -> dict[str, Label]:
        if kind not in self._labels:
            table: dict[str, Label] = {}
            for row in self.select("brief_labels", kind=Value("literal", kind, "", XSD_STRING)):
                en = row["label_en"].value if "label_en" in row else ""
                zh = row["label_zh"].value if "label_zh" in row else ""
                table[row["entity"].value] = Label(en, zh)
            if kind == "economy" and self.house:
                for iri, label in table.items():
                    house = self.house.get(short_id(iri))
                    if house is not None:
                        table[iri] = Label(house.en or label.en, house.zh or label.zh)
            self._labels[kind] = table
        return self._labels[kind]

    def ref(self, value: Value | str) -> Ref:
        """A labelled reference for an IRI (labels looked up by the IRI's kind)."""
        iri = value.value if isinstance(value, Value) else value
        kind = "members" if iri == MEMBERS else kind_of(iri)
        label = self.labels(kind).get(iri, Label()) if kind else Label()
        return Ref(short_id(iri), label)

    def opt_ref(self, row: dict[str, Value], var: str) -> Ref | None:
        return self.ref(row[var]) if var in row else None

    # ------------------------------------------------------------------ meetings

    def meetings(self) -> list[dict[str, Value]]:
        """Every meeting, oldest first (``brief_meetings``)."""
        return [
            m
            for m in self.select("brief_meetings")
            if (self.forum is None or ("forum" in m and m["forum"].value == self.forum))
            and (not self.since or ("date" in m and m["date"].value >= self.since))
        ]

    def meeting_date(self, meeting: Value | str) -> str:
        iri = meeting.value if isinstance(meeting, Value) else meeting
        for row in self.meetings():
            if row["meeting"].value == iri:
                return row["date"].value if "date" in row else ""
        return ""

    def evidence(self, meeting: Value, kind: str = "") -> dict[str, Citation]:
        """Citation of every statement, proposal, outcome, action, project and figure (or of
        one ``kind`` of them: a UN session holds a statement per vote), by IRI."""
        out: dict[str, Citation] = {}
        mref = self.ref(meeting)
        bindings = {"kind": Value("literal", kind, "", XSD_STRING)} if kind else {}
        for row in self.select("brief_evidence", meeting=meeting, **bindings):
            out[row["thing"].value] = citation(mref, row)
        return out

    def all_evidence(self) -> dict[str, Citation]:
        """Citations of every meeting, by IRI."""
        out: dict[str, Citation] = {}
        for m in self.meetings():
            out.update(self.evidence(m["meeting"]))
        return out

    def citation_at(
        self, meeting: Value, source: str, start: int, end: int, kind: str = ""
    ) -> Citation | None:
        """The citation whose evidence is exactly this span (for queries that give no IRI),
        of things of ``kind`` only when given: an outcome and a statement may quote the same
        words, and each has its own English rendering."""
        for cite in self.evidence(meeting, kind).values():
            if (cite.source, cite.start, cite.end) == (source, start, end):
                return cite
        return None

    def rows(self, meeting: Value) -> list[Row]:
        """Statements of a meeting in report order, each reply folded into one row."""
        grouped: dict[str, Row] = {}
        for r in self.select("brief_statements", meeting=meeting):
            key = r["statement"].value
            reply = (r["responds_to"],) if "responds_to" in r else ()
            if key in grouped:
                old = grouped[key]
                grouped[key] = Row(
                    old.statement,
                    old.holder,
                    old.stance,
                    old.side,
                    old.target,
                    old.issue,
                    old.speaker,
                    old.responds_to + reply,
                )
                continue
            grouped[key] = Row(
                statement=r["statement"],
                holder=r["holder"],
                stance=r.get("stance"),
                side=r["side"].value if "side" in r else "",
                target=r.get("target"),
                issue=r.get("issue"),
                speaker=r.get("speaker"),
                responds_to=reply,
            )
        return list(grouped.values())

    def qualifications(self, meeting: Value) -> dict[str, tuple[Qualification, ...]]:
        """The qualifications of a meeting's positions, by statement IRI, each in its order."""
        out: dict[str, list[Qualification]] = {}
        mref = self.ref(meeting)
        for row in self.select("brief_qualifications", meeting=meeting):
            out.setdefault(row["statement"].value, []).append(
                Qualification(row["kind"].value, citation(mref, row))
            )
        return {k: tuple(v) for k, v in out.items()}

    def positions(self, meeting: Value) -> list[Position]:
        """Every position (statement with a stance) taken at a meeting, in report order."""
        cites = self.evidence(meeting)
        qualified = self.qualifications(meeting)
        mref = self.ref(meeting)
        date = self.meeting_date(meeting)
        holders = {r.statement.value: r.holder for r in self.rows(meeting)}
        out = []
        for r in self.rows(meeting):
            if r.stance is None or r.target is None:
                continue
            out.append(
                Position(
                    statement=short_id(r.statement.value),
                    meeting=mref,
                    date=date,
                    holder=self.ref(r.holder),
                    stance=self.ref(r.stance),
                    side=r.side,
                    target=self.ref(r.target),
                    issue=self.ref(r.issue) if r.issue is not None else self.ref(r.target),
                    speaker=self.ref(r.speaker) if r.speaker is not None else None,
                    responds_to=tuple(short_id(v.value) for v in r.responds_to),
                    citation=cites[r.statement.value],
                    responds_to_holders=tuple(
                        self.ref(holders[v.value]) for v in r.responds_to if v.value in holders
                    ),
                    qualifications=qualified.get(r.statement.value, ()),
                )
            )
        return out

    def statements(self, meeting: Value) -> list[Statement]:
        """Statements without a stance (economy sharing, reports), in report order."""
        cites = self.evidence(meeting)
        mref = self.ref(meeting)
        return [
            Statement(
                short_id(r.statement.value),
                mref,
                self.ref(r.holder),
                self.ref(r.speaker) if r.speaker is not None else None,
                cites[r.statement.value],
            )
            for r in self.rows(meeting)
            if r.stance is None
        ]

    def projects(self, meeting: Value | None = None) -> list[ProjectRole]:
        """Project updates of a meeting (of every meeting, meeting by meeting, when none is
        given: one query, where asking each UN session would take a tenth of a second each),
        in report order, one entry per holder and role."""
        rows: dict[str, list[dict[str, Value]]] = {}
        bindings = {"meeting": meeting} if meeting is not None else {}
        for r in self.select("brief_projects", **bindings):
            rows.setdefault(r["meeting"].value, []).append(r)
        meetings = [meeting] if meeting is not None else [m["meeting"] for m in self.meetings()]
        return [p for m in meetings if m.value in rows for p in self._projects(m, rows[m.value])]

    def _projects(self, meeting: Value, rows: list[dict[str, Value]]) -> list[ProjectRole]:
        cites = self.evidence(meeting, "project")
        out = []
        for r in rows:
            partners = tuple(
                self.ref(o["holder"])
                for o in rows
                if o["project"] == r["project"] and o["holder"] != r["holder"]
            )
            out.append(
                ProjectRole(
                    project=self.ref(r["project"]),
                    holder=self.ref(r["holder"]),
                    role=r["role"].value,
                    status=self.ref(r["status"]),
                    forum=self.opt_ref(r, "forum"),
                    partners=partners,
                    citation=cites.get(r["project"].value),
                )
            )
        return sorted(out, key=lambda p: (p.citation.start if p.citation else -1, p.project.id))

    def tabled_meetings(self) -> set[str]:
        """Meetings (IRIs) whose positions a position table also holds (imported votes)."""
        tables = self.store.position_tables
        if not tables:
            return set()
        from kg.positions import table_meetings  # NumPy: only where tables exist

        return {ID_BASE + key for path in tables.values() for key in table_meetings(path)}

    def positions_on(self, issues: set[str]) -> list[Position]:
        """Positions whose issue (for a proposal, the issue it is on) is one of ``issues``
        (IRIs), at every meeting in scope, oldest meeting first.

        A meeting of imported votes is read only when its position table holds a vote on one
        of ``issues``: beside a million votes, a brief on an issue of a report reads the report.
        """
        tabled = self.tabled_meetings()
        if tabled:
            import numpy as np

            from kg.positions import PositionTable

            keys = {iri[len(ID_BASE) :] for iri in issues}
            tables = self.store.position_tables
            for path in tables.values():
                table = PositionTable.load(path)
                on = np.array(
                    [
                        str(k) in keys or not keys.isdisjoint(str(c).split())
                        for k, c in zip(table.targets, table.chains, strict=True)
                    ],
                    dtype=bool,
                )
                voted = np.unique(table.m[on[table.t]])
                tabled -= {ID_BASE + str(k) for k in table.meetings[voted]}
        meetings = [m["meeting"] for m in self.meetings() if m["meeting"].value not in tabled]
        return [
            p for p in self.all_positions(meetings) if ID_BASE + "issue/" + p.issue.id in issues
        ]

    def actions(self) -> dict[str, list[dict[str, Value]]]:
        """``action_items`` rows of every meeting, by meeting IRI (one query for all)."""
        out: dict[str, list[dict[str, Value]]] = {}
        for r in self.select("action_items"):
            out.setdefault(r["meeting"].value, []).append(r)
        return out

    def holder_record(
        self, holder: Value, meetings: Iterable[Value]
    ) -> tuple[list[Position], list[Statement]]:
        """What one holder said at the given meetings: its positions and its statements
        without a stance, each in report order, meeting by meeting.

        Equal to filtering :meth:`positions` and :meth:`statements` of each meeting by holder,
        but read in one query from the holder (``brief_holder_statements``): beside a million
        votes, a meeting's statements of every holder are thousands of rows.
        """
        wanted = {m.value for m in meetings}
        if not wanted:
            return [], []
        tabled = self.tabled_meetings()
        grouped: dict[str, tuple[dict[str, Value], list[Value], list[Value]]] = {}
        for r in self.select("brief_holder_statements", holder=holder):
            if r["meeting"].value not in wanted:
                continue
            _, replies, their = grouped.setdefault(r["statement"].value, (r, [], []))
            if "responds_to" in r:
                replies.append(r["responds_to"])
                their.extend([r["responds_to_holder"]] if "responds_to_holder" in r else [])
        positions: dict[str, list[Position]] = {}
        said: dict[str, list[Statement]] = {}
        for key, (r, replies, their) in grouped.items():
            meeting = r["meeting"]
            cite = citation(self.ref(meeting), r)
            speaker = self.ref(r["speaker"]) if "speaker" in r else None
            if "stance" not in r:
                said.setdefault(meeting.value, []).append(
                    Statement(short_id(key), cite.meeting, self.ref(r["holder"]), speaker, cite)
                )
                continue
            if "target" not in r:
                continue
            qualified = self.qualifications(meeting) if meeting.value not in tabled else {}
            positions.setdefault(meeting.value, []).append(
                Position(
                    statement=short_id(key),
                    meeting=cite.meeting,
                    date=self.meeting_date(meeting),
                    holder=self.ref(r["holder"]),
                    stance=self.ref(r["stance"]),
                    side=r["side"].value if "side" in r else "",
                    target=self.ref(r["target"]),
                    issue=self.ref(r["issue"]) if "issue" in r else self.ref(r["target"]),
                    speaker=speaker,
                    responds_to=tuple(short_id(v.value) for v in replies),
                    citation=cite,
                    responds_to_holders=tuple(self.ref(v) for v in their),
                    qualifications=qualified.get(key, ()),
                )
            )
        order = [m["meeting"].value for m in self.meetings()]
        return (
            [p for m in order for p in positions.get(m, [])],
            [s for m in order for s in said.get(m, [])],
        )

    def all_positions(self, meetings: Iterable[Value] | None = None) -> list[Position]:
        """Positions of every (or the given) meeting, oldest meeting first."""
        chosen = list(meetings) if meetings is not None else [m["meeting"] for m in self.meetings()]
        return [p for m in chosen for p in self.positions(m)]

    # ------------------------------------------------------------------ issues

    def issue_parents(self) -> dict[str, str]:
        """Issue IRI → parent IRI, for every issue that has a parent (``skos:broader`` links
        from ``graph_links``; ``issue_tree`` would also count every position)."""
        broader = Value("literal", "broader", "", XSD_STRING)
        return {
            r["subject"].value: r["object"].value for r in self.select("graph_links", link=broader)
        }

    def issues(self) -> list[str]:
        """Every issue IRI, sorted."""
        return sorted(self.labels("issue"))

    def issue_subtree(self, issue: str) -> set[str]:
        """The issue and all its descendants (IRIs)."""
        children: dict[str, set[str]] = {}
        for child, parent in self.issue_parents().items():
            children.setdefault(parent, set()).add(child)
        found, todo = set(), [issue]
        while todo:
            node = todo.pop()
            if node not in found:
                found.add(node)
                todo.extend(children.get(node, ()))
        return found

    def issue_ancestors(self, issue: str) -> list[str]:
        """Parent, grandparent … of an issue, nearest first."""
        parents, out, node = self.issue_parents(), [], issue
        while node in parents and parents[node] not in out:
            node = parents[node]
            out.append(node)
        return out


def citation(meeting: Ref, row: dict[str, Value]) -> Citation:
    """The citation in a row with ``quote``, ``source``, ``start``, ``end`` (and optionally
    ``section`` and ``rendering``) columns."""
    return Citation(
        meeting=meeting,
        section=row["section"].value if "section" in row else "",
        quote=row["quote"].value,
        source=row["source"].value,
        start=int(row["start"].value),
        end=int(row["end"].value),
        rendering=row["rendering"].value if "rendering" in row else "",
    )


def as_iri(value: str) -> Value:
    return Value("iri", value)
