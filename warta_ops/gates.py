"""Post-build gates over a built site: every internal link resolves, no unpublished release leaks.

Both gates read only the built directory (plus, for embargoes, the releases that must stay hidden),
so they judge exactly the bytes that would be published. They return `Problem`s, never raise.

A publish keeps a record of what the gates learnt about each file (its links, and that it was clean
of the releases hidden then), keyed by the file's size and modification time. The build hard-links
unchanged files from the previous tree, so they keep both: only the files the build wrote are read
again, and files already gated are searched only for releases that have become hidden since.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import logging
import os
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html

from warta_core.problems import Problem

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm")
XML_SUFFIXES = (".xml", ".opml", ".rss", ".atom")
JSON_SUFFIXES = (".json",)
# Elements of feeds whose text is itself HTML (RSS content:encoded and description, Atom content/summary).
HTML_IN_XML = {"encoded", "description", "content", "summary"}
HTML_IN_JSON = {"content_html", "summary_html"}
NOT_LINKS = ("mailto:", "tel:", "javascript:", "data:", "sms:", "geo:", "whatsapp:")
# A path with nothing for a browser to resolve: no query, fragment, escape, empty or dot segment.
PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)*/?")


@dataclass(frozen=True)
class Site:
    """Where a built site lives and which URLs point into it."""

    root: str
    host: str  # netloc of SITEURL, lower case; "" when SITEURL is relative
    base: str  # path prefix of SITEURL without trailing slash, e.g. "/warta"
    # "http://host/" and "https://host/": feeds and sitemaps hold tens of thousands of such URLs, which
    # are known internal without parsing them.
    own: tuple[str, ...] = ()

    @classmethod
    def from_siteurl(cls, root: str, siteurl: str | None) -> "Site":
        parts = urlsplit(siteurl or "")
        host = parts.netloc.lower()
        own = (f"http://{host}/", f"https://{host}/") if host else ()
        return cls(os.path.abspath(root), host, parts.path.rstrip("/"), own)

    def page_url(self, relative_file: str) -> str:
        """The path a reader's browser sees for a built file, for resolving relative links."""
        path = "/" + relative_file.replace(os.sep, "/")
        if path.endswith("/index.html"):
            path = path[: -len("index.html")]
        return self.base + path

    def is_internal(self, url: str) -> bool:
        if url.startswith(self.own):
            return True
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return False
        if parts.netloc:
            return bool(self.host) and parts.netloc.lower() == self.host
        return not url.lower().startswith(NOT_LINKS)


@dataclass
class _Link:
    url: str  # as written
    line: int


@dataclass
class _Broken:
    target: str
    seen: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, url as written)


# ---------------------------------------------------------------- the record of a gated tree

class GateRecord:
    """Per file of a gated tree: size, mtime_ns, content digest and link targets; and the hidden releases.

    A file is vouched for when its size and modification time match, or else its bytes: a CI cache
    round trip may keep only whole seconds of the times (GitLab's zip), never the bytes' identity.
    """

    VERSION = 2

    def __init__(self, siteurl: str | None, files: dict | None = None, hidden: set[str] | None = None):
        self.siteurl = siteurl or ""
        self.files: dict[str, tuple[int, int, str, list[str]]] = files or {}
        self.hidden: set[str] = hidden or set()
        self.digests: dict[str, str] = {}  # of this run, shared with the record being learnt
        self.folder = None  # identity of the folder that was gated (see build._folder_id)
        self.targets: list[str] | None = None  # every distinct target, when loaded from a file

    def absent(self, files) -> set[str]:
        """Recorded link targets that are not in `files`: each looked up once, not once per file naming it."""
        targets = self.targets if self.targets is not None else {
            target for entry in self.files.values() for target in entry[3]}
        return {target for target in targets if target not in files}

    def digest(self, root: str, relative: str) -> str:
        if relative not in self.digests:
            with open(os.path.join(root, relative), "rb") as handle:
                self.digests[relative] = hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
        return self.digests[relative]

    def known(self, root: str, relative: str, stat: os.stat_result) -> list[str] | None:
        """The link targets of a file gated before, or None when it is new or changed since."""
        entry = self.files.get(relative)
        if not entry or entry[0] != stat.st_size:
            return None
        if entry[1] == stat.st_mtime_ns or entry[2] == self.digest(root, relative):
            return entry[3]
        return None

    def learn(self, root: str, relative: str, stat: os.stat_result, targets, entry=None) -> None:
        if entry is not None and entry[1] == stat.st_mtime_ns:
            self.files[relative] = entry
        else:
            self.files[relative] = (stat.st_size, stat.st_mtime_ns, self.digest(root, relative), sorted(targets))

    def describes(self, root: str) -> bool:
        """Every file under `root` is one this record vouches for, and no file is missing."""
        files = dict(_walk_stat(root))
        return files.keys() == self.files.keys() and all(
            self.known(root, relative, stat) is not None for relative, stat in files.items())

    @classmethod
    def load(cls, path: str, siteurl: str | None) -> "GateRecord":
        try:
            with open(path, encoding="utf-8") as handle:
                stored = json.load(handle)
            if stored.get("version") != cls.VERSION or stored.get("siteurl") != (siteurl or ""):
                return cls(siteurl)
            targets = stored["targets"]
            files = {name: (size, mtime, digest, [targets[index] for index in ids])
                     for name, (size, mtime, digest, ids) in stored["files"].items()}
            record = cls(siteurl, files, set(stored["hidden"]))
            record.folder = stored.get("folder")
            record.targets = targets
            return record
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return cls(siteurl)

    def save(self, path: str) -> None:
        # Thousands of pages share their navigation links: each target is stored once, files name it by number.
        numbers: dict[str, int] = {}
        files = {name: [size, mtime, digest, [numbers.setdefault(target, len(numbers)) for target in targets]]
                 for name, (size, mtime, digest, targets) in self.files.items()}
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        # dumps, not dump: json.dump streams through the pure-Python encoder, 4× slower for 50,000 files.
        body = json.dumps({"version": self.VERSION, "siteurl": self.siteurl, "folder": self.folder,
                           "hidden": sorted(self.hidden), "targets": list(numbers), "files": files},
                          separators=(",", ":"))
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.replace(tmp, path)


def gate(root: str, siteurl: str | None, hidden, visible, record: GateRecord) -> tuple[list[Problem], GateRecord]:
    """Both gates over `root`, reading only what `record` does not vouch for; the record of this tree."""
    files = dict(_walk_stat(root))
    learnt = GateRecord(siteurl, hidden={release.identity for release in hidden})
    learnt.digests = record.digests
    problems = check_links(root, siteurl, record, learnt, files)
    problems += check_embargo(root, hidden, visible, record, files)
    return problems, learnt


# ---------------------------------------------------------------- internal links

def check_links(root: str, siteurl: str | None, record: GateRecord | None = None, learnt: GateRecord | None = None,
                files: dict | None = None) -> list[Problem]:
    """Every internal href/src in HTML, feeds, sitemaps and JSON feeds names a file in the built tree.

    With a `record`, files it vouches for are not read: their recorded targets are checked against
    the tree as it is now. `learnt` receives the targets of every file, for the next record.
    """
    site = Site.from_siteurl(root, siteurl)
    files = files if files is not None else dict(_walk_stat(site.root))
    broken: dict[str, _Broken] = {}
    absent = record.absent(files) if record else set()
    for relative in sorted(files):
        targets = record.known(site.root, relative, files[relative]) if record else None
        if targets is not None and (not absent or absent.isdisjoint(targets)):
            if learnt is not None:
                learnt.learn(site.root, relative, files[relative], targets, record.files[relative])
            continue
        found = set()
        for link in _links_of(site, relative):
            target = _resolve(site, relative, link.url)
            if target is None:
                continue
            found.add(target)
            if target not in files:
                entry = broken.setdefault(target, _Broken(target))
                entry.seen.append((relative, link.line, link.url))
        if learnt is not None:
            learnt.learn(site.root, relative, files[relative], found)
    return [_link_problem(entry) for entry in broken.values()]


def _walk(root: str):
    for directory, dirs, names in os.walk(root):
        dirs.sort()
        for name in names:
            yield os.path.relpath(os.path.join(directory, name), root).replace(os.sep, "/")


def _walk_stat(root: str):
    """(relative path, stat) of every file under `root`."""
    start = len(os.path.abspath(root).rstrip(os.sep)) + 1
    for directory, dirs, names in os.walk(os.path.abspath(root)):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(directory, name)
            yield path[start:].replace(os.sep, "/"), os.stat(path)


def _links_of(site: Site, relative: str) -> list[_Link]:
    path = os.path.join(site.root, relative)
    try:
        if relative.endswith(HTML_SUFFIXES):
            return _html_links(lxml.html.parse(path).getroot())
        if relative.endswith(XML_SUFFIXES):
            return _xml_links(site, lxml.etree.parse(path, lxml.etree.XMLParser(resolve_entities=False, no_network=True)))
        if relative.endswith(JSON_SUFFIXES):
            with open(path, encoding="utf-8") as handle:
                return list(_json_links(site, json.load(handle)))
        if relative == "robots.txt":
            return _robots_links(path)
    except (lxml.etree.LxmlError, ValueError, UnicodeDecodeError) as error:
        logger.warning("%s tidak dapat dibaca untuk pemeriksaan tautan: %s", relative, error)
    return []


def _html_links(root) -> list[_Link]:
    if root is None:
        return []
    links = [_Link(url, element.sourceline or 1) for element, _, url, _ in root.iterlinks()]
    for element in root.iter("img", "source"):
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                links.append(_Link(candidate.split()[0], element.sourceline or 1))
    # og:image and friends are absolute URLs in <meta content>, which iterlinks does not visit.
    for element in root.iter("meta"):
        content = element.get("content") or ""
        if content.startswith(("http://", "https://", "/")) and (element.get("property") or element.get("name")):
            links.append(_Link(content, element.sourceline or 1))
    return links


def _xml_links(site: Site, tree) -> list[_Link]:
    links = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        line = element.sourceline or 1
        for value in element.attrib.values():
            if _absolute_internal(site, value):
                links.append(_Link(value, line))
        text = (element.text or "").strip()
        if not text:
            continue
        if _absolute_internal(site, text):
            links.append(_Link(text, line))
        elif lxml.etree.QName(element).localname in HTML_IN_XML and "<" in text:
            links.extend(_Link(link.url, line) for link in _fragment_links(text))
    return links


def _json_links(site: Site, value, key: str = ""):
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _json_links(site, child, child_key)
    elif isinstance(value, list):
        for child in value:
            yield from _json_links(site, child, key)
    elif isinstance(value, str):
        if _absolute_internal(site, value):
            yield _Link(value, 1)
        elif key in HTML_IN_JSON and "<" in value:
            yield from (_Link(link.url, 1) for link in _fragment_links(value))


def _robots_links(path: str) -> list[_Link]:
    with open(path, encoding="utf-8") as handle:
        return [_Link(line.split(":", 1)[1].strip(), number) for number, line in enumerate(handle, 1)
                if line.lower().startswith("sitemap:")]


def _fragment_links(text: str) -> list[_Link]:
    try:
        return _html_links(lxml.html.fragment_fromstring(text, create_parent="div"))
    except (lxml.etree.LxmlError, ValueError):
        return []


def _absolute_internal(site: Site, value: str) -> bool:
    """In feeds and sitemaps only absolute URLs on the site's own host are links into the site."""
    return value.startswith(("http://", "https://")) and bool(site.host) and site.is_internal(value)


def _resolve(site: Site, relative: str, url: str) -> str | None:
    """The file in the built tree that `url` needs, or None when the URL does not point into the site."""
    url = url.strip()
    if not url or url.startswith("#") or not site.is_internal(url):
        return None
    path = _plain_path(site, url)
    if path is None:
        path = unquote(urlsplit(urljoin(site.page_url(relative), url)).path)
    if site.base and not (path == site.base or path.startswith(site.base + "/")):
        return f"{path} (di luar {site.base}/)"
    path = path[len(site.base):].lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    elif os.path.isdir(os.path.join(site.root, path)):
        path += "/index.html"
    return os.path.normpath(path).replace(os.sep, "/")


def _plain_path(site: Site, url: str) -> str | None:
    """The path of an absolute URL on the site's host that a browser would take as it is, else None."""
    for prefix in site.own:
        if url.startswith(prefix):
            path = url[len(prefix) - 1:]
            return path if PLAIN_PATH.fullmatch(path) else None
    return None


def _link_problem(entry: _Broken) -> Problem:
    relative, line, url = entry.seen[0]
    others = len(entry.seen) - 1
    more = f" (juga di {others} berkas lain)" if others else ""
    return Problem(relative, line, "tautan",
                   f"tautan internal '{url}' tidak menuju berkas mana pun di situs (dicari: {entry.target}){more}",
                   "perbaiki alamat tautan di rilis atau templat sumbernya, atau buat halaman tujuannya")


# ---------------------------------------------------------------- embargo leaks

def partition(content, now) -> tuple[list, list]:
    """(visible, hidden) releases of a published build at `now`: hidden ones are drafts or embargoed.

    A withdrawn release is neither: its page stays at its URL with a notice.
    """
    visible = content.visible(now)
    shown = {id(release) for release in visible + content.withdrawn(now)}
    return visible, [release for release in content.releases if id(release) not in shown]


def check_embargo(root: str, hidden, visible=(), record: GateRecord | None = None,
                  files: dict | None = None) -> list[Problem]:
    """No URL, identity or title of a hidden (draft or embargoed) release appears in any built file.

    `hidden` and `visible` are releases (with `url`, `identity`, `title`, `source`, `image`); a title
    shared with a visible release is not searched, since that release rightly shows it. Files a
    `record` vouches for were clean of the releases hidden then: they are searched only for the others.
    """
    root = os.path.abspath(root)
    hidden = list(hidden)
    if not hidden:
        return []
    titles = {release.title for release in visible}
    needles = _needles(hidden, titles)
    pattern = _pattern(needles)
    newly = [release for release in hidden if not record or release.identity not in record.hidden]
    newly_pattern = _pattern(_needles(newly, titles)) if newly else None
    files = files if files is not None else dict(_walk_stat(root))
    problems = _leaked_files(root, hidden)
    for relative in sorted(files):
        search = pattern
        if record and record.known(root, relative, files[relative]) is not None:
            search = newly_pattern
            if search is None:
                continue
        data = _readable_bytes(os.path.join(root, relative))
        found = {}
        for match in search.finditer(data):
            release, kind = _which(needles, match.group(0))
            found.setdefault(id(release), (release, kind, match.start()))
        for release, kind, start in found.values():
            line = data.count(b"\n", 0, start) + 1
            problems.append(Problem(relative, line, "embargo",
                                    f"{kind} rilis yang belum terbit muncul di berkas ini "
                                    f"({_why_hidden(release)}: {release.source})",
                                    "jangan publikasikan; laporkan ke pengembang: berkas ini tidak boleh "
                                    "memuat rilis draf atau berembargo"))
    return problems


def _pattern(needles: dict[bytes, tuple]):
    return re.compile(b"|".join(regex for regex in sorted(needles, key=len, reverse=True)))


def _needles(hidden, visible_titles: set[str]) -> dict[bytes, tuple]:
    needles: dict[bytes, tuple] = {}
    for release in hidden:
        kinds = [("alamat", release.url, b""), ("identitas", release.identity, rb"(?![\w-])")]
        # Short or shared titles would match innocent text; the URL and identity still catch those.
        if len(release.title.split()) >= 3 and release.title not in visible_titles:
            kinds.append(("judul", release.title, b""))
        for kind, text, tail in kinds:
            for variant in _encodings(text):
                needles[re.escape(variant.encode()) + tail] = (release, kind)
    return needles


def _encodings(text: str) -> set[str]:
    """The ways a template, feed writer or JSON encoder may have written `text`."""
    escaped = html.escape(text, quote=True)
    return {text, html.escape(text, quote=False), escaped, escaped.replace("&#x27;", "&#39;"),
            json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1],
            json.dumps(text)[1:-1].replace("/", "\\/")}


def _which(lookup: dict[bytes, tuple], matched: bytes) -> tuple:
    for regex, value in lookup.items():
        if re.fullmatch(regex, matched):
            return value
    raise LookupError(matched)


def _readable_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        data = handle.read()
    # Search indexes (Pagefind) store gzip-compressed fragments; a leak inside them is still a leak.
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError):
            return data
    return data


def _leaked_files(root: str, hidden) -> list[Problem]:
    problems = []
    for release in hidden:
        files = [release.save_as] + ([release.image.url] if getattr(release, "image", None) else [])
        for relative in files:
            if os.path.exists(os.path.join(root, relative)):
                problems.append(Problem(relative, 1, "embargo",
                                        f"berkas rilis yang belum terbit ada di situs ({_why_hidden(release)}: "
                                        f"{release.source})", "jangan publikasikan; laporkan ke pengembang"))
    return problems


def _why_hidden(release) -> str:
    if release.status == "draft":
        return "draf"
    return f"embargo sampai {release.date:%Y-%m-%d %H:%M %z}"


# ---------------------------------------------------------------- links that never break

def check_kept_urls(root: str, previous: dict[str, list[str]]) -> list[Problem]:
    """Every URL of the last published site (its identity → URLs map) still answers, as a page or a
    redirect. A withdrawn release keeps its page, so only a deleted or unpublished one fails here."""
    problems = []
    for identity, urls in sorted(previous.items()):
        for url in urls:
            target = url if url.endswith(".html") else url + "index.html"
            if not os.path.isfile(os.path.join(root, target)):
                problems.append(Problem(
                    target, 1, "alamat", f"alamat /{url} sudah terbit tetapi akan hilang tanpa pengalihan "
                    f"(rilis {identity})",
                    "kembalikan rilisnya; untuk mencabutnya tulis status: withdrawn dengan withdrawn_reason; "
                    "bila isinya pindah ke rilis lain, tulis alamat ini di aliases: rilis itu"))
    return problems
