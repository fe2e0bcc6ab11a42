"""The progress line shows on a terminal only, never in CI or in a log file."""

from __future__ import annotations

import io

from warta_core.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_line_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    progress = Progress("Halaman rilis", 1000, stream)
    progress.advance(250)
    progress.advance(750)
    progress.close()
    text = stream.getvalue()
    assert "Halaman rilis: 250/1,000" in text and "1,000/1,000" in text and "sisa" in text
    assert text.endswith("\n")


def test_progress_is_quiet_in_ci_and_in_logs(monkeypatch):
    monkeypatch.setenv("CI", "true")
    stream = Terminal()
    Progress("Halaman rilis", 1000, stream).advance(1000)
    assert stream.getvalue() == ""
    monkeypatch.delenv("CI")
    log = io.StringIO()
    Progress("Halaman rilis", 1000, log).advance(1000)
    assert log.getvalue() == ""
