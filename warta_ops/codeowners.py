"""CODEOWNERS: the file that routes each OPD folder's pull requests to its humas team and the editors."""

from __future__ import annotations

import os

from warta_content.schema import HANDLE, SLUG


class InvalidHandle(ValueError):
    """A handle that CODEOWNERS would read as more than one owner, or as a comment; Indonesian message."""


def checked_handle(handle: str, where: str) -> str:
    """`handle` if it is exactly one GitHub user or team: a newline, space or # would change who owns what."""
    if not HANDLE.fullmatch(handle):
        raise InvalidHandle(f"{where}: handle {handle!r} bukan satu akun atau tim GitHub; CODEOWNERS tidak dibuat. "
                            "Tulis seperti @organisasi/tim, tanpa spasi, # atau baris baru.")
    return handle


def codeowners_text(registries, content_dir: str, editors: str) -> str:
    """CODEOWNERS: editors review everything under content/, each OPD's humas team its own folder.

    Every handle and folder is checked again here, whatever validated it before: one stray line in
    this file gives someone every file of the repository.
    """
    lines = ["# Dibuat oleh `invoke codeowners` dari content/data/opd.yml; jangan diubah dengan tangan.",
             "# Ubah humas.handle di registri OPD, lalu jalankan lagi `invoke codeowners`.",
             "# Baris terakhir yang cocok berlaku: editor meninjau semua konten, humas meninjau folder OPD-nya."]
    if editors:
        editors = checked_handle(editors, "WARTA_EDITORS_HANDLE")
        lines += [f"/{os.path.dirname(content_dir.strip('/'))}/ {editors}", ""]
    else:
        # A new site may not have its editors' team yet: the humas teams still review their folders.
        lines += ["# WARTA_EDITORS_HANDLE belum diisi: isi tim editor (mis. @pemkab-bangka/editor) di "
                  "pelicanconf.py, lalu jalankan lagi `invoke codeowners`.", ""]
    for slug, opd in sorted(registries.opds.items()):
        handle = opd.humas.handle if opd.humas and opd.humas.handle else None
        if handle:
            checked_handle(handle, f"humas.handle OPD {slug}")
        if not SLUG.fullmatch(slug):
            raise InvalidHandle(f"slug OPD {slug!r} tidak valid; CODEOWNERS tidak dibuat.")
        owners = " ".join(owner for owner in (handle, editors) if owner)
        if not handle:
            lines.append(f"# {slug}: belum ada humas.handle di registri; " +
                         ("sementara hanya editor." if editors else "folder ini belum punya peninjau."))
        if owners:
            lines.append(f"/{content_dir.strip('/')}/{slug}/ {owners}")
    return "\n".join(lines) + "\n"
