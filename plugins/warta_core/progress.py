"""A progress line for long builds on a terminal: counts, rate and time left. Silent elsewhere (CI, logs)."""

from __future__ import annotations

import os
import sys
import time


class Progress:
    MIN_TOTAL = 500  # short steps finish before a progress line would help

    def __init__(self, label: str, total: int, stream=None):
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self.enabled = (total >= self.MIN_TOTAL and not os.environ.get("CI")
                        and hasattr(self.stream, "isatty") and self.stream.isatty())

    def advance(self, count: int) -> None:
        self.done += count
        if not self.enabled:
            return
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        self.stream.write(f"\r{self.label}: {self.done:,}/{self.total:,} ({rate:,.0f}/s, sisa ±{left:.0f} s)   ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
