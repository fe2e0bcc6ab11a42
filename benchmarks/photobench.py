"""`invoke bench --photos N`: photo derivatives on a corpus of N releases with 5 photos each.

Each release has one 12-megapixel (4000×3000) phone photo with EXIF orientation and GPS, and a
gallery of four 3-megapixel photos, generated deterministically (same seed, same bytes) and kept
in the work folder between runs. Steps: a cold build (empty derivative cache), a rebuild with no
change, and a rebuild after adding one release with 5 new photos.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
from pathlib import Path

from .photos import write_photo
from .run import CORPUS_NOW, ROOT, Measure, timed


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(step: str, command: list[str], env: dict) -> tuple[Measure, float]:
    """The step's Measure and the CPU seconds of its whole process tree (fair on a shared, loaded machine)."""
    before = _cpu()
    measure = timed(step, command, env)
    return measure, _cpu() - before

FIXTURE = ROOT / "tests" / "fixtures" / "base_site" / "content" / "data"
OPDS = ["dinkes", "bpbd", "diskominfo"]


def _release(content: Path, index: int, day: int) -> int:
    """Write release `index` with its five photos; the number of photos."""
    opd = OPDS[index % len(OPDS)]
    folder = content / "berita" / opd
    photos = folder / "gambar"
    photos.mkdir(parents=True, exist_ok=True)
    stem = f"2026-11-{day:02d}-kegiatan-{index:04d}"
    write_photo(photos / f"{stem}.jpg", 4000, 3000, seed=index * 10, orientation=1 + 5 * (index % 2), gps=True)
    gallery = []
    for number in range(1, 5):
        write_photo(photos / f"{stem}-{number}.jpg", 2000, 1500, seed=index * 10 + number, gps=True)
        gallery.append(f"  - {{src: gambar/{stem}-{number}.jpg, alt: Foto kegiatan {index} nomor {number}}}")
    (folder / f"{stem}.md").write_text(
        f"---\ntitle: Kegiatan Nomor {index} di Majene\ndate: 2026-11-{day:02d} 08:{index % 60:02d}\n"
        f"region: [majene]\nauthor: Penulis Benchmark\nimage:\n  src: gambar/{stem}.jpg\n"
        f"  alt: Foto utama kegiatan {index}\ngaleri:\n" + "\n".join(gallery) + "\n---\n"
        f"MAJENE — Kegiatan nomor {index} berlangsung di Majene.\n", encoding="utf-8")
    return 5


def corpus(n: int, work: Path) -> Path:
    site = work / f"photo-corpus-{n}"
    content = site / "content"
    if not (site / "done").exists():
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(FIXTURE, content / "data")
        for index in range(n):
            _release(content, index, 1 + index % 19)
        (site / "done").write_text("ok")
    return content


def run(n: int, work: Path, out: Path) -> list[Measure]:
    work.mkdir(parents=True, exist_ok=True)
    content = corpus(n, work)
    output = work / f"photo-output-{n}"
    cache = work / f"photo-cache-{n}"
    for stale in (output, cache):
        shutil.rmtree(stale, ignore_errors=True)
    env = {**os.environ, "WARTA_NOW": CORPUS_NOW, "WARTA_CACHE_DIR": str(cache), "WARTA_SEARCH": ""}
    build = [sys.executable, "-m", "invoke", "build", "--content", str(content), "--output", str(output)]
    photos = 5 * n
    steps = [measured("full cold build", build, env), measured("rebuild, no change", build, env)]
    added = n + 1000
    _release(content, added, 20)
    try:
        steps.append(measured("rebuild, one release with 5 photos added", build, env))
    finally:
        opd = OPDS[added % len(OPDS)]
        for path in (content / "berita" / opd).rglob(f"2026-11-20-kegiatan-{added:04d}*"):
            path.unlink()
    rows = [f"Warta photo benchmark: {n} releases, {photos} photos (1 × 12 MP + 4 × 3 MP each), {os.cpu_count()} cores",
            f"{'step':42} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}"]
    rows += [f"{step.step:42} {step.wall_s:8.2f} {cpu:8.2f} {step.peak_mib:9.0f}" for step, cpu in steps]
    cold, cpu = steps[0]
    rows.append(f"cold build per photo: {cold.wall_s / photos:.3f} s wall (all cores), {cpu / photos:.3f} s CPU")
    print("\n".join(rows))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"releases": n, "photos": photos,
                               "steps": [{**vars(step), "cpu_s": cpu} for step, cpu in steps]}, indent=2))
    return [step for step, _ in steps]
