"""The release: one Markdown file with YAML front matter, as the rest of Warta sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter

from warta_core.media import Variant
from .schema import FrontMatter


@dataclass(slots=True)
class Photo:
    """A photo of a release (lead, gallery or body) as uploaded; warta_media fills in what is published."""

    source: str  # real path of the file on disk, checked to lie inside the content tree
    src: str  # as written in the release, relative to the OPD folder
    opd: str
    alt: str
    caption: str | None
    credit: str | None
    source_width: int  # upright (EXIF orientation applied), read from the file's header
    source_height: int
    source_bytes: int
    digest: str  # hash of the file's bytes: derivatives, pages and feeds are keyed by it
    stamp: tuple = ()  # (size, mtime, ctime, inode) when read: a cached read is reused only while it holds
    # Published files, derived after reading (never cached with the release):
    variants: tuple[Variant, ...] = ()  # every width, WebP and JPEG
    feed: Variant | None = None  # the JPEG that feeds and structured data point at
    social: Variant | None = None  # the Open Graph / Twitter card
    large: Variant | None = None  # the largest JPEG: a gallery thumbnail links to it

    DERIVED = ("variants", "feed", "social", "large")

    # Feeds, structured data and social tags speak of "the image": the feed JPEG.
    @property
    def url(self) -> str:
        return self.feed.url if self.feed else ""

    @property
    def width(self) -> int | None:
        return self.feed.width if self.feed else None

    @property
    def height(self) -> int | None:
        return self.feed.height if self.feed else None

    @property
    def length(self) -> int:
        return self.feed.length if self.feed else 0

    @property
    def mime(self) -> str:
        return self.feed.mime if self.feed else "image/jpeg"

    def variants_of(self, mime: str) -> list[Variant]:
        return [variant for variant in self.variants if variant.mime == mime]

    @property
    def fallback(self) -> Variant | None:
        """The JPEG a browser without srcset shows: about phone-screen size."""
        jpegs = self.variants_of("image/jpeg")
        return next((variant for variant in jpegs if variant.width >= 640), jpegs[-1] if jpegs else None)


LeadImage = Photo  # the lead image is the first photo of a release


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document from the OPD's berkas/ folder, published as it is under a stable URL."""

    source: str
    src: str
    title: str
    kind: str  # pdf, docx, xlsx, pptx, odt, ods, csv: judged by content
    mime: str
    length: int
    stamp: tuple
    url: str  # site-relative, from ATTACHMENT_URL
    save_as: str  # from ATTACHMENT_SAVE_AS

    @property
    def label(self) -> str:
        """'PDF, 1,2 MB': what the reader sees before downloading on prepaid data."""
        if self.length >= 1024 * 1024:
            size = f"{self.length / 1024 / 1024:.1f}".replace(".", ",") + " MB"
        else:
            size = f"{max(1, round(self.length / 1024))} KB"
        return f"{self.kind.upper()}, {size}"


def media_fingerprint(photos, attachments) -> list[tuple]:
    """What of a release's photos and attachments its fingerprint covers; records or objects alike."""
    def get(item, name):
        return item[name] if isinstance(item, dict) else getattr(item, name)

    return ([(get(photo, "src"), get(photo, "digest")) for photo in photos]
            + [(get(item, "src"), get(item, "title"), get(item, "length")) for item in attachments])


def front_matter_attributes(cls):
    """Give `cls` every front matter field it does not hold itself, read through its validated `meta`."""
    for name in FrontMatter.model_fields:
        if not hasattr(cls, name):
            setattr(cls, name, property(attrgetter(f"meta.{name}"), doc=f"front matter: {name}"))
    return cls


@front_matter_attributes
@dataclass(slots=True, eq=False)
class Release:
    """A release as plugins and templates see it: its validated front matter, and what reading the file found.

    Every `FrontMatter` field is an attribute (`release.title`, `release.regions`) unless reading
    resolves it: `image`, `gallery` and `attachments` are the checked files, `summary` falls back to
    the first paragraph, `opd` is the folder's.
    """

    meta: FrontMatter
    source: str  # path relative to the project, for messages
    opd: str  # the OPD folder the file lies in; `opd:` in the front matter may only repeat it
    slug: str
    summary: str  # as written or the first paragraph, shortened
    image: Photo | None
    tag_slugs: tuple[str, ...]
    body_html: str
    fingerprint: str
    field_lines: dict = field(default_factory=dict)  # front matter key -> line, for messages
    body_links: tuple = ()  # (URL as written, line) of every link in the text
    stamp: tuple = ()  # the source file's (size, mtime, ctime, inode) when read, for the read cache
    gallery: tuple[Photo, ...] = ()
    body_photos: tuple[Photo, ...] = ()  # in the body HTML as <!--warta-photo:N--> placeholders
    attachments: tuple[Attachment, ...] = ()
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
    def photos(self) -> tuple[Photo, ...]:
        return ((self.image,) if self.image else ()) + self.gallery + self.body_photos

    @property
    def updated(self) -> datetime:
        return self.modified or self.date

    @property
    def pinned_until(self) -> datetime | None:
        """`sorotan`: the home page's pinned headline until then (see pins)."""
        return self.meta.sorotan_sampai if self.meta.sorotan else None
