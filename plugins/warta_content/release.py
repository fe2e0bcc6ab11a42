"""The release: one Markdown file with YAML front matter, as the rest of Warta sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class LeadImage:
    source: str  # real path of the file on disk, checked to lie inside the content tree
    url: str  # site-relative output path
    alt: str
    caption: str | None
    credit: str | None
    width: int | None  # read from the image's bytes, like `mime`
    height: int | None
    length: int
    mime: str
    digest: str = ""  # hash of the image's bytes: what page, feed and copy keys depend on
    stamp: tuple = ()  # (size, mtime, ctime, inode) when read: a cached read is reused only while it holds


@dataclass(slots=True, eq=False)
class Release:
    source: str  # path relative to the project, for messages
    opd: str
    slug: str
    title: str
    date: datetime
    modified: datetime | None
    regions: tuple[str, ...]
    author: str
    editor: str | None
    summary: str
    image: LeadImage | None
    tags: tuple[str, ...]
    tag_slugs: tuple[str, ...]
    status: str
    correction: str | None
    body_html: str
    explicit_id: str | None
    fingerprint: str
    field_lines: dict = field(default_factory=dict)  # front matter key -> line, for messages
    body_links: tuple = ()  # (URL as written, line) of every link in the text
    stamp: tuple = ()  # the source file's (size, mtime, ctime, inode) when read, for the read cache
    withdrawn_reason: str | None = None  # with status "withdrawn": the page stays, with this reason
    aliases: tuple[str, ...] = ()  # old site paths ("berita/2026/11/judul-lama/") that redirect here
    identity: str = ""
    preview_label: str | None = None  # "DRAF" / "EMBARGO" in a local preview only
    related: list = field(default_factory=list)
    # Set once by load_content from RELEASE_URL / RELEASE_SAVE_AS: read on every page that lists it.
    url: str = field(init=False)
    save_as: str = field(init=False)

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"

    @property
    def updated(self) -> datetime:
        return self.modified or self.date
