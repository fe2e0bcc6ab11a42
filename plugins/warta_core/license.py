"""The reuse terms of the site's releases, from the WARTA_LICENSE_* settings: one place for every page and feed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class License:
    name: str  # e.g. "CC BY 4.0"
    url: str  # the licence text
    attribution: str  # what a partner writes when it republishes

    @property
    def rights(self) -> str:
        """One plain-text line for RSS <copyright>, Atom <rights> and JSON Feed."""
        return f"{self.attribution} Lisensi: {self.name} ({self.url})"


def license_terms(settings) -> License:
    publisher = settings["WARTA_PUBLISHER_NAME"] or settings.get("SITENAME") or ""
    return License(name=settings["WARTA_LICENSE_NAME"], url=settings["WARTA_LICENSE_URL"],
                   attribution=settings["WARTA_LICENSE_ATTRIBUTION"].replace("{publisher}", publisher))
