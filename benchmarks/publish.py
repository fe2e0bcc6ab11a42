"""`invoke bench`'s publishing measures: what a CI run costs, from a fresh clone with the cache restored.

The source repository (Warta's code and the shared corpus) and a bare "origin" live in the work
folder. Every measured run starts as a CI job does: a new clone of origin at the same path (blobless,
depth 1, like actions/checkout with `filter: blob:none`), the build cache unpacked from the tarball the
previous run saved (zstd, like actions/cache), then `invoke publish` to origin. Timed: the clone, the
cache restore and the publish, end to end; the publish's own steps come from its report.

    unchanged      nothing new: the site equals gh-pages, no commit
    one added      a new release merged to main
    embargo        no commit, the clock passes one release's embargo
    after a full   a release merged after the scheduled daily full rebuild (untimed) saved its cache
    nothing due    the scheduled job: sparse blobless clone, state cache, warta_ops/due.py only
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .liputan import give_unique_ids

ROOT = Path(__file__).resolve().parent.parent
CODE = ("tasks.py", "pelicanconf.py", "publishconf.py", "requirements.txt", "plugins", "theme", "warta_ops",
        "branding")
RELEASE = """---
title: {title}
date: {date}
region: [majene]
author: Penulis Benchmark
tags: [benchmark]
status: published
---
MAJENE — {title}: rilis yang ditambahkan oleh benchmark publikasi.
"""


@dataclass
class PublishMeasure:
    step: str
    wall_s: float  # clone + cache restore + publish (or due check)
    clone_s: float
    restore_s: float
    work_s: float  # the publish or the due check alone
    steps: dict = field(default_factory=dict)  # the publish report's own steps: (wall s, processor s)
    commit: bool = False
    rendered: int = 0
    cpu_s: float = 0.0  # user + system of every process the run waited for: the figure that holds under load
    load: float = 0.0  # one-minute load average when the run started (the machine may be shared)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=Bench", "-c", "user.email=bench@example.org", "commit", "--quiet", "-m", message)


class Stage:
    """Origin, the saved caches, and one CI-like clone at a fixed path (CI workspaces do not move)."""

    def __init__(self, n: int, work: Path, content: Path):
        self.base = work / f"publish-{n}"
        shutil.rmtree(self.base, ignore_errors=True)
        self.base.mkdir(parents=True)
        self.origin = self.base / "origin.git"
        self.author = self.base / "author"  # where "merges" are made
        self.clone = self.base / "ci"
        self.cache_tar = self.base / "warta-cache.tar.zst"
        self.state_tar = self.base / "warta-state.tar"
        _git(self.base, "init", "--quiet", "--bare", str(self.origin))
        _git(self.origin, "config", "uploadpack.allowFilter", "true")  # as GitHub and GitLab serve it
        self.author.mkdir()
        for name in CODE:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.author / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, self.author / name)
        shutil.copytree(content, self.author / "content")
        # The corpus has releases only; the menus and footer link to the fixed pages a real site has.
        if not (self.author / "content" / "halaman").exists():
            shutil.copytree(ROOT / "content" / "halaman", self.author / "content" / "halaman")
        give_unique_ids(self.author / "content")
        (self.author / ".gitignore").write_text(".venv\n.warta-cache/\n.warta-state/\n")
        _git(self.author, "init", "--quiet", "--initial-branch=main")
        _commit(self.author, "corpus")
        _git(self.author, "push", "--quiet", str(self.origin), "main")
        _git(self.origin, "symbolic-ref", "HEAD", "refs/heads/main")

    def merge(self, relative: str, text: str) -> None:
        path = self.author / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        _commit(self.author, f"tambah {relative}")
        _git(self.author, "push", "--quiet", str(self.origin), "main")

    def fresh_clone(self, sparse: bool = False) -> float:
        started = time.perf_counter()
        shutil.rmtree(self.clone, ignore_errors=True)
        extra = ["--sparse"] if sparse else []
        _git(self.base, "clone", "--quiet", "--depth=1", "--filter=blob:none", *extra,
             f"file://{self.origin}", str(self.clone))
        if sparse:
            _git(self.clone, "sparse-checkout", "set", "warta_ops")
        _git(self.clone, "config", "user.name", "Bench")
        _git(self.clone, "config", "user.email", "bench@example.org")
        (self.clone / ".venv").symlink_to(ROOT / ".venv")
        return time.perf_counter() - started

    def restore(self, tarball: Path) -> float:
        started = time.perf_counter()
        if tarball.exists():
            compress = ["--zstd"] if tarball.suffix == ".zst" else []
            subprocess.run(["tar", *compress, "-xf", str(tarball)], cwd=self.clone, check=True)
        return time.perf_counter() - started

    def save(self) -> None:
        # actions/cache packs with `tar --posix` (nanosecond times kept) and zstd.
        subprocess.run(["tar", "--posix", "--zstd", "-cf", str(self.cache_tar), ".warta-cache"], cwd=self.clone,
                       check=True)
        subprocess.run(["tar", "-cf", str(self.state_tar), ".warta-state"], cwd=self.clone, check=True)

    def publish(self, env: dict) -> tuple[float, str]:
        started = time.perf_counter()
        result = subprocess.run([str(self.clone / ".venv/bin/invoke"), "publish", "--only-if-changed", "--state",
                                 ".warta-state/terbit.json"],
                                cwd=self.clone, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"invoke publish gagal:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        return time.perf_counter() - started, result.stdout


STEP_LINE = re.compile(r"^  (\S[^\n]*?)\s+([\d.]+) s  \(CPU\s+([\d.]+) s\)$", re.MULTILINE)


def _report_steps(stdout: str) -> dict:
    """Each step of the publish report: name -> (wall seconds, processor seconds)."""
    return {name.strip(): (float(seconds), float(cpu)) for name, seconds, cpu in STEP_LINE.findall(stdout)}


def _rendered(stdout: str) -> int:
    found = re.search(r"(\d+) berkas dirender", stdout)
    return int(found.group(1)) if found else 0


def publish_steps(n: int, work: Path, content: Path, corpus_now: str, search: bool) -> tuple[list[PublishMeasure], dict]:
    """Seed a published site, then time the four kinds of CI run. Returns the measures and sizes."""
    stage = Stage(n, work, content)
    later = corpus_now.replace("T12:00", "T13:00")
    env = {key: value for key, value in os.environ.items() if not key.startswith("WARTA_")}
    env.update({"WARTA_NOW": corpus_now, "WARTA_SEARCH": "1" if search else "", "CI": "true"})
    # An embargoed release, due between the two clocks the runs use.
    stage.merge("content/berita/dinkes/2026-11-20-rilis-embargo-benchmark.md",
                RELEASE.format(title="Rilis Embargo Benchmark", date="2026-11-20 12:30"))
    measures = []

    stage.fresh_clone()
    seed_s, _ = stage.publish(env)  # the first publish: full build, ghp-import
    # The second publish is the first to read an earlier URL map, which every later one does too:
    # measured runs start from that steady state.
    stage.publish(env)
    stage.save()
    sizes = {"seed_publish_s": round(seed_s, 2), "cache_tar_zst_mib": stage.cache_tar.stat().st_size / 2**20,
             "cache_dir_mib": _du_mib(stage.clone / ".warta-cache"),
             "origin_pack_mib": _du_mib(stage.origin / "objects")}

    def run(step: str, run_env: dict) -> None:
        load, cpu = os.getloadavg()[0], _children_cpu()
        clone_s = stage.fresh_clone()
        restore_s = stage.restore(stage.cache_tar) + stage.restore(stage.state_tar)
        work_s, stdout = stage.publish(run_env)
        cpu = _children_cpu() - cpu
        stage.save()
        measures.append(PublishMeasure(step, clone_s + restore_s + work_s, clone_s, restore_s, work_s,
                                       _report_steps(stdout), "Dipublikasikan" in stdout, _rendered(stdout), cpu, load))

    run("publish, unchanged", env)
    stage.merge("content/berita/dinkes/2026-11-20-rilis-tambahan-publikasi.md",
                RELEASE.format(title="Rilis Tambahan Publikasi", date="2026-11-20 11:30"))
    run("publish, one release added", env)
    run("publish, one embargo passes", {**env, "WARTA_NOW": later})
    # The first merge after the scheduled daily full rebuild must reuse that rebuild's pages as well.
    stage.fresh_clone()
    stage.restore(stage.cache_tar)
    stage.restore(stage.state_tar)
    sizes["daily_full_publish_s"] = round(stage.publish({**env, "WARTA_NOW": later, "WARTA_PUBLISH_FULL": "1"})[0], 2)
    stage.save()
    stage.merge("content/berita/dinkes/2026-11-20-rilis-setelah-build-penuh.md",
                RELEASE.format(title="Rilis Setelah Build Penuh", date="2026-11-20 12:45"))
    run("publish, one added after a full", {**env, "WARTA_NOW": later})

    load, cpu = os.getloadavg()[0], _children_cpu()
    clone_s = stage.fresh_clone(sparse=True)
    restore_s = stage.restore(stage.state_tar)
    started = time.perf_counter()
    result = subprocess.run(["python3", "warta_ops/due.py", "--now", later, "--state", ".warta-state/terbit.json",
                             "--branch", "gh-pages"], cwd=stage.clone, capture_output=True, text=True,
                            env={"PATH": os.environ["PATH"]})
    due_s = time.perf_counter() - started
    if result.returncode != 1:
        raise SystemExit(f"pemeriksaan jadwal mestinya 'tidak jatuh tempo':\n{result.stdout}{result.stderr}")
    measures.append(PublishMeasure("scheduled, nothing due", clone_s + restore_s + due_s, clone_s, restore_s, due_s,
                                   cpu_s=_children_cpu() - cpu, load=load))
    shutil.rmtree(stage.clone, ignore_errors=True)
    return measures, sizes


def _du_mib(path: Path) -> float:
    total = 0
    for folder, _dirs, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                continue
    return total / 2**20


def table(n: int, measures: list[PublishMeasure], sizes: dict) -> str:
    rows = [f"Warta publishing, N = {n:,} releases: fresh clone + CI cache restored + run, to a local bare remote",
            f"{'run':30} {'total s':>8} {'clone s':>8} {'cache s':>8} {'run s':>8} {'CPU s':>7} {'load':>5} "
            f"{'commit':>7} {'rendered':>9}"]
    for measure in measures:
        rows.append(f"{measure.step:30} {measure.wall_s:8.2f} {measure.clone_s:8.2f} {measure.restore_s:8.2f} "
                    f"{measure.work_s:8.2f} {measure.cpu_s:7.2f} {measure.load:5.1f} "
                    f"{'yes' if measure.commit else 'no':>7} {measure.rendered:9d}")
        if measure.steps:
            rows.append("    " + ", ".join(f"{name} {seconds:.2f} (CPU {cpu:.2f})"
                                           for name, (seconds, cpu) in measure.steps.items()))
    rows.append(f"first publish (full, ghp-import) {sizes['seed_publish_s']:.1f} s; daily full rebuild "
                f"{sizes['daily_full_publish_s']:.1f} s; build cache "
                f"{sizes['cache_dir_mib']:.0f} MiB on disk, {sizes['cache_tar_zst_mib']:.0f} MiB as tar.zst; "
                f"origin objects {sizes['origin_pack_mib']:.0f} MiB")
    rows.append("CPU s: user + system of the clone, the restore and the run with every process they waited for; "
                "load: the machine's one-minute load average at the start (2 cores: above 2, wall times stretch)")
    return "\n".join(rows)


if __name__ == "__main__":  # python -m benchmarks.publish N WORK CONTENT
    result, info = publish_steps(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), "2026-11-20T12:00+08:00",
                                 True)
    print(table(int(sys.argv[1]), result, info))
