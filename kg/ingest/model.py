"""Typed values that flow through ``kg ingest``, whatever the report's language.

A report is read in small pure steps: ``segment`` cuts it into sections, sentences and clauses
(spans of the text); a language's reader finds *mentions* of holders in each clause and turns
them into *drafted statements*; what it cannot settle becomes a *review item* instead of a
guess. Every value carries character offsets into the report text, so a quote is always
``text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Holder:
    """A name in a report's text that stands for a holder.

    ``kind`` is economy, state, organisation, forum, post, person or unnamed; ``id`` is the
    registry id (ISO alpha-2 code for an economy or state, a slug otherwise, ``unnamed`` for an
    unnamed member); ``plurality`` is set for unnamed members (one, some, one-or-more).
    """

    kind: str
    id: str
    plurality: str = ""


@dataclass(frozen=True)
class Mention:
    """One holder named at ``text[start:end]``."""

    start: int
    end: int
    holder: Holder


@dataclass(frozen=True)
class Clause:
    """A clause of one sentence of one section (``section`` is the agenda item id or None)."""

    start: int
    end: int
    sentence: tuple[int, int]
    section: str | None = None


@dataclass(frozen=True)
class Drafted:
    """A statement drafted from a clause: who, what stance, on what, and why we think so.

    ``target`` is a registry issue id or None; ``target_label`` the verbatim phrase of the
    text that names what the statement is about when no registry issue matches (it becomes a
    proposed new issue for the analyst to map or register). ``rule`` names the rule that
    produced the statement and ``confidence`` (0–1) how sure that rule is; below the ingest
    threshold the statement is written as a review item, not as a position.
    """

    holder: Holder
    start: int
    end: int
    rule: str
    confidence: float
    stance: str | None = None
    target: str | None = None
    target_label: str | None = None
    responds_to: str | None = None
    """The holder whose position this one supports or opposes ("supported China's position")."""
    speaker: str | None = None
    """A person named as speaking for the holder, as written."""
    section: str | None = None
    shared_with: tuple[str, ...] = field(default_factory=tuple)
    """Other holders drafted from the same quote (a listed subject: "A, B and C proposed")."""


@dataclass(frozen=True)
class ReviewItem:
    """Something the reader saw and would not guess: an unknown holder, an unresolved "they"."""

    start: int
    end: int
    message: str
    rule: str
    section: str | None = None
