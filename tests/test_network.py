"""The networkx projection, the alignment matrix, coalitions, brokers and GEXF/GraphML export.

Most tests run on a small meeting record written here (``net_store``), over the seed report's
text, whose alignment is counted by hand below; the last ones check the curated seed meeting.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import yaml

from kg import network as net

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<img src=x onerror="window.__kgXss=1"> href </script><script>window.__kgXss=2</script>'
"""A label that would run script if any view parsed it as HTML."""

ISSUES = {
    "issues": [
        {
            "id": "tor-2022-2025",
            "label": {"en": "DESG ToR 2022-2025", "zh-Hant": "DESG職權範圍"},
            "forum": "desg",
            "documents": ["tor-2022-2025"],
        },
        {
            "id": "tor-subsidiary-bodies",
            "label": {"en": "Subsidiary bodies in the ToR", "zh-Hant": "附屬子論壇"},
            "parent": "tor-2022-2025",
            "forum": "desg",
        },
        {
            "id": "aider-measurable-indicators",
            "label": {"en": "AIDER measurable indicators", "zh-Hant": "AIDER衡量指標"},
            "forum": "desg",
        },
        {
            "id": "cbpr-expansion-statement",
            "label": {"en": "CBPR expansion statement", "zh-Hant": "CBPR擴大聲明"},
            "forum": "dps",
        },
    ]
}
DOCUMENTS = {
    "documents": [
        {
            "id": "tor-2022-2025",
            "title": {"en": "DESG Terms of Reference 2022-2025", "zh-Hant": "DESG職權範圍文件"},
            "kind": "terms-of-reference",
            "by": "desg",
        },
    ]
}


def _st(sid, holder, stance, target, quote, **more):  # type: ignore[no-untyped-def]
    return {"id": sid, "holder": holder, "stance": stance, "target": target, "quote": quote, **more}


MEETING = {
    "status": "reviewed",
    "source": {"id": "000_c517f4e9d3fbb5d0", "language": "zh-Hant"},
    "meeting": {
        "id": "fx-2021-08",
        "forum": "desg",
        "label": {"en": "Fixture meeting", "zh-Hant": "測試會議"},
        "date": "2021-08",
        "chair": "vunnaporn-devahastin",
        "attendees": ["AU", "CL", "CN", "ID", "KR", "NZ", "PH", "RU", "TH", "TW", "US"],
    },
    "agenda": [
        {
            "id": "3",
            "section": "三",
            "title": {"en": "ToR", "zh-Hant": "職權範圍"},
            "issues": ["tor-2022-2025"],
        },
        {"id": "3.6", "section": "三(六)", "parent": "3", "title": {"en": "United States"}},
    ],
    "proposals": [
        {
            "id": "us-mention-subsidiary-bodies",
            "issue": "tor-subsidiary-bodies",
            "by": "US",
            "label": {"en": "Mention subsidiary bodies", "zh-Hant": "提及附屬子論壇"},
            "quote": "美國提案納入附屬子論壇相關文字",
        },
        {
            "id": "cn-name-dps",
            "issue": "tor-subsidiary-bodies",
            "by": "CN",
            "label": {"en": "Name the DPS", "zh-Hant": "指明DPS"},
            "quote": "應直接指出所屬子論壇的名稱",
        },
        {
            "id": "nz-simple-indicators",
            "issue": "aider-measurable-indicators",
            "by": "NZ",
            "label": {"en": HOSTILE, "zh-Hant": HOSTILE},
            "quote": "紐國認為數位議題涉及範圍廣泛",
        },
    ],
    "statements": [
        _st(
            "us-proposes",
            "US",
            "proposes",
            "us-mention-subsidiary-bodies",
            "因此提出在「任期與法定人數」中提及附屬子論壇",
            item="3.6",
            speaker="shannon-coe",
        ),
        _st(
            "ru-opposes", "RU", "opposes", "us-mention-subsidiary-bodies", "認為不該提及附屬子論壇"
        ),
        _st("cn-opposes-us", "CN", "opposes", "us-mention-subsidiary-bodies", "中國、俄羅斯反對"),
        _st(
            "cn-proposes",
            "CN",
            "proposes",
            "cn-name-dps",
            "中國表示文中提及「附屬子論壇」的用字過於模糊",
        ),
        _st(
            "cl-opposes",
            "CL",
            "opposes",
            "cn-name-dps",
            "智利反對中國之建議",
            responds_to=["cn-proposes"],
            en="Chile opposed China's suggestion.",
        ),
        _st(
            "us-concedes",
            "US",
            "concedes",
            "us-mention-subsidiary-bodies",
            "現美國展現彈性",
            item="3.6",
        ),
        _st(
            "ph-no-position",
            "PH",
            "no-position",
            "tor-subsidiary-bodies",
            "對於是否提及附屬子論壇亦無意見",
        ),
        _st(
            "nz-no-position",
            "NZ",
            "no-position",
            "tor-subsidiary-bodies",
            "紐國對於是否納入附屬子論壇無意見",
        ),
        _st(
            "au-supports",
            "AU",
            "supports",
            "aider-measurable-indicators",
            "澳洲表示強烈支持AIDER使用具體的衡量指標",
        ),
        _st(
            "nz-supports",
            "NZ",
            "supports",
            "aider-measurable-indicators",
            "紐西蘭亦非常支持發展衡量指標",
        ),
        _st(
            "th-supports",
            "TH",
            "supports",
            "aider-measurable-indicators",
            "泰國支持建立一套衡量指標的想法",
        ),
        _st(
            "id-supports",
            "ID",
            "supports",
            "aider-measurable-indicators",
            "印尼支持建立可衡量指標的理念",
        ),
        _st(
            "ru-opposes-indicators",
            "RU",
            "opposes",
            "aider-measurable-indicators",
            "不贊成新設指標",
            en=HOSTILE,
        ),
        _st(
            "kr-supports-nz",
            "KR",
            "supports",
            "nz-simple-indicators",
            "並贊同紐國建議",
            responds_to=["nz-supports"],
        ),
        _st(
            "tw-supports-nz",
            "TW",
            "supports",
            "aider-measurable-indicators",
            "我國國發會張處長發言認同紐西蘭的建議",
            responds_to=["nz-supports"],
            speaker="director-chang-ndc",
        ),
        _st(
            "members-oppose",
            "unnamed",
            "opposes",
            "cbpr-expansion-statement",
            "因有會員反對",
            plurality="one-or-more",
        ),
    ],
    "outcomes": [
        {
            "id": "no-dps",
            "target": "tor-subsidiary-bodies",
            "status": "consensus",
            "quote": "經濟體達成共識",
            "start": 1903,
        }
    ],
}

EXPECTED_PAIRS = {
    # (a, b): (both, agree, disagree), counted by hand from MEETING
    ("CN", "RU"): (1, 1, 0),  # both oppose the US proposal
    ("CN", "US"): (1, 0, 0),  # US conceded (its last stance): neither side
    ("RU", "US"): (1, 0, 0),
    ("CL", "CN"): (1, 0, 1),  # Chile opposed China's proposal
    ("NZ", "PH"): (1, 1, 0),  # both no position on subsidiary bodies
    ("AU", "ID"): (1, 1, 0),
    ("AU", "NZ"): (1, 1, 0),
    ("AU", "TH"): (1, 1, 0),
    ("AU", "TW"): (1, 1, 0),
    ("ID", "NZ"): (1, 1, 0),
    ("ID", "TH"): (1, 1, 0),
    ("ID", "TW"): (1, 1, 0),
    ("NZ", "TH"): (1, 1, 0),
    ("NZ", "TW"): (1, 1, 0),
    ("TH", "TW"): (1, 1, 0),
    ("AU", "RU"): (1, 0, 1),
    ("ID", "RU"): (1, 0, 1),
    ("NZ", "RU"): (1, 0, 1),
    ("RU", "TH"): (1, 0, 1),
    ("RU", "TW"): (1, 0, 1),
    ("KR", "NZ"): (1, 1, 0),  # only through Korea's explicit response to New Zealand
}


def write_fixture(root: Path) -> Path:
    """A data folder: the repository's reference data and source, and the fixture meeting."""
    data = root / "data"
    (data / "meetings").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "sources", data / "sources")
    shutil.copytree(ROOT / "data" / "reference", data / "reference")
    for name, doc in (("issues", ISSUES), ("documents", DOCUMENTS)):
        (data / "reference" / f"{name}.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8"
        )
    (data / "meetings" / "fx-2021-08.yaml").write_text(
        yaml.safe_dump(MEETING, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return data


def open_store(data: Path, build: Path):  # type: ignore[no-untyped-def]
    from kg.graph import compiled_nquads
    from kg.store.memory import OxigraphStore

    return OxigraphStore.from_nquads(compiled_nquads(data, build))


@pytest.fixture(scope="module")
def net_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("net"))


@pytest.fixture(scope="module")
def net_store(net_data: Path):  # type: ignore[no-untyped-def]
    return open_store(net_data, net_data.parent / "build")


@pytest.fixture(scope="module")
def positions(net_store) -> list[net.PositionEdge]:  # type: ignore[no-untyped-def]
    return net.extract_positions(net_store)


# --------------------------------------------------------------------------- numeric core


def test_alignment_counts_score_formula() -> None:
    # four roll calls: A and B vote yes/yes, yes/no, yes/abstain, abstain/abstain
    m = net.alignment_counts(
        ["A", "B"] * 4, ["r1", "r1", "r2", "r2", "r3", "r3", "r4", "r4"], [1, 1, 1, -1, 1, 5, 5, 5]
    )
    assert m.holders == ("A", "B")
    assert (m.both[0, 1], m.agree[0, 1], m.disagree[0, 1]) == (4, 2, 1)
    assert m.score()[0, 1] == pytest.approx((2 + 0.5 * (4 - 2 - 1)) / 4)
    assert np.array_equal(m.both, m.both.T) and np.array_equal(m.disagree, m.disagree.T)


def test_alignment_counts_last_stance_wins_and_zero_is_ignored() -> None:
    m = net.alignment_counts(["A", "A", "B", "C"], ["t", "t", "t", "t"], [1, -1, -1, 0])
    i = {h: k for k, h in enumerate(m.holders)}
    assert (m.both[i["A"], i["B"]], m.agree[i["A"], i["B"]]) == (1, 1)  # A's last stance: against
    assert m.both[i["A"], i["C"]] == 0


def test_alignment_counts_responses_add_only_what_stances_miss() -> None:
    responses = [
        net.Response("A", "B", "t", agrees=True),
        net.Response("C", "B", "t", agrees=False),
        net.Response("C", "B", "t", agrees=False),
    ]
    m = net.alignment_counts(["A", "B", "C"], ["t", "t", "u"], [1, 1, 1], responses)
    i = {h: k for k, h in enumerate(m.holders)}
    assert (m.both[i["A"], i["B"]], m.agree[i["A"], i["B"]]) == (
        1,
        1,
    )  # already counted: not doubled
    assert (m.both[i["B"], i["C"]], m.disagree[i["B"], i["C"]], m.disagree[i["C"], i["B"]]) == (
        1,
        1,
        1,
    )


def test_alignment_counts_at_roll_call_scale() -> None:
    rng = np.random.default_rng(0)
    members, calls = 200, 6000
    h = np.repeat(np.arange(members), calls).astype(str)
    t = np.tile(np.arange(calls), members).astype(str)
    codes = rng.choice([1, -1, 5, 0], size=members * calls)
    m = net.alignment_counts(h, t, codes)
    a, b = list(m.holders).index("0"), list(m.holders).index("1")
    x, y = codes[:calls], codes[calls : 2 * calls]
    both = (x != 0) & (y != 0)
    assert m.both[a, b] == both.sum()
    assert m.agree[a, b] == (both & (x == y)).sum()
    assert m.disagree[a, b] == (both & (x * y == -1)).sum()


# --------------------------------------------------------------------------- the fixture meeting


def test_extract_positions_is_one_row_per_position(positions: list[net.PositionEdge]) -> None:
    assert len(positions) == len(MEETING["statements"])
    cl = next(p for p in positions if p.position == "statement/fx-2021-08/cl-opposes")
    assert (cl.holder, cl.target, cl.issue, cl.stance, cl.side) == (
        "economy/CL",
        "proposal/cn-name-dps",
        "issue/tor-subsidiary-bodies",
        "opposes",
        "against",
    )
    assert cl.issue_chain == ("issue/tor-2022-2025",)
    assert cl.responds_to == ("statement/fx-2021-08/cn-proposes",)
    assert cl.quote == "智利反對中國之建議" and cl.rendering == "Chile opposed China's suggestion."
    source = (ROOT / "data" / "sources" / "000_c517f4e9d3fbb5d0.txt").read_text(encoding="utf-8")
    assert source[cl.start : cl.end] == cl.quote
    us = next(p for p in positions if p.position == "statement/fx-2021-08/us-proposes")
    assert (us.speaker, us.speaker_name, us.section) == (
        "person/shannon-coe",
        "Ms. Shannon Coe",
        "三(六)",
    )


def test_alignment_matches_hand_count(positions: list[net.PositionEdge]) -> None:
    rows = net.alignment(positions)
    got = {(r["a"], r["b"]): (r["both"], r["agree"], r["disagree"]) for r in rows}
    assert got == EXPECTED_PAIRS
    assert [(r["a"], r["b"]) for r in rows] == sorted(EXPECTED_PAIRS)
    cl_cn = next(r for r in rows if (r["a"], r["b"]) == ("CL", "CN"))
    assert cl_cn["score"] == 0.0
    assert next(r for r in rows if (r["a"], r["b"]) == ("CN", "US"))["score"] == 0.5
    assert all(
        not str(r["a"]).startswith("unnamed") and not str(r["b"]).startswith("unnamed")
        for r in rows
    )


def test_alignment_holders_and_filters(positions: list[net.PositionEdge]) -> None:
    rows = net.alignment(positions, ["US", "CN", "RU"])
    assert [(r["a"], r["b"]) for r in rows] == [("CN", "RU"), ("CN", "US"), ("RU", "US")]
    tor = net.filter_positions(positions, net.Filters(issue="issue/tor-2022-2025"))
    assert {p.target for p in tor} == {
        "proposal/us-mention-subsidiary-bodies",
        "proposal/cn-name-dps",
        "issue/tor-subsidiary-bodies",
    }
    assert net.filter_positions(positions, net.Filters(since="2021-09")) == []
    assert len(
        net.filter_positions(positions, net.Filters(since="2021", until="2021-08-31"))
    ) == len(positions)
    assert net.filter_positions(positions, net.Filters(meeting="meeting/other")) == []


def test_coalitions_are_stable_and_sensible(positions: list[net.PositionEdge]) -> None:
    pairs = net.alignment(positions)
    first = net.coalitions(pairs, min_shared=1)  # the fixture's pairs share one target each
    again = net.coalitions(list(reversed(pairs)), min_shared=1)
    assert first == net.coalitions(pairs, min_shared=1) == again
    where = {h: i for i, group in enumerate(first) for h in group}
    assert where["CN"] == where["RU"]
    assert where["AU"] == where["TH"] == where["ID"]
    assert where["AU"] != where["RU"]
    assert sorted(h for g in first for h in g) == sorted({h for p in EXPECTED_PAIRS for h in p})
    # at the default minimum (3 shared targets) no pair is evidence: every holder stands alone
    assert all(len(g) == 1 for g in net.coalitions(pairs))


def test_alignment_rows_list_their_shared_targets() -> None:
    """``targets`` are the ``both`` targets of a pair, answers included; the evidence says
    which pairs reach the minimum and which pair shares most."""
    responses = [net.Response("C", "A", "issue/t", True)]
    obs = net.Observations.of(
        ["A", "B", "A", "B", "C"],
        ["issue/t", "issue/t", "proposal/u", "proposal/u", "proposal/u"],
        [1, 1, -1, 1, 1],
        responses,
    )
    rows = net.alignment_rows(obs)
    assert [(r["a"], r["b"], r["both"], r["targets"]) for r in rows] == [
        ("A", "B", 2, ["t", "u"]),
        ("A", "C", 2, ["t", "u"]),
        ("B", "C", 1, ["u"]),
    ]
    found = net.evidence(rows, 2)
    assert found.blocs and [(r["a"], r["b"]) for r in found.enough] == [("A", "B"), ("A", "C")]
    none = net.evidence(rows, 3)
    assert not none.blocs
    assert none.too_little() == (
        "too little evidence for blocs: no pair of holders shares 3 or more targets "
        "(most: 2, between A and B)"
    )
    assert net.evidence([], 3).too_little().endswith("(most: 0)")


def test_issues_view_nodes_and_edges(net_store) -> None:  # type: ignore[no-untyped-def]
    g = net.to_networkx(net_store, view="issues")
    assert {n for n, d in g.nodes(data=True) if d["kind"] == "economy"} == {
        f"economy/{c}" for c in ("AU", "CL", "CN", "ID", "KR", "NZ", "PH", "RU", "TH", "TW", "US")
    }
    assert "issue/tor-2022-2025" in g and "document/tor-2022-2025" not in g
    assert (
        g.nodes["economy/RU"]["label_en"] == "Russia"
        and g.nodes["economy/RU"]["label_zh"] == "俄羅斯"
    )
    edge = g.edges[
        "economy/RU", "proposal/us-mention-subsidiary-bodies", "statement/fx-2021-08/ru-opposes"
    ]
    assert (edge["relation"], edge["stance"], edge["side"], edge["meeting"]) == (
        "position",
        "opposes",
        "against",
        "fx-2021-08",
    )
    assert edge["quote"] == "認為不該提及附屬子論壇" and edge["quote_end"] - edge[
        "quote_start"
    ] == len(edge["quote"])
    assert g.has_edge("proposal/cn-name-dps", "issue/tor-subsidiary-bodies")
    assert g.has_edge("issue/tor-subsidiary-bodies", "issue/tor-2022-2025")
    positions = [e for e in g.edges(data=True) if e[2]["relation"] == "position"]
    assert len(positions) == len(MEETING["statements"])
    assert g.nodes["proposal/nz-simple-indicators"]["label_en"] == HOSTILE


def test_full_view_adds_people_documents_outcomes(net_store) -> None:  # type: ignore[no-untyped-def]
    g = net.to_networkx(net_store, view="full")
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"person", "post", "document", "outcome", "meeting", "forum"} <= kinds
    assert g.has_edge("person/shannon-coe", "economy/US")
    assert g.has_edge("issue/tor-2022-2025", "document/tor-2022-2025")
    assert g.nodes["outcome/fx-2021-08/no-dps"]["label_en"].startswith("consensus")
    filtered = net.to_networkx(
        net_store, net.Filters(issue="issue/aider-measurable-indicators"), view="full"
    )
    assert "proposal/cn-name-dps" not in filtered and "economy/AU" in filtered


def test_alignment_view_carries_scores_and_coalitions(net_store) -> None:  # type: ignore[no-untyped-def]
    g = net.to_networkx(net_store, view="alignment")
    assert g.number_of_edges() == len(EXPECTED_PAIRS)
    d = next(iter(g.get_edge_data("economy/CL", "economy/CN").values()))
    assert (d["both"], d["agree"], d["disagree"], d["score"]) == (1, 0, 1, 0.0)
    assert d["targets"] == "cn-name-dps"
    assert g.nodes["economy/CN"]["coalition"] == -1  # one shared target: no bloc
    assert (g.graph["min_shared"], g.graph["blocs"]) == (3, 0)
    loose = net.to_networkx(net_store, view="alignment", min_shared=1)
    assert loose.nodes["economy/CN"]["coalition"] == loose.nodes["economy/RU"]["coalition"] >= 0


def test_brokers(net_store) -> None:  # type: ignore[no-untyped-def]
    rows = net.brokers(net.to_networkx(net_store, view="issues"))
    assert rows[0]["betweenness"] >= rows[-1]["betweenness"]
    by_id = {r["id"]: r for r in rows}
    assert (
        by_id["aider-measurable-indicators"]["degree"] == 7
    )  # AU ID NZ RU TH TW and the NZ proposal
    assert by_id["KR"]["betweenness"] == 0.0


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_export_round_trip_keeps_every_attribute(net_store, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    g = net.to_networkx(net_store, view="full")
    path = tmp_path / f"g.{fmt}"
    data = net.export(g, fmt)
    assert data == net.export(g, fmt)  # deterministic, no dates
    path.write_bytes(data)
    back = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(g.nodes)
    for n, d in g.nodes(data=True):
        for k, v in d.items():
            assert back.nodes[n][k] == v, (n, k)
    original = {
        (u, v, d["statement"]): d for u, v, d in g.edges(data=True) if d["relation"] == "position"
    }
    reread = {
        (u, v, d["statement"]): d
        for u, v, d in back.edges(data=True)
        if d.get("relation") == "position"
    }
    assert reread.keys() == original.keys()
    for key, d in original.items():
        for k, v in d.items():
            if v != "":
                assert reread[key][k] == v, (key, k)
    assert back.number_of_edges() == g.number_of_edges()


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_export_weights_every_edge(net_store, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"g.{fmt}"
    for view in ("issues", "full", "alignment"):
        g = net.to_networkx(net_store, view=view)
        data = net.export(g, fmt)
        path.write_bytes(data)
        back = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path, force_multigraph=True)
        assert back.number_of_edges() == g.number_of_edges() > 0
        weights = [d.get("weight") for _, _, d in back.edges(data=True)]
        assert all(isinstance(w, float) and w > 0 for w in weights), (view, weights[:5])
        if view != "alignment":
            assert set(weights) == {1.0}
    if fmt == "gexf":  # Gephi's own attribute, not a column of our own
        assert b'weight="' in data
    else:
        assert b'attr.name="weight" attr.type="double"' in data


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_export_alignment_is_undirected_with_score_weights(
    net_store, tmp_path: Path, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    g = net.to_networkx(net_store, view="alignment")
    path = tmp_path / f"a.{fmt}"
    path.write_bytes(net.export(g, fmt))
    back = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path, force_multigraph=True)
    assert not back.is_directed()
    assert back.number_of_edges() == g.number_of_edges() == len(EXPECTED_PAIRS)

    def edge(u: str, v: str) -> dict[str, object]:
        data = back.get_edge_data(u, v)
        if back.is_multigraph():
            (data,) = data.values()
        return data

    for u, v, d in g.edges(data=True):
        reread = edge(v, u)  # either way round
        assert reread["score"] == d["score"]
        assert reread["weight"] == max(d["score"], net.MIN_WEIGHT)
    assert edge("economy/CL", "economy/CN")["weight"] == net.MIN_WEIGHT  # score 0: kept by Gephi
    assert edge("economy/RU", "economy/CN")["weight"] == 1.0
    issues = tmp_path / f"i.{fmt}"
    issues.write_bytes(net.export(net.to_networkx(net_store, view="issues"), fmt))
    other = nx.read_gexf(issues) if fmt == "gexf" else nx.read_graphml(issues)
    assert other.is_directed()  # positions keep their direction: holder -> target


def test_cli_export_alignment_is_undirected(runner, net_data: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    args = ["--data", str(net_data), "--build-dir", str(tmp_path / "b"), "--quiet"]
    out = tmp_path / "a.graphml"
    result = runner.invoke(
        cli,
        [*args, "network", "export", "-f", "graphml", "--view", "alignment", "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    back = nx.read_graphml(out, force_multigraph=True)
    assert not back.is_directed() and back.number_of_edges() == len(EXPECTED_PAIRS)
    assert all(isinstance(d["weight"], float) for _, _, d in back.edges(data=True))


def test_cli_alignment_json_contract(runner, net_data: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    args = ["--data", str(net_data), "--build-dir", str(tmp_path / "b"), "--quiet"]
    result = runner.invoke(
        cli,
        [*args, "network", "alignment", "--holders", "US,CN,RU", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows == [
        {"a": "CN", "b": "RU", "both": 1, "agree": 1, "disagree": 0, "score": 1.0, **FX_US},
        {"a": "CN", "b": "US", "both": 1, "agree": 0, "disagree": 0, "score": 0.5, **FX_US},
        {"a": "RU", "b": "US", "both": 1, "agree": 0, "disagree": 0, "score": 0.5, **FX_US},
    ]
    assert all(isinstance(r["score"], float) for r in rows)
    bad = runner.invoke(cli, [*args, "network", "alignment", "--issue", "no-such-issue"])
    assert bad.exit_code == 1 and "Unknown issue 'no-such-issue'" in bad.output
    usage = runner.invoke(cli, [*args, "network", "coalitions", "--since", "August"])
    assert usage.exit_code == 2
    out = tmp_path / "g.graphml"
    ok = runner.invoke(
        cli,
        [*args, "network", "export", "--format", "graphml", "-o", str(out)],
        catch_exceptions=False,
    )
    assert ok.exit_code == 0 and nx.read_graphml(out).number_of_nodes() > 0
    csv_out = runner.invoke(cli, [*args, "network", "brokers", "-f", "csv"], catch_exceptions=False)
    assert csv_out.stdout.splitlines()[0] == "id,kind,label,degree,degree_centrality,betweenness"


# ------------------------------------------------------------------------ the curated seed meeting
# Hand counts from data/meetings/desg-2021-08.yaml and the report 000_c517f4e9d3fbb5d0.txt:
# US proposed, then conceded, both on the KFA 8 revision (一(三)) and on subsidiary bodies
# (三(六)), so its last stance on each is `concedes` (neither side); China and Russia opposed the
# U.S. text (三, 三(三)); China proposed naming the DPS (三(四)) and Chile opposed it (三(五)).


@pytest.fixture(scope="module")
def seed_positions(store) -> list[net.PositionEdge]:  # type: ignore[no-untyped-def]
    return net.extract_positions(store)


def test_seed_has_36_positions_4_of_them_unnamed(seed_positions: list[net.PositionEdge]) -> None:
    assert len(seed_positions) == 36
    unnamed = [p for p in seed_positions if not net.is_pair_holder(p.holder)]
    assert sorted(p.holder.rsplit("/", 1)[-1] for p in unnamed) == [
        "member-proposes-aider-review-2022",
        "members-oppose-cbpr-statement",
        "some-members-oppose-kfa8-revision",
        "some-members-support-cbpr-statement",
    ]


def test_seed_chile_and_china_disagree_on_naming_the_dps(
    seed_positions: list[net.PositionEdge],
) -> None:
    on_dps = [p for p in seed_positions if p.target == "proposal/cn-name-dps"]
    assert [(p.holder, p.stance, p.section) for p in on_dps] == [
        ("economy/CN", "proposes", "三(四)"),
        ("economy/CL", "opposes", "三(五)"),
    ]
    assert on_dps[1].responds_to == ("statement/desg-2021-08/cn-proposes-name-dps",)
    assert on_dps[1].quote == "智利反對中國之建議"
    assert net.alignment(seed_positions, ["CL", "CN"]) == [
        {
            "a": "CL",
            "b": "CN",
            "both": 1,
            "agree": 0,
            "disagree": 1,
            "score": 0.0,
            "targets": ["cn-name-dps"],
        }
    ]


def test_seed_russia_and_china_agree_against_the_us_subsidiary_bodies_text(
    seed_positions: list[net.PositionEdge],
) -> None:
    on_us = [p for p in seed_positions if p.target == "proposal/us-tor-subsidiary-bodies"]
    assert [(key_tail(p.holder), p.stance, p.side) for p in on_us] == [
        ("CN", "opposes", "against"),
        ("RU", "opposes", "against"),
        ("US", "proposes", "for"),
        ("US", "concedes", "neither"),
    ]
    cn_ru = net.alignment(seed_positions, ["CN", "RU"])
    assert cn_ru == [
        {"a": "CN", "b": "RU", "both": 1, "agree": 1, "disagree": 0, "score": 1.0, **US_TEXT}
    ]


US_TEXT = {"targets": ["us-tor-subsidiary-bodies"]}
"""The one target the U.S., China and Russia share in the seed."""
FX_US = {"targets": ["us-mention-subsidiary-bodies"]}
"""The one target they share in the fixture."""


def key_tail(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def test_seed_alignment_json_for_us_cn_ru(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    """The contract other tools read, on the seed: the U.S. conceded, so it sits on neither side."""
    from kg.cli import cli

    result = runner.invoke(
        cli,
        [*kg_args, "network", "alignment", "--holders", "US,CN,RU", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"a": "CN", "b": "RU", "both": 1, "agree": 1, "disagree": 0, "score": 1.0, **US_TEXT},
        {"a": "CN", "b": "US", "both": 1, "agree": 0, "disagree": 0, "score": 0.5, **US_TEXT},
        {"a": "RU", "b": "US", "both": 1, "agree": 0, "disagree": 0, "score": 0.5, **US_TEXT},
    ]


def test_seed_alignment_on_the_tor(seed_positions: list[net.PositionEdge]) -> None:
    """NZ and the Philippines agree twice: the sunset wording (三(一)1, 三(二)) and no view on
    subsidiary bodies (三(一)2, 三(二))."""
    tor = net.filter_positions(seed_positions, net.Filters(issue="issue/tor-2022-2025"))
    assert [(r["a"], r["b"], r["both"], r["agree"], r["disagree"]) for r in net.alignment(tor)] == [
        ("CL", "CN", 1, 0, 1),
        ("CN", "RU", 1, 1, 0),
        ("CN", "US", 1, 0, 0),
        ("NZ", "PH", 2, 2, 0),
        ("RU", "US", 1, 0, 0),
    ]


def test_seed_alignment_on_measurable_indicators(seed_positions: list[net.PositionEdge]) -> None:
    """四(二): AU, ID, NZ, TH, TW support indicators, Russia opposes new ones, Korea reserves;
    Korea and Russia both back existing indicators; Korea and Chinese Taipei back NZ's start."""
    ind = net.filter_positions(
        seed_positions, net.Filters(issue="issue/aider-measurable-indicators")
    )
    rows = {(r["a"], r["b"]): (r["both"], r["agree"], r["disagree"]) for r in net.alignment(ind)}
    assert len(rows) == 21
    supporters = ["AU", "ID", "NZ", "TH", "TW"]
    for i, a in enumerate(supporters):
        assert rows[tuple(sorted((a, "RU")))][2] == 1  # each supporter disagrees with Russia
        for b in supporters[i + 1 :]:
            assert rows[(a, b)][1] >= 1 and rows[(a, b)][2] == 0
    assert rows[("NZ", "TW")] == (2, 2, 0)
    assert rows[("KR", "NZ")] == (2, 1, 0)
    assert rows[("KR", "RU")] == (2, 1, 0)
    assert rows[("KR", "TW")] == (2, 1, 0)
    assert rows[("AU", "KR")] == (1, 0, 0)  # supports against reserves: neither side
    blocs = [["AU", "ID", "NZ", "TH", "TW"], ["KR", "RU"]]
    assert net.coalitions(net.alignment(ind), min_shared=1) == blocs


def test_seed_views_node_and_edge_counts(store) -> None:  # type: ignore[no-untyped-def]
    counts = {v: net.to_networkx(store, view=v) for v in net.VIEWS}
    sizes = {v: (g.number_of_nodes(), g.number_of_edges()) for v, g in counts.items()}
    assert sizes == {"issues": (42, 57), "alignment": (13, 26), "full": (129, 189)}
    issues = counts["issues"]
    assert issues.has_edge("economy/CL", "proposal/cn-name-dps")
    assert issues.has_edge("economy/RU", "proposal/us-tor-subsidiary-bodies")
    assert issues.has_edge("proposal/cn-name-dps", "issue/tor-subsidiary-bodies")
    assert issues.nodes["economy/TW"]["label_zh"] == "中華台北"


def test_seed_coalitions_say_too_little_evidence(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    """No pair of the seed shares three targets: no bloc is drawn, and the command says why."""
    from kg.cli import cli

    result = runner.invoke(cli, [*kg_args, "network", "coalitions"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        "too little evidence for blocs: no pair of holders shares 3 or more targets "
        "(most: 2, between KR and NZ)"
    )
    assert result.stdout.split() == ["coalition", "size", "members", "pair", "both", "targets"] + [
        "-" * n for n in (9, 4, 7, 4, 4, 7)
    ]
    empty = runner.invoke(cli, [*kg_args, "network", "coalitions", "-f", "json"])
    assert json.loads(empty.stdout) == [] and "too little evidence" in empty.stderr


def test_seed_coalitions_with_min_shared_1_bring_the_old_blocs_back(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(
        cli,
        [*kg_args, "network", "coalitions", "--min-shared", "1", "-f", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0 and result.stderr == ""
    groups = json.loads(result.stdout)
    assert [g["members"] for g in groups] == [
        ["AU", "ID", "NZ", "PH", "TH", "TW"],
        ["CN", "KR", "RU"],
        ["CL"],
        ["US"],
    ]
    pairs = {(p["a"], p["b"]): (p["both"], p["targets"]) for p in groups[1]["pairs"]}
    assert pairs[("CN", "RU")] == (1, ["us-tor-subsidiary-bodies"])
    assert pairs[("KR", "RU")] == (2, ["aider-measurable-indicators", "use-existing-indicators"])
    two = runner.invoke(cli, [*kg_args, "network", "coalitions", "--min-shared", "2", "-f", "csv"])
    assert "1,3,NZ PH TW,NZ-PH,2,tor-subsidiary-bodies nz-sunset-wording" in two.stdout
    assert "2,2,KR RU,KR-RU,2,aider-measurable-indicators use-existing-indicators" in two.stdout


def test_seed_alignment_rows_list_their_targets(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(
        cli, [*kg_args, "network", "alignment", "-f", "csv"], catch_exceptions=False
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "a,b,both,agree,disagree,score,targets"
    assert "NZ,PH,2,2,0,1.0,tor-subsidiary-bodies nz-sunset-wording" in lines
    assert "CN,RU,1,1,0,1.0,us-tor-subsidiary-bodies" in lines
