"""The UN General Assembly adapter: mapping, evidence offsets, alignment against a direct count,
and bad input (truncated file, unknown code, bad vote) leaving every store as it was."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from itertools import combinations
from pathlib import Path

import pytest

from kg.cli import cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "unga"
REAL = Path(__file__).resolve().parents[1] / "data" / "external" / "unga-votes"


def direct_alignment(
    votes_csv: Path, sessions: set[int], roll_calls_csv: Path
) -> dict[tuple[str, str], tuple]:
    """Pairs → (both, agree, disagree, score) counted straight from the CSV rows."""
    opener = gzip.open if votes_csv.suffix == ".gz" else open
    with opener(roll_calls_csv, "rt", encoding="utf-8", newline="") as f:  # type: ignore[operator]
        session_of = {int(r["rcid"]): int(r["session"]) for r in csv.DictReader(f)}
    votes: dict[str, dict[int, str]] = {}
    with opener(votes_csv, "rt", encoding="utf-8", newline="") as f:  # type: ignore[operator]
        for r in csv.DictReader(f):
            if r["country_code"] and session_of[int(r["rcid"])] in sessions:
                votes.setdefault(r["country_code"], {})[int(r["rcid"])] = r["vote"]
    out = {}
    for a, b in combinations(sorted(votes), 2):
        common = set(votes[a]) & set(votes[b])
        if not common:
            continue
        agree = sum(votes[a][t] == votes[b][t] for t in common)
        disagree = sum({votes[a][t], votes[b][t]} == {"yes", "no"} for t in common)
        both = len(common)
        out[(a, b)] = (
            both,
            agree,
            disagree,
            round((agree + 0.5 * (both - agree - disagree)) / both, 4),
        )
    return out


def run(runner, args: list[str]):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, args, catch_exceptions=False)


@pytest.fixture
def unga_args(tmp_path: Path, data_dir: Path) -> list[str]:
    return ["--data", str(data_dir), "--build-dir", str(tmp_path / "build"), "--quiet"]


def test_import_writes_one_graph_per_file(runner, unga_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run(runner, [*unga_args, "import", "unga", str(FIXTURE), "--sessions", "70-71"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split("\t") for line in result.output.splitlines())
    assert set(lines) == {"unga-topics", "unga-roll-calls", "unga-votes"}
    # 14 votes with a code, 17 quads each; 3 states × 4 (type, id, name in en and zh-Hant from
    # states.yaml); 10 attendances; the source report (9)
    assert int(lines["unga-votes"]) == 14 * 17 + 3 * 4 + 10 + 9
    files = sorted(p.name for p in (tmp_path / "build" / "imports").iterdir())
    assert files == [
        "unga-roll-calls.nq",
        "unga-topics.nq",
        "unga-votes.nq",
        "unga-votes.positions.npz",  # the votes as arrays, for the alignment at scale
    ]


def test_votes_map_to_positions_with_verbatim_rows(runner, unga_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run(runner, [*unga_args, "import", "unga", str(FIXTURE)]).exit_code == 0
    result = run(
        runner, [*unga_args, "query", "positions_of_holder", "-p", "holder=US", "-f", "json"]
    )
    rows = [r for r in json.loads(result.output) if r["meeting"].startswith("unga-")]
    got = {(r["meeting"], r["target"], r["stance"]) for r in rows}
    assert got == {
        ("unga-60", "unga-rc-301", "supports"),
        ("unga-70", "unga-rc-101", "opposes"),
        ("unga-70", "unga-rc-102", "supports"),
        ("unga-71", "unga-rc-201", "abstains"),
    }
    text = (FIXTURE / "un_votes.csv").read_text(encoding="utf-8")
    for r in rows:
        assert text[r["start"] : r["end"]] == r["quote"]
        assert r["source"] == "unga-votes"
    # every vote's evidence, including the non-ASCII name, is verbatim at its offsets
    from kg.store.disk import memory_store
    from kg.store.memory import OxigraphStore

    store = memory_store(OxigraphStore, sorted((tmp_path / "build" / "imports").glob("*.nq")))
    found = store.select("""PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact ?start ?end WHERE { ?q oa:exact ?exact . ?ev oa:hasSelector ?q , ?p .
        ?p oa:start ?start ; oa:end ?end }""")
    assert len(found) == 16
    for row in found:
        assert text[int(row["start"].value) : int(row["end"].value)] == row["exact"].value
    assert any("Côte d’Ivoire" in row["exact"].value for row in found)


def test_states_namibia_and_missing_codes(runner, unga_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run(runner, [*unga_args, "import", "unga", str(FIXTURE)]).exit_code == 0
    from kg.store.disk import memory_store
    from kg.store.memory import OxigraphStore

    store = memory_store(OxigraphStore, sorted((tmp_path / "build" / "imports").glob("*.nq")))
    states = store.select("""PREFIX kg: <https://w3id.org/meetkg/def#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?s ?label WHERE { ?s a kg:State ; rdfs:label ?label } ORDER BY ?s ?label""")
    # APEC economies (US, CN, RU) keep their reference nodes; others become kg:State, named
    # as states.yaml names them (the CSV writes Côte d’Ivoire, ISO 3166 Côte d'Ivoire)
    assert [(r["s"].value.rsplit("/", 1)[1], r["label"].value) for r in states] == [
        ("CI", "Côte d'Ivoire"),
        ("CI", "象牙海岸"),
        ("FR", "France"),
        ("FR", "法國"),
        ("NA", "Namibia"),
        ("NA", "納米比亞"),
    ]
    yemen = store.select("""PREFIX oa: <http://www.w3.org/ns/oa#>
        ASK { ?q oa:exact ?e FILTER(CONTAINS(?e, "Yemen")) }""")
    assert yemen.boolean is False


def test_alignment_equals_direct_count(runner, unga_args) -> None:  # type: ignore[no-untyped-def]
    assert (
        run(runner, [*unga_args, "import", "unga", str(FIXTURE), "--sessions", "70-71"]).exit_code
        == 0
    )
    result = run(
        runner,
        [
            *unga_args,
            "network",
            "alignment",
            "--holders",
            "US,CN,RU",
            "--since",
            "2015",
            "--until",
            "2016",
            "-f",
            "json",
        ],
    )
    rows = {
        (r["a"], r["b"]): (r["both"], r["agree"], r["disagree"], r["score"])
        for r in json.loads(result.output)
    }
    expected = direct_alignment(FIXTURE / "un_votes.csv", {70, 71}, FIXTURE / "un_roll_calls.csv")
    for pair in [("CN", "RU"), ("CN", "US"), ("RU", "US")]:
        assert rows[pair] == expected[pair]
    assert rows[("CN", "US")] == (3, 0, 2, 0.1667)  # no/yes, yes/no, abstain/yes
    assert rows[("CN", "RU")] == (3, 3, 0, 1.0)


def test_alignment_accepts_states_outside_apec(runner, unga_args) -> None:  # type: ignore[no-untyped-def]
    """A UN member that is not an APEC economy (France) is a holder like any other."""
    assert run(runner, [*unga_args, "import", "unga", str(FIXTURE)]).exit_code == 0
    result = run(runner, [*unga_args, "network", "alignment", "--holders", "US,FR", "-f", "json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    sessions = {
        int(line.split(",")[1])
        for line in (FIXTURE / "un_roll_calls.csv").read_text().splitlines()[1:]
    }
    expected = direct_alignment(FIXTURE / "un_votes.csv", sessions, FIXTURE / "un_roll_calls.csv")
    assert (row["a"], row["b"]) == ("FR", "US")
    assert (row["both"], row["agree"], row["disagree"], row["score"]) == expected[("FR", "US")]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"meeting": "meeting/unga-70"},
        {"issue": "issue/unga-topic-hr"},
        {"since": "2016"},
        {"meeting": "meeting/desg-2021-08"},
    ],
)
def test_position_table_gives_the_alignment_sparql_gives(tmp_path, data_dir, filters) -> None:  # type: ignore[no-untyped-def]
    """The arrays written at import stand for the votes graph: the same pairs and counts as
    reading every position through ``position_edges`` (the seed's positions included)."""
    from kg import network as net
    from kg.adapters.unga import import_unga, read_economy_codes
    from kg.graph import compiled_nquads
    from kg.store.disk import memory_store
    from kg.store.memory import OxigraphStore

    report = import_unga(
        FIXTURE, tmp_path / "imports", None, read_economy_codes(data_dir / "reference")
    )
    nq = compiled_nquads(data_dir, tmp_path / "build")
    store = memory_store(OxigraphStore, [nq, *(g.path for g in report.graphs)])
    assert set(store.position_tables) == {"https://w3id.org/meetkg/id/graph/unga-votes"}
    f = net.Filters(**filters)
    fast = net.alignment_rows(net.alignment_observations(store, f))
    some = net.positions_for(store, f)
    store.position_tables = {}
    every = net.filter_positions(net.extract_positions(store), f)
    slow = net.alignment(every)
    assert fast == slow
    assert some == every
    assert fast  # every filter above keeps some pairs


@pytest.mark.slow
@pytest.mark.skipif(not REAL.is_dir(), reason="data/external/unga-votes is missing")
def test_alignment_on_real_sessions_equals_direct_count(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kg.adapters.unga import import_unga
    from kg.network import alignment_counts, stance_code
    from kg.store.disk import memory_store
    from kg.store.memory import OxigraphStore

    report = import_unga(REAL, tmp_path, (73, 74))
    store = memory_store(OxigraphStore, [g.path for g in report.graphs])
    rows = store.select("""PREFIX kg: <https://w3id.org/meetkg/def#>
        SELECT ?h ?t ?stance WHERE { ?p a kg:Position ; kg:holder ?h ; kg:target ?t ;
        kg:stance ?stance }""")
    side = {"supports": "for", "opposes": "against", "abstains": "neither"}
    m = alignment_counts(
        [r["h"].value.rsplit("/", 1)[1] for r in rows],
        [r["t"].value for r in rows],
        [
            stance_code(
                r["stance"].value.rsplit("/", 1)[1], side[r["stance"].value.rsplit("/", 1)[1]]
            )
            for r in rows
        ],
    )
    expected = direct_alignment(REAL / "un_votes.csv.gz", {73, 74}, REAL / "un_roll_calls.csv.gz")
    index = {h: i for i, h in enumerate(m.holders)}
    score = m.score()
    for a, b in [("CN", "US"), ("FR", "GB"), ("IL", "US"), ("BR", "IN"), ("NA", "ZA")]:
        i, j = index[a], index[b]
        got = (
            int(m.both[i, j]),
            int(m.agree[i, j]),
            int(m.disagree[i, j]),
            round(float(score[i, j]), 4),
        )
        assert got == expected[(a, b)]


# --------------------------------------------------------------------------- bad input


def broken_copy(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    src = tmp_path / "broken"
    shutil.copytree(FIXTURE, src)
    path = src / "un_votes.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return src


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace("102,China,CN,no", "102,China,CN,maybe"),
            "un_votes.csv:9: vote 'maybe' is not yes, no or abstain",
        ),
        (
            lambda t: t.replace("201,Russia,RU,yes", "201,Russia,R5,yes"),
            "un_votes.csv:15: unknown country code 'R5' for 'Russia' (expected ISO 3166-1 alpha-2)",
        ),
        (
            lambda t: t[: t.index("201,China") + 9],
            "un_votes.csv:14: expected 4 fields (rcid,country,country_code,vote), found 2: '201,China' (file truncated?)",
        ),
        (
            lambda t: t.replace("301,China,CN,yes", "999,China,CN,yes"),
            "un_votes.csv:18: roll call 999 is not in the roll-call file",
        ),
    ],
    ids=["bad-vote", "unknown-code", "truncated", "unknown-roll-call"],
)
def test_bad_input_names_file_and_line_and_changes_nothing(
    runner, unga_args, tmp_path, edit, message
) -> None:  # type: ignore[no-untyped-def]
    assert (
        run(runner, [*unga_args, "import", "unga", str(FIXTURE), "--sessions", "70"]).exit_code == 0
    )
    imports = tmp_path / "build" / "imports"
    before = {p.name: p.read_bytes() for p in imports.iterdir()}
    result = run(runner, [*unga_args, "import", "unga", str(broken_copy(tmp_path, edit))])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in imports.iterdir()} == before  # no temp files either


def test_truncated_gzip_is_reported(runner, unga_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "gz"
    shutil.copytree(FIXTURE, src)
    packed = gzip.compress((src / "un_votes.csv").read_bytes() * 40)
    (src / "un_votes.csv").unlink()
    (src / "un_votes.csv.gz").write_bytes(packed[: len(packed) // 2])
    result = run(runner, [*unga_args, "import", "unga", str(src)])
    assert result.exit_code == 1
    assert (
        "un_votes.csv.gz:" in result.output
        and "truncated or corrupt compressed file" in result.output
    )


def test_bad_input_leaves_the_persistent_store_as_it_was(runner, unga_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    ok = run(
        runner,
        [*unga_args, "--store", str(store), "import", "unga", str(FIXTURE), "--sessions", "70"],
    )
    assert ok.exit_code == 0, ok.output
    live = (store / "current").resolve()
    manifest = (live / "manifest.json").read_text()
    bad = broken_copy(tmp_path, lambda t: t.replace("102,China,CN,no", "102,China,CN,maybe"))
    result = run(runner, [*unga_args, "--store", str(store), "import", "unga", str(bad)])
    assert result.exit_code == 1 and "vote 'maybe'" in result.output
    assert (store / "current").resolve() == live
    assert (live / "manifest.json").read_text() == manifest
    assert sorted(p.name for p in store.iterdir()) == ["current", live.name]


def test_store_import_then_alignment(runner, unga_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    first = run(
        runner,
        [*unga_args, "--store", str(store), "import", "unga", str(FIXTURE), "--sessions", "70-71"],
    )
    assert first.exit_code == 0, first.output
    again = run(
        runner,
        [*unga_args, "--store", str(store), "import", "unga", str(FIXTURE), "--sessions", "70-71"],
    )
    assert again.output.count("unchanged") == 3
    from kg.store.disk import DiskStore

    tables = DiskStore.open(store).position_tables  # kept with the votes graph
    assert list(tables) == ["https://w3id.org/meetkg/id/graph/unga-votes"]
    assert tables["https://w3id.org/meetkg/id/graph/unga-votes"].is_file()
    result = run(
        runner,
        [
            *unga_args,
            "--store",
            str(store),
            "network",
            "alignment",
            "--holders",
            "US,CN",
            "--since",
            "2015",
            "--until",
            "2016",
            "-f",
            "json",
        ],
    )
    assert json.loads(result.output) == [
        {
            "a": "CN",
            "b": "US",
            "both": 3,
            "agree": 0,
            "disagree": 2,
            "score": 0.1667,
            "targets": [
                "unga-rc-101",
                "unga-rc-102",
                "unga-rc-201",
            ],  # the roll calls both voted on
        }
    ]


def test_bad_session_range_is_a_usage_error(runner, unga_args) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [*unga_args, "import", "unga", str(FIXTURE), "--sessions", "74-60"])
    assert result.exit_code == 2
    assert "is not a session range" in result.output


def test_economy_brief_scoped_to_a_forum_ignores_the_votes(runner, unga_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`kg brief economy US --forum DESG` beside the UN votes is the brief of the DESG record
    alone, byte for byte; without --forum the votes are in it."""
    before = run(runner, [*unga_args, "brief", "economy", "US", "--lang", "en"])
    assert before.exit_code == 0, before.output
    assert run(runner, [*unga_args, "import", "unga", str(FIXTURE)]).exit_code == 0
    scoped = run(runner, [*unga_args, "brief", "economy", "US", "--lang", "en", "--forum", "DESG"])
    assert scoped.exit_code == 0, scoped.output
    assert scoped.output == before.output
    everything = run(runner, [*unga_args, "brief", "economy", "US", "--lang", "en"])
    assert "unga-70" in everything.output and "unga-70" not in before.output
    none = run(runner, [*unga_args, "brief", "economy", "US", "--since", "2999"])
    assert none.exit_code != 0
    assert "No meeting on record matches" in none.output
    wrong = run(runner, [*unga_args, "brief", "meeting", "desg-2021-08", "--forum", "DESG"])
    assert wrong.exit_code == 2


def test_economy_brief_beside_votes_reads_the_tables(tmp_path, data_dir) -> None:  # type: ignore[no-untyped-def]
    """With a position table the economy brief reads the votes of its holder only and counts
    the others from the table; without it, every position of every meeting. Same brief,
    except that the vote pairs are counted, not listed."""
    from dataclasses import replace

    from kg import network as net
    from kg.adapters.unga import import_unga, read_economy_codes
    from kg.briefing import build_economy_brief
    from kg.graph import compiled_nquads
    from kg.iris import ID_BASE
    from kg.store.disk import memory_store
    from kg.store.memory import OxigraphStore

    report = import_unga(
        FIXTURE, tmp_path / "imports", None, read_economy_codes(data_dir / "reference")
    )
    nq = compiled_nquads(data_dir, tmp_path / "build")
    store = memory_store(OxigraphStore, [nq, *(g.path for g in report.graphs)])
    us = ID_BASE + "economy/US"
    fast = build_economy_brief(store, us)
    tables, store.position_tables = store.position_tables, {}
    slow = build_economy_brief(store, us)
    store.position_tables = tables

    sessions = [m.id for m in fast.tallied]
    assert sessions and all(s.startswith("unga-") for s in sessions) and slow.tallied == ()
    assert fast.positions == slow.positions
    assert any(p.meeting.id in sessions for p in fast.positions)
    assert fast.statements == slow.statements and fast.proposals == slow.proposals
    assert fast.counterparts == slow.counterparts
    for key in ("agreed", "disagreed"):
        listed = [r for r in getattr(slow, key) if r.mine.meeting.id not in sessions]
        assert list(getattr(fast, key)) == listed
    assert replace(fast, agreed=(), disagreed=(), tallied=()) == replace(
        slow, agreed=(), disagreed=(), tallied=()
    )

    # the counts are those of the alignment (votes and the seed report together) ...
    pairs = {(r["a"], r["b"]): r for r in net.alignment_rows(net.alignment_observations(store))}
    for c in fast.counterparts:
        row = pairs[tuple(sorted(("US", c.other.id)))]
        assert (c.both, c.agree, c.disagree, c.score) == (
            row["both"],
            row["agree"],
            row["disagree"],
            row["score"],
        )
    # ... and where only votes are shared, those of a direct count on the CSV
    with open(FIXTURE / "un_roll_calls.csv", encoding="utf-8") as f:
        every_session = {int(r["session"]) for r in csv.DictReader(f)}
    direct = direct_alignment(
        FIXTURE / "un_votes.csv", every_session, FIXTURE / "un_roll_calls.csv"
    )
    fr = next(c for c in fast.counterparts if c.other.id == "FR")
    assert (fr.both, fr.agree, fr.disagree, fr.score) == direct[("FR", "US")]
    assert fr.other.label.en == "France"  # a state outside APEC carries its UN name


def test_issue_and_prep_briefs_beside_votes(runner, unga_args, tmp_path, data_dir) -> None:  # type: ignore[no-untyped-def]
    """A brief on a report's issue, or the pack for its forum, reads no vote: the same bytes
    before and after the import. A brief on a vote topic reads the sessions that voted on
    it: the same brief as without the position table."""
    from kg.adapters.unga import import_unga, read_economy_codes
    from kg.briefing import build_issue_brief, build_prep_brief
    from kg.graph import compiled_nquads
    from kg.iris import ID_BASE
    from kg.store.disk import memory_store
    from kg.store.memory import OxigraphStore

    commands = [
        ["brief", "issue", "tor-subsidiary-bodies", "-f", "json"],
        ["brief", "prep", "--forum", "DESG", "--lang", "en"],
    ]
    before = [run(runner, [*unga_args, *c]).output for c in commands]
    assert run(runner, [*unga_args, "import", "unga", str(FIXTURE)]).exit_code == 0
    assert [run(runner, [*unga_args, *c]).output for c in commands] == before

    report = import_unga(
        FIXTURE, tmp_path / "imports", None, read_economy_codes(data_dir / "reference")
    )
    store = memory_store(
        OxigraphStore,
        [compiled_nquads(data_dir, tmp_path / "b"), *(g.path for g in report.graphs)],
    )
    topic = ID_BASE + "issue/unga-topic-hr"  # human rights: one roll call, in session 70
    fast = build_issue_brief(store, topic), build_prep_brief(store)
    store.position_tables = {}
    slow = build_issue_brief(store, topic), build_prep_brief(store)
    assert fast == slow
    assert {p.meeting.id for p in fast[0].positions} == {"unga-70"}
    assert {p.target.id for p in fast[0].positions} == {"unga-rc-102"}


def test_votes_map_to_stances_of_the_vocabulary() -> None:
    """Each vote becomes a stance of ontology/vocab (kg.vocab, checked against the TTL by
    test_vocab), and the position table codes it by that stance's side."""
    from kg import vocab
    from kg.adapters.unga import STANCES
    from kg.positions import AGAINST, FOR, stance_code

    assert set(STANCES.values()) <= set(vocab.STANCES)
    codes = {v: stance_code(s, vocab.side_of(s)) for v, s in STANCES.items()}
    assert codes["yes"] == FOR and codes["no"] == AGAINST
    assert codes["abstain"] not in (FOR, AGAINST, 0)
