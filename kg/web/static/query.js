/* The query page of `kg serve`: a CodeMirror editor over /sparql, the result table, and the
 * named queries of /queries with their parameters. Results reach the page through
 * textContent only. */
(function () {
  "use strict";

  var T = {
    en: {explorer: "Explorer", title: "SPARQL query", service: "Service description",
         listing: "Named queries (JSON)", run: "Run", format: "Download as", download: "Download",
         named: "Named queries", rows: "{n} rows in {ms} ms", running: "Running…", yes: "true", no: "false",
         run_named: "Run", show: "Show in editor", optional: "optional", error: "Error"},
    "zh-Hant": {explorer: "圖譜", title: "SPARQL 查詢", service: "服務描述", listing: "具名查詢（JSON）",
         run: "執行", format: "下載格式", download: "下載", named: "具名查詢", rows: "{n} 列，{ms} 毫秒",
         running: "執行中…", yes: "是", no: "否", run_named: "執行", show: "在編輯器中顯示",
         optional: "可省略", error: "錯誤"}
  };
  var EXAMPLE = [
    "PREFIX kg: <https://w3id.org/meetkg/def#>",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    "",
    "# Economies and how many positions each took",
    "SELECT ?economy ?label (COUNT(?position) AS ?positions) WHERE {",
    "  ?position kg:holder ?economy .",
    "  ?economy a kg:Economy ; rdfs:label ?label .",
    "  FILTER (lang(?label) = \"en\")",
    "}",
    "GROUP BY ?economy ?label",
    "ORDER BY DESC(?positions) ?label",
    "LIMIT 50"
  ].join("\n");
  var lang = new URLSearchParams(location.search).get("lang") === "zh-Hant" ? "zh-Hant" : "en";
  var editor = null, listing = [];
  var $ = function (id) { return document.getElementById(id); };
  var el = KG.el, clear = KG.clear;
  function t(k, a) { return KG.fill(T[lang][k] || k, a); }
  function translate() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach(function (e) { e.textContent = t(e.getAttribute("data-t")); });
    $("lang").textContent = lang === "en" ? "中文" : "English";
    document.title = "kg " + t("title");
    renderNamed();
  }
  function showError(text) {
    var e = $("error");
    if (text) { e.textContent = text; e.hidden = false; } else { e.hidden = true; }
  }
  function cell(b) {
    if (!b) { return ""; }
    if (b.type === "literal" && b["xml:lang"]) { return b.value + " @" + b["xml:lang"]; }
    return b.value;
  }
  function table(doc) {
    var tab = clear($("results"));
    if (doc.boolean !== undefined) { tab.appendChild(el("caption", doc.boolean ? t("yes") : t("no"))); return 1; }
    var vars = doc.head.vars, head = el("thead"), tr = el("tr");
    vars.forEach(function (v) { tr.appendChild(el("th", v)); });
    head.appendChild(tr); tab.appendChild(head);
    var body = el("tbody");
    doc.results.bindings.forEach(function (row) {
      var r = el("tr");
      vars.forEach(function (v) { r.appendChild(el("td", cell(row[v]))); });
      body.appendChild(r);
    });
    tab.appendChild(body);
    return doc.results.bindings.length;
  }
  function plainTable(rows) {
    var tab = clear($("results"));
    var vars = rows.length ? Object.keys(rows[0]) : [];
    var head = el("thead"), tr = el("tr");
    vars.forEach(function (v) { tr.appendChild(el("th", v)); });
    head.appendChild(tr); tab.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (row) {
      var r = el("tr");
      vars.forEach(function (v) { r.appendChild(el("td", row[v] === null ? "" : row[v])); });
      body.appendChild(r);
    });
    tab.appendChild(body);
    return rows.length;
  }
  function answer(promise, render) {
    var started = performance.now();
    $("status").textContent = t("running");
    showError("");
    return promise.then(function (r) {
      if (!r.ok) { return r.text().then(function (m) { throw new Error(r.status + ": " + m.trim()); }); }
      return r.json();
    }).then(function (doc) {
      var n = render(doc);
      $("status").textContent = t("rows", {n: n, ms: Math.round(performance.now() - started)});
    }).catch(function (err) {
      $("status").textContent = "";
      clear($("results"));
      showError(t("error") + " " + err.message);
    });
  }
  function run() {
    var body = new URLSearchParams({query: editor ? editor.getValue() : $("editor").value});
    history.replaceState(null, "", "?" + new URLSearchParams({query: body.get("query"), lang: lang}).toString());
    return answer(fetch("/sparql", {method: "POST", body: body,
      headers: {Accept: "application/sparql-results+json"}}), table);
  }
  function download() {
    var fmt = $("download-format").value;
    var body = new URLSearchParams({query: editor ? editor.getValue() : $("editor").value, format: fmt});
    fetch("/sparql", {method: "POST", body: body}).then(function (r) {
      if (!r.ok) { return r.text().then(function (m) { throw new Error(r.status + ": " + m.trim()); }); }
      return r.blob();
    }).then(function (blob) {
      var url = URL.createObjectURL(blob), a = el("a");
      a.href = url; a.download = "kg-query." + fmt; document.body.appendChild(a); a.click(); document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }).catch(function (err) { showError(t("error") + " " + err.message); });
  }
  function renderNamed() {
    var ul = clear($("named"));
    listing.forEach(function (q) {
      var li = el("li");
      li.appendChild(el("div", q.name, "title"));
      li.appendChild(el("div", q.question || q.title, "question"));
      var inputs = {};
      q.params.forEach(function (p) {
        var l = el("label", p.name + " (" + p.type + ")" + (p.help ? " — " + p.help : ""));
        var i = el("input"); i.name = p.name; inputs[p.name] = i;
        l.appendChild(i); li.appendChild(l);
      });
      var go = el("button", t("run_named")); go.type = "button";
      go.addEventListener("click", function () {
        var params = new URLSearchParams();
        Object.keys(inputs).forEach(function (k) { if (inputs[k].value.trim()) { params.set(k, inputs[k].value.trim()); } });
        answer(fetch("/queries/" + encodeURIComponent(q.name) + "?" + params.toString(), {headers: {Accept: "application/json"}}), plainTable);
      });
      li.appendChild(go);
      ul.appendChild(li);
    });
  }
  function start() {
    var given = new URLSearchParams(location.search).get("query");
    $("editor").value = given || EXAMPLE;
    if (window.CodeMirror) {
      editor = window.CodeMirror.fromTextArea($("editor"), {mode: "application/sparql-query", lineNumbers: true, indentUnit: 2});
      editor.setOption("extraKeys", {"Ctrl-Enter": run, "Cmd-Enter": run});
    }
    $("run").addEventListener("click", run);
    $("download").addEventListener("click", download);
    $("lang").addEventListener("click", function () { lang = lang === "en" ? "zh-Hant" : "en"; translate(); });
    fetch("/queries", {headers: {Accept: "application/json"}}).then(function (r) { return r.json(); })
      .then(function (l) { listing = l; renderNamed(); });
    translate();
    if (given) { run(); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
