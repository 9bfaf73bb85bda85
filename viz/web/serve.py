"""Serve the built site on this machine, remembering what was asked: for the tests and the benchmark.

``make web`` serves ``build/web`` with ``python -m http.server``; :func:`serve` does the same in a thread,
on a free port of 127.0.0.1, and records each path requested (:attr:`Site.requested`).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Site", "serve"]


@dataclass
class Site:
    """A site being served: its folder, its address (``http://127.0.0.1:PORT/``) and the paths asked of it so far."""

    folder: Path
    url: str = ""
    requested: list[str] = field(default_factory=list)


@contextmanager
def serve(folder: str | os.PathLike[str], port: int = 0) -> Iterator[Site]:
    """Serve ``folder`` on 127.0.0.1 (``port`` 0: a free one) while the ``with`` block runs."""
    site = Site(Path(folder))

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            site.requested.append(self.path)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the paths are recorded instead
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(folder)))
    site.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
