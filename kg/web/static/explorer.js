/* The explorer page of `kg serve`: filters, search, the network (vis-network), the evidence
 * panel and the legend. Data comes from /api/index, /api/graph, /api/search and
 * /api/evidence/ID as JSON; every string from the data reaches the page through textContent
 * or a canvas label, never as HTML. The state lives in the URL's query string. */
(function () {
  "use strict";

  var T = {
    "zh-Hant": {
      title: "會議知識圖譜", search_hint: "搜尋經濟體、議題、人員或發言原文", query_page: "SPARQL 查詢",
      share: "複製連結", shared: "已複製連結", export_csv: "匯出 CSV", export_png: "匯出 PNG", filters: "篩選",
      view: "圖", forum: "論壇", meeting: "會議", dates: "會議日期", since: "起", until: "迄",
      issue: "議題（含子議題）", economy: "經濟體", stance: "立場", kind: "節點類型", reset: "清除篩選",
      panel_hint: "點選節點或連線以查看證據。", all: "（全部）", issues: "議題與立場", alignment: "立場一致度",
      full: "完整圖譜", positions: "項立場", pairs: "組雙方", nodes: "個節點", empty: "沒有符合這些篩選條件的立場。",
      too_many: "此選擇共有 {n} 項立場，超過一次可繪出的 {max} 項：請以論壇、會議、日期或議題縮小範圍。",
      opened_on: "圖譜共有 {n} 項立場，先顯示最近一次會議；可改選其他篩選條件。",
      legend: "圖例", legend_nodes: "節點", legend_edges: "連線", other_link: "其他關係（虛線）",
      size: "節點大小：立場數", quote: "原文", section: "段落", date: "日期", speaker: "發言人",
      qualified: "但書", qual_acknowledges: "先肯定", qual_condition: "附條件",
      "qual_in-principle": "原則上", qual_reservation: "保留",
      english: "英譯", source: "報告原文", brief: "簡報", issue_brief: "議題簡報", economy_brief: "經濟體簡報",
      meeting_brief: "會議簡報", grouped: "立場（依議題）", no_positions: "此選擇中沒有立場。",
      entities: "名稱", quotes: "發言原文", no_match: "查無結果", shared_targets: "共同表態",
      agree: "一致", disagree: "相反", score: "一致度", targets: "共同對象", coalition: "聯盟",
      no_coalition: "不屬任何聯盟", width: "線寬與一致度成正比；綠 > 0.5 > 紅",
      drawn: "僅繪出共同表態 ≥ {n} 項之雙方", below: "共同表態少於 {n} 項（證據不足，虛線）",
      too_little: "證據不足，無法劃分陣營：沒有任何雙方共同表態達 {n} 項（最多 {most} 項，{a}與{b}）",
      members: "成員", relation: "關係", responds: "回應", loading: "載入中…", error: "錯誤",
      kind_label: "類型", id: "代號", other_name: "英文名稱", no_text: "匯入的立場（如唱名表決）沒有報告原文。", not_drawn: "所選項目不在目前的圖中。", pairs_cut: "僅繪出共同表態最多的 {n} 組雙方（共 {m} 組）"
    },
    en: {
      title: "Meeting knowledge graph", search_hint: "Search economies, issues, people or quotes",
      query_page: "SPARQL query", share: "Copy link", shared: "Link copied", export_csv: "Export CSV",
      export_png: "Export PNG", filters: "Filters", view: "View", forum: "Forum", meeting: "Meeting",
      dates: "Meeting dates", since: "from", until: "to", issue: "Issue (with sub-issues)",
      economy: "Economy", stance: "Stance", kind: "Node type", reset: "Clear filters",
      panel_hint: "Click a node or an edge to see its evidence.", all: "(all)", issues: "Issues and stances",
      alignment: "Alignment", full: "Full graph", positions: "positions", pairs: "pairs", nodes: "nodes",
      empty: "No position matches these filters.",
      too_many: "This selection has {n} positions, more than the {max} one view can draw: narrow it by forum, meeting, dates or issue.",
      opened_on: "The graph has {n} positions; showing the most recent meeting first. Choose other filters to see more.",
      legend: "Legend", legend_nodes: "Nodes", legend_edges: "Edges", other_link: "other link (dashed)",
      size: "node size: number of positions", quote: "Quote", section: "Section", date: "Date",
      qualified: "Qualified", qual_acknowledges: "while acknowledging", qual_condition: "on condition",
      "qual_in-principle": "in principle", qual_reservation: "with a reservation",
      speaker: "Speaker", english: "English", source: "Report text", brief: "Brief", issue_brief: "Issue brief",
      economy_brief: "Economy brief", meeting_brief: "Meeting brief", grouped: "Positions by issue",
      no_positions: "No position in this selection.", entities: "Names", quotes: "Quotes",
      no_match: "Nothing found", shared_targets: "shared targets", agree: "agree", disagree: "disagree",
      score: "score", targets: "shared targets", coalition: "coalition", no_coalition: "in no coalition",
      width: "width ∝ agreement; green > 0.5 > red", drawn: "drawn: pairs sharing ≥ {n} targets",
      below: "sharing fewer than {n} targets (too little evidence, dashed)",
      too_little: "Too little evidence for blocs: no pair shares {n} or more targets (most: {most}, between {a} and {b})",
      members: "members", relation: "relation", responds: "responds to", loading: "Loading…", error: "Error",
      kind_label: "kind", id: "id", other_name: "Chinese name", no_text: "An imported position (such as a roll-call vote) has no report text.", not_drawn: "The selected item is not in the current view.", pairs_cut: "only the {n} pairs sharing most targets are drawn (of {m})"
    }
  };
  var FILTERS = ["view", "forum", "meeting", "since", "until", "issue", "economy"];
  var state = {view: "issues", forum: "", meeting: "", since: "", until: "", issue: "", economy: "",
               stance: [], kind: [], lang: "zh-Hant", sel: ""};
  var index = null, data = null, network = null, nodes = null, edges = null, busy = 0, drawn = 0;
  var $ = function (id) { return document.getElementById(id); };

  var el = KG.el, clear = KG.clear;
  function t(key, args) { return KG.fill((T[state.lang] || T.en)[key] || key, args); }
  function name(ent) {
    if (!ent) { return ""; }
    var s = state.lang === "en" ? ent.en : ent.zh;
    if (ent.kind === "economy" && ent.id && ent.id !== s) { s += " (" + ent.id + ")"; }
    return s;
  }
  function nodeName(n) { return name({kind: n.kind, id: n.ident, en: n.en, zh: n.zh}); }
  function stanceName(s) { return (index.style.stance_names[state.lang] || {})[s] || s; }
  function kindName(k) { return (index.style.kind_names[state.lang] || {})[k] || k; }
  function link(href, text) { var a = el("a", text); a.href = href; return a; }
  function briefUrl(kind, id) {
    return "/brief/" + encodeURIComponent(kind) + "/" + encodeURIComponent(id) + "?lang=" + encodeURIComponent(state.lang);
  }

  // ------------------------------------------------------------------ state and URL
  function readUrl() {
    var q = new URLSearchParams(location.search);
    FILTERS.forEach(function (k) { if (q.get(k)) { state[k] = q.get(k); } });
    state.stance = q.getAll("stance");
    state.kind = q.getAll("kind");
    if (q.get("lang") === "en" || q.get("lang") === "zh-Hant") { state.lang = q.get("lang"); }
    state.sel = q.get("sel") || "";
    return q;
  }
  function query(withUi) {
    var q = new URLSearchParams();
    FILTERS.forEach(function (k) { if (state[k] && !(k === "view" && state[k] === "issues")) { q.set(k, state[k]); } });
    state.stance.forEach(function (s) { q.append("stance", s); });
    state.kind.forEach(function (s) { q.append("kind", s); });
    if (withUi) {
      if (state.lang !== "zh-Hant") { q.set("lang", state.lang); }
      if (state.sel) { q.set("sel", state.sel); }
    }
    return q;
  }
  function writeUrl() {
    var s = query(true).toString();
    history.replaceState(null, "", s ? "?" + s : location.pathname);
  }
  function getJson(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      if (!r.ok) { return r.text().then(function (m) { throw new Error(m.trim() || r.statusText); }); }
      return r.json();
    });
  }

  // ------------------------------------------------------------------ headings and filters
  function translate() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-t]").forEach(function (e) { e.textContent = t(e.getAttribute("data-t")); });
    document.querySelectorAll("[data-tp]").forEach(function (e) { e.placeholder = t(e.getAttribute("data-tp")); });
    $("lang").textContent = state.lang === "en" ? "中文" : "English";
    document.title = t("title");
  }
  function count(facet, id) {
    var c = data && data.counts && data.counts[facet];
    return c && c[id] ? c[id] : 0;
  }
  function fillSelect(select, items, facet, current) {
    /* the options are made once; later only the labels that changed are rewritten (a store
       beside the UN votes offers some 1,500 issues) */
    var same = select.options.length === items.length + 1;
    if (!same) {
      clear(select);
      var all = el("option"); all.value = ""; select.appendChild(all);
      items.forEach(function (it) { var o = el("option"); o.value = it.id; select.appendChild(o); });
    }
    var opts = select.options;
    if (opts[0].textContent !== t("all")) { opts[0].textContent = t("all"); }
    items.forEach(function (it, i) {
      var label = (it.depth ? "\u00a0\u00a0".repeat(it.depth) + "└ " : "") + name(it);
      if (facet) { label += " · " + count(facet, it.id); }
      if (opts[i + 1].textContent !== label) { opts[i + 1].textContent = label; }
    });
    select.value = current || "";
  }
  function issueTree() {
    var byParent = {}, out = [];
    index.issues.forEach(function (i) { (byParent[i.parent || ""] = byParent[i.parent || ""] || []).push(i); });
    var seen = {};
    function walk(parent, depth) {
      (byParent[parent] || []).forEach(function (i) {
        if (seen[i.id]) { return; }
        seen[i.id] = 1;
        out.push({id: i.id, kind: i.kind, en: i.en, zh: i.zh, depth: depth});
        walk(i.id, depth + 1);
      });
    }
    walk("", 0);
    index.issues.forEach(function (i) { if (!seen[i.id]) { out.push(i); } });
    return out;
  }
  function dates() {
    var d = {};
    index.meetings.forEach(function (m) { if (m.date) { d[m.date] = 1; } });
    return Object.keys(d).sort();
  }
  function renderFilters() {
    var views = ["issues", "alignment", "full"].map(function (v) { return {id: v, en: T.en[v], zh: T["zh-Hant"][v]}; });
    var vs = clear($("f-view"));
    views.forEach(function (v) { var o = el("option", name(v)); o.value = v.id; vs.appendChild(o); });
    vs.value = state.view;
    fillSelect($("f-forum"), index.forums, "forum", state.forum);
    fillSelect($("f-meeting"), index.meetings.map(function (m) {
      return {id: m.id, en: m.en + " (" + m.date + ")", zh: m.zh + "（" + m.date + "）"};
    }), "meeting", state.meeting);
    fillSelect($("f-issue"), issueTree(), "issue", state.issue);
    fillSelect($("f-economy"), index.economies, "economy", state.economy);
    var ds = dates(), since = $("f-since"), until = $("f-until");
    since.max = until.max = String(Math.max(ds.length - 1, 0));
    /* the first meeting date on or after `since`, the last on or before `until` (compared at
       the precision given: 2019-11 takes 2019-11-07) */
    var from = 0, to = ds.length - 1;
    if (state.since) { while (from < ds.length - 1 && ds[from].slice(0, state.since.length) < state.since) { from++; } }
    if (state.until) { while (to > 0 && ds[to].slice(0, state.until.length) > state.until) { to--; } }
    since.value = String(from);
    until.value = String(Math.max(to, 0));
    $("since-out").textContent = ds[+since.value] || "";
    $("until-out").textContent = ds[+until.value] || "";
    checkboxes($("f-stances"), index.stances, "stance", stanceName);
    $("f-stances").hidden = state.view === "alignment";  /* pairs, not stances, are drawn there */
    checkboxes($("f-kinds"), index.kinds.filter(function (k) { return count("kind", k) || state.kind.indexOf(k) >= 0; }), "kind", kindName);
  }
  function checkboxes(box, values, facet, label) {
    Array.prototype.slice.call(box.querySelectorAll("label")).forEach(function (l) { box.removeChild(l); });
    values.forEach(function (v) {
      var l = el("label"), c = el("input");
      c.type = "checkbox"; c.value = v; c.checked = state[facet].indexOf(v) >= 0;
      c.addEventListener("change", function () {
        state[facet] = Array.prototype.slice.call(box.querySelectorAll("input:checked")).map(function (i) { return i.value; });
        reload();
      });
      l.appendChild(c);
      if (facet === "stance") {
        var line = el("span", null, "line"); line.style.borderTopColor = index.style.stances[v] || index.style.link; l.appendChild(line);
      }
      l.appendChild(el("span", label(v)));
      l.appendChild(el("span", " · " + count(facet, v), "count"));
      box.appendChild(l);
    });
  }
  function bindFilters() {
    ["view", "forum", "meeting", "issue", "economy"].forEach(function (k) {
      $("f-" + k).addEventListener("change", function (e) { state[k] = e.target.value; reload(); });
    });
    ["since", "until"].forEach(function (k) {
      $("f-" + k).addEventListener("input", function (e) {
        var ds = dates(), i = +e.target.value;
        $(k + "-out").textContent = ds[i] || "";
      });
      $("f-" + k).addEventListener("change", function (e) {
        var ds = dates(), i = +e.target.value;
        var edge = k === "since" ? 0 : ds.length - 1;
        state[k] = i === edge ? "" : ds[i] || "";
        reload();
      });
    });
    $("reset").addEventListener("click", function () {
      FILTERS.forEach(function (k) { state[k] = k === "view" ? state.view : ""; });
      state.stance = []; state.kind = []; state.sel = "";
      reload();
    });
    $("lang").addEventListener("click", function () {
      state.lang = state.lang === "en" ? "zh-Hant" : "en";
      translate(); renderFilters(); draw(false); renderLegend(); showSelection(); writeUrl();
    });
    $("share").addEventListener("click", function () {
      var done = function () { $("share").textContent = t("shared"); };
      if (navigator.clipboard) { navigator.clipboard.writeText(location.href).then(done, done); } else { done(); }
    });
    $("export-csv").addEventListener("click", exportCsv);
    $("export-png").addEventListener("click", exportPng);
  }

  // ------------------------------------------------------------------ the network
  function reload() {
    writeUrl();
    var mine = ++busy, began = performance.now();
    $("summary").textContent = t("loading");
    return getJson("/api/graph?" + query(false).toString()).then(function (d) {
      if (mine !== busy) { return; }
      data = d;
      renderFilters(); draw(true); renderLegend(); showSelection();
      /* when the view is painted, and how long after the filter changed (kg view's
         data-kg-stable is the same kind of mark) */
      network.once("afterDrawing", function () {
        document.body.setAttribute("data-kg-ms", String(Math.round(performance.now() - began)));
      });
      network.redraw();
      document.body.setAttribute("data-kg-drawn", String(++drawn));
    }).catch(function (err) { message(t("error") + ": " + err.message); });
  }
  function message(text) {
    var m = $("message");
    if (text) { m.textContent = text; m.hidden = false; } else { m.hidden = true; }
  }
  function nodeData(n) {
    var st = index.style.nodes[n.kind] || {shape: "dot", colour: "#aaaaaa"};
    var colour = st.colour;
    if (n.coalition !== undefined) {
      colour = n.coalition >= 0 ? index.style.coalitions[n.coalition % index.style.coalitions.length] : index.style.no_coalition;
    }
    return {id: n.id, label: nodeName(n), shape: st.shape, color: colour, x: n.x, y: n.y,
            value: n.positions, opacity: 1};
  }
  function edgeData(e) {
    if (e.relation === "position") {
      var sc = index.style.stances[e.stance] || index.style.link;
      return {id: e.id, from: e.from, to: e.to, color: {color: sc, highlight: sc, hover: sc},
              width: 2.5, arrows: "to"};
    }
    if (e.relation === "alignment") {
      var c = e.score > 0.5 ? "#2ca02c" : e.score < 0.5 ? "#d62728" : index.style.link;
      return {id: e.id, from: e.from, to: e.to, color: {color: c, highlight: c, hover: c}, width: e.drawn ? 1 + 8 * e.score : 1,
              dashes: !e.drawn, arrows: ""};
    }
    return {id: e.id, from: e.from, to: e.to, color: {color: index.style.link}, width: 1, dashes: true, arrows: "to"};
  }
  function draw(fit) {
    var s = $("summary");
    if (data.too_many) {
      s.textContent = "";
      message(t("too_many", {n: data.too_many.toLocaleString(), max: data.limit.toLocaleString()}));
    } else if (!data.nodes.length) {
      s.textContent = "0 " + t("positions");
      message(t("empty"));
    } else {
      s.textContent = (state.view === "alignment" ? data.pairs + " " + t("pairs") : data.positions + " " + t("positions")) +
        " · " + data.nodes.length + " " + t("nodes");
      message(index.default.meeting && state.meeting === index.default.meeting && state.opened ? t("opened_on", {n: index.positions.toLocaleString()}) : "");
    }
    var ns = data.nodes.map(nodeData), es = data.edges.map(edgeData);
    if (!network) {
      nodes = new vis.DataSet(ns); edges = new vis.DataSet(es);
      network = new vis.Network($("graph"), {nodes: nodes, edges: edges}, {
        physics: {enabled: false},
        layout: {randomSeed: 7, improvedLayout: false},
        interaction: {hover: true, tooltipDelay: 3600000, multiselect: false},
        nodes: {font: {size: 14, face: "Noto Sans CJK TC, sans-serif"}, widthConstraint: {maximum: 200},
                scaling: {min: 10, max: 34, label: {enabled: false}}},
        edges: {smooth: false, arrows: {to: {enabled: true, scaleFactor: 0.5}}, selectionWidth: 2}
      });
      network.on("click", function (p) {
        if (p.nodes.length) { select(p.nodes[0]); } else if (p.edges.length) { select(p.edges[0]); } else { select(""); }
      });
      window.kgExplorer = {network: network, nodes: nodes, edges: edges};
    } else {
      nodes.clear(); edges.clear(); nodes.add(ns); edges.add(es);
    }
    if (fit && ns.length) {
      network.fit({animation: false});
      network.moveTo({scale: network.getScale() * 0.9});  /* fit counts nodes, not their labels */
    }
  }
  function find(list, id) { for (var i = 0; i < list.length; i++) { if (list[i].id === id) { return list[i]; } } return null; }
  function select(id) {
    state.sel = id || "";
    writeUrl();
    showSelection();
  }
  function highlight(id) {
    if (!network) { return; }
    var near = {};
    if (id && nodes.get(id)) {
      near[id] = 1;
      network.getConnectedNodes(id).forEach(function (n) { near[n] = 1; });
    } else if (id && edges.get(id)) {
      var e = edges.get(id); near[e.from] = 1; near[e.to] = 1;
    }
    var any = Object.keys(near).length > 0;
    nodes.update(nodes.getIds().map(function (n) { return {id: n, opacity: !any || near[n] ? 1 : 0.2}; }));
    if (id && nodes.get(id)) { network.selectNodes([id], true); } else if (id && edges.get(id)) { network.selectEdges([id]); } else { network.unselectAll(); }
  }

  // ------------------------------------------------------------------ the panel
  function showSelection() {
    var panel = clear($("panel"));
    var id = state.sel;
    highlight(id);
    if (!id || !data) { panel.appendChild(el("p", t("panel_hint"), "muted")); return; }
    var node = find(data.nodes, id), edge = find(data.edges, id);
    if (node) { nodePanel(panel, node); return; }
    if (edge && edge.relation === "alignment") { alignmentPanel(panel, edge); return; }
    if (edge && edge.relation !== "position") {
      panel.appendChild(el("h2", nodeName(find(data.nodes, edge.from)) + " → " + nodeName(find(data.nodes, edge.to))));
      panel.appendChild(el("p", t("relation") + ": " + edge.relation));
      return;
    }
    if (id.indexOf("statement/") === 0 || edge) { evidencePanel(panel, id); return; }
    panel.appendChild(el("p", t("not_drawn"), "muted"));
  }
  function dl(panel, pairs) {
    var d = el("dl");
    pairs.forEach(function (p) { if (p[1]) { d.appendChild(el("dt", p[0])); d.appendChild(el("dd", p[1])); } });
    panel.appendChild(d);
  }
  function votePanel(panel, e) {
    /* an imported position (a roll-call vote): no report text, what the edge says */
    var from = find(data.nodes, e.from), to = find(data.nodes, e.to);
    panel.appendChild(el("h2", nodeName(from) + " — " + stanceName(e.stance) + " → " + nodeName(to)));
    dl(panel, [[t("meeting"), e.meeting], [t("date"), e.date]]);
    panel.appendChild(el("p", t("no_text"), "muted"));
    var links = el("p", null, "links");
    links.appendChild(link(briefUrl(to.kind === "issue" ? "issue" : "meeting", to.kind === "issue" ? to.ident : e.meeting), t(to.kind === "issue" ? "issue_brief" : "meeting_brief")));
    if (from.kind === "economy") { links.appendChild(link(briefUrl("economy", from.ident), t("economy_brief"))); }
    links.appendChild(link(briefUrl("meeting", e.meeting), t("meeting_brief")));
    panel.appendChild(links);
  }
  function evidencePanel(panel, id) {
    var edge = data && find(data.edges, id);
    if (edge && id.indexOf("vote/") === 0) { votePanel(panel, edge); return; }
    panel.appendChild(el("p", t("loading"), "muted"));
    getJson("/api/evidence/" + id.split("/").map(encodeURIComponent).join("/")).then(function (ev) {
      if (state.sel !== id) { return; }
      clear(panel);
      panel.appendChild(el("h2", name(ev.holder) + " — " + stanceName(ev.stance) + " → " + name(ev.target)));
      panel.appendChild(el("h3", t("quote")));
      var para = el("div", null, "paragraph"), p = ev.paragraph;
      if (p) {
        para.appendChild(document.createTextNode(p.text.slice(0, p.start)));
        para.appendChild(el("mark", p.text.slice(p.start, p.end)));
        para.appendChild(document.createTextNode(p.text.slice(p.end)));
      } else {
        para.appendChild(el("mark", ev.quote));
      }
      panel.appendChild(para);
      dl(panel, [
        [t("section"), ev.section],
        [t("meeting"), name(ev.meeting)],
        [t("date"), ev.meeting && ev.meeting.date || ev.date],
        [t("speaker"), ev.speaker],
        [t("issue").replace(/（.*）|\(.*\)/, ""), ev.issue ? name(ev.issue) : ""],
        [t("english"), ev.rendering]
      ].concat((ev.qualifications || []).map(function (q) {
        var kind = t("qual_" + q.kind);
        return [t("qualified") + (state.lang === "en" ? " (" + kind + ")" : "（" + kind + "）"), "「" + q.quote + "」"];
      })));
      var links = el("p", null, "links");
      if (ev.source && ev.start >= 0) {
        links.appendChild(link("/source/" + encodeURIComponent(ev.source) + "?start=" + ev.start + "&end=" + ev.end + "#span", t("source")));
      }
      if (ev.issue) { links.appendChild(link(briefUrl("issue", ev.issue.id), t("issue_brief"))); }
      if (ev.holder.kind === "economy") { links.appendChild(link(briefUrl("economy", ev.holder.id), t("economy_brief"))); }
      if (ev.meeting && ev.meeting.id) { links.appendChild(link(briefUrl("meeting", ev.meeting.id), t("meeting_brief"))); }
      panel.appendChild(links);
    }).catch(function (err) { clear(panel).appendChild(el("p", t("error") + ": " + err.message)); });
  }
  function nodePanel(panel, n) {
    panel.appendChild(el("h2", nodeName(n)));
    dl(panel, [[t("kind_label"), kindName(n.kind)], [t("id"), n.ident], [t("other_name"), state.lang === "en" ? n.zh : n.en]]);
    var kinds = {issue: "issue_brief", economy: "economy_brief", meeting: "meeting_brief"};
    if (kinds[n.kind]) {
      var links = el("p", null, "links");
      links.appendChild(link(briefUrl(n.kind, n.ident), t(kinds[n.kind])));
      panel.appendChild(links);
    }
    panel.appendChild(el("h3", t("grouped")));
    /* its own positions, those on it, and for an issue those on its proposals; for a person
       what they said, for a meeting what was said there */
    var mine = data.edges.filter(function (e) {
      return e.relation === "position" && (e.from === n.id || e.to === n.id || e.issue === n.id ||
        e.speaker === n.id || (n.kind === "meeting" && e.meeting === n.ident));
    });
    if (!mine.length) { panel.appendChild(el("p", t("no_positions"), "muted")); return; }
    var groups = {}, order = [];
    mine.forEach(function (e) {
      var k = e.issue || e.to;
      if (!groups[k]) { groups[k] = []; order.push(k); }
      groups[k].push(e);
    });
    order.forEach(function (k) {
      var issueNode = find(data.nodes, k);
      panel.appendChild(el("h3", issueNode ? nodeName(issueNode) : k.split("/").pop()));
      var ul = el("ul");
      groups[k].forEach(function (e) {
        var li = el("li", null, "pos");
        var from = find(data.nodes, e.from), to = find(data.nodes, e.to);
        var line = el("span", null, "line"); line.style.borderTopColor = index.style.stances[e.stance] || index.style.link;
        li.appendChild(line);
        li.appendChild(el("span", (e.from === n.id ? "" : nodeName(from) + " ") + stanceName(e.stance) + (e.to === n.id ? "" : " " + nodeName(to))));
        if (e.quote) { li.appendChild(el("span", " 「" + e.quote + "」", "muted")); }
        if (e.section) { li.appendChild(el("span", " " + e.section, "count")); }
        li.addEventListener("click", function () { select(e.id); });
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    });
  }
  function alignmentPanel(panel, e) {
    panel.appendChild(el("h2", nodeName(find(data.nodes, e.from)) + " — " + nodeName(find(data.nodes, e.to))));
    dl(panel, [[t("shared_targets"), String(e.both)], [t("agree"), String(e.agree)], [t("disagree"), String(e.disagree)], [t("score"), String(e.score)]]);
    panel.appendChild(el("h3", t("targets")));
    var ul = el("ul");
    e.targets.forEach(function (x) {
      var li = el("li");
      if (x.kind === "issue") { li.appendChild(link(briefUrl("issue", x.id), name(x))); } else { li.textContent = name(x); }
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  // ------------------------------------------------------------------ the legend
  function swatch(colour) { var s = el("span", null, "swatch"); s.style.background = colour; return s; }
  function lineSwatch(colour, dashed) { var s = el("span", null, "line" + (dashed ? " dashed" : "")); s.style.borderTopColor = colour; return s; }
  function row(box, mark, text) { var d = el("div"); d.appendChild(mark); d.appendChild(el("span", text)); box.appendChild(d); }
  function few(items, n, sep) {
    return items.slice(0, n).join(sep) + (items.length > n ? sep + "… +" + (items.length - n) : "");
  }
  function renderLegend() {
    var box = clear($("legend"));
    if (!data || !data.nodes.length) { box.hidden = true; return; }
    box.hidden = false;
    box.appendChild(el("h3", t("legend") + " · " + t(state.view)));
    box.appendChild(el("h4", t("legend_nodes")));
    var kinds = {};
    data.nodes.forEach(function (n) { kinds[n.kind] = 1; });
    Object.keys(kinds).sort().forEach(function (k) {
      var st = index.style.nodes[k] || {shape: "dot", colour: "#aaaaaa"};
      var shape = (index.style.shape_names[state.lang] || {})[st.shape] || st.shape;
      row(box, swatch(state.view === "alignment" ? index.style.no_coalition : st.colour), kindName(k) + " (" + shape + ")");
    });
    box.appendChild(el("div", t("size"), "muted"));
    box.appendChild(el("h4", t("legend_edges")));
    if (state.view === "alignment") {
      var a = data.alignment || {}, coal = {};
      row(box, lineSwatch("#2ca02c"), t("width"));
      if (a.min_shared) {
        row(box, lineSwatch("#2ca02c"), t("drawn", {n: a.min_shared}));
        row(box, lineSwatch(index.style.link, true), t("below", {n: a.min_shared}));
      }
      data.nodes.forEach(function (n) { if (n.coalition >= 0) { (coal[n.coalition] = coal[n.coalition] || []).push(nodeName(n)); } });
      Object.keys(coal).sort(function (x, y) { return x - y; }).forEach(function (c) {
        var shared = data.edges.filter(function (e) {
          var f = find(data.nodes, e.from), g = find(data.nodes, e.to);
          return e.relation === "alignment" && e.drawn && f && g && f.coalition === +c && g.coalition === +c;
        });
        var targets = {};
        shared.forEach(function (e) { e.targets.forEach(function (x) { targets[name(x)] = 1; }); });
        row(box, swatch(index.style.coalitions[c % index.style.coalitions.length]),
            t("coalition") + " " + (+c + 1) + " (" + coal[c].length + "): " + few(coal[c], 8, "、") + " — " +
            Object.keys(targets).length + " " + t("shared_targets") + ": " + few(Object.keys(targets).sort(), 4, "; "));
      });
      row(box, swatch(index.style.no_coalition), t("no_coalition"));
      if (a.pairs_total) { box.appendChild(el("div", t("pairs_cut", {n: a.pairs_drawn, m: a.pairs_total}), "note")); }
      if (!a.blocs && a.min_shared) {
        box.appendChild(el("div", t("too_little", {n: a.min_shared, most: a.most_shared || 0, a: a.most_a || "–", b: a.most_b || "–"}), "note"));
      }
    } else {
      var st = {};
      data.edges.forEach(function (e) { if (e.stance) { st[e.stance] = 1; } });
      Object.keys(st).sort().forEach(function (s) { row(box, lineSwatch(index.style.stances[s] || index.style.link), stanceName(s)); });
      row(box, lineSwatch(index.style.link, true), t("other_link"));
    }
  }

  // ------------------------------------------------------------------ search
  function bindSearch() {
    var input = $("search"), list = $("search-results"), timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, 120);
    });
    input.addEventListener("keydown", function (e) {
      var hits = Array.prototype.slice.call(list.querySelectorAll("li.hit"));
      var at = hits.indexOf(list.querySelector("li.hit.active"));
      if (e.key === "Escape") { list.hidden = true; }
      if ((e.key === "ArrowDown" || e.key === "ArrowUp") && hits.length) {
        e.preventDefault();
        if (at >= 0) { hits[at].classList.remove("active"); }
        at = e.key === "ArrowDown" ? Math.min(at + 1, hits.length - 1) : Math.max(at - 1, 0);
        hits[at].classList.add("active");
        hits[at].scrollIntoView({block: "nearest"});
      }
      if (e.key === "Enter" && hits.length) { hits[Math.max(at, 0)].click(); }
    });
    document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) { list.hidden = true; } });
  }
  function search(text) {
    var list = $("search-results");
    if (!text.trim()) { list.hidden = true; return; }
    getJson("/api/search?q=" + encodeURIComponent(text)).then(function (r) {
      if ($("search").value !== text) { return; }
      clear(list);
      if (!r.entities.length && !r.quotes.length) { list.appendChild(el("li", t("no_match"), "head")); }
      if (r.entities.length) { list.appendChild(el("li", t("entities"), "head")); }
      r.entities.forEach(function (x) {
        var li = el("li", name(x), "hit");
        li.appendChild(el("span", kindName(x.kind) + " · " + x.id, "kind"));
        li.addEventListener("click", function () { choose(x); });
        list.appendChild(li);
      });
      if (r.quotes.length) { list.appendChild(el("li", t("quotes"), "head")); }
      r.quotes.forEach(function (q) {
        var li = el("li", name(q.holder) + " " + stanceName(q.stance) + "：「" + q.quote + "」", "hit");
        li.appendChild(el("span", q.section, "kind"));
        li.addEventListener("click", function () { list.hidden = true; select(q.id); });
        list.appendChild(li);
      });
      list.hidden = false;
    }).catch(function (err) { clear(list).appendChild(el("li", t("error") + ": " + err.message, "head")); list.hidden = false; });
  }
  function choose(x) {
    $("search-results").hidden = true;
    var filter = {economy: "economy", organisation: "economy", forum: "forum", post: "economy", issue: "issue", meeting: "meeting"}[x.kind];
    if (filter && (x.kind === "issue" || x.kind === "meeting" || x.kind === "forum")) {
      /* a new subject: the filters that could hide it go */
      ["forum", "meeting", "since", "until", "issue"].forEach(function (k) { state[k] = ""; });
      state.stance = []; state.kind = [];
    }
    if (filter) { state[filter] = x.id; }
    state.sel = x.key;
    if (!filter && data && find(data.nodes, x.key)) { select(x.key); return; }
    if (!filter) { state.view = "full"; }  /* people, documents, projects: drawn in the full graph */
    reload();
  }

  // ------------------------------------------------------------------ export
  function download(href, filename) {
    var a = el("a"); a.href = href; a.download = filename; document.body.appendChild(a); a.click(); document.body.removeChild(a);
  }
  function csvCell(v) {
    var s = String(v === undefined || v === null ? "" : v);
    if (/^[=+\-@\t\r]/.test(s)) { s = "'" + s; }  /* no formula runs when the file is opened */
    return /[",\n\r]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }
  function exportCsv() {
    if (!data) { return; }
    var rows = [["holder", "holder_name", "stance", "target", "target_name", "issue", "meeting", "date", "section", "quote"]];
    data.edges.filter(function (e) { return e.relation === "position"; }).forEach(function (e) {
      var f = find(data.nodes, e.from), g = find(data.nodes, e.to);
      rows.push([f ? f.ident : e.from, f ? nodeName(f) : "", e.stance, g ? g.ident : e.to, g ? nodeName(g) : "",
                 (e.issue || "").split("/").pop(), e.meeting, e.date, e.section, e.quote]);
    });
    data.edges.filter(function (e) { return e.relation === "alignment"; }).forEach(function (e) {
      var f = find(data.nodes, e.from), g = find(data.nodes, e.to);
      rows.push([f ? f.ident : e.from, f ? nodeName(f) : "", "alignment " + e.score, g ? g.ident : e.to, g ? nodeName(g) : "",
                 e.targets.map(function (x) { return x.id; }).join(" "), "", "", "", ""]);
    });
    var text = "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    var url = URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"}));
    download(url, "kg-selection.csv");
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function exportPng() {
    var src = $("graph").querySelector("canvas");
    if (!src) { return; }
    var out = document.createElement("canvas");
    out.width = src.width; out.height = src.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height); ctx.drawImage(src, 0, 0);
    out.toBlob(function (blob) {
      var url = URL.createObjectURL(blob);
      download(url, "kg-selection.png");
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }

  // ------------------------------------------------------------------ start
  function start() {
    var q = readUrl();
    translate();
    bindFilters(); bindSearch();
    getJson("/api/index").then(function (i) {
      index = i;
      var any = FILTERS.some(function (k) { return k !== "view" && q.get(k); }) || state.stance.length;
      if (!any && i.default && i.default.meeting) { state.meeting = i.default.meeting; state.opened = true; }
      return reload();
    }).catch(function (err) { message(t("error") + ": " + err.message); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
