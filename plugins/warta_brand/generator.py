"""The brand generator: reads and checks the logos in generate_context, writes images, icons, manifest and colours."""

from __future__ import annotations

import hashlib
import os

from pelican.generators import Generator

from warta_core.colors import COLORS, colors_css
from warta_core.output import digest
from warta_core.problems import ContentError, Problem
from warta_core.plugins import generator_writer
from warta_core.templates import base_path
from . import brand


class BrandGenerator(Generator):
    def generate_context(self):
        problems: list[Problem] = []
        settings = self.settings
        files: dict[str, bytes] = {}
        logo = None
        if settings["WARTA_LOGO"]:
            image = brand.open_image(os.path.abspath(settings["WARTA_LOGO"]), "pelicanconf.py", "WARTA_LOGO", problems,
                                    settings["WARTA_MAX_IMAGE_PIXELS"])
            if image:
                scaled = brand.fit(image, brand.LOGO_WIDTH, brand.LOGO_HEIGHT)
                files[settings["LOGO_SAVE_AS"]] = brand.png(scaled)
                logo = brand.Logo(settings["LOGO_SAVE_AS"], scaled.width, scaled.height)
        icon_source = settings["WARTA_FAVICON"] or settings["WARTA_LOGO"]
        icon = brand.open_image(os.path.abspath(icon_source), "pelicanconf.py", "WARTA_FAVICON", problems,
                                settings["WARTA_MAX_IMAGE_PIXELS"]) \
            if icon_source else None
        colors = {**COLORS, **settings["WARTA_COLORS"]}
        # Drawing the icons takes about a second: a build reuses the previous ones while their source holds.
        self.icon = icon
        pixels = hashlib.blake2b(icon.tobytes(), digest_size=16).hexdigest() if icon else None
        self.icon_key = digest(_code_version(), pixels, icon.size if icon else None, settings["SITENAME"],
                               colors["brand"])
        opd_logos = {}
        registries = self.context["registries"]
        label = os.path.join(os.path.basename(os.path.normpath(self.path)), settings["WARTA_DATA_DIR"], "opd.yml")
        # The logos `invoke check` accepted, at the real paths it found inside the content tree.
        for slug, real in registries.logos.items():
            image = brand.open_image(real, label, f"{slug}.logo", problems, settings["WARTA_MAX_IMAGE_PIXELS"],
                                     registries.opd_lines.get((slug, "logo"), 1))
            if image:
                scaled = brand.fit(image, brand.OPD_LOGO_SIZE, brand.OPD_LOGO_SIZE)
                save_as = settings["OPD_LOGO_SAVE_AS"].format(slug=slug)
                files[save_as] = brand.png(scaled)
                opd_logos[slug] = brand.Logo(save_as, scaled.width, scaled.height)
        if problems:
            raise ContentError(problems)
        prefix = base_path(settings)
        files[settings["MANIFEST_SAVE_AS"]] = brand.manifest(
            settings, lambda path: f"{prefix}/{path}", colors["brand"]).encode()
        files[settings["THEME_COLORS_SAVE_AS"]] = colors_css(settings["WARTA_COLORS"]).encode()
        self.files = files
        self.context.update(site_logo=logo, opd_logos=opd_logos, theme_color=colors["brand"])

    def generate_output(self, writer):
        out = generator_writer(writer)
        for path, data in self.files.items():
            out.write(path, data)
        names = [*brand.ICON_SIZES, brand.FAVICON]
        reusable = all(out.previous_keys.get(name) == self.icon_key for name in names)
        if not (reusable and all([out.unchanged(name, self.icon_key) for name in names])):
            colors = {**COLORS, **self.settings["WARTA_COLORS"]}
            source = self.icon or brand.letter_icon(self.settings["SITENAME"], colors["brand"])
            for path, data in brand.icon_files(source).items():
                out.write(path, data, self.icon_key)


def _code_version() -> str:
    with open(brand.__file__, "rb") as handle:
        return digest(handle.read())
