// The review desk: the report with every quoted span highlighted, the draft's items beside it.
// Decisions are kept as a list of operations until saved (undo pops the last one); the server
// applies them to the file. Every text goes into the page through textContent, never as HTML.
// Offsets: the server counts Unicode code points (Python), JavaScript strings count UTF-16
// code units; cpToU16 and u16ToCp translate between the two.
"use strict";

(function () {
  var token = document.querySelector('meta[name="kg-token"]').getAttribute("content");
  var server = null; // the last view the server sent
  var ops = []; // decisions not yet saved
  var current = 0; // index of the selected item in the shown list
  var editing = null; // key of the item whose form is open
  var violations = [];
  var cpToU16 = [];
  var u16ToCp = [];
  var KIND_OF = { statements: "position", proposals: "proposal", outcomes: "outcome", actions: "action", figures: "figure" };
  var LABEL = { position: "position", statement: "statement", proposal: "proposal", outcome: "outcome",
    action: "action", project: "project", figure: "figure", issue: "new issue", review: "review" };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function say(text, bad) {
    var box = document.getElementById("message");
    box.textContent = text;
    box.className = bad ? "bad" : "";
  }

  function buildOffsets(text) {
    cpToU16 = [0];
    u16ToCp = [];
    var u = 0;
    var cp = 0;
    for (var ch of text) {
      u16ToCp[u] = cp;
      if (ch.length === 2) { u16ToCp[u + 1] = cp; }
      u += ch.length;
      cp += 1;
      cpToU16.push(u);
    }
    u16ToCp[u] = cp;
  }

  function label(entry) {
    var l = entry.label || {};
    var parts = [l["zh-Hant"], l.en].filter(function (x) { return x && String(x).indexOf("(draft") < 0; });
    return parts.join(" / ");
  }

  // ------------------------------------------------------------------ the shown items

  function shownItems() {
    var items = server.items.map(function (item) {
      return { key: item.key, list: item.list, id: item.id, kind: item.kind, state: item.state,
        start: item.start, end: item.end, quote: item.quote, fields: Object.assign({}, item.fields) };
    });
    var byKey = {};
    items.forEach(function (item) { byKey[item.key] = item; });
    ops.forEach(function (op, n) {
      var item = byKey[op.key];
      if (op.op === "add") {
        var addedList = op.list || "statements";
        var added = { key: "added/" + n, list: addedList, id: "(new)", kind: KIND_OF[addedList],
          state: "accepted", start: op.start, end: op.start + op.cpLength, quote: op.quote,
          fields: Object.assign({}, op.fields) };
        items.push(added);
        byKey[added.key] = added;
      } else if (item) {
        if (op.op === "accept") { item.state = "accepted"; }
        if (op.op === "reject") { item.state = "rejected"; }
        if (op.op === "edit") { item.state = "edited"; Object.assign(item.fields, op.fields); }
        if (op.op === "holder") { item.state = "edited"; Object.assign(item.fields, op.fields, { holder: op.holder }); }
        if (op.op === "register" || op.op === "map") { item.state = "edited"; item.fields.resolved = op.issue; }
      }
    });
    items.sort(function (a, b) {
      var sa = a.start === null ? Infinity : a.start;
      var sb = b.start === null ? Infinity : b.start;
      return sa - sb;
    });
    return items;
  }

  // ------------------------------------------------------------------ rendering

  function renderText(items) {
    var text = server.text;
    var box = document.getElementById("text");
    box.textContent = "";
    var cuts = [0, text.length];
    var spans = items.filter(function (i) { return i.start !== null && i.end !== null; }).map(function (i) {
      var s = cpToU16[i.start];
      var e = cpToU16[i.end];
      cuts.push(s, e);
      return { item: i, s: s, e: e };
    });
    (server.outline || []).forEach(function (entry) {
      if (entry.start !== null) { cuts.push(cpToU16[entry.start]); }
    });
    cuts = Array.from(new Set(cuts)).sort(function (a, b) { return a - b; });
    var anchors = {};
    (server.outline || []).forEach(function (entry) {
      if (entry.start !== null) { anchors[cpToU16[entry.start]] = entry.id; }
    });
    for (var c = 0; c < cuts.length - 1; c++) {
      var s = cuts[c];
      var e = cuts[c + 1];
      if (e <= s) { continue; }
      var covering = spans.filter(function (sp) { return sp.s <= s && sp.e >= e; });
      var node = el("span", "seg", text.slice(s, e));
      node.dataset.u16 = String(s);
      if (anchors[s] !== undefined) { node.id = "agenda-" + anchors[s]; }
      if (covering.length) {
        covering.sort(function (a, b) { return (a.e - a.s) - (b.e - b.s); });
        var top = covering[0].item;
        node.classList.add("hl", "kind-" + top.kind, "state-" + top.state.replace(" ", "-"));
        node.dataset.keys = covering.map(function (sp) { return sp.item.key; }).join(" ");
        node.title = covering.map(function (sp) { return LABEL[sp.item.kind] + " " + sp.item.id + " (" + sp.item.state + ")"; }).join("\n");
      }
      box.appendChild(node);
    }
  }

  function renderOutline() {
    var list = document.getElementById("outline-list");
    list.textContent = "";
    (server.outline || []).forEach(function (entry) {
      var li = el("li", entry.parent ? "sub" : "");
      var link = el("a", "", (entry.section || entry.id) + " " + label({ label: entry.title }));
      link.href = "#agenda-" + entry.id;
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        var target = document.getElementById("agenda-" + entry.id);
        if (target) { target.scrollIntoView({ block: "start" }); }
        var items = shownItems();
        for (var n = 0; n < items.length; n++) {
          if (String(items[n].fields.item) === String(entry.id)) { select(n); break; }
        }
      });
      li.appendChild(link);
      list.appendChild(li);
    });
  }

  function fieldLine(item) {
    var f = item.fields;
    var parts = [];
    ["item", "holder", "by", "stance", "target", "issue", "status", "actor", "value", "unit", "resolved"].forEach(function (k) {
      if (f[k] !== undefined && f[k] !== null && f[k] !== "") {
        parts.push(k + ": " + (Array.isArray(f[k]) ? f[k].join(", ") : f[k]));
      }
    });
    if (item.list === "new_issues" || item.list === "review") {
      if (f.label) { parts.push(label(f)); }
      if (f.note) { parts.push(f.note); }
    }
    return parts.join(" · ");
  }

  function renderItems(items) {
    var list = document.getElementById("item-list");
    list.textContent = "";
    items.forEach(function (item, n) {
      var li = el("li", "item kind-" + item.kind + " state-" + item.state.replace(" ", "-"));
      li.dataset.key = item.key;
      li.dataset.index = String(n);
      if (n === current) { li.classList.add("current"); }
      var head = el("div", "head");
      head.appendChild(el("span", "badge", LABEL[item.kind] || item.kind));
      head.appendChild(el("span", "id", item.id));
      head.appendChild(el("span", "state", item.state));
      li.appendChild(head);
      if (item.quote) { li.appendChild(el("blockquote", "", item.quote)); }
      li.appendChild(el("div", "fields", fieldLine(item)));
      violations.filter(function (v) { return v.key === item.key; }).forEach(function (v) {
        li.appendChild(el("div", "violation", v.severity + ": " + v.message));
      });
      var actions = el("div", "actions");
      if (item.list === "new_issues") {
        actions.appendChild(button("Register / map", "edit", function () { openForm(n); }));
      } else if (item.list === "review") {
        actions.appendChild(button("Make statement", "edit", function () { openForm(n); }));
      } else if (!item.key.startsWith("added/")) {
        actions.appendChild(button("Accept", "accept", function () { decide(n, "accept"); }));
        actions.appendChild(button("Edit", "edit", function () { openForm(n); }));
      }
      if (!item.key.startsWith("added/")) {
        actions.appendChild(button("Reject", "reject", function () { decide(n, "reject"); }));
      }
      li.appendChild(actions);
      if (editing === item.key) { li.appendChild(form(item)); }
      li.addEventListener("click", function (ev) {
        if (ev.target.closest("button, input, select, form")) { return; }
        select(n);
      });
      list.appendChild(li);
    });
  }

  function button(text, cls, onclick) {
    var b = el("button", cls, text);
    b.type = "button";
    b.addEventListener("click", function (ev) { ev.stopPropagation(); onclick(); });
    return b;
  }

  function render() {
    var items = shownItems();
    if (current >= items.length) { current = Math.max(0, items.length - 1); }
    renderText(items);
    renderItems(items);
    var decided = items.filter(function (i) { return i.state !== "to review"; }).length;
    document.getElementById("progress").textContent =
      decided + " of " + items.length + " reviewed" + (ops.length ? " · " + ops.length + " unsaved" : "") +
      " · " + server.status;
    var problems = document.getElementById("problems");
    problems.textContent = "";
    var loose = violations.filter(function (v) { return !v.key; });
    problems.hidden = loose.length === 0;
    loose.forEach(function (v) { problems.appendChild(el("div", "violation", v.severity + ": " + v.message)); });
    if (pendingSelection) { insertPending(); } else { highlightCurrent(items); }
  }

  function highlightCurrent(items) {
    var item = items[current];
    document.querySelectorAll(".seg.focus").forEach(function (n) { n.classList.remove("focus"); });
    if (!item) { return; }
    var first = null;
    document.querySelectorAll(".seg.hl").forEach(function (n) {
      if ((n.dataset.keys || "").split(" ").indexOf(item.key) >= 0) {
        n.classList.add("focus");
        if (!first) { first = n; }
      }
    });
    if (first) { first.scrollIntoView({ block: "nearest" }); }
    var card = document.querySelector('#item-list li[data-index="' + current + '"]');
    if (card) { card.scrollIntoView({ block: "nearest" }); }
  }

  function select(n) {
    current = n;
    document.querySelectorAll("#item-list li.current").forEach(function (x) { x.classList.remove("current"); });
    var card = document.querySelector('#item-list li[data-index="' + n + '"]');
    if (card) { card.classList.add("current"); }
    highlightCurrent(shownItems());
  }

  // ------------------------------------------------------------------ decisions

  function decide(n, what) {
    var item = shownItems()[n];
    if (!item) { return; }
    if (what === "accept" && (item.list === "new_issues" || item.list === "review")) {
      openForm(n);
      return;
    }
    ops.push({ op: what, key: item.key });
    editing = null;
    if (what === "accept" || what === "reject") { nextToReview(n); }
    render();
  }

  function nextToReview(from) {
    var items = shownItems();
    for (var k = 1; k <= items.length; k++) {
      var m = (from + k) % items.length;
      if (items[m].state === "to review") { current = m; return; }
    }
  }

  function undo() {
    if (!ops.length) { say("Nothing to undo."); return; }
    var op = ops.pop();
    editing = null;
    say("Undone: " + op.op + " " + (op.key || op.quote || ""));
    render();
  }

  function input(name, value) {
    var box = el("input");
    box.name = name;
    box.value = value === undefined || value === null ? "" : String(value);
    box.autocomplete = "off";
    return box;
  }

  var lists = { holders: [], issues: [], targets: [] };

  function matches(entry, q) {
    if (!q) { return 1; }
    var id = String(entry.id).toLowerCase();
    if (id === q) { return 4; }
    if (id.indexOf(q) === 0) { return 3; }
    var words = [id, label(entry)].concat(entry.aliases || []).join(" ").toLowerCase();
    return words.indexOf(q) >= 0 ? 2 : 0;
  }

  // a text box with suggestions from a registry list, searched by id, both labels and aliases
  function picker(name, value, listName) {
    var wrap = el("div", "picker");
    var box = input(name, value);
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    var menu = el("ul", "suggest");
    menu.setAttribute("role", "listbox");
    menu.hidden = true;
    var shown = [];
    var active = -1;
    function choose(entry) { box.value = entry.id; menu.hidden = true; }
    function paint() {
      menu.textContent = "";
      shown.forEach(function (entry, n) {
        var li = el("li", n === active ? "active" : "");
        li.setAttribute("role", "option");
        li.dataset.id = entry.id;
        li.appendChild(el("span", "pick-id", entry.id));
        li.appendChild(el("span", "pick-label", label(entry) + (entry.proposed ? " (proposed)" : "")));
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(entry); });
        menu.appendChild(li);
      });
      menu.hidden = shown.length === 0;
    }
    function update() {
      var q = box.value.trim().toLowerCase();
      shown = (lists[listName] || []).map(function (entry, n) { return { entry: entry, score: matches(entry, q), n: n }; })
        .filter(function (x) { return x.score > 0; })
        .sort(function (a, b) { return b.score - a.score || a.n - b.n; })
        .slice(0, 12).map(function (x) { return x.entry; });
      active = shown.length ? 0 : -1;
      paint();
    }
    box.addEventListener("input", update);
    box.addEventListener("focus", update);
    box.addEventListener("blur", function () { menu.hidden = true; });
    box.addEventListener("keydown", function (ev) {
      if (menu.hidden) { return; }
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
        paint();
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        ev.stopPropagation();
        choose(shown[active]);
      } else if (ev.key === "Escape") {
        ev.stopPropagation();
        menu.hidden = true;
      }
    });
    wrap.appendChild(box);
    wrap.appendChild(menu);
    wrap.input = box;
    return wrap;
  }

  function choice(name, values, value) {
    var sel = el("select");
    sel.name = name;
    [""].concat(values).forEach(function (v) {
      var opt = el("option", "", v || "—");
      opt.value = v;
      if (String(v) === String(value === undefined || value === null ? "" : value)) { opt.selected = true; }
      sel.appendChild(opt);
    });
    return sel;
  }

  function row(text, control) {
    var lab = el("label", "row");
    lab.appendChild(el("span", "", text));
    lab.appendChild(control);
    return lab;
  }

  function openForm(n) {
    current = n;
    var item = shownItems()[n];
    editing = item ? item.key : null;
    render();
    var first = document.querySelector(".editor input, .editor select");
    if (first) { first.focus(); }
  }

  function fieldsFor(item) {
    var reg = server.registry;
    var f = item.fields;
    var rows = [];
    var list = item.list === "review" ? "statements" : item.list;
    if (list === "statements") {
      rows.push(row("holder", picker("holder", f.holder, "holders")));
      rows.push(row("stance", choice("stance", reg.stances, f.stance)));
      rows.push(row("target", picker("target", f.target, "targets")));
      rows.push(row("English", input("en", f.en)));
    } else if (list === "proposals") {
      rows.push(row("by", picker("by", f.by, "holders")));
      rows.push(row("issue", picker("issue", f.issue, "issues")));
    } else if (list === "outcomes") {
      rows.push(row("target", picker("target", f.target, "targets")));
      rows.push(row("status", choice("status", reg.outcome_statuses, f.status)));
    } else if (list === "actions") {
      rows.push(row("actor", picker("actor", Array.isArray(f.actor) ? f.actor.join(", ") : f.actor, "holders")));
      rows.push(row("target", picker("target", f.target, "targets")));
      rows.push(row("what (English)", input("text.en", (f.text || {}).en)));
      rows.push(row("what (中文)", input("text.zh-Hant", (f.text || {})["zh-Hant"])));
    } else if (list === "figures") {
      rows.push(row("value", input("value", f.value)));
      rows.push(row("unit", input("unit", f.unit)));
      rows.push(row("kind", choice("kind", reg.figure_kinds || [], f.kind)));
      rows.push(row("label (English)", input("label.en", (f.label || {}).en)));
      rows.push(row("label (中文)", input("label.zh-Hant", (f.label || {})["zh-Hant"])));
    }
    rows.push(row("agenda item", choice("item", reg.agenda, f.item)));
    return rows;
  }

  function collect(formNode) {
    var out = {};
    formNode.querySelectorAll("input[name], select[name]").forEach(function (c) {
      if (c.closest("fieldset.issue")) { return; }
      var v = c.value.trim();
      if (c.name === "value" && v !== "" && !isNaN(Number(v))) { v = Number(v); }
      if (c.name === "actor" && v.indexOf(",") >= 0) { v = v.split(",").map(function (x) { return x.trim(); }).filter(function (x) { return x; }); }
      var dot = c.name.indexOf(".");
      if (dot > 0) {  // a label: {en: …, zh-Hant: …}
        var key = c.name.slice(0, dot);
        out[key] = Object.assign({}, out[key]);
        if (v !== "") { out[key][c.name.slice(dot + 1)] = v; }
      } else {
        out[c.name] = v;
      }
    });
    return out;
  }

  function form(item) {
    var f = el("form", "editor");
    f.addEventListener("submit", function (ev) { ev.preventDefault(); });
    if (item.list === "new_issues") {
      var reg = el("fieldset", "issue register");
      reg.appendChild(el("legend", "", "Register as a new issue"));
      var suggested = (item.fields.label && item.fields.label.en && item.fields.label.en.indexOf("draft") < 0)
        ? item.fields.label.en.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") : "";
      var idBox = input("issue", suggested);
      var en = input("en", item.fields.label && item.fields.label.en && item.fields.label.en.indexOf("(draft") < 0 ? item.fields.label.en : "");
      var zh = input("zh-Hant", item.fields.label ? item.fields.label["zh-Hant"] : "");
      var parent = picker("parent", "", "issues");
      reg.appendChild(row("issue id", idBox));
      reg.appendChild(row("English label", en));
      reg.appendChild(row("中文標籤", zh));
      reg.appendChild(row("parent issue", parent));
      reg.appendChild(button("Register", "accept register-issue", function () {
        var aliases = [item.fields.label ? item.fields.label["zh-Hant"] : "", item.quote || ""].filter(function (a) { return a; });
        ops.push({ op: "register", key: item.key, issue: idBox.value.trim(), parent: parent.input.value.trim(),
          label: { en: en.value.trim(), "zh-Hant": zh.value.trim() }, aliases: aliases });
        editing = null;
        nextToReview(current);
        render();
      }));
      f.appendChild(reg);
      var map = el("fieldset", "issue map");
      map.appendChild(el("legend", "", "Or map to a registered issue"));
      var existing = picker("map", "", "issues");
      map.appendChild(row("issue", existing));
      map.appendChild(button("Map", "accept map-issue", function () {
        ops.push({ op: "map", key: item.key, issue: existing.input.value.trim() });
        editing = null;
        nextToReview(current);
        render();
      }));
      f.appendChild(map);
    } else {
      fieldsFor(item).forEach(function (r) { f.appendChild(r); });
      if (item.list === "review") { f.appendChild(holderForm(item, f)); }
      var row2 = el("div", "actions");
      f.appendChild(row2);
      row2.appendChild(button(item.key.startsWith("new/") ? "Add" : "Done", "accept done", function () {
        var fields = collect(f);
        if (item.key === "new/selection") {
          ops.push({ op: "add", list: item.list, quote: item.quote, start: item.start,
            cpLength: item.end - item.start, fields: fields });
        } else {
          var changed = {};
          Object.keys(fields).forEach(function (k) {
            var was = item.fields[k] === undefined || item.fields[k] === null ? "" : item.fields[k];
            var now = fields[k];
            if (typeof now === "object" && !Array.isArray(now) && !Object.keys(now).length) { now = ""; }
            if (JSON.stringify(now) !== JSON.stringify(typeof was === "number" ? was : (typeof was === "object" ? was : String(was))) || item.list === "review") { changed[k] = now; }
          });
          if (!Object.keys(changed).length) { say("Nothing changed: use Accept to keep it as drafted."); return; }
          ops.push({ op: "edit", key: item.key, fields: changed });
        }
        editing = null;
        pendingSelection = null;
        nextToReview(current);
        render();
      }));
    }
    var cancel = button("Cancel", "cancel", function () { editing = null; pendingSelection = null; render(); });
    (f.querySelector("div.actions") || f).appendChild(cancel);
    f.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" || ev.target.tagName === "BUTTON") { return; }
      var fieldset = ev.target.closest("fieldset");
      var done = (fieldset || f).querySelector("button.accept");
      if (done) { ev.preventDefault(); done.click(); }
    });
    return f;
  }

  function unknownName(item) {
    var note = String(item.fields.note || "");
    var quoted = note.match(/「([^」]+)」/);
    if (quoted) { return quoted[1]; }
    var named = note.match(/unknown holder: ([^(]+?)\s*\(/);
    return named ? named[1] : "";
  }

  function holderForm(item, statementForm) {
    var box = el("fieldset", "issue holder");
    box.appendChild(el("legend", "", "Or register the holder as a new organisation"));
    var idBox = input("holder-id", "");
    var en = input("holder-en", "");
    var zh = input("holder-zh", unknownName(item));
    var kind = choice("holder-kind", server.registry.organisation_kinds, "");
    box.appendChild(row("holder id", idBox));
    box.appendChild(row("English name", en));
    box.appendChild(row("中文名稱", zh));
    box.appendChild(row("kind", kind));
    box.appendChild(button("Register holder", "accept register-holder", function () {
      var fields = collect(statementForm);
      delete fields.holder;
      ops.push({ op: "holder", key: item.key, holder: idBox.value.trim(), kind: kind.value,
        name: { en: en.value.trim(), "zh-Hant": zh.value.trim() },
        aliases: zh.value.trim() ? [zh.value.trim()] : [], fields: fields });
      editing = null;
      nextToReview(current);
      render();
    }));
    return box;
  }

  // ------------------------------------------------------------------ adding from a selection

  var pendingSelection = null;

  function selectionOffsets() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    function at(node, offset) {
      var seg = node.nodeType === 3 ? node.parentNode : node;
      if (!seg || !seg.classList || !seg.classList.contains("seg")) { return null; }
      if (node.nodeType !== 3) { offset = offset > 0 ? seg.textContent.length : 0; }
      return Number(seg.dataset.u16) + offset;
    }
    var s = at(range.startContainer, range.startOffset);
    var e = at(range.endContainer, range.endOffset);
    if (s === null || e === null || e <= s) { return null; }
    var text = server.text;
    while (s < e && /\s/.test(text[s])) { s++; }
    while (e > s && /\s/.test(text[e - 1])) { e--; }
    if (e <= s) { return null; }
    if (u16ToCp[s] === undefined || u16ToCp[e] === undefined) { return null; }
    return { start: u16ToCp[s], end: u16ToCp[e], quote: text.slice(s, e) };
  }

  function addSelection() {
    var found = selectionOffsets();
    if (!found) { say("Select a passage of the report first.", true); return; }
    var agenda = null;
    (server.outline || []).forEach(function (entry) {
      if (entry.start !== null && entry.start <= found.start) { agenda = entry.id; }
    });
    pendingSelection = { key: "new/selection", list: "statements", id: "(new)", kind: "position", state: "to review",
      start: found.start, end: found.end, quote: found.quote, fields: { item: agenda } };
    editing = "new/selection";
    renderNew();
  }

  function insertPending() {
    var list = document.getElementById("item-list");
    var li = el("li", "item kind-" + pendingSelection.kind + " current adding");
    li.dataset.key = "new/selection";
    var head = el("div", "head");
    head.appendChild(el("span", "badge", "new"));
    var kind = el("select", "new-kind");
    kind.setAttribute("aria-label", "kind of the new item");
    Object.keys(KIND_OF).forEach(function (list) {
      var opt = el("option", "", LABEL[KIND_OF[list]]);
      opt.value = list;
      opt.selected = list === pendingSelection.list;
      kind.appendChild(opt);
    });
    kind.addEventListener("change", function () {
      pendingSelection.list = kind.value;
      pendingSelection.kind = KIND_OF[kind.value];
      renderNew();
    });
    head.appendChild(kind);
    head.appendChild(el("span", "id", "offsets " + pendingSelection.start + "–" + pendingSelection.end));
    li.appendChild(head);
    li.appendChild(el("blockquote", "", pendingSelection.quote));
    li.appendChild(form(pendingSelection));
    list.insertBefore(li, list.firstChild);
    li.scrollIntoView({ block: "nearest" });
  }

  function renderNew() {
    render();
    var first = document.querySelector("li.adding input, li.adding select");
    if (first) { first.focus(); }
  }

  // ------------------------------------------------------------------ server

  function fillLists() {
    var reg = server.registry;
    lists.holders = reg.holders;
    lists.issues = reg.issues.filter(function (i) { return !i.proposed; });
    lists.targets = reg.issues.concat(reg.proposals);
  }

  function load(keepOps) {
    return fetch("/review/api/draft", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { say(res.body.error || "cannot read the draft", true); return; }
        server = res.body;
        violations = server.violations || [];
        if (!keepOps) { ops = []; }
        else {
          var keys = {};
          server.items.forEach(function (i) { keys[i.key] = true; });
          var before = ops.length;
          ops = ops.filter(function (op) { return op.op === "add" || keys[op.key]; });
          if (ops.length < before) { say((before - ops.length) + " decision(s) dropped: their items are gone.", true); }
        }
        document.getElementById("title").textContent = server.file + " · " + (server.meeting || "");
        buildOffsets(server.text);
        fillLists();
        renderOutline();
        render();
      });
  }

  function save() {
    say("Saving…");
    var body = JSON.stringify({ version: server.version, ops: ops.map(function (op) {
      var copy = Object.assign({}, op);
      delete copy.cpLength;
      return copy;
    }) });
    return fetch("/review/api/save", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-KG-Token": token, Accept: "application/json" },
      body: body
    }).then(function (r) {
      return r.json().then(function (res) {
        if (r.status === 409) {
          say(res.error + " — your " + ops.length + " unsaved decision(s) are kept: press Reload.", true);
          showReload();
          return;
        }
        if (!r.ok) { say("Not saved: " + res.error, true); return; }
        server = res;
        ops = [];
        violations = res.violations || [];
        buildOffsets(server.text);
        fillLists();
        renderOutline();
        render();
        var count = violations.filter(function (v) { return v.severity === "Violation"; }).length;
        say(res.status === "reviewed" ? "Saved: the record is reviewed." :
          (count ? "Saved, with " + count + " problem(s) to fix (shown on the items)." : "Saved; it validates."), count > 0);
        document.body.dataset.saved = String(Number(document.body.dataset.saved || 0) + 1);
      });
    }).catch(function (err) { say("Not saved: " + err, true); });
  }

  function showReload() {
    var box = document.getElementById("message");
    var b = button("Reload", "reload", function () { load(true); });
    box.appendChild(b);
  }

  // ------------------------------------------------------------------ keys

  document.addEventListener("keydown", function (ev) {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "s") { ev.preventDefault(); save(); return; }
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") {
      if (ev.key === "Escape") { editing = null; pendingSelection = null; render(); }
      return;
    }
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "z") { ev.preventDefault(); undo(); return; }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var items = shownItems();
    if (ev.key === "j" || ev.key === "ArrowDown") { select(Math.min(current + 1, items.length - 1)); }
    else if (ev.key === "k" || ev.key === "ArrowUp") { select(Math.max(current - 1, 0)); }
    else if (ev.key === "n") { nextToReview(current); render(); }
    else if (ev.key === "a") { decide(current, "accept"); }
    else if (ev.key === "r") { decide(current, "reject"); }
    else if (ev.key === "e") { openForm(current); }
    else if (ev.key === "u") { undo(); }
    else if (ev.key === "+") { addSelection(); }
    else { return; }
    ev.preventDefault();
  });

  document.getElementById("text").addEventListener("click", function (ev) {
    var seg = ev.target.closest(".seg.hl");
    if (!seg || !window.getSelection().isCollapsed) { return; }
    var key = seg.dataset.keys.split(" ")[0];
    var items = shownItems();
    for (var n = 0; n < items.length; n++) { if (items[n].key === key) { select(n); break; } }
  });
  document.getElementById("save").addEventListener("click", save);
  document.getElementById("undo").addEventListener("click", undo);
  document.getElementById("add").addEventListener("mousedown", function (ev) { ev.preventDefault(); });
  document.getElementById("add").addEventListener("click", addSelection);
  window.addEventListener("beforeunload", function (ev) {
    if (ops.length) { ev.preventDefault(); ev.returnValue = ""; }
  });

  load(false).then(function () { document.body.dataset.ready = "1"; });
})();
