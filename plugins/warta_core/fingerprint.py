"""A fingerprint of everything besides content that shapes every page: code, templates, settings."""

from __future__ import annotations

import hashlib
import os

from .settings import RUN_ONLY

SIMPLE = (str, int, float, bool, type(None))
# The clock and the folders of one run are accounted for elsewhere (or not at all: they are not in
# the output). Run-only settings (a full publish's WARTA_PUBLISH_FULL, its empty WARTA_CACHE_DIR, the
# path of the previous URL map) would otherwise give the next incremental build new keys for every page.
VOLATILE = {"WARTA_NOW", "OUTPUT_PATH", "PATH", "CACHE_PATH"} | RUN_ONLY


def _simple(value) -> bool:
    if isinstance(value, SIMPLE):
        return True
    if isinstance(value, (list, tuple)):
        return all(_simple(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _simple(item) for key, item in value.items())
    return False


def _hash_tree(hasher, root: str, suffixes: tuple[str, ...]) -> None:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            # Only regular files: a dangling or outward symlink is reported by content validation.
            if name.endswith(suffixes) and not os.path.islink(path) and os.path.isfile(path):
                hasher.update(os.path.relpath(path, root).encode())
                with open(path, "rb") as handle:
                    hasher.update(handle.read())


def site_fingerprint(settings, *extra, files=()) -> str:
    """`files`: images shown on every page or in its header (logos), whose bytes matter, not their names."""
    hasher = hashlib.blake2b(digest_size=16)
    plugins = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    _hash_tree(hasher, plugins, (".py",))
    # A Pemda's own templates (THEME_TEMPLATES_OVERRIDES) come before the theme's, as in Pelican.
    for folder in [*settings.get("THEME_TEMPLATES_OVERRIDES", ()), os.path.join(settings["THEME"], "templates")]:
        _hash_tree(hasher, folder, (".html", ".xml", ".txt", ".json"))
    for path in files:
        try:
            with open(path, "rb") as handle:
                hasher.update(handle.read())
        except OSError:
            hasher.update(b"missing")
    for key in sorted(settings):
        if key.isupper() and key not in VOLATILE and _simple(settings[key]):
            hasher.update(f"{key}={settings[key]!r}".encode())
    for item in extra:
        hasher.update(repr(item).encode())
    return hasher.hexdigest()
