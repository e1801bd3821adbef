"""The issues view in headless Chromium with every network path closed.

A probe script (added to a copy of the page, with its hash added to the CSP) waits until the
layout has settled, then writes a JSON verdict into the DOM: the node and edge ids in
vis-network's DataSets, errors and CSP violations, resource requests, and whether any hostile
label ran. A screenshot is kept under build/test-artefacts/.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_network import open_store, write_fixture

from kg import network as net
from kg import viz

ROOT = Path(__file__).resolve().parent.parent
ARTEFACTS = ROOT / "build" / "test-artefacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (make system-deps installs it)"
    ),
]

EARLY_PROBE = """
window.__kgErrors = [];
window.addEventListener("error", function (e) { window.__kgErrors.push("error: " + e.message); });
document.addEventListener("securitypolicyviolation", function (e) {
  window.__kgErrors.push("csp: " + e.violatedDirective + " " + e.blockedURI);
});
(function () {
  var original = console.error;
  console.error = function () { window.__kgErrors.push("console: " + Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
})();
"""

LATE_PROBE = """
(function () {
  var done = false;
  function verdict(reason) {
    if (done) { return; }
    done = true;
    var out = {reason: reason, nodes: nodes.getIds().map(String).sort(), edges: edges.getIds().map(String).sort(),
               stances: edges.get().filter(function (e) { return e.stance; }).map(function (e) { return [e.from, e.stance, e.to]; }),
               errors: window.__kgErrors, xss: window.__kgXss || 0,
               requests: performance.getEntriesByType("resource").length,
               physics: network.physics.physicsEnabled};
    var pre = document.createElement("pre");
    pre.id = "kg-verdict";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  function poll() {
    if (document.body.getAttribute("data-kg-stable")) { verdict("stable"); } else { setTimeout(poll, 100); }
  }
  poll();
  setTimeout(function () { verdict("timeout"); }, 12000);
})();
"""


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def with_probe(page: str) -> str:
    page = re.sub(
        r'(<meta http-equiv="Content-Security-Policy"[^>]*>\n)',
        lambda m: m.group(1) + f"<script>{EARLY_PROBE}</script>\n",
        page,
        count=1,
    )
    page = page.replace("</body>", f"<script>{LATE_PROBE}</script>\n</body>", 1)
    return viz.set_csp(page)


@pytest.fixture(scope="module")
def issues_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    data = write_fixture(root)
    graph = net.to_networkx(open_store(data, root / "build"), view="issues")
    page, _ = viz.view_html(graph, "issues", "en")
    path = root / "issues.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_issues_view_runs_offline(issues_page: Path, tmp_path: Path) -> None:
    page = issues_page.read_text(encoding="utf-8")
    assert viz.remote_references(page) == []
    probe = tmp_path / "probe.html"
    probe.write_text(with_probe(page), encoding="utf-8")
    run = chromium(
        tmp_path / "profile", "--dump-dom", "--virtual-time-budget=15000", probe.as_uri()
    )
    match = re.search(r'<pre id="kg-verdict">(.*?)</pre>', run.stdout, flags=re.S)
    assert match, f"no verdict in the page; chromium said: {run.stderr[-2000:]}"
    verdict = json.loads(
        match.group(1).replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
    )
    assert verdict["reason"] == "stable"
    assert verdict["errors"] == []
    assert verdict["xss"] == 0
    assert verdict["requests"] == 0
    assert verdict["physics"] is False  # physics switched off once the layout settled
    assert {
        "economy/RU",
        "issue/tor-subsidiary-bodies",
        "proposal/us-mention-subsidiary-bodies",
    } <= set(verdict["nodes"])
    assert "statement/fx-2021-08/ru-opposes" in verdict["edges"]
    assert ["economy/RU", "opposes", "proposal/us-mention-subsidiary-bodies"] in verdict["stances"]
    assert (
        len(set(verdict["edges"])) == 16 + 3 + 1
    )  # positions, proposal → issue, sub-issue → issue


def test_issues_view_screenshot(issues_page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "issues-view.png"
    chromium(
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1280,900",
        "--hide-scrollbars",
        "--virtual-time-budget=15000",
        issues_page.as_uri(),
    )
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a drawn network, not a blank page
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTEFACTS / shot.name)


@pytest.mark.slow
def test_two_thousand_nodes_render_without_physics(tmp_path: Path) -> None:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for i in range(1500):
        graph.add_node(
            f"economy/E{i}", kind="economy", ident=f"E{i}", label_en=f"E{i}", label_zh=f"E{i}"
        )
    for i in range(500):
        graph.add_node(
            f"issue/i{i}", kind="issue", ident=f"i{i}", label_en=f"issue {i}", label_zh=f"議題{i}"
        )
    for k in range(5000):  # a fixed, pseudo-random bipartite pattern
        graph.add_edge(
            f"economy/E{(k * 7919) % 1500}",
            f"issue/i{(k * 104729) % 500}",
            key=f"s{k}",
            relation="position",
            stance="supports" if k % 3 else "opposes",
        )
    page, stats = viz.view_html(graph, "issues", "en")
    assert (stats.nodes, stats.edges) == (2000, 5000)
    probe = tmp_path / "big.html"
    probe.write_text(with_probe(page), encoding="utf-8")
    run = chromium(
        tmp_path / "profile", "--dump-dom", "--virtual-time-budget=30000", probe.as_uri()
    )
    match = re.search(r'<pre id="kg-verdict">(.*?)</pre>', run.stdout, flags=re.S)
    assert match, run.stderr[-2000:]
    verdict = json.loads(
        match.group(1).replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
    )
    assert verdict["reason"] == "stable" and verdict["errors"] == [] and verdict["physics"] is False
    assert len(verdict["nodes"]) == 2000 and len(verdict["edges"]) == 5000
