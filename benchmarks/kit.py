"""Where the shared benchmark kit (make_corpus.py, baseline.py) is: the one place that knows."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def find_kit() -> Path:
    """WARTA_BENCH_KIT if set, else the nearest `shared/bench/` beside the project or one of its parents."""
    override = os.environ.get("WARTA_BENCH_KIT")
    if override:
        return Path(override)
    for folder in ROOT.parents:
        candidate = folder / "shared" / "bench"
        if (candidate / "make_corpus.py").is_file():
            return candidate
    return ROOT.parent / "shared" / "bench"


def kit_tool(name: str) -> Path:
    """A script of the kit; raises FileNotFoundError with a hint when the kit is not there."""
    path = find_kit() / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} tidak ada: kit benchmark bersama harus ada di ../shared/bench/ "
                                "(atau tunjuk dengan WARTA_BENCH_KIT)")
    return path
