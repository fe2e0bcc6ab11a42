"""Template helpers shared by every Warta generator: URL builders, date filters, page rendering."""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
from urllib.parse import urlparse

from jinja2 import FileSystemBytecodeCache

from . import dates
from .license import license_terms
from .output import OutputWriter
from .parallel import map_chunks, workers_for
from .urls import Urls, url_of


class SignedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache, loading only files this user's builds wrote.

    Bytecode is code: a cache folder restored from elsewhere (a CI cache) or damaged on disk must
    never run or change a page. Each file carries an HMAC under a key kept outside the cache
    folder; a file that does not verify is ignored and the template compiled again.
    """

    def __init__(self, directory: str, key: bytes):
        super().__init__(directory)
        self.key = key

    def load_bytecode(self, bucket) -> None:
        try:
            with open(self._get_cache_filename(bucket), "rb") as handle:
                data = handle.read()
        except OSError:
            return
        mac, body = data[:32], data[32:]
        if hmac.compare_digest(mac, hmac.new(self.key, body, "sha256").digest()):
            bucket.bytecode_from_string(body)

    def dump_bytecode(self, bucket) -> None:
        body = bucket.bytecode_to_string()
        name = self._get_cache_filename(bucket)
        tmp = f"{name}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as handle:
                handle.write(hmac.new(self.key, body, "sha256").digest() + body)
            os.replace(tmp, name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _bytecode_key() -> bytes | None:
    """This user's secret for signing compiled templates, created on first use; None: no bytecode cache."""
    folder = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "warta")
    path = os.path.join(folder, "bytecode.key")
    try:
        with open(path, "rb") as handle:
            key = handle.read()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        os.replace(tmp, path)
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def base_path(settings) -> str:
    """The path the site lives under ('' at a domain root, '/repo' on a GitHub project page)."""
    return urlparse(settings.get("SITEURL") or "").path.rstrip("/")


def prepare_env(env, settings) -> None:
    """Filters and globals every template may use; Python decides, templates only show."""
    prefix = base_path(settings)
    site_url = (settings.get("SITEURL") or "").rstrip("/")
    zone_label = settings["WARTA_TIMEZONE_LABEL"]

    def url_for(path: str = "") -> str:
        return f"{prefix}/{path.lstrip('/')}"

    def absolute_url(path: str = "") -> str:
        return f"{site_url}/{path.lstrip('/')}"

    def link_url(address: str) -> str:
        """An address of MENUITEMS, LINKS or SOCIAL: absolute ones as they are, the site's own under its base."""
        return address if address.startswith(("https://", "http://", "mailto:", "tel:")) else url_for(address)

    def srcset(variants) -> str:
        return ", ".join(f"{url_for(variant.url)} {variant.width}w" for variant in variants)

    env.globals.update(url_for=url_for, absolute_url=absolute_url, link_url=link_url,
                       urls=Urls(settings).fixed(), license=license_terms(settings),
                       partner_contact=settings["WARTA_PARTNER_CONTACT"] or settings["WARTA_CONTACT"].get("email", ""))
    env.filters["srcset"] = srcset
    cache_dir = settings["WARTA_CACHE_DIR"]
    if cache_dir:
        # Every generator has its own environment; a shared bytecode cache saves recompiling the
        # same templates in each of them, on every build.
        key = _bytecode_key()
        if key:
            folder = os.path.join(cache_dir, "jinja")
            os.makedirs(folder, exist_ok=True)
            env.bytecode_cache = SignedBytecodeCache(folder, key)
    env.filters.update(
        long_datetime=lambda moment: dates.long_datetime(moment, zone_label),
        long_date=dates.long_date,
        short_date=dates.short_date,
        month_year=dates.month_year,
        iso=lambda moment: moment.isoformat(),
    )


class PageRenderer:
    """Renders a template to a file through the build's writer, skipping pages whose key is unchanged."""

    def __init__(self, env, context: dict, writer: OutputWriter):
        self.env = env
        self.context = context
        self.writer = writer

    def page(self, template: str, save_as: str, key: str | None = None, **values) -> None:
        if key is not None and self.writer.unchanged(save_as, key):
            return
        self.render(template, save_as, key, values)

    def render(self, template: str, save_as: str, key: str | None, values: dict) -> None:
        url = url_of(save_as)
        html = self.env.get_template(template).render({**self.context, "page_url": url, **values})
        self.writer.write(save_as, html, key)

    def pages(self, jobs: list[tuple[str, str, str | None, dict]], label: str = "Halaman") -> None:
        """Render many (template, save_as, key, values) pages, on every core when there are many.

        Unchanged pages are taken over here first (a hard link each), so that a rebuild with few
        changes starts no worker at all.
        """
        pending = [job for job in jobs if job[2] is None or not self.writer.unchanged(job[1], job[2])]

        def render_chunk(chunk):
            renderer = PageRenderer(self.env, self.context, self.writer.fork())
            for job in chunk:
                renderer.render(*job)
            return renderer.writer.record()

        for record in map_chunks(render_chunk, pending, workers_for(self.context), min_items=300, min_chunk=50,
                                 label=label):
            self.writer.merge(record)
