"""The media generator: derivatives for every published photo, placed with the attachments in the output.

Runs after the release generator has read the releases and before any page is written, so that
pages and feeds know each published file's URL, size and byte length.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile

from pelican.generators import Generator

from warta_core.media import Variant
from warta_core.output import digest
from warta_core.parallel import map_chunks, workers_for
from warta_core.plugins import generator_writer
from warta_core.templates import prepare_env
from warta_core.urls import Urls
from .derive import Plan
from .store import DerivativeStore, derivative_key

logger = logging.getLogger(__name__)
PLACEHOLDER = re.compile(r"<!--warta-(figure|photo):(\d+)-->")
STEM = re.compile(r"[^a-z0-9]+")
STEM_LENGTH = 80


class MediaGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)
        self.plan = Plan.from_settings(self.settings)
        self.urls = Urls(self.settings)
        self.files: dict[str, tuple[str, str]] = {}  # output path -> (file to publish, key)
        self._scratch = None

    def generate_context(self):
        # A withdrawn release keeps its page, lead photo and body photos (not its gallery or attachments).
        releases = self.context.get("releases", []) + self.context.get("withdrawn_releases", [])
        cache_dir = self.settings["WARTA_CACHE_DIR"]
        if not cache_dir:
            # A build without a cache still makes each derivative once; the files outlive this folder as links.
            self._scratch = tempfile.TemporaryDirectory(prefix="warta-media-")
            cache_dir = self._scratch.name
        store = DerivativeStore(os.path.join(cache_dir, "media"), self.plan)
        jobs: dict[str, tuple] = {}
        keys = set()
        for release in releases:
            for photo in release.photos:
                key = derivative_key(photo.digest, self.plan)
                keys.add(key)
                if key not in jobs and not store.has(key):
                    jobs[key] = (photo.source, key, photo.source_width, photo.source_height)
        pending = list(jobs.values())
        for chunk in map_chunks(lambda chunk: [store.make(job) for job in chunk], pending,
                                workers_for(self.settings), min_items=2, min_chunk=1, label="Membuat foto"):
            for key, manifest in chunk:
                store.add(key, manifest)
        store.save()
        if pending:
            logger.info("%d foto diolah (%d dari cache)", len(pending), len(keys) - len(pending))
        for release in releases:
            for photo in release.photos:
                self._publish(photo, store)
            for attachment in () if release.withdrawn else release.attachments:
                self.files[attachment.save_as] = (attachment.source, digest(attachment.source, attachment.stamp))
            if release.body_photos and "<!--warta-" in release.body_html:
                release.body_html = self._fill_body(release)

    def _publish(self, photo, store: DerivativeStore) -> None:
        key = derivative_key(photo.digest, self.plan)
        manifest = store.index[key]
        # The upload's name only makes the address readable (the key tells photos apart): cut, it keeps
        # a derivative's name within the 255 bytes a file system allows whatever the upload was called.
        stem = STEM.sub("-", os.path.splitext(os.path.basename(photo.src))[0].lower())[:STEM_LENGTH].strip("-") or "foto"

        def place(entry: dict) -> Variant:
            url, save_as = self.urls.image(photo.opd, stem, key[:8], entry["name"])
            self.files[save_as] = (store.path(key, entry["name"]), key)
            return Variant(url, entry["width"], entry["height"], entry["length"], entry["mime"])

        photo.variants = tuple(place(entry) for entry in manifest["variants"])
        photo.social = place(manifest["social"])
        jpegs = [variant for variant in photo.variants if variant.mime == "image/jpeg"]
        feed_width = self.settings["WARTA_IMAGE_FEED_WIDTH"]
        photo.feed = max((v for v in jpegs if v.width <= feed_width), key=lambda v: v.width, default=jpegs[0])
        photo.large = jpegs[-1]
        if self.settings["WARTA_IMAGE_PUBLISH_ORIGINALS"]:
            extension = os.path.splitext(photo.src)[1].lower()
            _, save_as = self.urls.image(photo.opd, stem, key[:8], f"asli{extension}")
            self.files[save_as] = (photo.source, digest(photo.source, photo.stamp))

    def _fill_body(self, release) -> str:
        macros = self.env.get_template("macros/media.html").make_module({})

        def replace(match: re.Match) -> str:
            photo = release.body_photos[int(match.group(2))]
            if match.group(1) == "figure":
                return str(macros.figure(photo, lazy=True))
            return str(macros.picture(photo, "(min-width: 46rem) 44rem, calc(100vw - 2rem)", lazy=True))

        return PLACEHOLDER.sub(replace, release.body_html)

    def generate_output(self, writer):
        out = generator_writer(writer)
        for relative, (source, key) in sorted(self.files.items()):
            out.place(relative, source, key)
        if self._scratch is not None:
            self._scratch.cleanup()
