"""The controlled vocabularies in Python: stances and their sides, outcome, project and record
statuses.

The truth is the SKOS concept schemes in ``ontology/vocab/`` (what the graph carries and
SPARQL reads); these tables restate them for code that must not load RDF to validate a record
or colour an edge, and ``tests/test_vocab.py`` checks that both say the same: ids
(``skos:notation``), English and Traditional Chinese labels, and each stance's side. Every
module that needs a stance, a side or a status takes it from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One concept: its id (``skos:notation``, the last segment of its IRI), its labels and,
    for a stance, its side."""

    id: str
    en: str
    zh: str
    side: str = ""


SIDES = ("for", "against", "neither")
"""Where a stance puts its holder on a target: with it, against it, or on neither side."""

STANCE_TERMS = (
    Term("supports", "supports", "支持", "for"),
    Term("opposes", "opposes", "反對", "against"),
    Term("proposes", "proposes", "提出", "for"),
    Term("no-position", "no position", "無意見", "neither"),
    Term("concedes", "concedes", "讓步", "neither"),
    Term("reserves", "reserves", "保留", "neither"),
    Term("abstains", "abstains", "棄權", "neither"),
)
OUTCOME_STATUS_TERMS = (
    Term("consensus", "consensus", "達成共識"),
    Term("no-consensus", "no consensus", "未達共識"),
    Term("deferred", "deferred", "延後處理"),
    Term("adopted", "adopted", "通過"),
    Term("noted", "noted", "知悉"),
    Term("pending", "pending", "審查中"),
    Term("rejected", "rejected", "否決"),
    Term("adopted-by-vote", "adopted by vote", "表決通過"),
)
PROJECT_STATUS_TERMS = (
    Term("completed", "completed", "已完成"),
    Term("ongoing", "ongoing", "進行中"),
    Term("planned", "planned", "規劃中"),
    Term("postponed", "postponed", "延期"),
)

STANCES = tuple(t.id for t in STANCE_TERMS)
OUTCOME_STATUSES = tuple(t.id for t in OUTCOME_STATUS_TERMS)
PROJECT_STATUSES = tuple(t.id for t in PROJECT_STATUS_TERMS)
RECORD_STATUSES = ("draft", "reviewed")
"""A record as ``kg ingest`` wrote it, or checked against its source by a person."""

OPPOSED = ("supports", "opposes")
"""The two stances that answer another holder's position: agreeing with it or not."""

_SIDE = {t.id: t.side for t in STANCE_TERMS}


def side_of(stance: str) -> str:
    """The side of a stance id (``opposes`` → ``against``).

    Raises:
        KeyError: for a stance outside the vocabulary.
    """
    return _SIDE[stance]


__all__ = [
    "OPPOSED",
    "OUTCOME_STATUSES",
    "OUTCOME_STATUS_TERMS",
    "PROJECT_STATUSES",
    "PROJECT_STATUS_TERMS",
    "RECORD_STATUSES",
    "SIDES",
    "STANCES",
    "STANCE_TERMS",
    "Term",
    "side_of",
]
