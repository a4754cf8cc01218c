"""A static HTTP server on loopback, for the tests, the export's print pages and the bench."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        # Tells LinkChecker this is a local server it need not throttle itself for.
        self.send_header("LinkChecker", "local")
        super().end_headers()

    def log_message(self, format, *args):
        pass


def serve(directory: Path, port: int = 0):
    """Serve `directory` at the root of a local server on `port` (any free one by default);
    returns (server, its URL). Call `server.shutdown()` when done."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
