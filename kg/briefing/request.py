"""What a user asks for (a kind of brief and its options), resolved and built in one place.

``kg brief`` and the web app's brief pages name a brief the same way: a kind (issue,
economy, meeting, prep, changes), an id as users type it (a slug, an economy code or name)
and the options of that kind. :func:`make_brief` resolves the ids through the store and
builds the brief; checking which options a kind takes is the caller's (a usage error).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.briefing.build import build_economy_brief, build_issue_brief
from kg.briefing.changes import build_changes_brief
from kg.briefing.meeting import build_meeting_brief, build_prep_brief
from kg.briefing.model import (
    ChangesBrief,
    EconomyBrief,
    IssueBrief,
    Label,
    MeetingBrief,
    PrepBrief,
)
from kg.errors import KGError, UnknownEntity
from kg.queries import resolve_id
from kg.store import Store

Brief = IssueBrief | EconomyBrief | MeetingBrief | PrepBrief | ChangesBrief

KINDS = ("issue", "economy", "meeting", "prep", "changes")


@dataclass(frozen=True)
class BriefRequest:
    """One brief to write. ``ident``: the issue, economy or meeting (for ``prep``, a forum;
    for ``changes``, the first meeting when neither ``since`` nor ``from_`` says it)."""

    kind: str
    ident: str = ""
    forum: str | None = None
    since: str = ""
    from_: str | None = None
    to: str | None = None
    perspective: str | None = None
    """``prep --as``: the holder whose side the pack takes."""
    next_meeting: str = ""
    next_date: str = ""
    logistics: bool = False


def subject_iri(store: Store, request: BriefRequest) -> str:
    """The IRI of the issue, economy (or other holder) or meeting an issue, economy or meeting
    brief is on."""
    if request.kind == "economy":
        return holder_iri(store, request.ident)
    return resolve_id(store, request.kind, request.ident).value


def make_brief(
    store: Store,
    request: BriefRequest,
    house: dict[str, Label] | None = None,
    subject: str | None = None,
) -> Brief:
    """Resolve the request's ids in ``store`` and build the brief (``subject``: the IRI
    :func:`subject_iri` gives, when the caller has it already).

    Raises:
        UnknownEntity: an id the graph does not hold (with the closest ones).
        KGError: a request that names no meeting to start ``changes`` from.
    """
    kind, ident = request.kind, request.ident
    forum = resolve_id(store, "forum", request.forum).value if request.forum else None
    if kind in ("issue", "economy", "meeting"):
        subject = subject or subject_iri(store, request)
    if kind == "issue":
        return build_issue_brief(store, subject or "", house=house)
    if kind == "economy":
        return build_economy_brief(store, subject or "", None, forum, request.since, house)
    if kind == "meeting":
        return build_meeting_brief(store, subject or "", logistics=request.logistics, house=house)
    if kind == "changes":
        start = request.from_ or request.since or ident
        if not start:
            raise KGError("`kg brief changes` needs --since MEETING or --from/--to.")
        end = resolve_id(store, "meeting", request.to).value if request.to else None
        return build_changes_brief(
            store, resolve_id(store, "meeting", start).value, end, house=house
        )
    if kind != "prep":
        raise ValueError(f"unknown kind of brief {kind!r}")
    if ident and forum is None:  # `kg brief prep DESG` reads as the forum
        forum = resolve_id(store, "forum", ident).value
    return build_prep_brief(
        store,
        forum,
        request.since,
        perspective=holder_iri(store, request.perspective) if request.perspective else None,
        next_meeting=request.next_meeting,
        next_date=request.next_date,
        house=house,
    )


def holder_iri(store: Store, ident: str) -> str:
    """An economy (code or name) or, failing that, any holder; errors name the economy."""
    try:
        return resolve_id(store, "economy", ident).value
    except UnknownEntity as exc:  # organisations have briefs too; report as economy
        try:
            return resolve_id(store, "holder", ident).value
        except UnknownEntity:
            raise exc from None
