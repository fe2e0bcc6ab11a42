"""Pillow against libvips (pyvips) on the same photos: time and peak memory per photo.

Each library makes what Warta publishes for a photo (5 widths in WebP and JPEG, a 1200×630 card)
in its own child process, so that peak memory (ru_maxrss) is that library's alone.

    python -m benchmarks.imaging --photos 6        # needs pyvips + pyvips-binary for the vips column
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (320, 640, 960, 1280, 1600)


def _pillow(sources: list[str], out: str) -> None:
    sys.path.insert(0, str(ROOT / "plugins"))
    from PIL import Image

    from warta_media.derive import Plan, derive
    from warta_core.media import inspect_image

    plan = Plan(WIDTHS, 75, 80, (1200, 630), 300_000)
    for index, source in enumerate(sources):
        facts = inspect_image(source, Image.MAX_IMAGE_PIXELS)
        folder = os.path.join(out, str(index))
        os.makedirs(folder, exist_ok=True)
        derive(source, folder, plan, facts.width, facts.height)


def _vips(sources: list[str], out: str) -> None:
    import pyvips

    for index, source in enumerate(sources):
        folder = os.path.join(out, str(index))
        os.makedirs(folder, exist_ok=True)
        # One upright, sRGB decode at the largest size, shrunk on load; each width from it.
        largest = pyvips.Image.thumbnail(source, WIDTHS[-1], size="down", export_profile="srgb").copy_memory()
        for width in reversed(WIDTHS):
            image = largest if width == largest.width else largest.resize(width / largest.width, kernel="lanczos3")
            image.webpsave(os.path.join(folder, f"{width}.webp"), Q=75, keep="none")
            image.jpegsave(os.path.join(folder, f"{width}.jpg"), Q=80, optimize_coding=True, interlace=True,
                           keep="none")
        card = largest.thumbnail_image(1200, height=630, crop="centre")
        card.jpegsave(os.path.join(folder, "social.jpg"), Q=80, optimize_coding=True, keep="none")


def _child(library: str, sources: list[str]) -> None:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        (_pillow if library == "pillow" else _vips)(sources, out)
        seconds = time.perf_counter() - start
        size = sum(path.stat().st_size for path in Path(out).rglob("*") if path.is_file())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": peak, "bytes": size}))


def measure(library: str, sources: list[str]) -> dict:
    env = {**os.environ, "VIPS_CONCURRENCY": "1"}  # one core each, as in Warta's worker pool
    done = subprocess.run([sys.executable, "-m", "benchmarks.imaging", "--child", library, *sources],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["per_photo_s"] = result["seconds"] / len(sources)
    result["cpu_per_photo_s"] = result["cpu"] / len(sources)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=6)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1:])
        return
    from benchmarks.photos import write_photo

    with tempfile.TemporaryDirectory() as work:
        sources = []
        for index in range(args.photos):
            path = os.path.join(work, f"foto-{index}.jpg")
            write_photo(path, 4000, 3000, index, orientation=6 if index % 2 else None, gps=True)
            sources.append(path)
        mib = sum(os.path.getsize(path) for path in sources) / len(sources) / 2**20
        print(f"{args.photos} photos 4000x3000 JPEG, {mib:.1f} MiB each")
        for library in ("pillow", "vips"):
            try:
                result = measure(library, sources)
            except subprocess.CalledProcessError as error:
                print(f"{library}: not measured ({error.stderr.strip().splitlines()[-1]})")
                continue
            print(f"{library}: {result['cpu_per_photo_s']:.3f} s CPU/photo ({result['per_photo_s']:.3f} s wall), peak {result['peak_mib']:.0f} MiB, "
                  f"output {result['bytes'] / len(sources) / 1024:.0f} KiB/photo")


if __name__ == "__main__":
    main()
