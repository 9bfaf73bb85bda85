// The stepping player page: replays the steps in #pz-data on the inline SVG (no network, no libraries).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pz-data").textContent);
  var steps = data.steps, n = steps.length;
  if (!n) { return; }
  var svg = document.querySelector("#pz-graph svg");
  var slider = document.getElementById("pz-slider");
  var counter = document.getElementById("pz-counter");
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
      if (texts[k].textContent === want) { gradText[id] = texts[k]; break; }
    }
  });
  var marked = [];
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
    Object.keys(gradText).forEach(function (id) {
      gradText[id].textContent = data.gradWord + " " + grads[id];
      gradText[id].classList.toggle("pz-changed", id === steps[i].parent);
    });
    var s = steps[i];
    mark(s.node, "pz-current"); mark(s.op, "pz-op"); mark(s.parent, "pz-receiving");
    s.edges.forEach(function (id) { mark(id, "pz-active"); });
    rowValues.forEach(function (cell, c) { cell.textContent = s.row[c]; });
    tableRows.forEach(function (tr) { tr.classList.toggle("pz-current", Number(tr.dataset.step) === i); });
    slider.value = String(i + 1);
    counter.textContent = data.counter.replace("{i}", i + 1).replace("{n}", n);
    current = i;
  }
  var current = 0;
  document.getElementById("pz-prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("pz-next").addEventListener("click", function () { show(current + 1); });
  slider.addEventListener("input", function () { show(Number(slider.value) - 1); });
  tableRows.forEach(function (tr) {
    tr.addEventListener("click", function () { show(Number(tr.dataset.step)); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.target === slider) { return; }
    if (e.key === "ArrowRight") { show(current + 1); }
    else if (e.key === "ArrowLeft") { show(current - 1); }
    else if (e.key === "Home") { show(0); }
    else if (e.key === "End") { show(n - 1); }
  });
  show(0);
}());
