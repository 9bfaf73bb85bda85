"""The playground in a real JupyterLab, in headless Chromium: what a teacher does in class after ``make playground``.

A JupyterLab server (``python -m jupyterlab``, as ``make playground`` starts it, on a free port with a fixed
token and its own config, data, settings and runtime folders) serves a copy of a one-cell notebook that
shows ``viz.playground(data="moons", hidden=[4, 4], notation="es", seed=0)``.  Chromium at 1920×1080 with
HTTPS blocked (JupyterLab's assets and the ipywidgets extension are local files: a classroom needs no
internet) opens it, runs all cells from the Run menu and, as a teacher would:

1. sees the app: the controls, the live picture (an ``<img>`` of 1280×720 pixels stretched to the output's
   width, at 16:9) and a button per neuron, named as the picture and the worked solutions name them;
2. presses "▶ Entrenar": the status line's epoch grows and the picture is redrawn chunk after chunk while
   training runs; presses "❚❚ Pausa": the kernel handles the click *while* its training task runs, and
   training stops ("Un paso" then adds exactly one epoch, and nothing more comes);
3. clicks the neuron ``y2[3]``: its step-through opens below, its caption a chain-rule step ``∂J/∂…`` with
   the decimal comma, and "Siguiente ▶" moves it to the next step.

Screenshots of the app before and after training and of the open step-through are written at 1920×1080
(in the test's temporary folder: ``lab_before.png``, ``lab_after.png``, ``lab_trace.png``).  The server
is shut down through its API (which stops its kernel) and its process group killed; no process it
started may be left running.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.course import browser_fixture
from viz.words import WORDS

pytestmark = [pytest.mark.notebooks]

ROOT = Path(__file__).resolve().parents[2]
#: The notebook's one cell.
SOURCE = 'import viz\n\npg = viz.playground(data="moons", hidden=[4, 4], notation="es", seed=0)\npg'
ES = WORDS("es")
#: The neurons' buttons of a 2-4-4-1 network, as the picture and the worked solutions name them; J: the whole loss.
NEURONS = ["y1[1]", "y1[2]", "y1[3]", "y1[4]", "y2[1]", "y2[2]", "y2[3]", "y2[4]", "ŷ", "J"]
#: The status line starts "época 12:".
EPOCH = re.compile(re.escape(ES["pg_status"].split("{epoch}")[0]) + r"(\d+):")
#: Text that means the widget did not render (e.g. the ipywidgets JupyterLab extension is missing).
UNRENDERED = ("Error displaying widget", "Error rendering widget", "model not found", "VBox(", "Playground(",
              *(WORDS(lang)["pg_still"] for lang in ("en", "es")))
OUT = ".jp-OutputArea-output"
#: Seconds to wait for the server, the kernel and the first render on a busy two-core machine.
SLOW = 90.0


# --- the server ------------------------------------------------------------------------------------------

@dataclass
class Lab:
    """A running JupyterLab: the notebook's address (with the token) and what the finalizer needs."""

    url: str
    base: str
    token: str
    process: subprocess.Popen[bytes]
    log: Path
    started: float
    times: dict[str, float] = field(default_factory=dict)

    def tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _request(lab: Lab, path: str, method: str = "GET") -> int:
    request = urllib.request.Request(lab.base + path, method=method, headers={"Authorization": f"token {lab.token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        status: int = response.status
        return status


def _children() -> dict[int, list[int]]:
    """Every live process's children, read from /proc (empty where there is no /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def _descendants(pid: int) -> set[int]:
    """The processes started under ``pid``: the server's kernel is one, in a session of its own."""
    children, found, todo = _children(), set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    with contextlib.suppress(OSError, IndexError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return False


def _notebook(folder: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell(SOURCE)], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    path = folder / "playground.ipynb"
    nbformat.write(nb, path)
    return path


def _start(home: Path) -> Lab:
    """Start JupyterLab on a copy of the notebook, in a session of its own, with nothing from the user's config."""
    root = home / "notebooks"
    root.mkdir()
    notebook = _notebook(root)
    # No "official Jupyter news?" toast over the page, and no check for updates (no internet needed).
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings")}
    for name, folder in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                         ("IPYTHONDIR", "ipython")):
        env[name] = str(home / folder)
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               *(["--allow-root"] if os.geteuid() == 0 else [])]
    log = home / "server.log"
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=home, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    return Lab(url=f"{base}/lab/tree/{notebook.name}?token={token}", base=base, token=token, process=process,
               log=log, started=started)


def _wait_until_serving(lab: Lab) -> None:
    deadline = time.monotonic() + SLOW
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            pytest.fail(f"jupyter lab exited with {lab.process.returncode}:\n{lab.tail()}")
        with contextlib.suppress(OSError):
            if _request(lab, "/api/status") == 200:
                lab.times["server up"] = time.monotonic() - lab.started
                return
        time.sleep(0.2)
    pytest.fail(f"jupyter lab did not answer within {SLOW:.0f} s:\n{lab.tail()}")


def _shut_down(lab: Lab) -> None:
    """Stop the server through its API (it stops its kernel), kill its process group, and check nothing is left."""
    started = _descendants(lab.process.pid)
    clean = False
    with contextlib.suppress(OSError):
        clean = _request(lab, "/api/shutdown", method="POST") == 200
    try:
        lab.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        clean = False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(lab.process.pid, signal.SIGKILL)       # whatever is left in the server's group
    lab.process.wait(timeout=10)
    deadline = time.monotonic() + 10                     # kernels have their own session: they exit on their own
    while (left := [pid for pid in started if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    assert not left, f"processes started by jupyter lab were still running after it stopped: {left}"
    assert clean and lab.process.returncode == 0, f"jupyter lab did not stop cleanly:\n{lab.tail()}"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    running = _start(tmp_path_factory.mktemp("lab"))
    try:
        _wait_until_serving(running)
        yield running
    finally:
        _shut_down(running)


browser = browser_fixture(blocked=("https://*",))   # no CDN, no internet


# --- the page --------------------------------------------------------------------------------------------

def _until(what: str, check: Callable[[], Any], timeout: float = 20.0) -> Any:
    """Poll ``check`` until it returns something true; fail saying ``what`` did not happen."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.1)


def _menu(browser: Any, menu: str, item: str) -> None:
    """Click ``item`` of the menu bar's ``menu``, as a teacher does."""
    from selenium.webdriver.common.by import By

    browser.find_element(By.XPATH, f"//*[contains(@class,'lm-MenuBar-itemLabel')][text()='{menu}']").click()
    _until(f"the menu item {item}", lambda: browser.find_elements(
        By.XPATH, f"//*[contains(@class,'lm-Menu-itemLabel')][text()='{item}']"))[0].click()


_APP = """
var out = Array.from(document.querySelectorAll('.jp-OutputArea-output')).find(function (o) {
    return o.querySelector('img.widget-image'); });
if (!out) { return {text: Array.from(document.querySelectorAll('.jp-OutputArea-output')).map(function (o) {
    return o.innerText; }).join('\\n')}; }
var img = out.querySelector('img.widget-image'), r = img.getBoundingClientRect(), o = out.getBoundingClientRect();
var box = out.querySelector('.jupyter-widgets'), svg = out.querySelector('.pz-caption ~ div svg');
var first = Array.from(out.querySelectorAll('button')).find(function (b) { return b.textContent.trim() === 'y1[1]'; });
return {text: out.innerText, natural: [img.naturalWidth, img.naturalHeight], rendered: [r.width, r.height],
        output: o.width, changes: window.pzChanges || 0, viewport: window.innerHeight,
        scrolls: box ? box.scrollWidth - box.clientWidth : null, svg: svg ? svg.getBoundingClientRect().width : null,
        neuron_above: first ? first.getBoundingClientRect().bottom <= r.top : null,
        buttons: Array.from(out.querySelectorAll('button')).map(function (b) { return b.textContent.trim(); }),
        labels: Array.from(out.querySelectorAll('.widget-label')).map(function (l) { return l.textContent; }),
        caption: (out.querySelector('.pz-caption') || {}).textContent || null};"""

_COUNT_REDRAWS = """
var img = document.querySelector('.jp-OutputArea-output img.widget-image');
window.pzChanges = 0;
new MutationObserver(function (changes) { window.pzChanges += changes.length; }).observe(
    img, {attributes: true, attributeFilter: ['src']});"""


def _app(browser: Any) -> dict[str, Any]:
    app: dict[str, Any] = browser.execute_script(_APP)
    return app


def _epoch(browser: Any) -> int:
    """The epoch the status line shows."""
    labels = _app(browser)["labels"]
    found = next((match for label in labels if (match := EPOCH.match(label))), None)
    assert found is not None, f"no status line ({ES['pg_status']!r}) among {labels}"
    return int(found[1])


def _settled(browser: Any, quiet: float = 1.0) -> int:
    """The epoch, once it has not changed for ``quiet`` seconds (Play trains a chunk in well under that).

    The front end applies each widget's updates in its own order: the Pause button's new label can show
    before the status line of the chunk the kernel trained just before it took the click."""
    epoch, since = _epoch(browser), time.monotonic()
    deadline = since + 10
    while time.monotonic() - since < quiet:
        assert time.monotonic() < deadline, f"training did not stop: epoch {epoch} and counting"
        time.sleep(0.1)
        if (now := _epoch(browser)) != epoch:
            epoch, since = now, time.monotonic()
    return epoch


def _button(browser: Any, text: str) -> Any:
    """The app's button labelled ``text``, scrolled to the middle of the screen."""
    button = browser.execute_script("""var text = arguments[0];
        return Array.from(document.querySelectorAll('.jp-OutputArea-output button')).find(function (b) {
            return b.textContent.trim() === text; });""", text)
    assert button is not None, f"no button {text!r} in {_app(browser).get('buttons')}"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    return button


def _shot(browser: Any, path: Path, top: Any) -> Path:
    """A screenshot of the screen with element ``top`` scrolled to the top of the notebook's view."""
    from PIL import Image

    browser.execute_script("arguments[0].scrollIntoView({block: 'start'});", top)
    path.write_bytes(browser.get_screenshot_as_png())
    with Image.open(path) as screen:
        assert screen.size == (1920, 1080)
    return path


def _rendered(browser: Any) -> dict[str, Any]:
    """The app once it shows its picture and its neuron buttons; fails at once when it shows no widget."""
    app = _app(browser)
    shown = [text for text in UNRENDERED if text in app["text"]]
    still = browser.execute_script("""return Array.from(document.querySelectorAll('.jp-OutputArea-output')).some(
        function (o) { return o.querySelector('img') && !o.querySelector('.jupyter-widgets'); });""")
    assert not shown and not still, (
        f"JupyterLab shows {'the still picture' if still else shown}, not the playground's widgets: is the ipywidgets "
        f"JupyterLab extension (@jupyter-widgets/jupyterlab-manager, from the package jupyterlab_widgets that "
        f"ipywidgets>=8 requires) installed and enabled? `jupyter labextension list` says.\n{app['text'][:300]}")
    return app if app.get("natural", [0])[0] and set(NEURONS) <= set(app["buttons"]) else {}


def test_the_widgets_extension_is_installed_prebuilt() -> None:
    """JupyterLab draws widgets through the prebuilt extension that ipywidgets' dependency jupyterlab_widgets
    installs (``share/jupyter/labextensions``); without it a notebook shows the playground's still, not the app."""
    from jupyter_core.paths import jupyter_path

    manifests = [Path(folder) / "@jupyter-widgets" / "jupyterlab-manager" / "package.json"
                 for folder in jupyter_path("labextensions")]
    found = [path for path in manifests if path.is_file()]
    assert found, f"no @jupyter-widgets/jupyterlab-manager in {[str(p.parents[2]) for p in manifests]}"
    assert int(json.loads(found[0].read_text(encoding="utf-8"))["version"].split(".")[0]) >= 5  # ipywidgets 8's


@pytest.mark.browser
def test_a_teacher_trains_the_playground_and_steps_through_a_neuron(lab: Lab, browser: Any, tmp_path: Path) -> None:
    times, start = lab.times, time.monotonic()
    browser.get(lab.url)
    _until("the kernel to be idle", lambda: browser.execute_script(
        "var bar = document.getElementById('jp-main-statusbar'); return bar && bar.textContent.includes('| Idle');"),
           SLOW)
    times["lab open, kernel idle"] = time.monotonic() - start
    _menu(browser, "Run", "Run All Cells")
    app = _until("the playground to render", lambda: _rendered(browser), SLOW)
    times["cell run, app shown"] = time.monotonic() - start

    # 1. The app: controls, the live picture stretched to the output's width, a button per neuron.
    for word in ("pg_play", "pg_step", "pg_reset", "pg_trace", "pg_export", "pg_save"):
        assert ES[word] in app["buttons"], f"no button {ES[word]!r}: {app['buttons']}"
    for word in ("pg_data", "pg_noise", "pg_test", "pg_activation", "pg_lr", "pg_l2", "pg_batch", "pg_optimizer"):
        assert ES[word] in app["labels"], f"no control {ES[word]!r}: {app['labels']}"
    neurons = [text for text in app["buttons"] if text in NEURONS]
    assert neurons == NEURONS, f"the neuron buttons read {neurons}"
    assert app["natural"] == [1280, 720], f"the live picture is {app['natural']} pixels"
    width, height = app["rendered"]
    assert width <= app["output"] + 1 and width >= 1200, f"the picture is {width} px wide in {app['output']}"
    assert height <= app["viewport"] - 330 + 1, f"the picture is {height} px tall on a {app['viewport']} px screen"
    assert abs(width / height - 16 / 9) < 0.02, f"the picture is shown at {width}×{height}"
    assert app["neuron_above"], "the neuron buttons are not above the picture (on the same screen)"
    assert app["scrolls"] == 0, f"the app is {app['scrolls']} px wider than the output: a sideways scrollbar"
    assert _epoch(browser) == 0
    output = browser.execute_script("return document.querySelector('.jp-OutputArea-output');")
    _shot(browser, tmp_path / "lab_before.png", output)

    # 2. Play: the epoch grows and the picture is redrawn; Pause: the kernel takes the click between chunks.
    browser.execute_script(_COUNT_REDRAWS)
    played = time.monotonic()
    _button(browser, ES["pg_play"]).click()
    epoch = _until("50 epochs of training", lambda: (e := _epoch(browser)) >= 50 and e, SLOW / 3)
    seconds = time.monotonic() - played
    redraws = _app(browser)["changes"]
    times["epochs per second (Play)"], times["redraws per second (Play)"] = epoch / seconds, redraws / seconds
    assert redraws >= 5, f"{epoch} epochs in {seconds:.1f} s, and the picture changed {redraws} times"
    _shot(browser, tmp_path / "lab_after.png", output)
    _button(browser, ES["pg_pause"]).click()
    _until("the kernel to take Pause while training", lambda: ES["pg_play"] in _app(browser)["buttons"], 10)
    paused = _settled(browser)
    _button(browser, ES["pg_step"]).click()
    _until("one step", lambda: _epoch(browser) != paused, 10)
    stepped = _settled(browser)
    assert stepped == paused + 1, f"after Pause at epoch {paused}, one step went on to epoch {stepped}"

    # 3. A neuron's step-through: below the buttons, a chain-rule caption with the decimal comma; Next moves it.
    neuron = _button(browser, "y2[3]")
    assert "mod-warning" not in neuron.get_attribute("class") and _app(browser)["caption"] is None
    neuron.click()
    caption = _until("the step-through", lambda: _app(browser)["caption"], 30)
    times["step-through open"] = time.monotonic() - start
    _until("the clicked neuron's button to be marked", lambda: "mod-warning" in neuron.get_attribute("class"), 10)
    assert "∂J/∂" in caption and re.search(r"\d,\d", caption), f"the first step's caption reads {caption!r}"
    shown = _app(browser)
    assert shown["svg"] is not None and shown["svg"] <= shown["output"] + 1, (
        f"the step diagram is {shown['svg']} px wide in a {shown['output']} px output")
    assert shown["scrolls"] == 0, f"the app is {shown['scrolls']} px wider than the output with the step-through"
    below = browser.execute_script("""var cap = document.querySelector('.jp-OutputArea-output .pz-caption');
        return cap.getBoundingClientRect().top - arguments[0].getBoundingClientRect().bottom;""", neuron)
    assert below > 0, f"the step-through is not below the neuron's button ({below} px)"
    following = _button(browser, ES["player_next"])
    _shot(browser, tmp_path / "lab_trace.png", _button(browser, ES["player_previous"]))
    following.click()
    after = _until("the next step", lambda: (c := _app(browser)["caption"]) != caption and c, 10)
    assert "∂J/∂" in after and re.search(r"\d,\d", after), f"the second step's caption reads {after!r}"
    times["total"] = time.monotonic() - lab.started
    print("\n" + "\n".join(f"{name}: {value:.1f}" for name, value in times.items()))
