"""English reader of `kg ingest`: each step on made-up sentences, and the whole reading."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.errors import RecordError
from kg.ingest.english import (
    clause_spans,
    english_sections,
    mentions,
    name_index,
    read_english,
    resolve_reference,
    sentence_spans,
    stance_of,
    subject,
    target_span,
    verb_matches,
)
from kg.ingest.model import Holder
from kg.ingest.rules_en import EnglishRules, inflections, load_english_rules

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "reference" / "ingest-rules-en.yaml"


def economy(code: str) -> Holder:
    return Holder("economy", code)


NAMES = {
    "United States": economy("US"),
    "US": economy("US"),
    "European Union": Holder("organisation", "eu"),
    "EU": Holder("organisation", "eu"),
    "G-77/China": Holder("forum", "g77"),
    "African Group": Holder("forum", "african-group"),
    "Nigeria": economy("NG"),
    "China": economy("CN"),
    "Chinese Taipei": economy("TW"),
    "India": economy("IN"),
    "Saudi Arabia": economy("SA"),
    "Norway": economy("NO"),
    "Switzerland": economy("CH"),
    "Japan": economy("JP"),
    "Canada": economy("CA"),
    "Australia": economy("AU"),
    "New Zealand": economy("NZ"),
    "Korea": economy("KR"),
    "Brazil": economy("BR"),
    "Viet Nam": economy("VN"),
}


@pytest.fixture(scope="module")
def rules() -> EnglishRules:
    return load_english_rules(RULES_FILE)


def read(text: str, rules: EnglishRules):
    drafted, review = read_english(text, NAMES, rules)
    for d in drafted:  # every quote is an exact span, every label a verbatim phrase
        assert d.start < d.end and text[d.start : d.end].strip() == text[d.start : d.end]
        assert d.target_label is None or d.target_label in text
        assert 0 < d.confidence <= 1
    for r in review:
        assert 0 <= r.start < r.end <= len(text)
    return drafted, review


def stances(drafted) -> set[tuple[str, str | None]]:
    return {(d.holder.id, d.stance) for d in drafted}


# --------------------------------------------------------------------------- rules file


def test_rules_load_and_inflect(rules: EnglishRules) -> None:
    assert rules.verbs["called for"].stance == "proposes"
    assert rules.verbs["withdrew its objection"].stance == "concedes"
    assert rules.verbs["submitted"].stance == "proposes"
    assert rules.verbs["said"].kind == "report"
    assert rules.verbs["support"].base and not rules.verbs["supported"].base
    assert {"urges", "urged"} <= set(inflections("urge", {}))
    assert "questioned" in inflections("question", {})


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("  supports:\n", "  agrees:\n", "unknown stance 'agrees'"),
        ("reporting_verbs:", "reporting_words:", "missing required key 'reporting_verbs'"),
        ("  it: one", "  it: single", "anaphora: 'it' must be one of"),
        ("stances:\n", "stances: [\n", "invalid YAML"),
    ],
)
def test_malformed_rules_name_file_and_line(tmp_path: Path, old: str, new: str, words: str) -> None:
    text = RULES_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RecordError) as err:
        load_english_rules(path)
    assert words in err.value.message
    assert err.value.path == str(path)
    assert err.value.line is not None


def test_bad_heading_pattern(tmp_path: Path) -> None:
    text = RULES_FILE.read_text(encoding="utf-8").replace(
        "number: roman}",
        "number: roman, pattern2: x}\n  - {level: 1, pattern: '(', number: none}",
        1,
    )
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError, match="bad heading pattern"):
        load_english_rules(path)


# --------------------------------------------------------------------------- 1. structure


def test_sentences_keep_abbreviations_and_decimals(rules: EnglishRules) -> None:
    text = (
        "Mr. Lee of the U.S. team cited Art. 4, e.g. the rules in No. 3, and a 2.5 per cent "
        "rise. Japan agreed! Did Brazil? Yes.\nA new line"
    )
    got = [text[s:e] for s, e in sentence_spans(text, rules)]
    assert got == [
        "Mr. Lee of the U.S. team cited Art. 4, e.g. the rules in No. 3, and a 2.5 per cent rise.",
        "Japan agreed!",
        "Did Brazil?",
        "Yes.",
        "A new line",
    ]


def test_wrapped_line_continues_sentence(rules: EnglishRules) -> None:
    text = "Japan proposed a new\nparagraph on trade. Brazil agreed."
    assert [text[s:e] for s, e in sentence_spans(text, rules)] == [
        "Japan proposed a new\nparagraph on trade.",
        "Brazil agreed.",
    ]


def test_clauses(rules: EnglishRules) -> None:
    def cut(text: str) -> list[str]:
        return [text[s:e] for s, e in clause_spans(text, (0, len(text)), rules)]

    assert cut("Japan supported X, while Brazil opposed it.") == [
        "Japan supported X",
        "while Brazil opposed it.",
    ]
    assert cut("Japan supported X; Brazil opposed it.") == [
        "Japan supported X",
        "Brazil opposed it.",
    ]
    assert cut("Japan supported X and opposed Y.") == ["Japan supported X", "and opposed Y."]
    assert len(cut("Australia, New Zealand, and Korea called for X.")) == 1
    assert len(cut("Japan proposed X, supported by Brazil, and opposed by China.")) == 1


def test_headings(rules: EnglishRules) -> None:
    text = (
        "Report of the meeting\n"
        "I. Opening\n"
        "1. The Chair opened the meeting.\n"
        "Agenda item 3: Trade and environment\n"
        "Japan proposed a study.\n"
        "AGENDA ITEM 4 – OTHER BUSINESS\n"
        "ARTICLE 6.2\n"
        "Brazil supported it.\n"
        "ARTICLE 6.4\n"
        "II. Closing\n"
    )
    found = english_sections(text, rules)
    assert [(s.id, s.level) for s in found] == [
        ("1", 1),
        ("3", 1),
        ("4", 1),
        ("4.1", 2),
        ("4.2", 2),
        ("2", 1),
    ]
    assert [s.label for s in found][:3] == ["I", "3", "4"]
    assert found[3].label == "ARTICLE 6.2"
    assert all(text[s.line_start : s.body_start].strip() for s in found)
    drafted, _ = read(text, rules)
    assert {(d.holder.id, d.section) for d in drafted} == {("JP", "3"), ("BR", "4.1")}


# --------------------------------------------------------------------------- 2. mentions


def test_mentions_whole_words_leftmost_longest(rules: EnglishRules) -> None:
    index = name_index(NAMES, rules)
    text = "CHINA and Chinese Taipei, the US, Viet  Nam, G-77/China; let us see the USA and Nigerian views."
    got = [(text[m.start : m.end], m.holder.id) for m in mentions(text, 0, len(text), index, rules)]
    assert got == [
        ("CHINA", "CN"),
        ("Chinese Taipei", "TW"),
        ("US", "US"),
        ("Viet  Nam", "VN"),
        ("G-77/China", "g77"),
    ]


def test_mentions_of_representatives_and_unnamed(rules: EnglishRules) -> None:
    index = name_index(NAMES, rules)
    text = (
        "the representative of Nigeria, Japan's delegation and several parties and one delegation"
    )
    got = [(text[m.start : m.end], m.holder) for m in mentions(text, 0, len(text), index, rules)]
    assert got == [
        ("the representative of Nigeria", economy("NG")),
        ("Japan's delegation", economy("JP")),
        ("several parties", Holder("unnamed", "unnamed", "some")),
        ("one delegation", Holder("unnamed", "unnamed", "one")),
    ]


# --------------------------------------------------------------------------- 3–6. steps


def test_verbs_not_nouns_or_passives(rules: EnglishRules) -> None:
    text = "The proposed text, a proposal on Y and the request were supported by Japan."
    assert verb_matches(text, 0, len(text), rules) == []


def test_negation_flips_the_cue(rules: EnglishRules) -> None:
    for text, stance in [
        ("Japan did not support X", "opposes"),
        ("Japan did not fully support X", "opposes"),
        ("Japan did not oppose X", "concedes"),
        ("Japan could not accept X", "opposes"),
        ("Japan did not object to X", "concedes"),
        ("Japan withdrew its objection to X", "concedes"),
        ("Japan showed flexibility on X", "concedes"),
        ("Japan was not ready to discuss X", "reserves"),
        ("Japan needed more time on X", "reserves"),
        ("Japan questioned X", "reserves"),
        ("Japan noted reservations about X", "reserves"),
        ("Japan took no position on X", "no-position"),
        ("Japan did not express a view on X", "no-position"),
        ("Japan tabled X", "proposes"),
        ("Japan urged X", "proposes"),
        ("Japan favoured X", "supports"),
        ("Japan cautioned against X", "opposes"),
    ]:
        index = name_index(NAMES, rules)
        found = mentions(text, 0, len(text), index, rules)
        verbs = verb_matches(text, 0, len(text), rules, found)
        assert verbs and stance_of(verbs[0]) == stance, text


def test_did_not_propose_has_no_stance(rules: EnglishRules) -> None:
    drafted, review = read("Japan did not propose any text.", rules)
    assert drafted == [] and review == []


def test_subject_shapes(rules: EnglishRules) -> None:
    index = name_index(NAMES, rules)

    def who(text: str, verb: str):
        found = mentions(text, 0, len(text), index, rules)
        return subject(text, 0, text.index(verb), found, rules)

    assert [
        m.holder.id for m in who("Following Japan's remarks, Brazil proposed", "proposed").heads
    ] == ["BR"]
    assert [
        m.holder.id for m in who("In response to Japan, Brazil proposed", "proposed").heads
    ] == ["BR"]
    far = who("Japan, recalling its long history of work on the matter, proposed", "proposed")
    assert far.rule == "en.subject-far" and far.confidence == 0.5
    assert who("They also proposed", "proposed").reference == "they"
    assert who("The Chair proposed", "proposed").non_holder
    assert who("TUVALU said", "said").unknown == "TUVALU"


def test_target_is_verbatim_and_short(rules: EnglishRules) -> None:
    text = "proposed deleting the reference to loss and damage, noting the history"
    s, e = target_span(text, len("proposed"), len(text), rules)
    assert text[s:e] == "deleting the reference to loss and damage"
    text = "called for " + "a very long phrase " * 10
    s, e = target_span(text, len("called for"), len(text), rules)
    assert e - s <= 80 and text[e] == " " and text[s:e].startswith("a very")
    for stop in ["; X", " and stressed Y", ", saying Y"]:
        text = "proposed that the fund be doubled" + stop
        s, e = target_span(text, len("proposed"), len(text), rules)
        assert text[s:e] == "the fund be doubled"


def test_resolve_reference(rules: EnglishRules) -> None:
    jp, br = economy("JP"), economy("BR")
    assert resolve_reference("it", (jp,), rules) == (jp,)
    assert resolve_reference("it", (jp, br), rules) is None
    assert resolve_reference("they", (jp, br), rules) == (jp, br)
    assert resolve_reference("they", (jp,), rules) is None
    assert resolve_reference("both", (jp, br, economy("CN")), rules) is None
    assert resolve_reference("they", (Holder("forum", "g77"),), rules) == (Holder("forum", "g77"),)


# --------------------------------------------------------------------------- the whole reading


def test_named_subject(rules: EnglishRules) -> None:
    (d,), _ = read("The United States proposed deleting the reference to loss and damage.", rules)
    assert (d.holder.id, d.stance, d.rule, d.confidence) == (
        "US",
        "proposes",
        "en.subject-verb",
        0.9,
    )
    assert d.target_label == "deleting the reference to loss and damage"


def test_supported_by_shares_the_stance(rules: EnglishRules) -> None:
    drafted, _ = read("CHINA, supported by INDIA, opposed the proposal.", rules)
    by = {d.holder.id: d for d in drafted}
    assert stances(drafted) == {("CN", "opposes"), ("IN", "opposes")}
    assert by["IN"].responds_to == "CN" and by["IN"].rule == "en.supported-by"
    assert by["CN"].responds_to is None


def test_supported_by_a_proposal_supports_it(rules: EnglishRules) -> None:
    drafted, _ = read("CHINA, supported by INDIA and SAUDI ARABIA, proposed a new annex.", rules)
    assert stances(drafted) == {("CN", "proposes"), ("IN", "supports"), ("SA", "supports")}
    assert {d.responds_to for d in drafted if d.holder.id != "CN"} == {"CN"}
    assert {d.target_label for d in drafted} == {"a new annex"}


def test_trailing_supported_and_opposed_by(rules: EnglishRules) -> None:
    text = "AUSTRALIA proposed deleting the text, supported by NORWAY, and opposed by CHINA."
    drafted, _ = read(text, rules)
    assert stances(drafted) == {("AU", "proposes"), ("NO", "supports"), ("CN", "opposes")}
    assert {d.responds_to for d in drafted} == {None, "AU"}
    assert {d.target_label for d in drafted} == {"deleting the text"}
    (quote,) = {text[d.start : d.end] for d in drafted}
    assert quote == text


def test_with_list(rules: EnglishRules) -> None:
    drafted, _ = read("The EU, with Norway and Switzerland, called for stronger rules.", rules)
    assert stances(drafted) == {("eu", "proposes"), ("NO", "proposes"), ("CH", "proposes")}
    eu = next(d for d in drafted if d.holder.id == "eu")
    assert set(eu.shared_with) == {"NO", "CH"}
    drafted, _ = read("Japan supported the text, with Brazil and Korea.", rules)
    assert stances(drafted) == {("JP", "supports"), ("BR", "supports"), ("KR", "supports")}
    assert {d.target_label for d in drafted} == {"the text"}


def test_listed_subject(rules: EnglishRules) -> None:
    drafted, _ = read("Australia, New Zealand and Korea called for more time.", rules)
    assert stances(drafted) == {("AU", "proposes"), ("NZ", "proposes"), ("KR", "proposes")}
    assert len({(d.start, d.end) for d in drafted}) == 1
    assert set(drafted[0].shared_with) == {"NZ", "KR"}


def test_representative_and_behalf(rules: EnglishRules) -> None:
    (d,), _ = read("The representative of Nigeria said that the text was unbalanced.", rules)
    assert (d.holder.id, d.stance, d.rule) == ("NG", None, "en.representative-of")
    (d,), _ = read("The delegate of Nigeria said that it could accept the text.", rules)
    assert (d.holder.id, d.stance, d.target_label) == ("NG", "concedes", "the text")
    for text in [
        "Nigeria, on behalf of the African Group, proposed a new annex.",
        "Speaking on behalf of the African Group, Nigeria proposed a new annex.",
    ]:
        (d,), _ = read(text, rules)
        assert (d.holder.id, d.stance, d.rule) == ("african-group", "proposes", "en.on-behalf")
    (d,), _ = read("Japan's delegation supported the text.", rules)
    assert (d.holder.id, d.rule) == ("JP", "en.representative-of")


def test_unnamed_members(rules: EnglishRules) -> None:
    (d,), _ = read("Some members expressed concern about the timeline.", rules)
    assert d.holder == Holder("unnamed", "unnamed", "some")
    assert (d.stance, d.target_label) == ("reserves", "the timeline")
    (d,), _ = read("One delegation questioned the budget.", rules)
    assert d.holder.plurality == "one" and d.stance == "reserves"


def test_negated_statements(rules: EnglishRules) -> None:
    assert stances(read("Japan did not support the new draft.", rules)[0]) == {("JP", "opposes")}
    assert stances(read("Canada did not object to the text.", rules)[0]) == {("CA", "concedes")}


def test_unknown_holder_is_reviewed_not_guessed(rules: EnglishRules) -> None:
    for text, name in [
        ("Japan proposed a text. Freedonia proposed a new article.", "Freedonia"),
        ("Japan proposed a text. TUVALU said the text was weak.", "TUVALU"),
        (
            "Japan proposed a text. The Republic of Freedonia proposed a fund.",
            "Republic of Freedonia",
        ),
    ]:
        drafted, review = read(text, rules)
        assert stances(drafted) == {("JP", "proposes")}
        assert [r.message for r in review] == [f"unknown holder: {name}"]


def test_collective_and_chair(rules: EnglishRules) -> None:
    drafted, review = read("Members agreed to defer the item.", rules)
    assert drafted == [] and [r.rule for r in review] == ["en.collective"]
    drafted, review = read("The Chair summarised the discussion. The Secretariat reported.", rules)
    assert drafted == [] and review == []


def test_references(rules: EnglishRules) -> None:
    text = "Japan and Brazil proposed a joint text. They also supported the budget."
    drafted, _ = read(text, rules)
    later = [d for d in drafted if d.stance == "supports"]
    assert {d.holder.id for d in later} == {"JP", "BR"}
    assert {(d.rule, d.confidence) for d in later} == {("en.reference", 0.6)}
    drafted, review = read("Japan proposed a text. It also supported Y.", rules)
    assert stances(drafted) == {("JP", "proposes"), ("JP", "supports")}
    drafted, review = read(
        "Japan proposed a text, while Brazil opposed it. It also supported the fund.", rules
    )
    assert ("JP", "supports") not in stances(drafted)
    assert [r.message for r in review] == ["unresolved reference: 'it'"]
    drafted, review = read("Freedonia proposed a text. It also supported the fund.", rules)
    assert drafted == [] and len(review) == 2


def test_same_subject_and_contrast(rules: EnglishRules) -> None:
    drafted, _ = read("Japan supported X and opposed Y.", rules)
    assert [(d.holder.id, d.stance, d.target_label, d.rule) for d in drafted] == [
        ("JP", "supports", "X", "en.subject-verb"),
        ("JP", "opposes", "Y", "en.same-subject"),
    ]
    drafted, _ = read("Japan supported the draft, while Brazil opposed it.", rules)
    assert [(d.holder.id, d.stance, d.target_label) for d in drafted] == [
        ("JP", "supports", "the draft"),
        ("BR", "opposes", "the draft"),
    ]


def test_supporting_another_holders_proposal(rules: EnglishRules) -> None:
    text = "Japan proposed deleting paragraph 4. Brazil supported Japan's proposal."
    drafted, _ = read(text, rules)
    br = next(d for d in drafted if d.holder.id == "BR")
    assert (br.stance, br.responds_to, br.target_label) == (
        "supports",
        "JP",
        "deleting paragraph 4",
    )
    (d,), _ = read("Brazil supported the view of China on finance.", rules)
    assert (d.responds_to, d.target_label) == ("CN", "the view of China on finance")


def test_cue_as_noun_is_no_speech_act(rules: EnglishRules) -> None:
    drafted, review = read("The proposal of Japan on a proposed fund was discussed.", rules)
    assert drafted == [] and review == []


def test_hostile_text_does_not_crash(rules: EnglishRules) -> None:
    texts = [
        "",
        "\x00\x01\x02Japan\x07 proposed\x0b X.\x1b[0m",
        "\ue000\ue0010\ue001 proposed X.",
        "Japan proposed " + "x" * 200_000,
        "Japan, " * 5_000 + "proposed X.",
        "supported " * 5_000,
        "." * 10_000,
        "A" * 50_000 + " proposed X.",
    ]
    started = time.monotonic()
    for text in texts:
        read(text, rules)
    assert time.monotonic() - started < 30
