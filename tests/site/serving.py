"""Serving a built site from 127.0.0.1 the way a static host does, for the tests.

`SiteServer` binds its port when it is made, so a build can be told its final address
(``SITE_URL``) before the site exists, then serves a directory once it is built. Like a real
host, a missing URL under the site's path answers 404 with the site's own ``404.html``.
"""

from __future__ import annotations

import functools
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


class _Handler(SimpleHTTPRequestHandler):
    """Static files, the site's 404 page for missing ones, and no log lines."""

    not_found: Path | None = None

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != HTTPStatus.NOT_FOUND or self.not_found is None or not self.not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = self.not_found.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer:
    """A static server on a free port of 127.0.0.1, serving nothing until `serve` is called.

    Args:
        path: the URL path the site lives under, e.g. ``"/"`` or ``"/notes/"``.
    """

    def __init__(self, path: str = "/") -> None:
        self.path = path
        self._server: ThreadingHTTPServer | None = ThreadingHTTPServer((HOST, 0), _Handler)
        self.url = f"http://{HOST}:{self._server.server_address[1]}{path}"
        self._thread: threading.Thread | None = None

    def serve(self, root: Path) -> None:
        """Serve `root` (the folder the site's path is in) in a background thread."""
        assert self._server is not None and self._thread is None
        not_found = root / self.path.strip("/") / "404.html"
        handler = type("Handler", (_Handler,), {"not_found": not_found})
        self._server.RequestHandlerClass = functools.partial(handler, directory=str(root))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        if self._server is not None:
            if self._thread is not None:
                self._server.shutdown()
            self._server.server_close()
            self._server = None
