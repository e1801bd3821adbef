"""Names of holders for the report readers: every name a report may give an economy, a state or
an organisation (negotiating groups included), in Chinese or in English.

The names come from the reference data: ``economies.yaml`` (the APEC economies),
``states.yaml`` (every other state, generated from CLDR and ISO 3166-1 by
``scripts/gen_states.py``) and ``organisations.yaml``. A reader matches them leftmost-longest
(as ``kg.ingest.rules.Lexicon`` does), which settles the names that contain one another:

============================  ==========================================================
text                          holder
============================  ==========================================================
尼日利亞, 奈及利亞 / 尼日       NG (Nigeria) / NE (Niger)
赤道幾內亞, 幾內亞比索 / 幾內亞  GQ, GW / GN; 巴布亞紐幾內亞 is the APEC economy PG
Nigeria / Niger               NG / NE (English names end at a word boundary)
Papua New Guinea,             PG, GQ, GW / GN
Equatorial Guinea,
Guinea-Bissau / Guinea
Dominican Republic / Dominica DO / DM
Democratic Republic of the    CD / CG
Congo / Congo
============================  ==========================================================

Known collisions a reader must handle itself:

* 中非 is the Central African Republic only as a whole word: in 中非合作 or 中非論壇 it is
  China–Africa. Likewise 朝鮮 (KP) inside 朝鮮半島, the Korean peninsula. Chinese has no word
  boundaries, so :func:`find` matches them anywhere: the reader decides by context.
* Abbreviations in capitals (US, EU, BASIC, ALBA) must be matched as written: ignoring case,
  "us" and "basic" would become holders. :func:`is_abbreviation` tells them apart.
* "Georgia", "Jordan", "Chad" and "Turkey" are also a US state, given names and a bird;
  "G10" is also the Group of Ten of central banks (the entry ``g10`` is the WTO group).
* A bare 主席, "Chair" or 秘書處 is not a holder name here (:data:`BY_MEETING`): the reader
  resolves it by the meeting.

When the same name belongs to an APEC economy and to a state, the economy wins; between two
other holders the first in file order wins (the reference check and the generator keep such
clashes out, and :func:`clashes` lists any that remain).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kg.records import Corpus

KINDS = ("economy", "state", "organisation")
"""Kinds of holder a name may stand for, in order of precedence."""

BY_MEETING = frozenset(
    {"秘書處", "秘书处", "主席", "會員", "会员", "成員", "成员", "chair", "secretariat"}
)
"""Words whose holder depends on the meeting (the APEC Secretariat at an APEC meeting, the WTO
Secretariat at a WTO one): left out of :func:`holder_names` even where an older reference
entry lists them (``apec-secretariat`` has 秘書處); the reader resolves them by forum."""

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def strings(*values: Any) -> list[str]:
    """The non-empty strings of the given values, each a string or a list of them, stripped."""
    out: list[str] = []
    for value in values:
        if isinstance(value, str):
            out.append(value.strip())
        elif isinstance(value, list):
            out.extend(str(v).strip() for v in value if v)
    return [v for v in out if v]


def _entries(corpus: Corpus) -> Iterator[tuple[str, str, dict[str, Any]]]:
    ref = corpus.reference
    for item in ref.get("economies") or []:
        yield "economy", str(item["code"]), item
    for item in ref.get("states") or []:
        yield "state", str(item["code"]), item
    for item in ref.get("organisations") or []:
        yield "organisation", str(item["id"]), item


def names_of(item: dict[str, Any], lang: str) -> list[str]:
    """The names of one reference entry in ``lang``: ``"zh"`` (zh-Hant and zh-Hans names and
    ``aliases``) or ``"en"`` (the English name, ``aliases_en`` and ``abbr``)."""
    label = item.get("name") or {}
    house = item.get("house") or {}  # the forum's own name for an economy (中華臺北, Korea)
    if lang == "zh":
        names = strings(
            label.get("zh-Hant"), label.get("zh-Hans"), item.get("aliases"), house.get("zh-Hant")
        )
        return [n for n in names if _CJK.search(n)]
    if lang == "en":
        names = strings(label.get("en"), item.get("aliases_en"), item.get("abbr"), house.get("en"))
        # organisations kept English names under `aliases` before `aliases_en` existed
        names += [n for n in strings(item.get("aliases")) if not _CJK.search(n)]
        return names
    raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")


def holder_names(corpus: Corpus, lang: str) -> dict[str, tuple[str, str]]:
    """Every name of every economy, state and organisation in one language.

    Args:
        corpus: the loaded reference data (``kg.records.load_corpus`` or a ``Corpus`` built
            on ``kg.records.load_reference``).
        lang: ``"zh"`` for Chinese names (both scripts) or ``"en"`` for English ones.

    Returns:
        name → (kind, id), kind being ``economy``, ``state`` or ``organisation`` and id the
        ISO code or the organisation's slug. English names are keyed as written; match them
        ignoring case, except those :func:`is_abbreviation` flags. An APEC economy wins over
        a state that shares a name.
    """
    found: dict[str, tuple[str, str]] = {}
    for kind, ident, item in _entries(corpus):
        for name in names_of(item, lang):
            if name.casefold() not in BY_MEETING:
                found.setdefault(name, (kind, ident))
    return found


def clashes(corpus: Corpus, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Names that two holders share (English compared ignoring case), with every holder."""
    owners: dict[str, list[tuple[str, str]]] = {}
    shown: dict[str, str] = {}
    for kind, ident, item in _entries(corpus):
        for name in names_of(item, lang):
            key = name.casefold() if lang == "en" else name
            shown.setdefault(key, name)
            if (kind, ident) not in owners.setdefault(key, []):
                owners[key].append((kind, ident))
    return [(shown[k], v) for k, v in sorted(owners.items()) if len(v) > 1]


def is_abbreviation(name: str) -> bool:
    """Whether an English name is an abbreviation in capitals (US, EU, G-77/China, BASIC) that a
    reader must match as written rather than ignoring case."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in name.strip()


def lookup(names: dict[str, tuple[str, str]], text: str) -> tuple[str, str] | None:
    """The holder a whole name stands for, ignoring case unless it is an abbreviation."""
    if text in names:
        return names[text]
    folded = {k.casefold(): v for k, v in names.items() if not is_abbreviation(k)}
    return folded.get(text.casefold())


def find(names: dict[str, tuple[str, str]], text: str) -> list[tuple[int, int, tuple[str, str]]]:
    """Leftmost-longest mentions of ``names`` in ``text`` (start, end, holder): a reference
    matcher for tests and small texts. English names end at word boundaries and match ignoring
    case, abbreviations only as written; Chinese names match anywhere."""
    exact: dict[str, tuple[str, str]] = {}
    folded: dict[str, tuple[str, str]] = {}
    for name, holder in names.items():
        (exact if is_abbreviation(name) or _CJK.search(name) else folded)[name] = holder
    lower = {k.casefold(): v for k, v in folded.items()}
    parts = []
    for name in sorted(names, key=lambda n: (-len(n), n)):
        pattern = re.escape(name)
        if name[0].isascii() and name[0].isalnum():
            pattern = r"(?<![A-Za-z0-9])" + pattern
        if name[-1].isascii() and name[-1].isalnum():
            pattern += r"(?![A-Za-z0-9])"
        parts.append(pattern if name in exact else f"(?i:{pattern})")
    if not parts:
        return []
    out: list[tuple[int, int, tuple[str, str]]] = []
    for m in re.finditer("|".join(parts), text):
        word = m.group(0)
        found = exact.get(word) or lower.get(word.casefold())
        if found is not None:
            out.append((m.start(), m.end(), found))
    return out


__all__ = [
    "holder_names",
    "names_of",
    "clashes",
    "is_abbreviation",
    "lookup",
    "find",
    "KINDS",
    "BY_MEETING",
]
