"""The local preview serves output/, rebuilds on a change and tells the open page to reload."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request

from warta_ops.preview import serve


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_preview_serves_rebuilds_and_reloads(tmp_path):
    output, watched = tmp_path / "output", tmp_path / "content"
    output.mkdir()
    watched.mkdir()
    (output / "index.html").write_text("<!doctype html><html><body><p>Beranda</p></body></html>", encoding="utf-8")
    rebuilds = []
    stop = threading.Event()
    port = free_port()
    thread = threading.Thread(target=serve, args=(str(output), lambda: rebuilds.append(1) or True, [str(watched)]),
                              kwargs={"port": port, "stop": stop}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: _answers(base))
        page = fetch(base)
        assert "Beranda" in page and "/__warta_build" in page, "the reload script is added to served pages"
        assert "__warta_build" not in (output / "index.html").read_text(encoding="utf-8"), "never to output/"
        assert fetch(base + "__warta_build") == "0"
        (watched / "rilis.md").write_text("berubah", encoding="utf-8")
        assert wait_for(lambda: fetch(base + "__warta_build") == "1"), "a change triggers a rebuild"
        assert rebuilds == [1]
    finally:
        stop.set()
        thread.join(timeout=10)


def _answers(url: str) -> bool:
    try:
        fetch(url)
    except OSError:
        return False
    return True
