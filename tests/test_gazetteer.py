"""Holders beyond APEC: the generated state registry, the organisations and groups, the name
lookup for report readers, and states in records and in the graph."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.build import REFERENCE_GRAPH, build_dataset, is_simplified
from kg.errors import RecordError, UnknownEntity
from kg.gazetteer import clashes, find, holder_names, is_abbreviation, lookup
from kg.namespaces import KG
from kg.records import Corpus, load_corpus, load_reference

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/meetkg/id/"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_states", ROOT / "scripts" / "gen_states.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(data_dir: Path) -> Corpus:
    reference, files = load_reference(data_dir)
    return Corpus(reference, files, [])


@pytest.fixture(scope="module")
def zh(corpus: Corpus) -> dict[str, tuple[str, str]]:
    return holder_names(corpus, "zh")


@pytest.fixture(scope="module")
def en(corpus: Corpus) -> dict[str, tuple[str, str]]:
    return holder_names(corpus, "en")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- the registry


def test_generator_reproduces_states_yaml(data_dir: Path) -> None:
    gen = _generator()
    current = (data_dir / "reference" / "states.yaml").read_text(encoding="utf-8")
    made_with = current.splitlines()[2] + current.splitlines()[4]
    wanted = gen.header().splitlines()[2] + gen.header().splitlines()[4]
    if made_with != wanted:  # a newer CLDR or ISO release: regenerate, review the diff, commit
        pytest.skip(
            f"states.yaml comes from other Babel/pycountry versions than installed: {wanted}"
        )
    assert gen.generate(data_dir / "reference") == current
    assert gen.main(["--check", "--reference", str(data_dir / "reference")]) == 0


def test_every_un_member_has_three_names(corpus: Corpus, data_dir: Path) -> None:
    overlay = (data_dir / "reference" / "state-aliases.yaml").read_text(encoding="utf-8")
    block = overlay.split("un_members: >-\n", 1)[1].split("\n\n", 1)[0]
    members = set(block.split())
    assert len(members) == 193
    states = {s["code"]: s for s in corpus.reference["states"]}
    economies = {e["code"]: e for e in corpus.reference["economies"]}
    assert members <= set(states) | set(economies)
    assert not set(states) & set(economies)  # APEC economies are not repeated
    assert {"VA", "PS"} <= set(states)
    for code in members:
        if code in states:
            name = states[code]["name"]
            assert name["en"] and name["zh-Hant"] and name["zh-Hans"], code
            assert not is_simplified(name["zh-Hant"]), code
        else:  # an APEC economy: its Simplified forms are among its aliases
            item = economies[code]
            assert item["name"]["en"] and item["name"]["zh-Hant"], code
            assert item["aliases_en"] is not None, code
            if any(is_simplified(c) for c in item["name"]["zh-Hant"]):
                assert any(is_simplified(a) for a in item["aliases"]), code
    assert sum(s["status"] == "un-member" for s in states.values()) == 193 - len(
        members & set(economies)
    )


def test_registry_has_every_group(corpus: Corpus, zh: dict, en: dict) -> None:
    ids = {str(o["id"]) for o in corpus.reference["organisations"]}
    assert {
        "eu", "asean", "asean-secretariat", "african-group", "g77-china", "ldc-group", "acp",
        "aosis", "lmdc", "ailac", "arab-group", "eig", "umbrella-group", "basic", "alba",
        "cairns-group", "g10", "g33", "g90", "wto-secretariat", "wto-chair", "un-secretariat",
        "oecd", "abac",
    } <= ids  # fmt: skip
    chair = next(o for o in corpus.reference["organisations"] if o["id"] == "wto-chair")
    assert "主席" not in chair["aliases"] and "Chair" not in chair["aliases_en"]
    generic = {
        "group",
        "members",
        "member",
        "chair",
        "secretariat",
        "會員",
        "成員",
        "主席",
        "秘書處",
    }
    for kind in ("states", "organisations"):
        for item in corpus.reference[kind]:
            if kind == "organisations" and item.get("graph") != "when-named":
                continue  # older APEC entries: apec-secretariat keeps 秘書處 for the seed report
            for alias in [*item.get("aliases", []), *item.get("aliases_en", [])]:
                assert alias.casefold() not in generic, (item.get("id"), alias)
    # the lookup leaves out the words whose holder depends on the meeting
    assert not generic & {n.casefold() for n in [*zh, *en]}


# --------------------------------------------------------------------------- the lookup


@pytest.mark.parametrize(
    ("name", "holder"),
    [
        ("奈及利亞", ("state", "NG")),
        ("尼日利亞", ("state", "NG")),
        ("尼日利亚", ("state", "NG")),
        ("尼日", ("state", "NE")),
        ("歐盟", ("organisation", "eu")),
        ("欧盟", ("organisation", "eu")),
        ("東協", ("organisation", "asean")),
        ("东盟", ("organisation", "asean")),
        ("77國集團", ("organisation", "g77-china")),
        ("凱恩斯集團", ("organisation", "cairns-group")),
        ("WTO秘書處", ("organisation", "wto-secretariat")),
        ("中華臺北", ("economy", "TW")),
        ("中華台北", ("economy", "TW")),
        ("中国台北", ("economy", "TW")),
        ("俄罗斯", ("economy", "RU")),
        ("美国", ("economy", "US")),
        ("中非", ("state", "CF")),
        ("教廷", ("state", "VA")),
        ("剛果民主共和國", ("state", "CD")),
    ],
)
def test_chinese_names(zh: dict, name: str, holder: tuple[str, str]) -> None:
    assert zh[name] == holder


@pytest.mark.parametrize(
    ("name", "holder"),
    [
        ("European Union", ("organisation", "eu")),
        ("EU", ("organisation", "eu")),
        ("Chinese Taipei", ("economy", "TW")),
        ("Russian Federation", ("economy", "RU")),
        ("russia", ("economy", "RU")),
        ("USA", ("economy", "US")),
        ("Viet Nam", ("economy", "VN")),
        ("Vietnam", ("economy", "VN")),
        ("PNG", ("economy", "PG")),
        ("Nigeria", ("state", "NG")),
        ("United Kingdom", ("state", "GB")),
        ("UK", ("state", "GB")),
        ("Iran (Islamic Republic of)", ("state", "IR")),
        ("Cote d'Ivoire", ("state", "CI")),
        ("State of Palestine", ("state", "PS")),
        ("Holy See", ("state", "VA")),
        ("G-77/China", ("organisation", "g77-china")),
        ("African Group of Negotiators", ("organisation", "african-group")),
        ("AOSIS", ("organisation", "aosis")),
        ("Least Developed Countries", ("organisation", "ldc-group")),
        ("OACPS", ("organisation", "acp")),
    ],
)
def test_english_names(en: dict, name: str, holder: tuple[str, str]) -> None:
    assert lookup(en, name) == holder


def test_apec_economies_win_and_no_name_is_shared(corpus: Corpus, en: dict, zh: dict) -> None:
    assert clashes(corpus, "zh") == []
    assert clashes(corpus, "en") == []
    assert zh["中國"] == ("economy", "CN") and en["China"] == ("economy", "CN")
    # never the ISO name of Chinese Taipei
    assert "Taiwan, Province of China" not in en and lookup(en, "Taiwan") == ("economy", "TW")


def test_abbreviations_match_only_as_written(en: dict) -> None:
    assert is_abbreviation("US") and is_abbreviation("BASIC") and is_abbreviation("G-77")
    assert not is_abbreviation("Chinese Taipei")
    assert lookup(en, "us") is None and lookup(en, "basic") is None
    assert [h for _, _, h in find(en, "Let us cover basic needs.")] == []
    assert [h for _, _, h in find(en, "The US and BASIC spoke.")] == [
        ("economy", "US"),
        ("organisation", "basic"),
    ]


def test_leftmost_longest_keeps_lookalike_names_apart(en: dict, zh: dict) -> None:
    text = (
        "Niger, Nigeria, Guinea, Papua New Guinea, Equatorial Guinea, Guinea-Bissau, Dominica, "
        "the Dominican Republic, the Congo and the Democratic Republic of the Congo spoke."
    )
    assert [h[1] for _, _, h in find(en, text)] == [
        "NE", "NG", "GN", "PG", "GQ", "GW", "DM", "DO", "CG", "CD",
    ]  # fmt: skip
    text = "歐盟表示…；奈及利亞強調…；尼日、赤道幾內亞、幾內亞、巴布亞紐幾內亞、南蘇丹及蘇丹"
    assert [h[1] for _, _, h in find(zh, text)] == [
        "eu", "NG", "NE", "GQ", "GN", "PG", "SS", "SD",
    ]  # fmt: skip
    # 中非 is the Central African Republic as a whole word only; inside 中非合作 it is
    # China-Africa, which a reader must tell by context (documented in kg.gazetteer)
    assert find(zh, "中非共和國")[0][1] == len("中非共和國")


# --------------------------------------------------------------------------- records and graph


def test_state_holder_validates_and_builds_to_a_state(mini_data: Path) -> None:
    path = mini_data / "meetings" / "mini-2021.yaml"
    edit(path, "    holder: CL\n", "    holder: NG\n")
    edit(path, "attendees: [CL, CN, RU, US]", "attendees: [CL, CN, NG, RU, US, eu]")
    corpus = load_corpus(mini_data)
    ds = build_dataset(corpus)
    ref = ds.graph(REFERENCE_GRAPH)
    ng = URIRef(ID + "economy/NG")
    assert (ng, RDF.type, KG.State) in ref
    assert (ng, DCTERMS.identifier, Literal("NG")) in ref
    assert set(ref.objects(ng, RDFS.label)) == {
        Literal("Nigeria", lang="en"),
        Literal("奈及利亞", lang="zh-Hant"),
        Literal("尼日利亚", lang="zh-Hans"),
    }
    meeting = ds.graph(URIRef(ID + "graph/000_c517f4e9d3fbb5d0"))
    assert (URIRef(ID + "statement/mini-2021/cl-opposes"), KG.holder, ng) in meeting
    # only the states and groups a record names are in the graph
    states = set(ref.subjects(RDF.type, KG.State))
    assert states == {ng}
    assert (URIRef(ID + "organisation/eu"), RDF.type, KG.Organisation) in ref
    assert (URIRef(ID + "organisation/aosis"), RDF.type, KG.Organisation) not in ref

    from kg.validate import validate_corpus

    report = validate_corpus(corpus)
    assert report.conforms, report.text()


def test_seed_graph_has_no_state_and_no_simplified_alias(data_dir: Path) -> None:
    ds = build_dataset(load_corpus(data_dir), with_ontology=False)
    ref = ds.graph(REFERENCE_GRAPH)
    assert not set(ref.subjects(RDF.type, KG.State))
    assert not any(
        isinstance(o, Literal) and is_simplified(str(o)) for o in ref.objects(None, None)
    )
    assert (URIRef(ID + "organisation/oecd"), RDF.type, KG.Organisation) in ref


def test_unknown_holder_still_names_file_and_line(mini_data: Path) -> None:
    path = mini_data / "meetings" / "mini-2021.yaml"
    edit(path, "    holder: CL\n", "    holder: XY\n")
    with pytest.raises(UnknownEntity) as err:
        load_corpus(mini_data)
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "- id: cl-opposes" in text
    )
    assert f"mini-2021.yaml:{line}: Unknown holder 'XY'" in str(err.value)


def test_state_registry_errors_name_file_and_line(mini_data: Path) -> None:
    states = mini_data / "reference" / "states.yaml"
    text = states.read_text(encoding="utf-8")
    line = text.splitlines().index("  - code: NG") + 1
    states.write_text(text.replace("  - code: NG\n", "  - code: US\n", 1), encoding="utf-8")
    with pytest.raises(RecordError, match=rf"states.yaml:{line}: code 'US' is already used by"):
        load_corpus(mini_data)
    states.write_text(
        text.replace("name: {en: Nigeria,", "name: {fr: Nigéria, en: Nigeria,", 1),
        encoding="utf-8",
    )
    with pytest.raises(RecordError, match=r"states.yaml:\d+: name has unknown language 'fr'"):
        load_corpus(mini_data)
    states.write_text(
        re.sub(r"aliases_en: \[Federal", "aliases_en: [奈及利亞, Federal", text), encoding="utf-8"
    )
    with pytest.raises(RecordError, match="aliases_en holds Chinese '奈及利亞'"):
        load_corpus(mini_data)
