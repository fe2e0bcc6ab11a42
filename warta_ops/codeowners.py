"""CODEOWNERS: the file that routes each OPD folder's pull requests to its humas team and the editors."""

from __future__ import annotations

import os


def codeowners_text(registries, content_dir: str, editors: str) -> str:
    """CODEOWNERS: editors review everything under content/, each OPD's humas team its own folder."""
    lines = ["# Dibuat oleh `invoke codeowners` dari content/data/opd.yml; jangan diubah dengan tangan.",
             "# Ubah humas.handle di registri OPD, lalu jalankan lagi `invoke codeowners`.",
             "# Baris terakhir yang cocok berlaku: editor meninjau semua konten, humas meninjau folder OPD-nya.",
             f"/{os.path.dirname(content_dir.strip('/'))}/ {editors}", ""]
    for slug, opd in sorted(registries.opds.items()):
        handle = opd.humas.handle if opd.humas and opd.humas.handle else None
        if not handle:
            lines.append(f"# {slug}: belum ada humas.handle di registri; sementara hanya editor.")
        lines.append(f"/{content_dir.strip('/')}/{slug}/ {handle + ' ' if handle else ''}{editors}")
    return "\n".join(lines) + "\n"
