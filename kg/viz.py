"""Network views as one self-contained, offline HTML file. The only module that imports pyvis.

pyvis renders vis-network 9.1.2 inline (``cdn_resources="in_line"``); the page is then
cleaned so that nothing leaves the file: remote ``<script src>``/``<link href>`` tags (pyvis
0.3.2 still adds Bootstrap from a CDN) and the commented ``node_modules`` block are removed,
and a Content-Security-Policy allows only the page's own inline scripts, by SHA-256 hash.

Text from the data never reaches HTML parsing: node and edge data go through Jinja's
``tojson`` (which escapes ``<``, ``>``, ``&`` and quotes), labels are drawn on a canvas,
tooltips are plain text that vis-network sets with ``innerText``, and the legend is escaped
here. Nothing user-written is given to pyvis's ``heading`` or ``select_menu``, and titles never
contain the word that makes pyvis switch to its ``innerHTML`` popup.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.errors import KGError

if TYPE_CHECKING:  # pyvis (a second) and networkx load when a view is drawn, not with the styles
    import networkx as nx
    from pyvis.network import Network

LAYOUT_SEED = 7
"""vis-network ``layout.randomSeed`` and the networkx layout seed: same graph, same picture."""

PRECOMPUTE_ABOVE = 300
"""Above this many nodes, positions come from networkx and physics stays off."""

NODE_STYLE: dict[str, tuple[str, str]] = {
    "economy": ("dot", "#1f77b4"),
    "organisation": ("square", "#17becf"),
    "forum": ("square", "#9467bd"),
    "post": ("triangleDown", "#8c564b"),
    "unnamed": ("dot", "#bdbdbd"),
    "members": ("dot", "#bdbdbd"),
    "issue": ("box", "#ffbf47"),
    "proposal": ("diamond", "#ff7f0e"),
    "document": ("hexagon", "#7f7f7f"),
    "person": ("triangle", "#e377c2"),
    "meeting": ("star", "#2ca02c"),
    "outcome": ("star", "#d62728"),
    "action": ("triangle", "#bcbd22"),
    "project": ("hexagon", "#98df8a"),
    "kfa": ("ellipse", "#c5b0d5"),
}
"""Node kind → (vis-network shape, colour)."""

STANCE_COLOURS = {
    "supports": "#2ca02c",
    "proposes": "#1f77b4",
    "opposes": "#d62728",
    "concedes": "#ff7f0e",
    "reserves": "#9467bd",
    "no-position": "#7f7f7f",
    "abstains": "#7f7f7f",
}
COALITION_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
)
LINK_COLOUR = "#b0b0b0"
NO_COALITION = "#bdbdbd"
"""Holders of the alignment view in no coalition (too little evidence, or agreeing with none)."""

STANCE_NAMES = {
    "en": {"no-position": "no position"},
    "zh-Hant": {
        "supports": "支持",
        "proposes": "提出",
        "opposes": "反對",
        "concedes": "讓步",
        "reserves": "保留",
        "no-position": "無意見",
        "abstains": "棄權",
    },
}
"""Stance names in each language (the labels of the stance vocabulary); English falls back to the code."""

SHAPE_NAMES = {
    "en": {
        "dot": "dot",
        "box": "box",
        "square": "square",
        "diamond": "diamond",
        "hexagon": "hexagon",
        "triangle": "triangle",
        "triangleDown": "downward triangle",
        "star": "star",
        "ellipse": "ellipse",
    },
    "zh-Hant": {
        "dot": "圓點",
        "box": "方框",
        "square": "方塊",
        "diamond": "菱形",
        "hexagon": "六角形",
        "triangle": "三角形",
        "triangleDown": "倒三角形",
        "star": "星形",
        "ellipse": "橢圓",
    },
}
"""Shape names shown in the legend, a word in each language for every shape of ``NODE_STYLE``
(never vis-network's own names such as ``triangleDown``)."""


VIEW_TITLES = {
    "en": {"issues": "kg issues view", "alignment": "kg alignment view", "full": "kg full graph"},
    "zh-Hant": {"issues": "kg 議題與立場", "alignment": "kg 立場一致度", "full": "kg 完整圖譜"},
}
"""The legend title of each view when the caller gives none."""


def stance_name(stance: str, lang: str) -> str:
    return STANCE_NAMES.get(lang, {}).get(stance, stance)


KIND_NAMES = {
    "en": {
        "economy": "economy",
        "organisation": "organisation",
        "forum": "forum",
        "post": "post",
        "unnamed": "unnamed member",
        "members": "all members",
        "issue": "issue",
        "proposal": "proposal",
        "document": "document",
        "person": "person",
        "meeting": "meeting",
        "outcome": "outcome",
        "action": "action",
        "project": "project",
        "kfa": "AIDER focus area",
    },
    "zh-Hant": {
        "economy": "經濟體",
        "organisation": "組織",
        "forum": "論壇",
        "post": "職位",
        "unnamed": "未具名會員",
        "members": "全體會員",
        "issue": "議題",
        "proposal": "提案",
        "document": "文件",
        "person": "人員",
        "meeting": "會議",
        "outcome": "結論",
        "action": "待辦事項",
        "project": "計畫",
        "kfa": "AIDER關鍵領域",
    },
}
WORDS = {
    "en": {
        "speaker": "Speaker",
        "unnamed_speaker": "not named in the report",
        "source": "Source",
        "chars": "characters",
        "section": "section",
        "english": "English",
        "coalition": "coalition",
        "agree": "agree",
        "disagree": "disagree",
        "both": "shared targets",
        "score": "score",
        "stance": "Stances",
        "nodes": "Nodes",
        "edges": "Edges",
        "other": "other link",
        "width": "width ∝ agreement; green > 0.5 > red",
        "targets": "targets",
        "drawn": "drawn: pairs sharing ≥ {n} targets",
        "colours": (
            "colour: coalition (holders sharing ≥ {n} targets with the same stance more often "
            "than not, grouped by Louvain); grey: in no coalition"
        ),
        "too_little": (
            "too little evidence for blocs: no pair of holders shares {n} or more targets "
            "(most: {most}{between})"
        ),
        "between": ", between {a} and {b}",
    },
    "zh-Hant": {
        "speaker": "發言人",
        "unnamed_speaker": "報告未具名",
        "source": "出處",
        "chars": "字元",
        "section": "段落",
        "english": "英譯",
        "coalition": "聯盟",
        "agree": "一致",
        "disagree": "相反",
        "both": "共同表態",
        "score": "一致度",
        "stance": "立場",
        "nodes": "節點",
        "edges": "連線",
        "other": "其他關係",
        "width": "線寬與一致度成正比；綠 > 0.5 > 紅",
        "targets": "共同對象",
        "drawn": "僅繪出共同表態 ≥ {n} 項之雙方",
        "colours": (
            "顏色：聯盟（共同表態 ≥ {n} 項且立場多半相同之各方，以 Louvain 分群）；灰色：不屬任何聯盟"
        ),
        "too_little": "證據不足，無法劃分陣營：沒有任何雙方共同表態達 {n} 項（最多 {most} 項{between}）",
        "between": "，{a}與{b}",
    },
}

_SETTLE_JS = """(function () {
  var settled = false;
  function settle() {
    if (settled) { return; }
    settled = true;
    network.setOptions({physics: {enabled: false}});
    document.body.setAttribute("data-kg-stable", "1");
  }
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  if (network.physics.options.enabled === false) {
    settle();  /* positions came precomputed: nothing to wait for */
  } else {
    network.once("afterDrawing", function () { if (network.physics.stabilized) { settle(); } });
  }
})();"""
"""Stop physics once the layout has settled (or at once when positions were precomputed)."""


class EmptyView(KGError):
    """A view with nothing to draw: no position passes the filters."""


@dataclass(frozen=True)
class ViewStats:
    nodes: int
    edges: int
    size: int


def _plain(text: object) -> str:
    """Tooltip text: plain, and free of the word that switches pyvis to an innerHTML popup."""
    return re.sub("href", "hre\u200bf", str(text))


def _label(data: Mapping[str, object], lang: str) -> str:
    text = str(data.get("label_zh" if lang == "zh-Hant" else "label_en") or data.get("ident", ""))
    if data.get("kind") == "economy" and data.get("ident") and data["ident"] != text:
        text = f"{text} ({data['ident']})"
    return text


def _node_title(data: Mapping[str, object], lang: str) -> str:
    kind = str(data.get("kind", ""))
    other = data.get("label_en" if lang == "zh-Hant" else "label_zh")
    lines = [_label(data, lang), f"{KIND_NAMES[lang].get(kind, kind)}: {data.get('ident', '')}"]
    if other and other != lines[0]:
        lines.append(str(other))
    coalition = int(str(data.get("coalition", -1)))
    if coalition >= 0:
        lines.append(f"{WORDS[lang]['coalition']} {coalition + 1}")
    return _plain("\n".join(lines))


def _edge_title(graph: nx.MultiDiGraph, u: str, v: str, d: Mapping[str, object], lang: str) -> str:
    w = WORDS[lang]
    link = stance_name(str(d["stance"]), lang) if d.get("stance") else d.get("relation")
    head = f"{_label(graph.nodes[u], lang)} — {link} → {_label(graph.nodes[v], lang)}"
    if d.get("relation") == "alignment":
        head = f"{_label(graph.nodes[u], lang)} — {_label(graph.nodes[v], lang)}"
        lines = [
            head,
            f"{w['both']}: {d['both']}, {w['agree']}: {d['agree']}, "
            f"{w['disagree']}: {d['disagree']}, {w['score']}: {d['score']}",
        ]
        if d.get("targets"):
            lines.append(f"{w['targets']}: {d['targets']}")
        return _plain("\n".join(lines))
    lines = [head]
    if d.get("relation") == "position":
        lines.append(
            f"{w['speaker']}: {d.get('speaker_name') or d.get('speaker') or w['unnamed_speaker']}"
        )
        if d.get("quote"):
            lines.append(f"「{d['quote']}」")
        lines.extend(_qualification_lines(d, lang))
        if d.get("rendering"):
            lines.append(f"{w['english']}: {d['rendering']}")
        where = f"{w['source']}: {d.get('source')}.txt, {w['chars']} {d.get('quote_start')}–{d.get('quote_end')}"
        if d.get("section"):
            where += f", {w['section']} {d['section']}"
        lines.append(where)
        lines.append(f"{d.get('meeting', '')} {d.get('date', '')}".strip())
    elif d.get("status"):
        lines.append(str(d["status"]))
    return _plain("\n".join(lines))


def _qualification_lines(d: Mapping[str, object], lang: str) -> list[str]:
    """The qualifications of a position edge, worded as the briefs word them."""
    from kg.briefing.text import ui

    t = ui(lang)
    lines = []
    for qualification in str(d.get("qualifications") or "").split(" | "):
        if qualification:
            kind, _, quote = qualification.partition(": ")
            lines.append(f"{t('qual.' + kind)}「{quote}」")
    return lines


def spring_positions(
    graph: nx.MultiDiGraph, iterations: int = 50
) -> dict[str, tuple[float, float]]:
    """A deterministic Fruchterman–Reingold layout, scaled to vis-network pixels.

    Dense and vectorised with numpy (repulsion as one matrix product per step), so 2,000
    nodes take a few seconds and need no SciPy; nodes are placed in sorted order from a seeded
    start, so the same graph gives the same picture.
    """
    nodes = sorted(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted(
        {(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v}
    )
    u = np.array([a for a, _ in pairs], dtype=np.int64)
    v = np.array([b for _, b in pairs], dtype=np.int64)
    pos = np.random.default_rng(LAYOUT_SEED).random((n, 2), dtype=np.float32)
    k = np.float32(1.0 / np.sqrt(n))
    step = np.float32(0.1)
    cool = step / (iterations + 1)
    for _ in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        d2 = np.subtract.outer(x, x) ** 2 + np.subtract.outer(y, y) ** 2
        np.maximum(d2, np.float32(1e-9), out=d2)
        w = (k * k) / d2  # repulsion k²/d along the unit vector = delta · k²/d²
        np.fill_diagonal(w, 0)
        disp = pos * w.sum(axis=1)[:, None] - w @ pos
        if len(pairs):
            e = pos[u] - pos[v]
            f = e * (np.sqrt((e * e).sum(axis=1)) / k)[:, None]  # attraction d²/k
            np.add.at(disp, u, -f)
            np.add.at(disp, v, f)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), np.float32(1e-9))
        pos += disp * (np.minimum(length, step) / length)[:, None]
        step -= cool
    pos -= pos.mean(axis=0)
    scale = 40.0 * max(10.0, n**0.5) / max(float(np.abs(pos).max()), 1e-9)
    return {
        node: (round(float(pos[i, 0]) * scale, 1), round(float(pos[i, 1]) * scale, 1))
        for i, node in enumerate(nodes)
    }


def to_pyvis(graph: nx.MultiDiGraph, view: str = "issues", lang: str = "en") -> Network:
    """Build the pyvis ``Network`` of a projected graph (see ``kg.network.to_networkx``).

    Node ids are the node keys; edge ids the edge keys. Large graphs (more than
    ``PRECOMPUTE_ABOVE`` nodes) get positions from networkx and no physics.
    """
    if lang not in KIND_NAMES:
        raise ValueError(f"unknown language {lang!r}")
    big = graph.number_of_nodes() > PRECOMPUTE_ABOVE
    pos = spring_positions(graph) if big else {}
    from pyvis.network import Network

    net = Network(height="820px", width="100%", directed=True, cdn_resources="in_line")
    for n, data in sorted(graph.nodes(data=True)):
        net.add_node(n, **_node_options(data, lang, pos.get(n)))
    min_shared = int(graph.graph.get("min_shared", 0))
    for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        if d.get("relation") == "alignment" and int(d.get("both", 0)) < min_shared:
            continue  # too little evidence to draw
        net.add_edge(u, v, **_edge_options(graph, u, v, str(k), d, lang))
    net.options = _network_options(big)
    return net


def _node_options(
    data: Mapping[str, Any], lang: str, position: tuple[float, float] | None
) -> dict[str, object]:
    """Label, tooltip, shape and colour of a node (in the alignment view, its coalition's
    colour, grey outside any); its position when the layout was computed in Python."""
    kind = str(data.get("kind", ""))
    shape, colour = NODE_STYLE.get(kind, ("dot", "#aaaaaa"))
    if "coalition" in data:
        c = int(data["coalition"])
        colour = COALITION_COLOURS[c % len(COALITION_COLOURS)] if c >= 0 else NO_COALITION
    options: dict[str, object] = {
        "label": _label(data, lang),
        "title": _node_title(data, lang),
        "shape": shape,
        "color": colour,
        "kind": kind,
    }
    if position is not None:
        options.update(x=position[0], y=position[1])
    return options


def _edge_options(
    graph: nx.MultiDiGraph, u: str, v: str, key: str, d: Mapping[str, Any], lang: str
) -> dict[str, object]:
    """Id, tooltip, colour and width of an edge: by stance for a position, by agreement for
    an alignment, a thin dashed line for any other link."""
    rel = str(d.get("relation", ""))
    opts: dict[str, object] = {
        "id": key,
        "title": _edge_title(graph, u, v, d, lang),
        "relation": rel,
    }
    if rel == "position":
        opts.update(
            color=STANCE_COLOURS.get(str(d.get("stance")), LINK_COLOUR),
            width=2.5,
            stance=str(d.get("stance")),
        )
    elif rel == "alignment":
        score = float(d["score"])
        opts.update(
            width=round(1 + 8 * score, 2),
            value=float(d["agree"]),
            color="#2ca02c" if score > 0.5 else "#d62728" if score < 0.5 else LINK_COLOUR,
            arrows={"to": {"enabled": False}},
        )
    else:
        opts.update(color=LINK_COLOUR, width=1, dashes=True)
    return opts


def _network_options(big: bool) -> dict[str, object]:
    """vis-network options: a seeded layout; physics, or none when positions are given."""
    return {
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": not big},
        "physics": {
            "enabled": not big,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 100,
            "hideEdgesOnDrag": big,
            "navigationButtons": False,
        },
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "widthConstraint": {"maximum": 220}},
        "edges": {
            "smooth": False if big else {"type": "dynamic"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        },
    }


def _legend(graph: nx.MultiDiGraph, view: str, lang: str, title: str) -> str:
    """The legend, as escaped HTML of our own."""
    esc = html.escape
    w = WORDS[lang]
    kinds = sorted({str(d.get("kind", "")) for _, d in graph.nodes(data=True)})
    rows = [f'<div class="kg-title">{esc(title)}</div>', f"<div><b>{esc(w['nodes'])}</b></div>"]
    for kind in kinds:
        shape, colour = NODE_STYLE.get(kind, ("dot", "#aaaaaa"))
        rows.append(
            f'<div><span class="kg-swatch" style="background:{esc(colour)}"></span>'
            f"{esc(KIND_NAMES[lang].get(kind, kind))} "
            f"<i>({esc(SHAPE_NAMES[lang][shape])})</i></div>"
        )
    if view == "alignment":
        n = int(graph.graph.get("min_shared", 0))
        rows.append(f"<div><b>{esc(w['edges'])}</b></div>")
        if n:
            rows.append(f"<div>{esc(w['drawn'].format(n=n))}</div>")
        rows.append(f"<div>{esc(w['score'])}: {esc(w['width'])}</div>")
        if graph.graph.get("blocs"):
            rows.append(f"<div>{esc(w['colours'].format(n=n))}</div>")
            rows.extend(_coalition_rows(graph, lang))
        elif n:
            between = ""
            if graph.graph.get("most_a"):
                between = w["between"].format(a=graph.graph["most_a"], b=graph.graph["most_b"])
            most = graph.graph.get("most_shared", 0)
            text = w["too_little"].format(n=n, most=most, between=between)
            rows.append(f'<div class="kg-note">{esc(text)}</div>')
    else:
        stances = sorted(
            {str(d.get("stance")) for _, _, d in graph.edges(data=True) if d.get("stance")}
        )
        rows.append(f"<div><b>{esc(w['stance'])}</b></div>")
        for stance in stances:
            rows.append(
                f'<div><span class="kg-line" style="background:{esc(STANCE_COLOURS.get(stance, LINK_COLOUR))}">'
                f"</span>{esc(stance_name(stance, lang))}</div>"
            )
        rows.append(f'<div><span class="kg-line kg-dashed"></span>{esc(w["other"])}</div>')
    return '<div id="kg-legend">' + "".join(rows) + "</div>"


def _coalition_rows(graph: nx.MultiDiGraph, lang: str) -> list[str]:
    """One legend row per coalition: its colour, its members, and how many targets its
    members share pairwise (the evidence the bloc rests on)."""
    esc = html.escape
    members: dict[int, list[str]] = {}
    for _, d in sorted(graph.nodes(data=True)):
        c = int(d.get("coalition", -1))
        if c >= 0:
            members.setdefault(c, []).append(_label(d, lang))
    inside: dict[int, set[str]] = {}
    for u, v, d in graph.edges(data=True):
        cu, cv = graph.nodes[u].get("coalition", -1), graph.nodes[v].get("coalition", -1)
        if cu == cv and cu >= 0 and d.get("relation") == "alignment":
            inside.setdefault(cu, set()).update(str(d.get("targets", "")).split())
    rows = []
    word = WORDS[lang]["targets"]
    for c in sorted(members):
        colour = COALITION_COLOURS[c % len(COALITION_COLOURS)]
        shared = len(inside.get(c, ()))
        rows.append(
            f'<div><span class="kg-swatch" style="background:{esc(colour)}"></span>'
            f"{esc('、'.join(members[c]) if lang == 'zh-Hant' else ', '.join(members[c]))} "
            f"<i>({esc(word)}: {shared})</i></div>"
        )
    return rows


_LEGEND_CSS = """<style>
#kg-legend { position: absolute; top: 8px; right: 8px; z-index: 10; background: rgba(255,255,255,0.92);
  border: 1px solid #ccc; padding: 6px 10px; font: 12px sans-serif; max-width: 260px; }
#kg-legend .kg-title { font-weight: bold; margin-bottom: 4px; }
#kg-legend .kg-swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
#kg-legend .kg-line { display: inline-block; width: 18px; height: 3px; margin: 0 6px 3px 0; }
#kg-legend .kg-dashed { border-top: 2px dashed #b0b0b0; height: 0; }
body { margin: 0; position: relative; }
</style>"""

_SCRIPT = re.compile(r"(<script\b[^>]*>)(.*?)(</script>)", re.S | re.I)
_REMOTE_TAG = re.compile(
    r"<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?",
    re.S | re.I,
)


def script_hash(body: str) -> str:
    """CSP source expression for an inline script body."""
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
    )


def csp(html_text: str) -> str:
    """The Content-Security-Policy for a page: its own inline scripts only, no requests."""
    hashes = sorted({script_hash(m.group(2)) for m in _SCRIPT.finditer(html_text)})
    return (
        "default-src 'none'; script-src " + " ".join(hashes) + "; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def set_csp(html_text: str) -> str:
    """Insert (or replace) the CSP meta element for the scripts now in the page."""
    html_text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", html_text)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp(html_text))}">\n'
    return html_text.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + meta, 1)


def _outside_scripts(text: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to the parts of ``text`` that are not inside inline scripts."""
    out, last = [], 0
    for m in _SCRIPT.finditer(text):
        out.append(fn(text[last : m.start()]))
        out.append(m.group(0) if not re.search(r"\bsrc\s*=", m.group(1)) else fn(m.group(0)))
        last = m.end()
    out.append(fn(text[last:]))
    return "".join(out)


def render_html(net: Network, graph: nx.MultiDiGraph, view: str, lang: str, title: str) -> str:
    """The finished page: pyvis's HTML, made self-contained, with legend, settle script and CSP."""
    page = net.generate_html()
    if "popup.innerHTML" in page:  # pyvis's link popup would parse titles as HTML
        raise RuntimeError("pyvis chose its innerHTML tooltip; titles must stay plain text")

    def clean(part: str) -> str:
        part = _REMOTE_TAG.sub("", part)
        part = re.sub(r"<!--.*?-->", "", part, flags=re.S)
        return re.sub(r"\s*<center>\s*<h1>\s*</h1>\s*</center>", "", part)

    # pyvis's commented-out node_modules block holds a <script> tag: drop it before splitting
    page = re.sub(r"<!--\s*<link[^>]*node_modules.*?-->", "", page, count=1, flags=re.S)
    page = _outside_scripts(page, clean)
    page = page.replace("<html>", f'<html lang="{html.escape(lang)}">', 1)
    head = f"<title>{html.escape(title)}</title>\n{_LEGEND_CSS}\n</head>"
    page = page.replace("</head>", head, 1)
    page = page.replace(
        '<div class="card" style="width: 100%">',
        '<div class="card" style="width: 100%">' + _legend(graph, view, lang, title),
        1,
    )
    page = page.replace(
        "</body>", f'<script type="text/javascript">{_SETTLE_JS}</script>\n</body>', 1
    )
    return set_csp(page)


def view_html(
    graph: nx.MultiDiGraph, view: str = "issues", lang: str = "en", title: str = ""
) -> tuple[str, ViewStats]:
    """Render a projected graph as one offline HTML page; return it and its figures.

    Raises:
        EmptyView: the graph has no node (a blank page would look like a drawing error).
    """
    if graph.number_of_nodes() == 0:
        raise EmptyView("nothing to draw: the view has no node (no position passes the filters)")
    net = to_pyvis(graph, view, lang)
    page = render_html(net, graph, view, lang, title or VIEW_TITLES[lang].get(view, f"kg {view}"))
    return page, ViewStats(len(net.nodes), len(net.edges), len(page.encode("utf-8")))


def remote_references(page: str) -> list[str]:
    """Every http(s) asset reference left in a page (``src``/``href`` attributes, CSS ``url()``, ``@import``)."""
    pattern = (
        r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)(?:https?:)?//[^"'\s)>]+"""
    )
    return re.findall(pattern, page, flags=re.I)


def node_ids(net: Network) -> set[str]:
    return {str(n["id"]) for n in net.nodes}


def edge_ids(net: Network) -> set[str]:
    return {str(e["id"]) for e in net.edges}


__all__ = [
    "EmptyView",
    "ViewStats",
    "to_pyvis",
    "render_html",
    "view_html",
    "remote_references",
    "csp",
    "set_csp",
    "script_hash",
    "node_ids",
    "edge_ids",
]
