"""`kg serve`'s explorer, brief, source and query pages.

The JSON routes and pages are asked in process (Starlette's TestClient); the browser tests
start `kg serve` on a free loopback port and drive Debian's Chromium through Playwright
(the system binary: no browser is downloaded), with the page's own Content-Security-Policy
in force.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_network import HOSTILE, MEETING, write_fixture

from kg import network as net
from kg.web.app import create_app
from kg.web.explorer import parse_selection
from kg.web.layout import node_box

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ISSUE = "tor-subsidiary-bodies"
RU_EDGE = "statement/desg-2021-08/ru-opposes-subsidiary-bodies"
RU_QUOTE = "俄羅斯表示不確定是否需在文中提及附屬子論壇"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def client(store):  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    app = create_app(store, allowed_hosts=["127.0.0.1"], data_dir=DATA)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def _positions(answer: dict) -> list[dict]:  # type: ignore[type-arg]
    return [e for e in answer["edges"] if e["relation"] == "position"]


# ---------------------------------------------------------------------- JSON routes


def test_index_offers_every_filter_with_both_languages(client) -> None:  # type: ignore[no-untyped-def]
    index = client.get("/api/index").json()
    assert index["positions"] == 36 and index["default"] == {}
    assert [(f["id"], f["zh"]) for f in index["forums"]] == [("desg", "數位經濟指導小組")]
    assert [(m["id"], m["date"], m["forum"]) for m in index["meetings"]] == [
        ("desg-2021-08", "2021-08", "desg")
    ]
    issues = {i["id"]: i for i in index["issues"]}
    assert issues[ISSUE]["parent"] == "tor-term-and-quorum"
    assert issues["tor-term-and-quorum"]["parent"] == "tor-2022-2025"
    ru = next(e for e in index["economies"] if e["id"] == "RU")
    assert (ru["en"], ru["zh"]) == ("Russia", "俄羅斯")
    assert {"supports", "opposes", "proposes"} <= set(index["stances"])
    assert index["style"]["stances"]["opposes"] == "#d62728"


def test_unfiltered_graph_draws_every_position_of_the_seed(client, store) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/graph").json()
    expected = {p.position for p in net.positions_for(store)}
    assert {e["id"] for e in _positions(answer)} == expected
    assert answer["positions"] == len(expected) == 36
    assert sum(answer["counts"]["stance"].values()) == 36
    ids = {n["id"] for n in answer["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in answer["edges"])
    ru = next(n for n in answer["nodes"] if n["id"] == "economy/RU")
    assert ru["positions"] == 4 and (ru["en"], ru["zh"]) == ("Russia", "俄羅斯")


def test_issue_and_economy_filters_leave_russias_edge(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/graph", params={"issue": ISSUE, "economy": "RU"}).json()
    (edge,) = _positions(answer)
    assert edge["id"] == RU_EDGE
    assert (edge["from"], edge["to"], edge["stance"], edge["section"]) == (
        "economy/RU",
        "proposal/us-tor-subsidiary-bodies",
        "opposes",
        "三(三)",
    )
    assert edge["issue"] == f"issue/{ISSUE}" and edge["quote"].startswith(RU_QUOTE)
    assert answer["counts"]["stance"] == {"opposes": 1}
    assert answer["counts"]["economy"] == {"RU": 1}
    # the proposal's issue and that issue's parents come with it, drawn as links
    assert {n["id"] for n in answer["nodes"]} >= {
        "economy/RU",
        "proposal/us-tor-subsidiary-bodies",
        f"issue/{ISSUE}",
        "issue/tor-term-and-quorum",
    }


def test_an_issue_filter_takes_its_sub_issues(client) -> None:  # type: ignore[no-untyped-def]
    parent = _positions(client.get("/api/graph", params={"issue": "tor-term-and-quorum"}).json())
    child = _positions(client.get("/api/graph", params={"issue": ISSUE}).json())
    assert {e["id"] for e in child} < {e["id"] for e in parent}
    assert RU_EDGE in {e["id"] for e in child}


def test_stance_kind_and_date_filters(client) -> None:  # type: ignore[no-untyped-def]
    everything = client.get("/api/graph").json()
    opposes = client.get("/api/graph", params=[("stance", "opposes")]).json()
    assert {e["stance"] for e in _positions(opposes)} == {"opposes"}
    assert len(_positions(opposes)) == everything["counts"]["stance"]["opposes"] == 6
    two = client.get("/api/graph", params=[("stance", "opposes"), ("stance", "supports")]).json()
    assert len(_positions(two)) == 6 + everything["counts"]["stance"]["supports"]
    kinds = client.get("/api/graph", params=[("kind", "economy"), ("kind", "issue")]).json()
    assert {n["kind"] for n in kinds["nodes"]} == {"economy", "issue"}
    assert client.get("/api/graph", params={"since": "2021-08"}).json()["positions"] == 36
    later = client.get("/api/graph", params={"since": "2030"}).json()
    assert later["nodes"] == later["edges"] == [] and later["positions"] == 0
    forum = client.get("/api/graph", params={"forum": "desg"}).json()
    assert forum["positions"] == 36


def test_alignment_view_gives_the_evidence_of_each_pair(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/graph", params={"view": "alignment"}).json()
    assert answer["alignment"] == {
        "min_shared": 3,
        "blocs": 0,
        "most_shared": 2,
        "most_a": "KR",
        "most_b": "NZ",
    }
    pair = next(e for e in answer["edges"] if e["id"] == "align:KR-NZ")
    assert pair["both"] == len(pair["targets"]) == 2 and pair["drawn"] is False
    assert all(t["en"] and t["zh"] for t in pair["targets"])
    assert all(n["coalition"] == -1 for n in answer["nodes"])


def test_the_layout_is_computed_once_and_nodes_keep_their_place(client) -> None:  # type: ignore[no-untyped-def]
    first = {n["id"]: (n["x"], n["y"]) for n in client.get("/api/graph").json()["nodes"]}
    again = {n["id"]: (n["x"], n["y"]) for n in client.get("/api/graph").json()["nodes"]}
    assert first == again
    some = client.get("/api/graph", params={"economy": "RU"}).json()["nodes"]
    assert all(first[n["id"]] == (n["x"], n["y"]) for n in some)
    # labels as wide as they are drawn overlap no more than a few pixels
    nodes = client.get("/api/graph").json()["nodes"]
    boxes = [
        (n["x"], n["y"], *node_box({"label_zh": n["zh"], "label_en": n["en"], **n})) for n in nodes
    ]
    worst = 0.0
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            ox = (w + w2) / 2 - abs(x - x2)
            oy = (h + h2) / 2 - abs(y - y2)
            if ox > 0 and oy > 0:
                worst = max(worst, min(ox, oy))
    assert worst == 0
    # a small part of the picture is laid out on its own, and the same way each time
    part = client.get("/api/graph", params={"issue": ISSUE}).json()["nodes"]
    assert part == client.get("/api/graph", params={"issue": ISSUE}).json()["nodes"]


def test_a_store_too_large_to_draw_opens_on_its_latest_meeting(store) -> None:  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    app = create_app(store, allowed_hosts=["127.0.0.1"], data_dir=DATA, max_edges=5)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/api/index").json()["default"] == {"meeting": "desg-2021-08"}
        answer = c.get("/api/graph").json()
        assert answer == {"nodes": [], "edges": [], "too_many": 36, "limit": 5}
        small = c.get("/api/graph", params={"issue": "cbpr-expansion-statement"}).json()
        assert 0 < small["positions"] <= 5 and "too_many" not in small
        # the alignment view reads up to ten times as many positions, and draws the pairs
        # with most shared targets
        pairs = c.get("/api/graph", params={"view": "alignment"}).json()
        assert pairs["alignment"]["pairs_total"] == 26 and pairs["pairs"] == 5
        assert [e["both"] for e in pairs["edges"]][:1] == [2]
        assert len(pairs["edges"]) == 5


@pytest.mark.parametrize(
    "params, words",
    [
        ({"issue": "nope"}, "no issue 'nope' in the graph"),
        ({"economy": "XX"}, "no economy or organisation 'XX'"),
        ({"since": "2021-8"}, "is not a date"),
        ({"view": "hairball"}, "unknown view 'hairball'"),
        ({"colour": "red"}, "unknown filter 'colour'"),
        ({"meeting": "<script>"}, "is not an id"),
    ],
)
def test_bad_filters_are_400_with_one_line(client, params, words) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/graph", params=params)
    assert answer.status_code == 400
    assert words in answer.text and answer.text.count("\n") == 1


@pytest.mark.parametrize(
    "text", ["俄羅斯", "俄國", "俄羅斯聯邦", "俄罗斯", "Russia", "russian federation", "RU", "ru"]
)
def test_search_finds_an_economy_by_any_of_its_names(client, text) -> None:  # type: ignore[no-untyped-def]
    found = client.get("/api/search", params={"q": text}).json()
    assert found["entities"][0]["key"] == "economy/RU"


def test_search_invents_nothing(client) -> None:  # type: ignore[no-untyped-def]
    found = client.get("/api/search", params={"q": "俄国"}).json()  # no such alias
    assert found["entities"] == [] and found["quotes"] == []


def test_search_finds_issues_and_quotes(client) -> None:  # type: ignore[no-untyped-def]
    found = client.get("/api/search", params={"q": "附屬子論壇"}).json()
    assert f"issue/{ISSUE}" in [e["key"] for e in found["entities"]]
    assert RU_EDGE in [q["id"] for q in found["quotes"]]
    english = client.get("/api/search", params={"q": "decision-making power"}).json()
    assert [q["id"] for q in english["quotes"]] == [RU_EDGE]
    assert client.get("/api/search", params={"q": " "}).json()["entities"] == []
    assert client.get("/api/search", params={"q": "x" * 201}).status_code == 400


def test_evidence_gives_the_quote_in_its_paragraph(client) -> None:  # type: ignore[no-untyped-def]
    ev = client.get(f"/api/evidence/{RU_EDGE}").json()
    source = (DATA / "sources" / f"{ev['source']}.txt").read_text(encoding="utf-8")
    assert source[ev["start"] : ev["end"]] == ev["quote"]
    para = ev["paragraph"]
    assert para["text"][para["start"] : para["end"]] == ev["quote"]
    assert para["text"].startswith("(三)俄羅斯") and para["text"] in source
    assert ev["section"] == "三(三)" and ev["meeting"]["date"] == "2021-08"
    assert ev["meeting"]["zh"] == "2021年8月APEC數位經濟指導小組(DESG)會議"
    assert ev["rendering"].startswith("Russia doubted")
    assert ev["issue"]["id"] == ISSUE and ev["holder"]["id"] == "RU"
    assert client.get(f"/api/evidence/{RU_EDGE.removeprefix('statement/')}").json() == ev
    assert ev["qualifications"] == []


def test_evidence_gives_a_positions_qualifications_in_the_reports_words(client) -> None:  # type: ignore[no-untyped-def]
    ev = client.get("/api/evidence/desg-2021-08/ru-opposes-new-indicators").json()
    assert ev["stance"] == "opposes"
    assert ev["qualifications"] == [
        {"kind": "acknowledges", "quote": "俄羅斯瞭解數位經濟衡量指標之重要性"}
    ]
    source = (DATA / "sources" / f"{ev['source']}.txt").read_text(encoding="utf-8")
    assert ev["qualifications"][0]["quote"] in source


@pytest.mark.parametrize(
    "path",
    [
        "/api/evidence/statement/nope",
        "/api/evidence/../../etc/passwd",
        "/api/evidence/statement/..%2F..%2Fetc%2Fpasswd",
        "/source/..%2F..%2Fpyproject",
        "/source/%2Fetc%2Fpasswd",
        "/source/nope",
        "/brief/issue/..%2F..%2Fetc",
        "/brief/issue/nope",
        "/brief/person/shannon-coe",
        "/static/../app.py",
        "/static/..%2Fapp.py",
    ],
)
def test_ids_never_reach_outside_the_data(client, path) -> None:  # type: ignore[no-untyped-def]
    answer = client.get(path)
    assert answer.status_code == 404
    assert "root:" not in answer.text and "import" not in answer.text


# ---------------------------------------------------------------------- pages


def test_pages_allow_scripts_from_the_server_only(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/query"):
        answer = client.get(path)
        assert answer.status_code == 200
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy
        assert "<script>" not in answer.text and "https://" not in answer.text
        for src in ("/static/vendor/vis-network/vis-network.min.js", "/static/explorer.js"):
            if src in answer.text:
                assert client.get(src).status_code == 200
    vendored = ROOT / "kg" / "web" / "static" / "vendor"
    assert "9.1.2" in (vendored / "vis-network" / "vis-network.min.js").read_text()[:400]
    assert (vendored / "vis-network" / "LICENSE").is_file()
    assert (vendored / "codemirror" / "LICENSE").is_file()
    assert client.get("/static/vendor/codemirror/mode/sparql/sparql.js").status_code == 200


def test_the_issue_brief_page_links_downloads_and_related_briefs(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/brief/issue/{ISSUE}", params={"lang": "en"})
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy
    text = page.text
    assert "<script" not in text
    assert f'href="/brief/issue/{ISSUE}?lang=en&amp;format=docx"' in text
    assert f'href="/brief/issue/{ISSUE}?lang=zh-Hant"' in text
    assert 'href="/brief/economy/RU?lang=en"' in text
    assert 'href="/brief/meeting/desg-2021-08?lang=en"' in text
    assert f'href="/?issue={ISSUE}&amp;lang=en"' in text
    assert "Russia" in text


def test_briefs_download_as_markdown_word_and_json(client) -> None:  # type: ignore[no-untyped-def]
    md = client.get("/brief/economy/RU", params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.headers["content-disposition"] == 'attachment; filename="economy-RU.md"'
    assert md.text.startswith("# ") and "俄羅斯" in md.text
    docx = client.get("/brief/meeting/desg-2021-08", params={"format": "docx"})
    assert zipfile.ZipFile(io.BytesIO(docx.content)).namelist()
    data = client.get(f"/brief/issue/{ISSUE}", params={"format": "json"}).json()
    assert json.dumps(data, ensure_ascii=False).count(ISSUE) >= 1
    assert client.get("/brief/issue/x", params={"format": "pdf"}).status_code == 400
    assert client.get(f"/brief/issue/{ISSUE}", params={"lang": "fr"}).status_code == 400
    assert client.get("/brief/economy/俄羅斯").status_code == 404  # ids, not names, in paths


def test_the_source_page_highlights_the_span(client) -> None:  # type: ignore[no-untyped-def]
    ev = client.get(f"/api/evidence/{RU_EDGE}").json()
    page = client.get(f"/source/{ev['source']}", params={"start": ev["start"], "end": ev["end"]})
    assert page.status_code == 200
    assert f'<mark id="span">{ev["quote"]}</mark>' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    plain = client.get(f"/source/{ev['source']}")
    assert plain.status_code == 200 and "<mark" not in plain.text
    for bad in ({"start": "5"}, {"start": "9", "end": "2"}, {"start": "0", "end": "99999999"}):
        assert client.get(f"/source/{ev['source']}", params=bad).status_code == 400


def test_api_lists_what_the_server_offers(client) -> None:  # type: ignore[no-untyped-def]
    offer = client.get("/api").json()
    assert offer["explorer"] == "http://127.0.0.1/"
    assert offer["sparql"] == "http://127.0.0.1/sparql"
    assert offer["max_edges"] == 2000


# ---------------------------------------------------------------------- in a browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(data: Path, build: Path) -> Iterator[str]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "kg", "--data", str(data), "--build-dir", str(build)]
        + ["serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/api", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "kg serve did not start"
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=20)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make system-deps installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(DATA, tmp_path_factory.mktemp("serve") / "build")


class Watch:
    """A page that records script errors, CSP violations, dialogs and requests elsewhere."""

    def __init__(self, browser, base: str) -> None:  # type: ignore[no-untyped-def]
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.problems: list[str] = []
        self.page.on("pageerror", lambda e: self.problems.append(f"error: {e}"))
        self.page.on(
            "console",
            lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        self.page.on(
            "dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss())
        )
        self.page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((base, "data:", "blob:"))
                else self.problems.append(f"request: {r.url}")
            ),
        )

    def drawn(self, count: int) -> None:
        self.page.wait_for_selector(f'body[data-kg-drawn="{count}"]', timeout=15000)


@pytest.mark.browser
def test_explorer_search_filter_click_evidence_english_brief(browser, seed_server) -> None:  # type: ignore[no-untyped-def]
    w = Watch(browser, seed_server)
    page = w.page
    page.goto(seed_server + "/")
    w.drawn(1)
    assert page.inner_text("#summary") == "36 項立場 · 42 個節點"

    page.fill("#search", "俄羅斯")
    page.wait_for_selector("#search-results li.hit")
    first = page.query_selector("#search-results li.hit")
    assert first.inner_text().startswith("俄羅斯 (RU)")
    first.click()
    w.drawn(2)
    page.select_option("#f-issue", ISSUE)
    w.drawn(3)
    assert page.inner_text("#summary") == "1 項立場 · 5 個節點"
    assert "economy=RU" in page.url and f"issue={ISSUE}" in page.url

    # click the middle of Russia's edge on the canvas
    x, y = page.evaluate(
        """() => {
          const k = window.kgExplorer, e = k.edges.get().find(e => e.from === 'economy/RU');
          const p = k.network.getPositions([e.from, e.to]);
          const a = k.network.canvasToDOM(p[e.from]), b = k.network.canvasToDOM(p[e.to]);
          const r = document.querySelector('#graph canvas').getBoundingClientRect();
          return [r.left + (a.x + b.x) / 2, r.top + (a.y + b.y) / 2];
        }"""
    )
    page.mouse.click(x, y)
    page.wait_for_selector("#panel mark")
    assert page.inner_text("#panel mark").startswith(RU_QUOTE)
    assert page.inner_text("#panel .paragraph").startswith("(三)俄羅斯")
    panel = page.inner_text("#panel")
    assert "三(三)" in panel and "2021年8月APEC數位經濟指導小組(DESG)會議" in panel
    assert "sel=statement" in page.url

    page.click("#lang")
    page.wait_for_selector("#panel .links >> text=Issue brief")
    panel = page.inner_text("#panel")
    assert panel.startswith("Russia (RU) — opposes →")
    assert "Russia doubted the text needed to mention subsidiary bodies" in panel
    assert page.inner_text("#f-issue option:checked").strip().startswith("└ Mention of subsidiary")
    assert page.inner_text("h1") == "Meeting knowledge graph"
    assert "lang=en" in page.url

    # the shared link opens the same view
    again = browser.new_page()
    again.goto(page.url)
    again.wait_for_selector("#panel mark")
    assert again.inner_text("#summary") == "1 positions · 5 nodes"
    again.close()

    page.click("#panel .links >> text=Issue brief")
    page.wait_for_load_state()
    assert page.url == f"{seed_server}/brief/issue/{ISSUE}?lang=en"
    assert page.title().startswith("Issue brief")
    page.click("nav.kg-nav >> text=Russia")
    page.wait_for_load_state()
    assert page.url == f"{seed_server}/brief/economy/RU?lang=en"
    assert w.problems == []
    page.close()


@pytest.mark.browser
def test_explorer_empty_selection_says_so_and_exports_csv(browser, seed_server) -> None:  # type: ignore[no-untyped-def]
    w = Watch(browser, seed_server)
    page = w.page
    page.goto(seed_server + "/?since=2030&lang=en")
    w.drawn(1)
    assert page.inner_text("#message") == "No position matches these filters."
    page.goto(seed_server + f"/?issue={ISSUE}&lang=en")
    w.drawn(1)
    assert page.is_hidden("#message")
    legend = page.inner_text("#legend")
    assert "opposes" in legend and "proposal (diamond)" in legend and "other link" in legend
    with page.expect_download() as info:
        page.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    assert len(rows) == 8 and RU_QUOTE in {r["quote"][: len(RU_QUOTE)] for r in rows}
    with page.expect_download() as info:
        page.click("#export-png")
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the search answers the keyboard: arrows choose, Enter takes
    page.fill("#search", "Russian Federation")
    page.wait_for_selector("#search-results li.hit")
    page.press("#search", "ArrowDown")
    assert page.inner_text("#search-results li.hit.active").startswith("Russia (RU)")
    page.press("#search", "Enter")
    w.drawn(2)
    assert "economy=RU" in page.url and page.inner_text("#panel h2") == "Russia (RU)"
    assert w.problems == []
    page.close()


@pytest.mark.browser
def test_query_page_runs_sparql_and_named_queries(browser, seed_server) -> None:  # type: ignore[no-untyped-def]
    w = Watch(browser, seed_server)
    page = w.page
    page.goto(seed_server + "/query")
    page.wait_for_selector(".CodeMirror")
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    first = page.query_selector_all("#results tbody tr")[0].inner_text()
    assert "https://w3id.org/meetkg/id/economy/" in first
    item = page.locator("#named li", has=page.locator(".title", has_text="positions_on_issue"))
    item.locator("input[name=issue]").fill(ISSUE)
    item.locator("button").click()
    page.wait_for_selector(f"#results td >> text={RU_QUOTE[:6]}")
    page.evaluate(
        "() => document.querySelector('.CodeMirror').CodeMirror.setValue('SELECT * WHERE {')"
    )
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert page.inner_text("#error").startswith("Error 400")
    assert w.problems == [  # the browser's own note of the refused query, nothing else
        "console: Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    page.close()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile")
    yield from serve(write_fixture(root), root / "build")


@pytest.mark.browser
def test_hostile_strings_stay_text_on_every_page(browser, hostile_server) -> None:  # type: ignore[no-untyped-def]
    """The view tests' hostile label and English rendering, on every page of the server."""
    base = hostile_server
    w = Watch(browser, base)
    page = w.page
    page.goto(base + "/?lang=en")
    w.drawn(1)
    page.fill("#search", "onerror")
    page.wait_for_selector("#search-results li.hit")
    assert HOSTILE in page.inner_text("#search-results")
    page.goto(base + "/?lang=en&sel=proposal%2Fnz-simple-indicators")
    w.drawn(1)
    page.wait_for_selector("#panel h2")
    assert page.inner_text("#panel h2") == HOSTILE
    hostile_edge = "statement/fx-2021-08/" + next(
        s["id"] for s in MEETING["statements"] if s.get("en") == HOSTILE
    )
    page.goto(base + "/?lang=en&sel=" + hostile_edge)
    page.wait_for_selector("#panel mark")
    assert HOSTILE in page.inner_text("#panel")
    pages = [
        "/brief/issue/aider-measurable-indicators?lang=en",
        "/brief/economy/NZ?lang=en",
        "/brief/meeting/fx-2021-08?lang=en",
        "/brief/issue/tor-subsidiary-bodies",
        "/source/000_c517f4e9d3fbb5d0?start=10&end=20",
        "/query?query="
        + urllib.request.quote(
            "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
        ),
    ]
    for path in pages:
        page.goto(base + path)
        page.wait_for_load_state("load")
        if path.startswith("/query"):
            page.wait_for_selector("#results tbody tr")
        if "aider-measurable-indicators" in path or path.startswith("/query"):
            assert HOSTILE in page.inner_text("body"), path
        assert page.evaluate("() => window.__kgXss === undefined"), path
        assert page.query_selector("img") is None, path
    assert w.problems == []
    page.close()


def test_imported_positions_are_read_from_their_table_not_through_sparql(store) -> None:  # type: ignore[no-untyped-def]
    """A store beside the UN votes draws a resolution's votes from the position table."""
    import numpy as np

    from kg.positions import PositionTable
    from kg.web.explorer import Explorer
    from kg.web.tables import TablesAsRows

    table = PositionTable(
        graph="https://w3id.org/meetkg/id/graph/votes",
        holders=np.array(["economy/US", "economy/RU", "economy/CN"]),
        targets=np.array([f"issue/{ISSUE}", "issue/tor-term-and-quorum"]),
        chains=np.array(["issue/tor-term-and-quorum issue/tor-2022-2025", "issue/tor-2022-2025"]),
        meetings=np.array(["meeting/desg-2021-08"]),
        meeting_dates=np.array(["2021-08"]),
        h=np.array([0, 1, 2, 0]),
        t=np.array([0, 0, 0, 1]),
        m=np.array([0, 0, 0, 0]),
        codes=np.array([1, -1, 5, 1]),
    )
    explorer = Explorer(store, DATA)
    explorer._tables = {table.graph: table}  # as a store opened beside `kg import` gives them
    filters = net.Filters(issue=f"issue/{ISSUE}")
    wrapped = TablesAsRows(store, explorer.tables, filters)
    votes = [p for p in net.positions_for(wrapped, filters) if p.position.startswith("vote/")]
    assert sorted((p.holder, p.stance, p.side) for p in votes) == [
        ("economy/CN", "abstains", "neither"),
        ("economy/RU", "opposes", "against"),
        ("economy/US", "supports", "for"),
    ]
    assert explorer.count(filters) == 8 + 3
    answer = explorer.graph(parse_selection([("issue", ISSUE), ("economy", "US")]))
    us = {e["id"]: e["stance"] for e in _positions(answer)}
    assert us[f"vote/desg-2021-08/{ISSUE}/US"] == "supports"
    assert all(e["from"] == "economy/US" for e in _positions(answer))


def test_position_edges_name_their_speaker(client) -> None:  # type: ignore[no-untyped-def]
    edges = _positions(client.get("/api/graph", params={"view": "full"}).json())
    spoken = {e["id"]: e["speaker"] for e in edges if e["speaker"]}
    assert spoken == {
        f"statement/desg-2021-08/{slug}": "person/director-chang-ndc"
        for slug in (
            "tw-work-must-start-soon",
            "tw-agrees-with-nz",
            "tw-proposes-cross-fora",
            "tw-proposes-1-2-kfas",
        )
    }
