"""The pull-request preview: the branch's site with its drafts and embargoed releases visible, for reviewers.

The preview is built like a publish (publishing settings, gates) but shows every release, marks
each page with a PRATINJAU banner and `noindex`, and stays out of public reach: CI uploads it as an
artifact of the run. A problem the gates find in a generated page is reported on the release file
and line it comes from, where the writer can fix it (GitHub annotations, GitLab code quality). The
job summary lists the releases the branch adds or changes, with their text.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
from dataclasses import dataclass, field

from warta_core.problems import Problem

SUMMARY_TEXT_CHARS = 1200  # of each changed release's text in the job summary


@dataclass
class Review:
    output: str
    releases: list = field(default_factory=list)  # every release of the preview, drafts and embargoed included
    changed: list = field(default_factory=list)  # releases whose file the branch adds or changes
    problems: list[Problem] = field(default_factory=list)  # at the source file and line when known

    def summary_markdown(self) -> str:
        """The job summary: changed releases with their status and text, then every problem."""
        lines = ["## Pratinjau situs", "",
                 f"{len(self.releases)} rilis dibangun (draf dan berembargo ikut tampil, bertanda PRATINJAU). "
                 "Unduh artefak **pratinjau-situs**, ekstrak, lalu jalankan "
                 "`python3 -m http.server -d pratinjau` dan buka http://localhost:8000/.", ""]
        if self.problems:
            lines += [f"### {len(self.problems)} masalah", ""]
            lines += [f"- `{problem.path}:{problem.line}` {problem.field}: {problem.message}"
                      + (f" — {problem.fix}" if problem.fix else "") for problem in self.problems]
            lines.append("")
        lines += [f"### Rilis yang berubah di cabang ini ({len(self.changed)})", ""]
        if not self.changed:
            lines.append("Tidak ada rilis yang ditambah atau diubah.")
        for release in self.changed:
            status = release.preview_label or "terbit"
            lines += [f"#### {html.escape(release.title)}", "",
                      f"`{release.source}` → `/{release.url}` ({status}, {release.date:%Y-%m-%d %H:%M %z})", "",
                      *(f"> {paragraph}" for paragraph in _plain_text(release.body_html)), ""]
        return "\n".join(lines) + "\n"

    def code_quality(self) -> list[dict]:
        """GitLab's code quality report: the merge request shows each problem at its file and line."""
        return [{"description": f"{problem.field}: {problem.message}" + (f" — {problem.fix}" if problem.fix else ""),
                 "check_name": f"warta-{problem.field}",
                 "fingerprint": hashlib.sha256(str(problem).encode()).hexdigest(),
                 "severity": "major", "location": {"path": problem.path, "lines": {"begin": problem.line}}}
                for problem in self.problems]


def _plain_text(body_html: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"</(p|h\d|li|blockquote)>", "\n", body_html)))
    paragraphs = [" ".join(part.split()) for part in text.split("\n") if part.strip()]
    kept, total = [], 0
    for paragraph in paragraphs:
        if total + len(paragraph) > SUMMARY_TEXT_CHARS:
            kept.append(paragraph[: max(0, SUMMARY_TEXT_CHARS - total)] + " …")
            break
        kept.append(paragraph)
        total += len(paragraph)
    return kept


def changed_sources(repo: str, base: str, content_label: str) -> set[str]:
    """Release files (as `release.source` names them) that differ between `base` and the working tree."""
    listed = subprocess.run(["git", "diff", "--name-only", "--no-renames", "--diff-filter=AM", base, "--",
                             content_label], cwd=repo, capture_output=True, text=True, check=True).stdout
    return {path for path in listed.splitlines() if path.endswith(".md")}


def to_sources(problems: list[Problem], releases, content_path: str, changed=()) -> list[Problem]:
    """Move problems found in generated files to the release file and line that cause them.

    A broken link is reported once per target, first in whichever file sorts first (often a feed):
    the release that writes it is found among the branch's changed releases, then the release whose
    page the problem names, by the line of its Markdown that holds the link.
    """
    by_page = {release.save_as: release for release in releases}
    moved = []
    for problem in problems:
        target = re.search(r"dicari: (\S+?)(?:index\.html)?\)", problem.message)
        written = re.search(r"'([^']+)'", problem.message)
        needles = [needle for needle in (target.group(1).rstrip("/") if target else None,
                                         written.group(1) if written else None) if needle]
        candidates = list(changed) + ([by_page[problem.path]] if problem.path in by_page else [])
        for release in candidates:
            line = next((found for needle in needles
                         if (found := _line_of(os.path.join(os.path.dirname(content_path), release.source), needle))),
                        None)
            if line:
                moved.append(Problem(release.source, line, problem.field, problem.message, problem.fix))
                break
        else:
            moved.append(problem)
    return sorted(set(moved))


def _line_of(path: str, needle: str | None) -> int | None:
    if not needle:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if needle in line:
                    return number
    except OSError:
        return None
    return None


def write_reports(review: Review, github: bool, gitlab: bool, project_root: str) -> None:
    """Annotations and the job summary (GitHub), the code quality report (GitLab), and a summary file."""
    summary = review.summary_markdown()
    os.makedirs(review.output, exist_ok=True)
    with open(os.path.join(review.output, "RINGKASAN-PRATINJAU.md"), "w", encoding="utf-8") as handle:
        handle.write(summary)
    if github:
        for problem in review.problems:
            print(problem.github_annotation())
        target = os.environ.get("GITHUB_STEP_SUMMARY")
        if target:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(summary)
    if gitlab:
        with open(os.path.join(project_root, "gl-code-quality.json"), "w", encoding="utf-8") as handle:
            json.dump(review.code_quality(), handle, ensure_ascii=False, indent=1)
