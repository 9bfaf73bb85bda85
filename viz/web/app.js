// The browser page of pizarra: the project's own Python (in Pyodide) answers, Graphviz (in WebAssembly)
// lays the diagrams out, and the player's page.js steps through them.  Everything it loads is on this site.
//
// The address's fragment is the lesson: #vista=formula&f=…&v=…&paso=9&lang=es (the formula view at step 9),
// #vista=ejercicio&tipo=two-layer&semilla=17, #vista=comprobar&f=…&v=….  Python's answers are JSON
// (viz/web/app.py); window.pizarraPage exposes the page's state and timings to tests and benchmarks.
(function () {
  "use strict";
  var setup = JSON.parse(document.getElementById("web-setup").textContent);
  var VIEWS = {formula: "formula", ejercicio: "exercise", comprobar: "check"};
  var NAMES = {formula: "formula", exercise: "ejercicio", check: "comprobar"};
  var DEFAULT = {
    f: "z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - y)**2",
    v: "w1=4 w2=2 w3=-5 x1=1 x2=0 x3=2 b=7 y=5"
  };
  var $ = function (id) { return document.getElementById(id); };
  var page = window.pizarraPage = {ready: false, times: {redraw: []}, error: null, player: null};
  var state = readHash();
  var app = null;          // viz.web.app, once Python has started
  var graphviz = null;     // the Graphviz instance, or null with graphvizError saying why
  var graphvizError = null;
  var exercise = null;     // the exercise on screen: {kind, seed, fields}

  // --- the address ----------------------------------------------------------------------------------
  function readHash() {
    var q = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var lang = q.get("lang") === "en" ? "en" : "es";
    var paso = parseInt(q.get("paso") || "", 10);
    return {view: VIEWS[q.get("vista")] || "formula", lang: lang,
            f: q.has("f") ? q.get("f") : DEFAULT.f, v: q.has("v") ? q.get("v") : DEFAULT.v,
            paso: isFinite(paso) && paso > 0 ? paso : null,
            tipo: q.get("tipo") === "neuron" ? "neuron" : "two-layer",
            semilla: Math.max(0, parseInt(q.get("semilla") || "1", 10) || 0)};
  }
  function writeHash() {
    var q = new URLSearchParams();
    q.set("vista", NAMES[state.view]);
    if (state.view === "exercise") {
      q.set("tipo", state.tipo); q.set("semilla", String(state.semilla));
    } else {
      q.set("f", state.f); q.set("v", state.v);
      if (state.view === "formula" && state.paso) { q.set("paso", String(state.paso)); }
    }
    q.set("lang", state.lang);
    window.history.replaceState(null, "", "#" + q.toString());
  }

  // --- words ----------------------------------------------------------------------------------------
  function word(key, fields) {
    var text = setup.words[state.lang][key];
    Object.keys(fields || {}).forEach(function (k) { text = text.split("{" + k + "}").join(fields[k]); });
    return text;
  }
  function label() {
    document.documentElement.lang = state.lang;
    document.title = word("web_title");
    document.querySelectorAll("[data-word]").forEach(function (el) { el.textContent = word(el.dataset.word); });
    $("lang").value = state.lang;
  }
  function say(text) { $("status").textContent = text; }
  function message(text) {
    $("message").textContent = text || "";
    $("message").hidden = !text;
  }

  // --- the views ------------------------------------------------------------------------------------
  function show(view) {
    state.view = view;
    Object.keys(NAMES).forEach(function (v) {
      $("view-" + v).hidden = v !== view;
      $("tab-" + v).setAttribute("aria-pressed", String(v === view));
    });
    $("formula-form").hidden = view === "exercise";
    message("");
    writeHash();
    if (!app) { return; }
    if (view === "formula") { drawFormula(); }
    if (view === "check") { runCheck(); }
    if (view === "exercise") { newExercise(); }
  }
  function ask(name) {  // call viz.web.app.<name>(...) and parse its JSON answer
    var args = Array.prototype.slice.call(arguments, 1);
    try {
      return JSON.parse(app[name].apply(null, args));
    } catch (error) {  // a bug, not a mistake in what was typed: its last line, never a whole traceback
      var lines = String(error).trim().split("\n");
      page.error = String(error);
      return {ok: false, error: lines[lines.length - 1]};
    }
  }

  function drawFormula() {
    var t0 = performance.now();
    if (page.player) { page.player.destroy(); page.player = null; }
    if (!graphviz) {  // no diagram: the steps' table, and why
      var table = ask("steps_table", state.f, state.v, state.lang);
      if (!table.ok) { message(table.error); $("stage").innerHTML = ""; return; }
      message(word("web_no_graphviz", {error: String(graphvizError)}));
      $("stage").innerHTML = table.html;
      return;
    }
    var answer = ask("formula", state.f, state.v, state.lang, graphAspect());
    page.times.python = page.times.python || [];
    page.times.python.push(performance.now() - t0);  // of which Python (and the layouts it asks Graphviz for)
    if (!answer.ok) {
      message(answer.error);
      $("stage").innerHTML = "";
      return;
    }
    message("");
    $("stage").innerHTML = answer.html;
    var start = state.paso ? Math.min(state.paso, answer.steps) - 1 : 0;
    page.steps = answer.steps;
    page.player = pizarraPlayer(answer.data, {start: start, onStep: function (i) {
      state.paso = i + 1;
      writeHash();
    }});
    page.times.redraw.push(performance.now() - t0);
  }

  // The shape of the box the graph is shown in (width over height), for Python to lay the graph out to:
  // the graph's box once there is one, else the free area less the player's side panel, toolbar and caption.
  function graphAspect() {
    var box = $("pz-graph");
    if (box && box.clientHeight > 0) { return box.clientWidth / box.clientHeight; }
    var rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    var main = $("main");
    return Math.max(1, main.clientWidth - 22 * rem) / Math.max(1, main.clientHeight - 9 * rem);
  }

  function runCheck() {
    var answer = ask("check", state.f, state.v, state.lang);
    if (!answer.ok) { message(answer.error); $("check-report").innerHTML = ""; $("check-graph").innerHTML = ""; return; }
    message("");
    $("check-report").innerHTML = answer.report;
    $("check-graph").innerHTML = graphviz ? answer.svg : "";
    if (!graphviz) { message(word("web_no_graphviz", {error: String(graphvizError)})); }
  }

  function newExercise() {
    var answer = ask("exercise", state.tipo, state.semilla, state.lang);
    $("kind").value = state.tipo;
    $("seed").value = String(state.semilla);
    $("grade-report").innerHTML = "";
    if (!answer.ok) { message(answer.error); return; }
    exercise = {kind: state.tipo, seed: state.semilla, fields: answer.fields, filename: answer.filename};
    $("exercise-statement").innerHTML = answer.statement + (graphviz ? answer.svg : "");
    typeset($("exercise-statement"));
    var boxes = $("answer-boxes");
    boxes.innerHTML = "";
    answer.fields.forEach(function (field) {
      var group = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = field.title;
      group.appendChild(legend);
      field.entries.forEach(function (entry) {
        var box = document.createElement("label");
        var name = document.createElement("span");
        var input = document.createElement("input");
        name.textContent = entry.label;
        input.type = "text";
        input.name = entry.name;
        input.dataset.entry = entry.name;
        input.setAttribute("inputmode", "decimal");
        box.appendChild(name);
        box.appendChild(input);
        group.appendChild(box);
      });
      boxes.appendChild(group);
    });
    $("download-note").textContent = word("web_download_note", {file: answer.filename});
  }
  var katexLoaded = null;
  function typeset(root) {  // the statement's math (TeX in .math elements) by KaTeX; as TeX text without it
    katexLoaded = katexLoaded || script("katex/katex.min.js");
    katexLoaded.then(function () {
      root.querySelectorAll(".math").forEach(function (el) {
        katex.render(el.textContent, el, {displayMode: el.tagName === "DIV", throwOnError: false});
      });
      page.typeset = true;
    }, function () { page.typeset = false; });
  }
  function typedAnswers() {
    var typed = {};
    document.querySelectorAll("#answer-boxes input").forEach(function (input) {
      typed[input.dataset.entry] = input.value;
    });
    return JSON.stringify(typed);
  }
  function grade() {
    var answer = ask("grade", exercise.kind, exercise.seed, state.lang, typedAnswers());
    if (!answer.ok) { message(answer.error); return; }
    message("");
    $("grade-report").innerHTML = answer.report;
    page.graded = answer;
    document.querySelectorAll("#answer-boxes input").forEach(function (input) {
      var verdict = answer.entries[input.dataset.entry];
      input.classList.toggle("web-right", verdict === "right");
      input.classList.toggle("web-wrong", verdict === "wrong");
    });
  }
  function download() {
    var answer = ask("answers_file", exercise.kind, exercise.seed, state.lang, typedAnswers());
    if (!answer.ok) { message(answer.error); return; }
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([answer.text], {type: "application/x-yaml"}));
    link.download = answer.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    page.downloaded = answer;
  }

  // --- the controls ---------------------------------------------------------------------------------
  function wire() {
    Object.keys(NAMES).forEach(function (v) {
      $("tab-" + v).addEventListener("click", function () { show(v); });
    });
    $("formula-form").addEventListener("submit", function (e) {
      e.preventDefault();
      state.f = $("formula").value;
      state.v = $("values").value;
      state.paso = null;
      writeHash();
      if (state.view === "check") { runCheck(); } else { drawFormula(); }
    });
    $("lang").addEventListener("change", function () {
      state.lang = $("lang").value;
      label();
      show(state.view);
    });
    $("exercise-form").addEventListener("submit", function (e) {
      e.preventDefault();
      state.tipo = $("kind").value;
      state.semilla = Math.max(0, parseInt($("seed").value, 10) || 0);
      writeHash();
      newExercise();
    });
    $("answers-form").addEventListener("submit", function (e) { e.preventDefault(); grade(); });
    $("download").addEventListener("click", download);
    $("check-run").addEventListener("click", runCheck);
    $("copy-link").addEventListener("click", function () {
      var url = window.location.href;
      var done = function () { say(word("web_copied", {url: url})); };
      var failed = function () { say(word("web_copy_failed", {url: url})); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, failed);
      } else { failed(); }
    });
  }

  // --- start: Python and Graphviz load side by side, the wheels while Python starts -----------------
  function script(src) {  // load a script now, after Python has started loading
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = function () { reject(new Error(src + " did not load")); };
      document.head.appendChild(el);
    });
  }
  function start() {
    label();
    $("formula").value = state.f;
    $("values").value = state.v;
    if (window.location.protocol === "file:") { message(word("web_needs_http")); return; }
    say(word("web_loading"));
    page.times.start = performance.now();
    var fetched = function (url) {
      return fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.arrayBuffer();
      });
    };
    var wheels = setup.wheels.map(fetched);
    // the modules compiled ahead of time: without them the imports compile the sources (slower, same page)
    var bytecode = fetched(setup.bytecode).catch(function () { return null; });
    var python = loadPyodide({indexURL: "pyodide/"}).then(function (py) {
      page.times.pyodide = performance.now();  // every time in page.times: ms since the page was asked for
      return py;
    });
    var layout = script("vizjs/viz-global.js").then(function () { return Viz.instance(); }).then(function (v) {
      // A small formula's layouts while Python starts (recorded by the build): the browser compiles each of
      // Graphviz's functions on its first call, and the first graph then waits for none of that.
      (setup.warmUp || []).forEach(function (call) { v.renderString(call[0], {format: call[1]}); });
      graphviz = v;
      page.times.graphviz = performance.now();
    }, function (e) { graphvizError = e; });
    Promise.all([python, Promise.all(wheels), bytecode, layout]).then(function (done) {
      var py = done[0], site = py.runPython("import site; site.getsitepackages()[0]");
      page.times.unpack = performance.now();
      done[1].forEach(function (wheel) { py.unpackArchive(wheel, "wheel", {extractDir: site}); });
      if (done[2]) { py.unpackArchive(done[2], "zip", {extractDir: site}); }
      globalThis.pizarraLayout = function (source, format) { return graphviz.renderString(source, {format: format}); };
      app = py.pyimport("viz.web.app");
      page.times.imported = performance.now();
      if (graphviz) { py.runPython("from js import pizarraLayout\nfrom viz.layout import use_renderer\nuse_renderer(pizarraLayout)"); }
      page.times.ready = performance.now();
      wire();
      say("");
      page.ready = true;
      show(state.view);
      page.times.first = performance.now();
    }).catch(function (error) {
      page.error = String(error);
      message(word("web_load_failed", {error: String(error)}));
    });
  }
  start();
}());
