"""The only place instance IRIs are minted, and the inverse: IRI → short id.

Plain strings, no rdflib import, so that read-only commands start fast. Identifiers are
readable and stable: ``economy/US``, ``issue/tor-sunset-clause``,
``statement/desg-2021-08/ru-opposes-subsidiary-bodies``.
"""

from __future__ import annotations

BASE = "https://w3id.org/meetkg/"
"""Root of every IRI the project mints."""

ID_BASE = BASE + "id/"
ONTOLOGY = BASE + "def#"

GLOBAL_KINDS = (
    "economy",
    "organisation",
    "forum",
    "post",
    "person",
    "issue",
    "proposal",
    "document",
    "kfa",
    "meeting",
    "project",
    "stance",
    "outcome-status",
    "project-status",
    "source",
    "graph",
)
"""Kinds whose ids are unique across all meetings: ``<kind>/<id>``."""

MEETING_KINDS = ("statement", "outcome", "action", "figure", "unnamed", "item")
"""Kinds whose ids are unique within one meeting: ``<kind>/<meeting>/<id>``."""


def mint(kind: str, *parts: str) -> str:
    """Return the IRI of an entity of ``kind`` named by ``parts``.

    Raises:
        ValueError: for an unknown kind or a part that would make the IRI ambiguous.
    """
    if kind not in GLOBAL_KINDS and kind not in MEETING_KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}")
    for part in parts:
        if not part or "/" in part or any(c in part for c in ' <>"{}|\\^`#?'):
            raise ValueError(f"{part!r} cannot be used in an identifier")
    return ID_BASE + "/".join((kind, *parts))


def holder_iri(holder_id: str, meeting: str = "", statement: str = "") -> str:
    """IRI for a holder id as records write it.

    Economy codes are two upper-case letters; ``unnamed`` needs the meeting and statement it
    occurs in; anything else is resolved by the caller (organisation, forum or post).
    """
    if holder_id == "unnamed":
        return mint("unnamed", meeting, statement)
    if len(holder_id) == 2 and holder_id.isalpha() and holder_id.isupper():
        return mint("economy", holder_id)
    raise ValueError(f"{holder_id!r} is not an economy code")


def short_id(iri: str) -> str:
    """Return the readable id of a minted IRI (``economy/US`` → ``US``).

    Global kinds give their last segment; meeting-scoped kinds give ``meeting/id``; unnamed
    holders give ``unnamed:meeting/statement``. Other IRIs are returned unchanged.
    """
    if iri == ONTOLOGY + "AllMembers":
        return "members"
    if not iri.startswith(ID_BASE):
        return iri
    kind, _, rest = iri[len(ID_BASE) :].partition("/")
    if kind == "unnamed":
        return "unnamed:" + rest
    return rest


def kind_of(iri: str) -> str:
    """Return the kind segment of a minted IRI (``economy``, ``issue``…), or ``""``."""
    if not iri.startswith(ID_BASE):
        return ""
    return iri[len(ID_BASE) :].partition("/")[0]
