// The stepping player: replays a trace's steps on the SVG of the page's stage (no network, no libraries).
// The view follows the step: the graph is drawn large enough to read from the back of a room and
// scrolled so the node being processed and the parent receiving its contribution are on screen.
// One stepping UI for two pages: the player page (viz.player) starts it once with the data in #pz-data;
// the browser page (viz/web) starts it for each formula, after putting a new stage in the document.
//   pizarraPlayer(data, {start: i, onStep: function (i) {...}}) -> {show, destroy, current} (null: no steps)
// `start` is the first step shown (0-based; default: the address's "#9"); `onStep` is told each step shown
// (default: the address becomes "#9").  `destroy` removes the listeners it added to the document and window.
function pizarraPlayer(data, options) {
  "use strict";
  options = options || {};
  var steps = data.steps, n = steps.length;
  if (!n) { return null; }
  var box = document.getElementById("pz-graph");
  var svg = box.querySelector("svg");
  var slider = document.getElementById("pz-slider");
  var counter = document.getElementById("pz-counter");
  var caption = document.getElementById("pz-caption");
  // The step's row: a table of name/value pairs written by the page; only its values change.
  var rowValues = document.querySelectorAll("#pz-row tr > :last-child");
  var tableRows = document.querySelectorAll("#pz-table tr[data-step]");
  // The text element showing each node's gradient: the last text of its box that reads "grad <widest>".
  var gradText = {};
  Object.keys(data.widest).forEach(function (id) {
    var g = document.getElementById(id);
    if (!g) { return; }
    var want = data.gradWord + " " + data.widest[id], texts = g.querySelectorAll("text");
    for (var k = texts.length - 1; k >= 0; k--) {
      if (texts[k].textContent === want) { gradText[id] = texts[k]; texts[k].classList.add("pz-grad"); break; }
    }
  });

  // --- zoom: the SVG's user units (graphviz points) times `scale` are CSS pixels -------------------
  var view = svg.viewBox.baseVal, width = view.width, height = view.height;
  svg.removeAttribute("width"); svg.removeAttribute("height");
  // The smallest font of any node's text, in user units: the default zoom makes it readable.
  var smallest = Infinity;
  svg.querySelectorAll("g.node text").forEach(function (t) {
    var size = parseFloat(t.getAttribute("font-size"));
    if (size > 0 && size < smallest) { smallest = size; }
  });
  if (!isFinite(smallest)) { smallest = 14; }
  var STEP = 1.25, PAD = 8;  // PAD: the graph box's padding (page.css)
  var zoom = 1, fitted = false, scale = 1;
  // The default: the smallest node text at least 16 CSS px (its glyph box ~18 px), more on a wider
  // window; the whole graph when it fits at that size (up to half as large again).
  function readable() { return Math.max(16, window.innerWidth / 110) / smallest; }
  function fit() {
    return Math.min((box.clientWidth - 2 * PAD) / width, (box.clientHeight - 2 * PAD) / height);
  }
  function base() { var r = readable(); return Math.max(r, Math.min(fit(), 1.5 * r)); }
  function layout() {
    scale = fitted ? fit() : base() * zoom;
    svg.style.width = (width * scale) + "px";
    svg.style.height = (height * scale) + "px";
    follow();
  }
  function setZoom(factor) {
    if (fitted) { zoom = fit() / base(); fitted = false; }
    zoom = Math.max(0.05, Math.min(8, zoom * factor));
    layout();
  }
  function toFit() { fitted = true; layout(); }

  // --- follow: scroll so the current node and the receiving parent are visible ---------------------
  function extent(ids, origin) {
    var r = null;
    ids.forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var b = el.getBoundingClientRect();
      var e = {left: b.left - origin.left + box.scrollLeft, right: b.right - origin.left + box.scrollLeft,
               top: b.top - origin.top + box.scrollTop, bottom: b.bottom - origin.top + box.scrollTop};
      r = r === null ? e : {left: Math.min(r.left, e.left), right: Math.max(r.right, e.right),
                            top: Math.min(r.top, e.top), bottom: Math.max(r.bottom, e.bottom)};
    });
    return r;
  }
  // One axis: the scroll position that shows [lo, hi] of `want` (centred on it when it is off screen),
  // or, when it is longer than the window, that shows `must` (the current node) as near `want` as it can.
  function axis(now, size, want, must, lo, hi) {
    var margin = Math.min(40, size / 10);
    if (want[lo] - margin >= now && want[hi] + margin <= now + size) { return now; }
    var centre = (want[lo] + want[hi] - size) / 2;
    if (want[hi] - want[lo] + 2 * margin <= size) { return centre; }
    return Math.max(must[hi] + margin - size, Math.min(must[lo] - margin, centre));
  }
  function follow() {
    var s = steps[current], origin = box.getBoundingClientRect();
    var both = extent([s.node, s.parent], origin), node = extent([s.node], origin);
    if (!both || !node) { return; }
    box.scrollLeft = axis(box.scrollLeft, box.clientWidth, both, node, "left", "right");
    box.scrollTop = axis(box.scrollTop, box.clientHeight, both, node, "top", "bottom");
  }

  // --- the steps ----------------------------------------------------------------------------------
  var marked = [], current = 0;
  function mark(id, cls) {
    var el = document.getElementById(id);
    if (el) { el.classList.add(cls); marked.push([el, cls]); }
  }
  function show(i) {
    i = Math.max(0, Math.min(n - 1, i));
    marked.forEach(function (m) { m[0].classList.remove(m[1]); });
    marked = [];
    var grads = {};
    Object.keys(data.initial).forEach(function (id) { grads[id] = data.initial[id]; });
    for (var k = 0; k <= i; k++) { grads[steps[k].parent] = steps[k].grad; }
    // Each node as its state at this step says (one letter per node, from the trace's state_at):
    // "-" not reached yet ("grad —", dashed), "g" its gradient so far, "n" needs none (drawn so).
    data.nodes.forEach(function (id, k) {
      var state = steps[i].states.charAt(k), g = document.getElementById(id), text = gradText[id];
      if (g) { g.classList.toggle("pz-unreached", state === "-"); }
      if (!text || state === "n") { return; }
      text.textContent = state === "-" ? data.notReached : data.gradWord + " " + grads[id];
      text.classList.toggle("pz-changed", id === steps[i].parent);
    });
    var s = steps[i];
    mark(s.node, "pz-current"); mark(s.op, "pz-op"); mark(s.parent, "pz-receiving");
    s.edges.forEach(function (id) { mark(id, "pz-active"); });
    rowValues.forEach(function (cell, c) { cell.textContent = s.row[c]; });
    tableRows.forEach(function (tr) { tr.classList.toggle("pz-current", Number(tr.dataset.step) === i); });
    caption.textContent = s.caption;
    slider.value = String(i + 1);
    counter.textContent = data.counter.replace("{i}", i + 1).replace("{n}", n);
    current = i;
    onStep(i);
    follow();
  }
  function present(on) {
    document.body.classList.toggle("pz-present", on);
    document.getElementById("pz-presentation").setAttribute("aria-pressed", String(on));
    layout();
  }

  var onStep = options.onStep || function (i) {
    if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "#" + (i + 1)); }
  };
  function click(id, action) { document.getElementById(id).addEventListener("click", action); }
  click("pz-prev", function () { show(current - 1); });
  click("pz-next", function () { show(current + 1); });
  click("pz-zoom-in", function () { setZoom(STEP); });
  click("pz-zoom-out", function () { setZoom(1 / STEP); });
  click("pz-fit", toFit);
  click("pz-presentation", function () { present(!document.body.classList.contains("pz-present")); });
  slider.addEventListener("input", function () { show(Number(slider.value) - 1); });
  tableRows.forEach(function (tr) {
    tr.addEventListener("click", function () { show(Number(tr.dataset.step)); });
  });
  // Keys: a presenter's remote sends PageDown / PageUp; the slider keeps its own arrow keys.
  var keys = {
    ArrowRight: function () { show(current + 1); }, ArrowLeft: function () { show(current - 1); },
    PageDown: function () { show(current + 1); }, PageUp: function () { show(current - 1); },
    " ": function () { show(current + 1); },
    Home: function () { show(0); }, End: function () { show(n - 1); },
    "+": function () { setZoom(STEP); }, "=": function () { setZoom(STEP); },
    "-": function () { setZoom(1 / STEP); }, "_": function () { setZoom(1 / STEP); },
    "0": toFit,
    f: function () { present(!document.body.classList.contains("pz-present")); },
    Escape: function () { present(false); }
  };
  keys.F = keys.f;
  var sliderKeys = ["ArrowRight", "ArrowLeft", "Home", "End", "PageDown", "PageUp"];
  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || !keys.hasOwnProperty(e.key)) { return; }
    if (e.target === slider && sliderKeys.indexOf(e.key) >= 0) { return; }
    if (e.target instanceof HTMLButtonElement && (e.key === " " || e.key === "Enter")) { return; }
    // typing (a formula, an answer) is not stepping
    var typing = e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement ||
                 (e.target instanceof HTMLInputElement && e.target !== slider);
    if (typing) { return; }
    e.preventDefault();
    keys[e.key]();
  }
  document.addEventListener("keydown", onKey);
  window.addEventListener("resize", layout);
  var start = /^#(\d+)$/.exec(window.location.hash);
  current = options.start !== undefined ? Math.max(0, Math.min(n - 1, options.start))
    : start ? Math.max(0, Math.min(n - 1, Number(start[1]) - 1)) : 0;
  layout();
  show(current);
  return {
    show: show,
    current: function () { return current; },
    destroy: function () {
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("resize", layout);
      document.body.classList.remove("pz-present");
    }
  };
}
