"""The player page in headless Chromium: a browser at a projector's size, and a screenshot of a step.

:func:`open_browser` starts Chromium through selenium with its viewport set to exactly
``width × height`` CSS pixels (device scale 1), so what a test measures and what a screenshot shows
is what a projector of that size shows.  :func:`screenshot` writes one step of a player page as a
PNG, and :func:`docs_pictures` is the ``docs/`` picture (``make docs``): the course's ReLU neuron in
Spanish at a middle step, at 1920×1080.

Needs Chromium, chromedriver and selenium (``pip install -e '.[dev]'``, as ``make test`` does).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from autograd.files import write_atomic

from ..errors import VizError

__all__ = ["docs_pictures", "find_browser", "open_browser", "screenshot", "set_viewport"]

#: The command-line switches of the headless browser: no network chatter, no profile left behind.
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--force-color-profile=srgb", "--font-render-hinting=none")


def find_browser() -> tuple[str, str]:
    """The paths of Chromium and chromedriver; a RuntimeError says what to install when one is missing."""
    chromium = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        missing = " and ".join(name for name, path in (("Chromium", chromium), ("chromedriver", driver)) if not path)
        raise RuntimeError(f"player screenshot: {missing} not found (apt-get install chromium chromium-driver)")
    return chromium, driver


def set_viewport(driver: Any, width: int, height: int) -> None:
    """Make the page's viewport exactly ``width × height`` CSS pixels at device scale 1."""
    if width < 100 or height < 100:
        raise VizError(f"player screenshot: a viewport of {width}×{height} px is too small (100×100 at least)")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


@contextmanager
def open_browser(width: int = 1920, height: int = 1080, *, log_requests: bool = False) -> Iterator[Any]:
    """A headless Chromium (a selenium ``WebDriver``) with a ``width × height`` viewport; quit on exit.

    With ``log_requests`` the driver's ``get_log("performance")`` holds every request the pages made
    (Chromium's ``Network.requestWillBeSent`` events).
    """
    chromium, driver_path = find_browser()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as error:
        raise RuntimeError("player screenshot: selenium is not installed (pip install -e '.[dev]')") from error
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="pizarra-chromium-")
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if log_requests else {})})
    try:
        driver = webdriver.Chrome(options=options, service=Service(driver_path))
        try:
            set_viewport(driver, width, height)
            yield driver
        finally:
            driver.quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(page: str | os.PathLike[str], path: str | os.PathLike[str], *, step: int = 1, width: int = 1920,
               height: int = 1080, presentation: bool = False) -> Path:
    """Write a PNG of the player ``page`` (an HTML file written by :func:`~viz.player.player`) at
    ``step`` (1-based), as a ``width × height`` screen shows it, in presentation mode with
    ``presentation``.

    The page is opened at ``#step`` (the page starts at the step its address names).  Returns the
    written path; the PNG is ``width × height`` pixels.
    """
    source = Path(page)
    if not source.is_file():
        raise FileNotFoundError(f"player screenshot: no page at {source}")
    if step < 1:
        raise VizError(f"player screenshot: steps count from 1, got {step}")
    with open_browser(width, height) as driver:
        driver.get(f"{source.resolve().as_uri()}#{step}")
        if presentation:
            driver.execute_script("var b = document.getElementById('pz-presentation'); if (b) { b.click(); }")
        png: bytes = driver.get_screenshot_as_png()
    return write_atomic(path, png)


def docs_pictures(folder: Path) -> list[Path]:
    """``player_relu.png``: the demo's player page (:func:`viz.demo.player_demo`, the ReLU neuron in
    Spanish) at step 9 of 16, at 1920×1080."""
    from ..demo import player_demo

    with tempfile.TemporaryDirectory(prefix="pizarra-player-") as scratch:
        return [screenshot(player_demo(scratch), Path(folder) / "player_relu.png", step=9)]
