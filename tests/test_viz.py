"""The pyvis views: node and edge sets, a page that needs nothing from the network, inert text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from test_network import HOSTILE, MEETING, open_store, write_fixture

from kg import network as net
from kg import viz


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data = write_fixture(tmp_path_factory.mktemp("viz"))
    return open_store(data, data.parent / "build")


@pytest.fixture(scope="module")
def issues_graph(store):  # type: ignore[no-untyped-def]
    return net.to_networkx(store, view="issues")


def test_issues_network_node_and_edge_sets(issues_graph) -> None:  # type: ignore[no-untyped-def]
    n = viz.to_pyvis(issues_graph, "issues", "en")
    assert viz.node_ids(n) == set(issues_graph.nodes)
    assert viz.edge_ids(n) == {k for _, _, k in issues_graph.edges(keys=True)}
    ru = next(e for e in n.edges if e["id"] == "statement/fx-2021-08/ru-opposes")
    assert (ru["from"], ru["to"], ru["stance"], ru["color"]) == (
        "economy/RU",
        "proposal/us-mention-subsidiary-bodies",
        "opposes",
        viz.STANCE_COLOURS["opposes"],
    )
    assert "認為不該提及附屬子論壇" in ru["title"] and "000_c517f4e9d3fbb5d0.txt" in ru["title"]
    us = next(e for e in n.edges if e["id"] == "statement/fx-2021-08/us-proposes")
    assert "Speaker: Ms. Shannon Coe" in us["title"] and "section 三(六)" in us["title"]
    node = next(x for x in n.nodes if x["id"] == "economy/RU")
    assert (node["label"], node["shape"]) == ("Russia (RU)", "dot")
    assert next(x for x in n.nodes if x["id"] == "issue/tor-2022-2025")["shape"] == "box"


def test_labels_follow_lang(issues_graph) -> None:  # type: ignore[no-untyped-def]
    n = viz.to_pyvis(issues_graph, "issues", "zh-Hant")
    assert next(x for x in n.nodes if x["id"] == "economy/RU")["label"] == "俄羅斯 (RU)"
    assert (
        next(x for x in n.nodes if x["id"] == "issue/aider-measurable-indicators")["label"]
        == "AIDER衡量指標"
    )


def test_alignment_view_widths_and_coalition_colours(store) -> None:  # type: ignore[no-untyped-def]
    g = net.to_networkx(store, view="alignment", min_shared=1)
    n = viz.to_pyvis(g, "alignment", "en")
    edge = next(e for e in n.edges if e["id"] == "align:CL-CN")
    assert edge["width"] == 1.0 and edge["color"] == "#d62728"
    assert "shared targets: 1" in edge["title"] and "targets: cn-name-dps" in edge["title"]
    colours = {x["id"]: x["color"] for x in n.nodes}
    assert colours["economy/CN"] == colours["economy/RU"] != colours["economy/AU"]


def _legend(page: str) -> str:
    legend = re.search(r'<div id="kg-legend">(.*?)</div></div>', page, flags=re.S)
    assert legend is not None
    return legend.group(1)


def test_alignment_view_draws_only_pairs_with_enough_evidence(store) -> None:  # type: ignore[no-untyped-def]
    """Every pair of the fixture shares one target: at the default minimum nothing is drawn,
    nobody is coloured, and the legend says there is too little evidence."""
    g = net.to_networkx(store, view="alignment")
    n = viz.to_pyvis(g, "alignment", "en")
    assert n.edges == [] and len(n.nodes) == g.number_of_nodes() > 0
    assert {x["color"] for x in n.nodes} == {viz.NO_COALITION}
    page, stats = viz.view_html(g, "alignment", "en")
    legend = _legend(page)
    assert stats.edges == 0
    assert "drawn: pairs sharing ≥ 3 targets" in legend
    assert "too little evidence for blocs: no pair of holders shares 3 or more targets" in legend
    assert "colour: coalition" not in legend
    zh = _legend(viz.view_html(g, "alignment", "zh-Hant")[0])
    assert "證據不足" in zh and "3 項" in zh


def test_alignment_legend_explains_coalition_colours(store) -> None:  # type: ignore[no-untyped-def]
    g = net.to_networkx(store, view="alignment", min_shared=1)
    legend = _legend(viz.view_html(g, "alignment", "en")[0])
    assert (
        "colour: coalition (holders sharing ≥ 1 targets with the same stance more often than not"
        in legend
    )
    assert "too little evidence" not in legend
    assert "聯盟（共同表態 ≥ 1 項" in _legend(viz.view_html(g, "alignment", "zh-Hant")[0])
    # one row per coalition: its colour, its members, the targets they share
    groups: dict[int, list[str]] = {}
    for key, d in g.nodes(data=True):
        if d["coalition"] >= 0:
            groups.setdefault(d["coalition"], []).append(key)
    assert len(groups) >= 2
    for c, keys in groups.items():
        colour = viz.COALITION_COLOURS[c % len(viz.COALITION_COLOURS)]
        names = ", ".join(sorted(f"{g.nodes[k]['label_en']} ({g.nodes[k]['ident']})" for k in keys))
        row = re.search(rf"background:{colour}\"></span>([^<]*) <i>\(targets: (\d+)\)</i>", legend)
        assert row is not None, colour
        assert sorted(html.unescape(row.group(1)).split(", ")) == sorted(names.split(", "))
        assert int(row.group(2)) >= 1


@pytest.mark.parametrize("view", ["issues", "alignment", "full"])
def test_page_is_self_contained_with_csp(store, view: str) -> None:  # type: ignore[no-untyped-def]
    page, stats = viz.view_html(net.to_networkx(store, view=view), view, "en")
    assert viz.remote_references(page) == []
    assert "node_modules" not in page and "cdn.jsdelivr" not in page and "cdnjs" not in page
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert meta is not None
    policy = meta.group(1).replace("&#x27;", "'")
    assert (
        "default-src 'none'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    bodies = re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S)
    assert len(bodies) >= 3 and all(viz.script_hash(b) in policy for b in bodies)
    assert not re.search(r"<script\b[^>]*\bsrc=", page)
    assert stats.size == len(page.encode("utf-8")) and stats.nodes > 0
    assert page == viz.view_html(net.to_networkx(store, view=view), view, "en")[0]  # deterministic


def test_hostile_label_is_inert_text(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    g = net.to_networkx(store, view="full")
    n = viz.to_pyvis(g, "full", "en")
    node = next(x for x in n.nodes if x["id"] == "proposal/nz-simple-indicators")
    assert node["label"] == HOSTILE  # drawn on the canvas as is
    assert "href" not in node["title"] and "hre\u200bf" in node["title"]
    page, _ = viz.view_html(g, "full", "en")
    assert "<img src=x" not in page  # only the JSON-escaped form (\u003cimg …) is in the page
    assert "\\u003cimg src=x onerror=" in page
    assert "popup.innerHTML" not in page
    assert MEETING["statements"][12]["en"] == HOSTILE and "window.__kgXss=2</script>" not in page


def test_every_shape_has_a_word_in_each_language() -> None:
    shapes = {shape for shape, _ in viz.NODE_STYLE.values()} | {"dot"}
    for lang in ("en", "zh-Hant"):
        assert shapes <= set(viz.SHAPE_NAMES[lang]), lang
    assert viz.SHAPE_NAMES["zh-Hant"]["triangleDown"] == "倒三角形"


@pytest.mark.parametrize("view", ["issues", "alignment", "full"])
def test_zh_legend_shows_no_raw_shape_name(store, view: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = viz.view_html(net.to_networkx(store, view=view), view, "zh-Hant")
    legend = re.search(r'<div id="kg-legend">(.*?)</div></div>', page, flags=re.S)
    assert legend is not None
    shown = re.findall(r"<i>\((.*?)\)</i>", legend.group(1))
    assert shown and all(name in viz.SHAPE_NAMES["zh-Hant"].values() for name in shown)
    raw = {shape for shape, _ in viz.NODE_STYLE.values()}
    assert not any(re.search(rf"\b{shape}\b", legend.group(1)) for shape in raw)
    if view == "full":  # posts are drawn as downward triangles
        assert "倒三角形" in shown


def test_an_empty_view_is_refused_not_drawn_blank(store) -> None:  # type: ignore[no-untyped-def]
    empty = net.to_networkx(store, net.Filters(since="2030"), view="issues")
    with pytest.raises(viz.EmptyView, match="nothing to draw"):
        viz.view_html(empty, "issues", "en")


def test_kg_view_since_a_year_without_meetings_fails_and_says_why(
    runner, kg_args, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """`kg view --since 2030` wrote a blank page and exited 0 (issue 12)."""
    from kg.cli import cli

    out = tmp_path / "view.html"
    result = runner.invoke(cli, [*kg_args, "view", "--since", "2030", "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: nothing to draw: no position passes --since 2030 (meetings on record run from "
        "2021-08 to 2021-08); widen the filters, or see `kg list meetings`"
    )
    assert not out.exists()


def test_a_qualified_position_shows_its_qualification_in_the_view(seed_nquads: Path) -> None:
    """Russia opposes new indicators while acknowledging their importance: the edge carries
    the qualification (kind and the report's own words) and its tooltip says it, in the
    briefs' words, in both languages."""
    from kg.store.memory import OxigraphStore

    g = net.to_networkx(OxigraphStore.from_nquads(seed_nquads), view="issues")
    qualified = {
        k: d["qualifications"]
        for _, _, k, d in g.edges(keys=True, data=True)
        if d.get("qualifications")
    }
    key = "statement/desg-2021-08/ru-opposes-new-indicators"
    assert qualified == {key: "acknowledges: 俄羅斯瞭解數位經濟衡量指標之重要性"}
    u, v, d = next((u, v, d) for u, v, k, d in g.edges(keys=True, data=True) if k == key)
    assert "while acknowledging「俄羅斯瞭解數位經濟衡量指標之重要性」" in viz._edge_title(
        g, u, v, d, "en"
    )
    assert "但先肯定「俄羅斯瞭解數位經濟衡量指標之重要性」" in viz._edge_title(
        g, u, v, d, "zh-Hant"
    )
