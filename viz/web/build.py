"""Build the browser page into a folder any static host serves: ``python -m viz.web.build [OUT]``.

``make web-build`` runs it (``make web`` then serves the folder).  The site is made of:

* ``index.html``, ``app.js``, ``app.css`` (beside this module) and the player's ``page.js`` / ``page.css``:
  the page shares the player's stepping UI;
* ``pyodide/``: Pyodide's runtime, from the npm package pinned in ``package.json`` and its lockfile
  (``npm ci`` installs them under ``build/web-npm/``);
* ``vizjs/viz-global.js``: Graphviz compiled to WebAssembly (``@viz-js/viz``, pinned likewise);
* ``katex/``: KaTeX, which typesets the exercises' math (its script, styles and WOFF2 fonts);
* ``wheels/``: a wheel of pizarra built from this source tree, and the ``graphviz`` package's wheel (pure
  Python, the version installed here), which the page unpacks into Pyodide: nothing is downloaded from
  elsewhere when the page runs; and ``bytecode.zip``, their modules compiled by the same Pyodide under
  node (``precompile.mjs``), which the page unpacks over them so that its imports need not compile.

The folder is written beside ``OUT`` and then moved into place, so a failed build leaves the last one.  The
build needs a clone of the repository: the page's files above are not package data, so an installed pizarra
cannot build the page (it says so).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import shutil
import string
import subprocess
import sys
import tempfile
from pathlib import Path

from ..player.page import page_css, script_json
from .app import LANGUAGES, words

__all__ = ["PYODIDE_FILES", "build_site", "main", "warm_up_layouts"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
#: What the page loads of the Pyodide package: its loader, runtime, WebAssembly and standard library.
#: The wheels' modules compiled ahead of time, beside them.
BYTECODE = "bytecode.zip"
#: What the page loads of the Pyodide package: its loader, runtime, WebAssembly and standard library.
PYODIDE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")


class BuildError(RuntimeError):
    """A step of the build failed: the message names it and says what to install or fix."""


def build_site(out: str | os.PathLike[str] = ROOT / "build" / "web", *, npm_dir: str | os.PathLike[str] | None = None,
               quiet: bool = False) -> Path:
    """Build the site into ``out`` (replacing what is there) and return its path.

    ``npm_dir`` is where ``npm ci`` installs the pinned packages (default: ``web-npm`` beside ``out``).
    """
    _check_source_tree()
    out = Path(out).resolve()
    npm = Path(npm_dir).resolve() if npm_dir is not None else out.parent / "web-npm"
    modules = _npm_ci(npm, quiet)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        (staging / "pyodide").mkdir()
        for name in PYODIDE_FILES:
            shutil.copy2(modules / "pyodide" / name, staging / "pyodide" / name)
        (staging / "vizjs").mkdir()
        shutil.copy2(modules / "@viz-js" / "viz" / "dist" / "viz-global.js", staging / "vizjs" / "viz-global.js")
        katex = modules / "katex" / "dist"
        (staging / "katex" / "fonts").mkdir(parents=True)
        for name in ("katex.min.js", "katex.min.css"):
            shutil.copy2(katex / name, staging / "katex" / name)
        for font in sorted((katex / "fonts").glob("*.woff2")):  # every browser that runs WebAssembly reads WOFF2
            shutil.copy2(font, staging / "katex" / "fonts" / font.name)
        wheels = _wheels(staging / "wheels", quiet)
        _precompile(modules, staging / "wheels", wheels)
        for name in ("app.js", "app.css"):
            shutil.copy2(HERE / name, staging / name)
        shutil.copy2(ROOT / "viz" / "player" / "page.js", staging / "page.js")
        (staging / "page.css").write_text(page_css(), encoding="utf-8")
        (staging / "index.html").write_text(_index(wheels, modules), encoding="utf-8")
        old = out.with_name(f".{out.name}-old")
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def _check_source_tree() -> None:
    """The build needs pizarra's source tree: it makes a wheel of it, and the page's own files (``index.html``,
    ``app.js``, the npm lockfile) are not in the installed package.  From an installed wheel it says so."""
    needed = [ROOT / "pyproject.toml", HERE / "index.html", HERE / "package-lock.json"]
    if not all(path.is_file() for path in needed):
        raise BuildError(f"the browser page is built from pizarra's source tree, and {ROOT} is not one (an installed "
                         "package has neither pyproject.toml nor the page's files): run it in a clone of the "
                         "repository, as make web-build does")


def _npm_ci(npm: Path, quiet: bool) -> Path:
    """``npm ci`` of this folder's package.json and lockfile in ``npm``; returns its ``node_modules``."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        raise BuildError("the browser page needs npm (and node) to fetch its pinned parts: install them "
                         "(apt install nodejs npm; make web does it where it can)")
    npm.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(HERE / name, npm / name)
    command = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    done = subprocess.run(command, cwd=npm, capture_output=quiet, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(f"npm ci failed in {npm} (exit {done.returncode}){': ' + done.stderr if quiet else ''}")
    return npm / "node_modules"


def _wheels(folder: Path, quiet: bool) -> list[str]:
    """A wheel of pizarra from this tree and graphviz's (the installed version) in ``folder``: their names.

    pizarra's is built from a copy of the packages, so the build's own files stay out of the source tree.
    """
    folder.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"] + (["--quiet"] if quiet else [])
    isolation = [] if importlib.util.find_spec("setuptools") is None else ["--no-build-isolation"]
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "pizarra"
        skip = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
        for package in ("autograd", "nn", "viz"):
            shutil.copytree(ROOT / package, source / package, ignore=skip)
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(ROOT / name, source / name)
        for command in ([*pip, "wheel", "--no-deps", *isolation, "-w", str(folder), str(source)],
                        [*pip, "download", "--no-deps", "--only-binary=:all:", "-d", str(folder),
                         f"graphviz=={importlib.metadata.version('graphviz')}"]):
            done = subprocess.run(command, capture_output=True, text=True, cwd=scratch, check=False)
            if done.returncode != 0:
                raise BuildError(f"pip {command[4 if quiet else 3]} failed: {done.stderr.strip()[-2000:]}")
    names = sorted(p.name for p in folder.glob("*.whl"))  # graphviz-…, pizarra-…
    if len(names) != 2:
        raise BuildError(f"expected the wheels of pizarra and graphviz in {folder}, found {names}")
    return names


def _precompile(modules: Path, folder: Path, wheels: list[str]) -> None:
    """``folder/bytecode.zip``: the wheels' modules compiled by Pyodide under node (see ``precompile.mjs``)."""
    command = ["node", str(HERE / "precompile.mjs"), str(modules), str(folder / BYTECODE),
               *(str(folder / w) for w in wheels)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(f"compiling the page's Python under node failed: {done.stderr.strip()[-2000:]}")


def warm_up_layouts() -> list[list[str]]:
    """The layouts (DOT source, format) a small formula's stage asks Graphviz for, recorded with the ``dot``
    program: the page has Graphviz in WebAssembly lay them out while Python starts, because the browser
    compiles each of Graphviz's functions on its first call, and the first graph then waits for none of
    that.  Empty when ``dot`` is missing (the page is the same, its first graph a little slower)."""
    import graphviz

    from ..layout import use_renderer
    from .app import formula

    calls: list[list[str]] = []

    def record(source: str, fmt: str) -> str:
        calls.append([source, fmt])
        return str(graphviz.Source(source).pipe(format=fmt, encoding="utf-8"))

    use_renderer(record)
    try:
        answer = json.loads(formula("z = w*x + b; L = 0.5*(relu(z) - y)**2", "w=2 x=3 b=1 y=5", "es"))
    except graphviz.ExecutableNotFound:
        return []
    finally:
        use_renderer(None)
    return calls if answer["ok"] else []


def _index(wheels: list[str], modules: Path) -> str:
    """The page's HTML: its words in every language and the files it loads, written in."""
    versions = {name: json.loads((modules / name / "package.json").read_text(encoding="utf-8"))["version"]
                for name in ("pyodide", "@viz-js/viz", "katex")}
    setup = {"words": {lang: words(lang) for lang in LANGUAGES}, "wheels": [f"wheels/{w}" for w in wheels],
             "bytecode": f"wheels/{BYTECODE}", "versions": versions, "warmUp": warm_up_layouts()}
    template = string.Template((HERE / "index.html").read_text(encoding="utf-8"))
    return template.substitute(title=words("en")["web_title"], setup=script_json(setup))


def main(argv: list[str] | None = None) -> int:
    """``python -m viz.web.build [OUT]``: build the site (default ``build/web``) and print where it is."""
    parser = argparse.ArgumentParser(prog="python -m viz.web.build", description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "build" / "web"), help="the site's folder")
    args = parser.parse_args(argv)
    try:
        out = build_site(args.out)
    except (BuildError, OSError) as error:
        print(f"viz.web.build: error: {error}", file=sys.stderr)
        return 2
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"built {out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
