"""The only place instance IRIs are minted, and the inverse: IRI → short id.

Plain strings, no rdflib import, so that read-only commands start fast. Identifiers are
readable and stable: ``economy/US``, ``issue/tor-sunset-clause``,
``statement/desg-2021-08/ru-opposes-subsidiary-bodies``. Three forms, converted here only:

- the IRI (:func:`mint`): ``https://w3id.org/meetkg/id/economy/RU``;
- the node key (:func:`node_key`), the IRI's path under ``ID_BASE``: ``economy/RU`` (keeps
  an issue and a document of the same slug apart; the network's node names);
- the short id (:func:`short_id`, :func:`key_ident`) users type: ``RU``.
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


def node_key(iri: str) -> str:
    """Return the node key of a minted IRI (``…/id/economy/RU`` → ``economy/RU``)."""
    if iri == ONTOLOGY + "AllMembers":
        return "members"
    return iri[len(ID_BASE) :] if iri.startswith(ID_BASE) else iri


def key_kind(key: str) -> str:
    return key.partition("/")[0] if key.partition("/")[1] else ""


def key_ident(key: str) -> str:
    """The short id of a node key (``economy/RU`` → ``RU``), as ``kg.iris.short_id`` gives it."""
    return short_id(ID_BASE + key) if key_kind(key) else key


def key_iri(key: str) -> str:
    """The IRI of a node key (``economy/RU`` → ``…/id/economy/RU``)."""
    if key == "members":
        return ONTOLOGY + "AllMembers"
    return ID_BASE + key
