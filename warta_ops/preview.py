"""The local preview: serve output/, rebuild when content, theme or plugins change, reload the browser.

The reload script is added by the server to the pages it sends; it is never written to output/.
"""

from __future__ import annotations

import functools
import logging
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

logger = logging.getLogger(__name__)

RELOAD_SCRIPT = b"""<script>(function(){var v=null;setInterval(function(){fetch('/__warta_build').then(function(r){
return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){})},1500)})();</script>"""


class PreviewState:
    def __init__(self):
        self.build_id = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.build_id += 1


class PreviewHandler(SimpleHTTPRequestHandler):
    state: PreviewState

    def log_message(self, format, *args):  # noqa: A002 - the signature is the standard library's
        logger.debug(format, *args)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/__warta_build":
            self._send(str(self.state.build_id).encode(), "text/plain")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1)
            self._send(body, "text/html; charset=utf-8")
            return
        super().do_GET()


def serve(output: str, rebuild, watch: list[str], host: str = "127.0.0.1", port: int = 8000,
          stop: threading.Event | None = None) -> None:
    """Serve `output` and call `rebuild()` whenever a file under `watch` changes, until Ctrl+C or `stop`."""
    from watchfiles import watch as watch_changes

    state = PreviewState()
    handler = type("Handler", (PreviewHandler,), {"state": state})
    # The handler serves from whatever output/ is now: a rebuild swaps the folder, not its files.
    server = ThreadingHTTPServer((host, port), functools.partial(handler, directory=output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Pratinjau di http://{host}:{port}/ — tekan Ctrl+C untuk berhenti.")
    try:
        for _changes in watch_changes(*watch, stop_event=stop):
            if rebuild():
                state.bump()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
