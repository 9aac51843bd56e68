/* graphkit network pages: tooltips, search, year filter, neighbourhood highlight.
 * Text from the data reaches the document through textContent only, never as HTML. */
(function () {
  "use strict";

  var DIM_NODE = { background: "rgba(200,200,200,0.28)", border: "rgba(180,180,180,0.35)" };
  var DIM_EDGE = "rgba(200,200,200,0.12)";
  var FONT_ON = { color: "#1f2328", strokeColor: "#ffffff" };
  var FONT_OFF = { color: "rgba(0,0,0,0)", strokeColor: "rgba(0,0,0,0)" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function fold(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  function yearsText(ys) {
    if (!ys || !ys.length) { return ""; }
    var a = ys[0], b = ys[ys.length - 1];
    return a === b ? String(a) : a + "\u2013" + b;
  }

  function assign(a, b) {
    var out = {}, k;
    for (k in a) { if (Object.prototype.hasOwnProperty.call(a, k)) { out[k] = a[k]; } }
    for (k in b) { if (Object.prototype.hasOwnProperty.call(b, k)) { out[k] = b[k]; } }
    return out;
  }

  function nodeBox(node) {
    var t = node.t || {};
    var box = el("div", "gk-tip-box");
    box.appendChild(el("div", "gk-tip-h", t.h || node.label || node.id));
    if (t.k) { box.appendChild(el("div", "gk-tip-k", t.k)); }
    (t.r || []).forEach(function (row) {
      var line = el("div", "gk-tip-r");
      line.appendChild(el("span", "gk-tip-l", row[0] + ": "));
      line.appendChild(document.createTextNode(row[1]));
      box.appendChild(line);
    });
    if (t.p) { box.appendChild(el("p", "gk-tip-p", t.p)); }
    return box;
  }

  function mount(root) {
    var data = JSON.parse(root.querySelector("script.gk-data").textContent);
    var q = function (sel) { return root.querySelector(sel); };
    var container = q(".gk-canvas"), tip = q(".gk-tip"), statusEl = q(".gk-status");
    var details = q(".gk-details"), search = q(".gk-q"), results = q(".gk-results");
    var fromEl = q(".gk-from"), toEl = q(".gk-to");
    if (typeof vis === "undefined") {
      container.appendChild(el("p", "gk-error", "The network library did not load."));
      return null;
    }
    var byId = {}, edgeById = {}, baseColor = {}, baseFont = {}, baseEdge = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; baseColor[n.id] = n.color; baseFont[n.id] = n.font || {}; });
    data.edges.forEach(function (e) { edgeById[e.id] = e; baseEdge[e.id] = e.color; });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(container, { nodes: [], edges: [] }, data.options);
    var api = { network: network, nodes: nodes, edges: edges, data: data, root: root,
                stable: null, selected: null, select: null, find: null, setYears: null };
    var hiddenN = {}, hiddenE = {}, dimmed = {}, labelled = {};
    var order = data.nodes.map(function (n) { return n.id; }).sort(function (a, b) {
      return (byId[b].value || 0) - (byId[a].value || 0) || (a < b ? -1 : a > b ? 1 : 0);
    });

    function label(id) { var n = byId[id]; return n ? ((n.t && n.t.h) || n.label || n.lb || id) : id; }

    // ---------------------------------------------------------------- labels of big views
    // Above a size the page labels only the most central nodes in view (data.labels.budget),
    // at a constant size on screen; zooming in brings more labels.
    function fontFor(id) {
      var f = assign(baseFont[id], dimmed[id] ? FONT_OFF : FONT_ON);
      if (labelled[id]) { f.size = labelled[id]; }
      return f;
    }
    function relabel() {
      if (!data.labels) { return; }
      var s = network.getScale(), c = network.getViewPosition();
      var hw = container.clientWidth / s / 2, hh = container.clientHeight / s / 2;
      var pos = network.getPositions(), next = {}, k = 0, px = data.labels.px, boxes = [];
      var r = data.labels.radius, tries = 0;
      for (var i = 0; i < order.length && k < data.labels.budget && tries < data.labels.budget * 8; i++) {
        var id = order[i], p = pos[id];
        if (hiddenN[id] || !p || Math.abs(p.x - c.x) > hw || Math.abs(p.y - c.y) > hh) { continue; }
        tries++;
        var v = byId[id].value || 0, f = (px[0] + (px[1] - px[0]) * v) / s;
        var w = 0.3 * f * String(byId[id].lb).length, top = p.y + r[0] + (r[1] - r[0]) * v;
        var box = [p.x - w, top, p.x + w, top + 1.25 * f];
        var clash = false;
        for (var j = 0; j < boxes.length && !clash; j++) {
          var o = boxes[j];
          clash = box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3];
        }
        if (clash) { continue; }
        boxes.push(box);
        next[id] = Math.round(f * 10) / 10;
        k++;
      }
      var upd = [];
      Object.keys(labelled).forEach(function (id) {
        if (!(id in next)) { delete labelled[id]; upd.push({ id: id, label: "", font: fontFor(id) }); }
      });
      Object.keys(next).forEach(function (id) {
        if (labelled[id] !== next[id]) {
          labelled[id] = next[id];
          upd.push({ id: id, label: byId[id].lb, font: fontFor(id) });
        }
      });
      if (upd.length) { nodes.update(upd); }
    }
    api.relabel = relabel;
    api.labelled = function () { return Object.keys(labelled).sort(); };
    var relabelTimer = null;
    function relabelSoon() {
      if (relabelTimer) { clearTimeout(relabelTimer); }
      relabelTimer = setTimeout(function () { relabelTimer = null; relabel(); }, 120);
    }
    if (data.labels) {
      network.on("zoom", relabelSoon);
      network.on("dragEnd", relabelSoon);
      network.on("animationFinished", relabelSoon);
    }

    // ---------------------------------------------------------------- ready
    function markStable() {
      if (api.stable !== null) { return; }
      api.stable = performance.now();
      root.setAttribute("data-gk-stable", String(Math.round(api.stable)));
      status();
    }
    if (data.physics) {
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });
        network.once("afterDrawing", markStable);
        network.fit();
        relabel();
        network.redraw();
      });
    } else {
      network.once("afterDrawing", function () {
        network.fit();
        relabel();
        network.once("afterDrawing", markStable);
        network.redraw();
      });
    }

    // ---------------------------------------------------------------- status line
    function status(extra) {
      var shownN = data.nodes.length - Object.keys(hiddenN).filter(function (k) { return hiddenN[k]; }).length;
      var shownE = data.edges.length - Object.keys(hiddenE).filter(function (k) { return hiddenE[k]; }).length;
      var text = "Showing " + shownN + " of " + data.nodes.length + " nodes, " + shownE + " of " +
        data.edges.length + " links";
      if (fromEl && toEl) { text += " (years " + fromEl.value + "\u2013" + toEl.value + ")"; }
      if (extra) { text += ". " + extra; }
      statusEl.textContent = text;
    }

    // ---------------------------------------------------------------- tooltips
    function showTip(box, pointer) {
      tip.textContent = "";
      tip.appendChild(box);
      tip.hidden = false;
      var w = container.clientWidth, h = container.clientHeight;
      var x = pointer.x + 14, y = pointer.y + 14;
      if (x + tip.offsetWidth > w) { x = Math.max(4, pointer.x - tip.offsetWidth - 14); }
      if (y + tip.offsetHeight > h) { y = Math.max(4, pointer.y - tip.offsetHeight - 14); }
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    }
    function hideTip() { tip.hidden = true; }
    function edgeBox(e) {
      var box = el("div", "gk-tip-box");
      if (e.k) {
        box.appendChild(el("div", "gk-tip-h", label(e.from) + " \u2014 " + e.k + " \u2014 " + label(e.to)));
        if (e.n > 1) { box.appendChild(el("div", "gk-tip-r", e.n + " links")); }
      } else {
        box.appendChild(el("div", "gk-tip-h", label(e.from) + " \u2014 " + label(e.to)));
        box.appendChild(el("div", "gk-tip-r", e.n + " " + (data.linkMeaning || "links") +
          (e.w !== undefined && e.w !== e.n ? " (weight " + e.w + ")" : "")));
      }
      if (e.years && e.years.length) { box.appendChild(el("div", "gk-tip-r", "Years: " + yearsText(e.years))); }
      return box;
    }
    network.on("hoverNode", function (p) { showTip(nodeBox(byId[p.node]), p.pointer.DOM); });
    network.on("blurNode", hideTip);
    network.on("hoverEdge", function (p) { showTip(edgeBox(edgeById[p.edge]), p.pointer.DOM); });
    network.on("blurEdge", hideTip);
    network.on("dragStart", hideTip);
    network.on("zoom", hideTip);

    // ---------------------------------------------------------------- highlight and details
    function highlight(id) {
      var keep = {};
      keep[id] = true;
      network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
      nodes.update(data.nodes.map(function (n) {
        var on = keep[n.id] === true;
        dimmed[n.id] = !on;
        return { id: n.id, color: on ? baseColor[n.id] : DIM_NODE, font: fontFor(n.id) };
      }));
      edges.update(data.edges.map(function (e) {
        return { id: e.id, color: (e.from === id || e.to === id) ? baseEdge[e.id] : DIM_EDGE };
      }));
    }
    function unhighlight() {
      dimmed = {};
      nodes.update(data.nodes.map(function (n) {
        return { id: n.id, color: baseColor[n.id], font: fontFor(n.id) };
      }));
      edges.update(data.edges.map(function (e) { return { id: e.id, color: baseEdge[e.id] }; }));
    }
    function showDetails(id) {
      details.textContent = "";
      details.appendChild(nodeBox(byId[id]));
      if (hiddenN[id]) { details.appendChild(el("p", "gk-tip-k", "Outside the selected years.")); }
      var neigh = network.getConnectedNodes(id).slice().sort(function (a, b) {
        return (byId[b].value || 0) - (byId[a].value || 0) || (label(a) < label(b) ? -1 : 1);
      });
      if (neigh.length) {
        details.appendChild(el("div", "gk-tip-l", neigh.length + " linked: "));
        var list = el("ul", "gk-neigh");
        neigh.slice(0, 30).forEach(function (nid, i) {
          var li = el("li");
          var b = el("button", null, label(nid));
          b.type = "button";
          b.addEventListener("click", function () { select(nid, true); });
          li.appendChild(b);
          if (i < Math.min(neigh.length, 30) - 1) { li.appendChild(document.createTextNode(", ")); }
          list.appendChild(li);
        });
        if (neigh.length > 30) { list.appendChild(el("li", null, " \u2026 and " + (neigh.length - 30) + " more")); }
        details.appendChild(list);
      }
      details.hidden = false;
    }
    function select(id, focus) {
      if (!byId[id]) { return false; }
      api.selected = id;
      network.selectNodes([id]);
      highlight(id);
      showDetails(id);
      if (focus) {
        network.focus(id, { scale: Math.max(network.getScale(), 1.1),
                            animation: { duration: 450, easingFunction: "easeInOutQuad" } });
      }
      return true;
    }
    function clearSelection() {
      if (api.selected === null) { return; }
      api.selected = null;
      network.unselectAll();
      unhighlight();
      details.hidden = true;
      details.textContent = "";
    }
    api.select = select;
    api.clear = clearSelection;
    network.on("click", function (p) {
      if (p.nodes.length) { select(p.nodes[0], false); } else if (!p.edges.length) { clearSelection(); }
    });

    // ---------------------------------------------------------------- search
    var index = data.nodes.map(function (n) {
      return { id: n.id, key: fold(label(n.id)), v: n.value || 0 };
    });
    function find(text) {
      var s = fold(text || "");
      if (!s) { return []; }
      var exact = [], word = [], part = [];
      index.forEach(function (it) {
        if (it.id === text || it.key === s) { exact.push(it); return; }
        var i = it.key.indexOf(s);
        if (i < 0) { return; }
        if (i === 0 || it.key.charAt(i - 1) === " ") { word.push(it); } else { part.push(it); }
      });
      var order = function (a, b) { return b.v - a.v || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0); };
      return exact.sort(order).concat(word.sort(order), part.sort(order)).map(function (it) { return it.id; });
    }
    api.find = find;
    var current = [];
    function showResults() {
      current = find(search.value);
      results.textContent = "";
      if (!search.value.trim()) { results.hidden = true; return; }
      if (!current.length) {
        results.appendChild(el("li", "gk-kind", "No match"));
      }
      current.slice(0, 12).forEach(function (id, i) {
        var li = el("li", i === 0 ? "gk-active" : null, label(id));
        li.setAttribute("role", "option");
        var kind = byId[id].kind || (byId[id].t && byId[id].t.k) || "";
        if (kind) { li.appendChild(el("span", "gk-kind", kind)); }
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
        results.appendChild(li);
      });
      if (current.length > 12) { results.appendChild(el("li", "gk-kind", (current.length - 12) + " more")); }
      results.hidden = false;
    }
    function choose(id) {
      results.hidden = true;
      search.value = label(id);
      select(id, true);
      status(hiddenN[id] ? "The match lies outside the selected years" : "");
    }
    search.addEventListener("input", showResults);
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        ev.preventDefault();
        current = find(search.value);
        if (current.length) { choose(current[0]); } else { status("No match for \u201c" + search.value + "\u201d"); }
      } else if (ev.key === "Escape") {
        results.hidden = true;
      }
    });
    search.addEventListener("blur", function () { results.hidden = true; });

    // ---------------------------------------------------------------- year filter
    function inRange(ys, a, b) {
      for (var i = 0; i < ys.length; i++) { if (ys[i] >= a && ys[i] <= b) { return true; } }
      return false;
    }
    function setYears(a, b) {
      if (!data.years) { return; }
      a = Math.max(data.years[0], Math.min(a, data.years[1]));
      b = Math.max(data.years[0], Math.min(b, data.years[1]));
      if (a > b) { var t = a; a = b; b = t; }
      fromEl.value = a; toEl.value = b;
      q(".gk-from-out").textContent = a;
      q(".gk-to-out").textContent = b;
      var full = a <= data.years[0] && b >= data.years[1];
      var nu = [], eu = [];
      data.nodes.forEach(function (n) {
        var hide = !(full || inRange(n.years || [], a, b));
        if (hide !== (hiddenN[n.id] === true)) { hiddenN[n.id] = hide; nu.push({ id: n.id, hidden: hide }); }
      });
      data.edges.forEach(function (e) {
        var hide = hiddenN[e.from] === true || hiddenN[e.to] === true ||
          !(full || e.years === null || e.years === undefined || inRange(e.years, a, b));
        if (hide !== (hiddenE[e.id] === true)) { hiddenE[e.id] = hide; eu.push({ id: e.id, hidden: hide }); }
      });
      if (nu.length) { nodes.update(nu); }
      if (eu.length) { edges.update(eu); }
      relabel();
      status();
    }
    api.setYears = setYears;
    if (fromEl && toEl) {
      var pending = null;
      var onSlide = function (which) {
        return function () {
          var a = +fromEl.value, b = +toEl.value;
          if (a > b) { if (which === "from") { toEl.value = a; } else { fromEl.value = b; } }
          q(".gk-from-out").textContent = fromEl.value;
          q(".gk-to-out").textContent = toEl.value;
          if (pending) { clearTimeout(pending); }
          pending = setTimeout(function () { pending = null; setYears(+fromEl.value, +toEl.value); }, 60);
        };
      };
      fromEl.addEventListener("input", onSlide("from"));
      toEl.addEventListener("input", onSlide("to"));
    }

    // ---------------------------------------------------------------- reset
    q(".gk-reset").addEventListener("click", function () {
      search.value = "";
      results.hidden = true;
      clearSelection();
      if (data.years) { setYears(data.years[0], data.years[1]); }
      network.fit({ animation: { duration: 300 } });
      status();
    });

    network.setData({ nodes: nodes, edges: edges });
    status();
    return api;
  }

  var views = window.graphkitViews = window.graphkitViews || [];
  Array.prototype.forEach.call(document.querySelectorAll("[data-gk-root]"), function (root) {
    if (root.getAttribute("data-gk-mounted")) { return; }
    root.setAttribute("data-gk-mounted", "1");
    var api = mount(root);
    if (api) { views.push(api); }
  });
  if (!window.gk && views.length) { window.gk = views[0]; }
}());
