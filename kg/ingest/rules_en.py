"""The analyst-editable rules for English reports (``data/reference/ingest-rules-en.yaml``).

``load_english_rules`` reads the file once and compiles every phrase list into a regex:
cue verbs are given in their base form and inflected here (-s, -ed, a doubled final
consonant, the irregular forms the file lists), so an analyst writes ``call for`` and the
reader also finds ``called for`` and ``calls for``. A malformed file raises ``RecordError``
with the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import RecordError
from kg.records import load_yaml

RULES_FILE_EN = "ingest-rules-en.yaml"
VOWELS = "aeiou"
UNINFLECTED = frozenset(
    "could would can cannot will was were is are did does do has had have should may might must "
    "raised".split()
)
"""A cue starting with one of these is matched as written."""
NUMBERING = ("arabic", "roman", "none")
REQUIRED = ("stances", "reporting_verbs", "negations", "headings")


@dataclass(frozen=True)
class Verb:
    """What a verb form means: ``kind`` is cue or report; ``negated`` the stance after a negation."""

    kind: str
    stance: str | None = None
    negated: str | None = None
    base: bool = False
    """The form is the bare base form ("support"), which is a verb only after an auxiliary."""


@dataclass(frozen=True)
class EnglishHeading:
    level: int
    regex: re.Pattern[str]
    number: str


OPEN, CLOSE = "\ue000", "\ue001"
"""A holder mention is replaced by ``OPEN<n>CLOSE`` in the text before a verb (its *shape*)."""
LIST = rf"{OPEN}\d+{CLOSE}(?:\s*(?:,\s*(?:and\s+|&\s*)?|and\s+|&\s*|/\s*){OPEN}\d+{CLOSE})*"
"""Holders listed: "A, B and C", "A and B", "A/B"."""


@dataclass(frozen=True)
class Shapes:
    """Regexes over a subject region's shape (the text before the verb, holders as markers)."""

    subject: re.Pattern[str]
    paren: re.Pattern[str]
    lead: re.Pattern[str]
    behalf: re.Pattern[str]
    far: re.Pattern[str]
    anaphor: re.Pattern[str]
    non_holder: re.Pattern[str]
    collective: re.Pattern[str]
    unknown: re.Pattern[str]
    empty: re.Pattern[str]
    object_before: re.Pattern[str]
    trail: re.Pattern[str]
    reference_of: re.Pattern[str]
    reference_after: re.Pattern[str]


def shapes(
    aux: str,
    markers: Mapping[str, str],
    conn: str,
    anaphora: Iterable[str],
    non_holders: Iterable[str],
    collective: Iterable[str],
    references: str,
) -> Shapes:
    """Compile the subject patterns from the phrase alternations."""
    gap = rf"(?:[\s,]*(?<![\w'’])(?i:{aux}|\w+ly)(?![\w]))*[\s,]*"
    mark = rf"(?i:{alternation(markers)})"
    conn = rf"^\s*(?:(?i:{conn})(?![\w])[\s,]*)*"
    behalf = alternation(m for m, role in markers.items() if role == "behalf")
    sharing = alternation(m for m, role in markers.items() if role != "behalf")
    item = rf",\s*(?P<marker>{mark})\s+(?i:the\s+)?(?P<list>{LIST})(?:\s*,?\s*(?i:and\s+others))?"
    return Shapes(
        subject=re.compile(
            rf"(?P<subj>{LIST})(?:(?P<parens>(?:\s*{item.replace('?P<marker>', '').replace('?P<list>', '')})+)\s*,)?{gap}$"
        ),
        paren=re.compile(item),
        lead=re.compile(rf"{conn}(?P<marker>{mark})\s+(?i:the\s+)?(?P<list>{LIST})\s*,"),
        behalf=re.compile(rf"(?i:{behalf})\s+(?i:the\s+)?(?P<list>{LIST})\s*,\s*$"),
        far=re.compile(rf"{conn}(?P<subj>{LIST})\s*,.*,{gap}$", re.DOTALL),
        anaphor=re.compile(rf"{conn}(?P<word>(?i:{alternation(anaphora)}))(?![\w]){gap}$"),
        non_holder=re.compile(
            rf"(?<![\w'’])(?P<word>(?i:{alternation(non_holders)}))(?![\w])(?:\s*,[^,{OPEN}]*,)?{gap}$"
        ),
        collective=re.compile(rf"{conn}(?P<word>(?i:{alternation(collective)}))(?![\w]){gap}$"),
        unknown=re.compile(
            rf"(?<![\w'’])(?P<name>[A-Z][\w'’.-]*(?:\s+(?:(?:of|the|and|de|du|des|la|le|da|do)\s+)*[A-Z][\w'’.-]*)*){gap}$"
        ),
        empty=re.compile(rf"{conn}{gap}$"),
        object_before=re.compile(
            r"(?i:\b(?:to|by|of|from|with|for|on|about|at|against|like|unlike|than|including|between|among|and|or|that|whom|which|who)\s+(?:the\s+)?)$"
        ),
        trail=re.compile(rf",\s*(?i:and\s+)?(?P<marker>(?i:{sharing}))\s+(?i:the\s+)?"),
        reference_of=re.compile(
            rf"(?i:(?:the\s+|its\s+|their\s+)?(?:{references})\s+(?:of|by|from)\s+)"
        ),
        reference_after=re.compile(rf"(?:'s|’s)\s+(?i:{references})(?![\w])"),
    )


@dataclass(frozen=True)
class EnglishRules:
    """The compiled rules; build with ``load_english_rules`` (or ``english_rules`` from a dict)."""

    file: str
    headings: tuple[EnglishHeading, ...]
    heading_max_chars: int
    abbreviations: frozenset[str]
    verbs: Mapping[str, Verb]
    verb_re: re.Pattern[str]
    negation_re: re.Pattern[str]
    aux_words: str
    """Alternation of the auxiliaries and negations (a regex fragment, no groups)."""
    noun_before: frozenset[str]
    passive_before: frozenset[str]
    unnamed: Mapping[str, str]
    collective: frozenset[str]
    non_holders: frozenset[str]
    representative_before_re: re.Pattern[str]
    representative_after_re: re.Pattern[str]
    representative_start_re: re.Pattern[str]
    markers: Mapping[str, str]
    """Marker phrase (lower case, single spaces) → supported_by, opposed_by, with or behalf."""
    anaphora: Mapping[str, str]
    connectives: str
    clause_break_re: re.Pattern[str]
    target_stop_re: re.Pattern[str]
    target_strip_re: re.Pattern[str]
    target_max: int
    pronouns: frozenset[str]
    shapes: Shapes


def norm(text: str) -> str:
    """Lower case with single spaces: the key of every phrase table."""
    return " ".join(text.lower().replace("’", "'").split())


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, any run of blanks between words."""
    unique = sorted({norm(p) for p in phrases if str(p).strip()}, key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(w) for w in p.split(" ")) for p in unique) or "(?!)"


def inflections(word: str, irregular: Mapping[str, list[str]]) -> list[str]:
    """Base, third person and past forms of a verb (over-generating is harmless)."""
    w = word.lower()
    if w in UNINFLECTED or not w.isalpha():
        return [w]
    forms = [w, *irregular.get(w, [])]
    if w.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.append(w + "es")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
        forms.append(w[:-1] + "ies")
    else:
        forms.append(w + "s")
    if w.endswith("e"):
        forms.append(w + "d")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
        forms.append(w[:-1] + "ied")
    else:
        forms.append(w + "ed")
        if len(w) > 2 and w[-1] not in VOWELS + "wxy" and w[-2] in VOWELS and w[-3] not in VOWELS:
            forms.append(w + w[-1] + "ed")
    return forms


def verb_forms(
    phrase: str, verb: Verb, irregular: Mapping[str, list[str]]
) -> Iterable[tuple[str, Verb]]:
    first, _, rest = norm(phrase).partition(" ")
    for form in inflections(first, irregular):
        is_base = form == first and first not in UNINFLECTED
        yield (f"{form} {rest}".strip(), Verb(verb.kind, verb.stance, verb.negated, is_base))


def _words(raw: Mapping[str, Any], key: str, display: str) -> list[str]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise RecordError(
            display,
            getattr(value, "line", None) or getattr(raw, "line", None),
            f"{key!r} must be a list of phrases",
        )
    return [str(v) for v in value]


def _mapping(raw: Mapping[str, Any], key: str, display: str) -> Mapping[str, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise RecordError(display, getattr(raw, "line", None), f"{key!r} must be a mapping")
    return value


def _verbs(raw: Mapping[str, Any], display: str) -> dict[str, Verb]:
    """Every written form of every cue and reporting verb; cues win over reporting verbs."""
    from kg.records import STANCES

    irregular = {
        norm(k): [norm(f) for f in v or []] for k, v in _mapping(raw, "irregular", display).items()
    }
    table: dict[str, Verb] = {}
    for phrase in _words(raw, "reporting_verbs", display):
        table.update(verb_forms(phrase, Verb("report"), irregular))
    stances = _mapping(raw, "stances", display)
    for stance, spec in stances.items():
        line = getattr(spec, "line", None) or getattr(stances, "line", None)
        if stance not in STANCES or not isinstance(spec, dict):
            raise RecordError(
                display, line, f"unknown stance {stance!r}: use one of {', '.join(STANCES)}"
            )
        negated = spec.get("negated")
        if negated is not None and negated not in STANCES:
            raise RecordError(display, line, f"unknown negated stance {negated!r}")
        for phrase in _words(spec, "cues", display):
            table.update(verb_forms(phrase, Verb("cue", str(stance), negated), irregular))
    return table


def _headings(raw: Mapping[str, Any], display: str) -> tuple[EnglishHeading, ...]:
    specs = raw.get("headings")
    out = []
    for spec in specs if isinstance(specs, list) else []:
        line = getattr(spec, "line", None) or getattr(specs, "line", None)
        try:
            number = str(spec.get("number", "arabic"))
            if number not in NUMBERING:
                raise ValueError(f"number must be one of {', '.join(NUMBERING)}")
            out.append(EnglishHeading(int(spec["level"]), re.compile(str(spec["pattern"])), number))
        except (re.error, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordError(display, line, f"bad heading pattern: {exc}") from None
    return tuple(out)


def _plurality(
    raw: Mapping[str, Any], key: str, display: str, allowed: Iterable[str]
) -> dict[str, str]:
    table = _mapping(raw, key, display)
    allowed = tuple(allowed)
    for phrase, value in table.items():
        if str(value) not in allowed:
            raise RecordError(
                display,
                getattr(table, "line", None),
                f"{key}: {phrase!r} must be one of {', '.join(allowed)}, not {value!r}",
            )
    return {norm(str(k)): str(v) for k, v in table.items()}


def _markers(raw: Mapping[str, Any], display: str) -> dict[str, str]:
    spec = _mapping(raw, "markers", display)
    out: dict[str, str] = {}
    for role in ("supported_by", "opposed_by", "with", "behalf"):
        for phrase in _words(spec, role, display):
            out.setdefault(norm(phrase), role)
    return out


def _stops(phrases: Iterable[str]) -> str:
    """Literal stops, punctuation and leading blanks kept; a stop ending in a letter ends a word."""
    parts = []
    for p in sorted({str(p) for p in phrases if str(p)}, key=lambda p: (-len(p), p)):
        body = r"\s+".join(re.escape(w) for w in p.split(" "))
        parts.append(body + (r"(?!\w)" if p[-1].isalnum() else ""))
    return "|".join(parts) or "(?!)"


def _word_re(phrases: Iterable[str]) -> str:
    return rf"(?<![\w'’])(?:{alternation(phrases)})(?![\w])"


def _representative(rep: Mapping[str, Any], display: str) -> dict[str, re.Pattern[str]]:
    """ "the representative of X" (before X, ending at X; or at the start of a mention) and
    "X's delegation" (after X)."""
    before = alternation(_words(rep, "before", display))
    after = alternation(_words(rep, "after", display))
    return {
        "representative_before_re": re.compile(
            rf"(?<![\w])(?:{before})\s+(?:the\s+)?$", re.IGNORECASE
        ),
        "representative_start_re": re.compile(rf"(?:{before})\s", re.IGNORECASE),
        "representative_after_re": re.compile(rf"(?:{after})(?![\w])", re.IGNORECASE),
    }


def _require(raw: Any, display: str) -> None:
    if not isinstance(raw, dict):
        raise RecordError(display, None, "expected a mapping at the top level")
    for key in REQUIRED:
        if not raw.get(key):
            raise RecordError(display, getattr(raw, "line", None), f"missing required key {key!r}")


def english_rules(raw: Mapping[str, Any], display: str = RULES_FILE_EN) -> EnglishRules:
    """Compile a parsed rules mapping (see ``ingest-rules-en.yaml`` for the keys).

    Raises:
        RecordError: a key is missing or malformed, a pattern does not compile.
    """
    from kg.records import PLURALITIES

    _require(raw, display)
    verbs = _verbs(raw, display)
    negations = _words(raw, "negations", display)
    aux = _words(raw, "auxiliaries", display) + negations
    target = _mapping(raw, "target", display)
    rep = _mapping(raw, "representative", display)
    markers = _markers(raw, display)
    anaphora = _plurality(raw, "anaphora", display, ("one", "two", "many"))
    connectives = alternation(_words(raw, "connectives", display))
    non_holders = frozenset(norm(w) for w in _words(raw, "non_holders", display))
    collective = frozenset(norm(w) for w in _words(raw, "collective_subjects", display))
    references = alternation(_words(target, "references", display))
    try:
        max_chars = int(target.get("max_chars", 80))
        heading_max = int(raw.get("heading_max_chars", 120))
    except (TypeError, ValueError) as exc:
        raise RecordError(display, getattr(raw, "line", None), f"bad number: {exc}") from None
    return EnglishRules(
        file=display,
        headings=_headings(raw, display),
        heading_max_chars=heading_max,
        abbreviations=frozenset(norm(a).rstrip(".") for a in _words(raw, "abbreviations", display)),
        verbs=verbs,
        verb_re=re.compile(_word_re(verbs), re.IGNORECASE),
        negation_re=re.compile(
            rf"(?<![\w'’])(?:{alternation(negations)})(?:\s+\w+ly)?[\s,]*$", re.IGNORECASE
        ),
        aux_words=alternation(aux),
        noun_before=frozenset(norm(w) for w in _words(raw, "noun_before", display)),
        passive_before=frozenset(norm(w) for w in _words(raw, "passive_before", display)),
        unnamed=_plurality(raw, "unnamed", display, PLURALITIES),
        collective=collective,
        non_holders=non_holders,
        **_representative(rep, display),
        markers=markers,
        anaphora=anaphora,
        connectives=connectives,
        clause_break_re=re.compile(
            rf",\s+(?:{alternation(_words(raw, 'clause_breaks', display))})\s", re.IGNORECASE
        ),
        target_stop_re=re.compile(_stops(_words(target, "stops", display)), re.IGNORECASE),
        target_strip_re=re.compile(
            rf"(?:{alternation(_words(target, 'strip', display))})\s+", re.IGNORECASE
        ),
        target_max=max_chars,
        pronouns=frozenset(norm(w) for w in _words(target, "pronouns", display)),
        shapes=shapes(
            alternation(aux), markers, connectives, anaphora, non_holders, collective, references
        ),
    )


def load_english_rules(path: Path, display: str | None = None) -> EnglishRules:
    """Read and compile ``ingest-rules-en.yaml``.

    Raises:
        RecordError: the file is missing, not YAML, or malformed (file and line).
    """
    shown = display or str(path)
    return english_rules(load_yaml(path, shown), shown)
