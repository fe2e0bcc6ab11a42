"""`invoke bench`: Warta's build times and memory on the shared corpus, as ratios to Pelican and Hugo.

Every figure comes from one run on one machine: the baselines are timed by the shared kit's
`baseline.py` in the same invocation, right after Warta's own builds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .kit import find_kit
from .liputan import give_unique_ids

ROOT = Path(__file__).resolve().parent.parent
KIT = find_kit()
CORPUS_NOW = "2026-11-20T12:00+08:00"  # make_corpus.py's default "now"; the build uses the same

NEW_RELEASE = """---
title: Rilis Tambahan untuk Benchmark Inkremental
date: 2026-11-20 11:00
region: [majene]
author: Penulis Benchmark
tags: [benchmark]
status: published
---
MAJENE — Satu rilis baru yang ditambahkan di antara dua build.
"""


@dataclass
class Measure:
    step: str
    wall_s: float
    peak_mib: float  # the whole process tree
    peak_python_mib: float  # Warta's own Python processes, without the Pagefind indexer


def _pss_kib(pid: int) -> int:
    """Proportional set size: shared copy-on-write pages of forked workers are counted once overall."""
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
        return next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), 0)


def _tree_memory_kib(pid: int) -> tuple[int, int]:
    """(all processes, all but the search indexer) under `pid`, render and read workers included."""
    total = python = 0
    pending = [(pid, False)]
    while pending:
        current, in_indexer = pending.pop()
        try:
            with open(f"/proc/{current}/cmdline", "rb") as handle:
                in_indexer = in_indexer or b"pagefind" in handle.read()
            size = _pss_kib(current)
            total += size
            python += 0 if in_indexer else size
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    pending.extend((int(child), in_indexer) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total, python


def timed(step: str, command: list[str], env: dict) -> Measure:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_python = 0
    done = threading.Event()

    def sample():
        nonlocal peak, peak_python
        while not done.is_set():
            total, python = _tree_memory_kib(process.pid)
            peak, peak_python = max(peak, total), max(peak_python, python)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{step} gagal:\n{stderr.decode(errors='replace')[-3000:]}")
    return Measure(step, wall, peak / 1024, peak_python / 1024)


def corpus(n: int, work: Path) -> Path:
    site = work / f"warta-corpus-{n}"
    if not (site / "content").is_dir():
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, str(KIT / "make_corpus.py"), "--n", str(n), "--out", str(site)], check=True,
                       stdout=subprocess.DEVNULL)
        # From 5,000 releases on the corpus has same-minute pairs of one OPD, which the build refuses.
        give_unique_ids(site / "content")
    return site / "content"


def warta_steps(n: int, work: Path, search: bool) -> list[Measure]:
    content = corpus(n, work)
    output = work / f"warta-output-{n}"
    cache = work / f"warta-cache-{n}"
    for stale in (output, cache):
        shutil.rmtree(stale, ignore_errors=True)
    env = {**os.environ, "WARTA_NOW": CORPUS_NOW, "WARTA_CACHE_DIR": str(cache), "WARTA_SEARCH": "1" if search else ""}
    build = [sys.executable, "-m", "invoke", "build", "--content", str(content), "--output", str(output)]
    added = content / "berita" / "dinkes" / "2026-11-20-rilis-tambahan-benchmark.md"
    added.unlink(missing_ok=True)
    steps = [timed("full cold build", build, env), timed("rebuild, no change", build, env)]
    added.write_text(NEW_RELEASE, encoding="utf-8")
    try:
        steps.append(timed("rebuild, one release added", build, env))
    finally:
        added.unlink()
    if search:
        pagefind = [sys.executable, "-m", "pagefind", "--site", str(output), "--glob", "berita/**/*.html",
                    "--output-subdir", "pagefind-bench"]
        steps.append(timed("search index alone (Pagefind)", pagefind, env))
        shutil.rmtree(output / "pagefind-bench", ignore_errors=True)
    return steps


def baselines(n: int, work: Path, python: str) -> dict:
    result = subprocess.run([python, str(KIT / "baseline.py"), "--n", str(n), "--runs", "1", "--json",
                             "--work", str(work)], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"baseline.py gagal:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def table(n: int, steps: list[Measure], base: dict) -> str:
    pelican = base.get("pelican", {})
    hugo = base.get("hugo", {})
    rows = [f"Warta benchmark, N = {n:,} releases",
            f"{'step':34} {'wall s':>8} {'peak MiB':>9} {'Python MiB':>10} {'÷ Pelican':>10} {'÷ Hugo':>8}"]
    for step in steps:
        ratio_p = step.wall_s / pelican["median_s"] if pelican else float("nan")
        ratio_h = step.wall_s / hugo["median_s"] if hugo else float("nan")
        rows.append(f"{step.step:34} {step.wall_s:8.2f} {step.peak_mib:9.0f} {step.peak_python_mib:10.0f} "
                    f"{ratio_p:10.2f} {ratio_h:8.2f}")
    for name, tool in (("vanilla Pelican", pelican), ("Hugo", hugo)):
        if tool:
            rows.append(f"{name + ' full build':34} {tool['median_s']:8.2f} {tool['peak_rss_mib']:9.0f}")
    rows.append("peak MiB: Warta's process tree (PSS, Pagefind included); baselines: peak RSS of the build process")
    full = steps[0].wall_s
    rows.append(f"no-change rebuild = {steps[1].wall_s / full:.1%} of full; one-added rebuild = "
                f"{steps[2].wall_s / full:.1%} of full")
    return "\n".join(rows)


def run(n: int, work: Path, python: str | None, search: bool = True, json_path: Path | None = None,
        publish: bool = True) -> dict:
    from .publish import publish_steps, table as publish_table

    work.mkdir(parents=True, exist_ok=True)
    steps = warta_steps(n, work, search)
    base = baselines(n, work, python) if python else {}
    print(table(n, steps, base))
    report = {"n": n, "warta": [asdict(step) for step in steps], "baselines": base}
    if publish:
        measures, sizes = publish_steps(n, work, corpus(n, work), CORPUS_NOW, search)
        print(publish_table(n, measures, sizes))
        report["publish"] = {"runs": [asdict(measure) for measure in measures], "sizes": sizes}
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report, indent=2), encoding="utf-8")
        print(f"JSON: {json_path}")
    return report
