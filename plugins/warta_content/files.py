"""The photos and documents a release refers to, and the OPD logos of the registry, checked by their
bytes before they are trusted.

A reference is a path relative to the OPD folder (`gambar/x.jpg`, `berkas/x.pdf`), or for a logo to
content/ (`data/logo/dinkes.png`). Each must be a regular file inside the content tree, of an
accepted type judged by its content (not its name), within the size limits; every problem names the
file and line that refers to it.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
import re
from dataclasses import dataclass

from warta_core.imagetype import FORMATS
from warta_core.media import DOCUMENT_MIME, ImageRefused, document_kind, inspect_image
from warta_core.problems import Problem
from warta_core.safefiles import UnsafeFile, read_regular_file, safe_regular_file
from .release import Attachment, Photo

# ![alt](src "caption") in a Markdown body; the title part is optional.
BODY_IMAGE = re.compile(r'!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"([^"]*)")?\s*\)')
# The other ways Markdown makes an <img>: ![alt][label] (or ![alt][], ![alt]) with a `[label]: src "caption"`
# line anywhere in the text, and an <img src alt> written as HTML.
REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\](?!\()(?:\[([^\]]*)\])?")
REFERENCE_DEFINITION = re.compile(r"""^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+["'(]([^"')]*)["')])?[ \t]*$""",
                                  re.M)
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
HTML_ATTRIBUTE = re.compile(r"""\b(src|alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
BODY_IMG_TAG = re.compile(r'(<p>\s*)?<img\b[^>]*?\bsrc="([^"]*)"[^>]*>(\s*</p>)?')
DOCUMENT_EXTENSIONS = {"pdf": {".pdf"}, "docx": {".docx"}, "xlsx": {".xlsx"}, "pptx": {".pptx"}, "odt": {".odt"},
                       "ods": {".ods"}, "csv": {".csv"}}
SAFE_NAME = re.compile(r"[^a-z0-9._-]+")


IMAGE_EXTENSIONS = {kind: extensions for kind, (_mime, extensions) in FORMATS.items()} | {"heif": (".heic", ".heif")}
ACCEPTED = {extension for extensions in IMAGE_EXTENSIONS.values() for extension in extensions}


def file_stamp(info: os.stat_result) -> tuple:
    """What tells a file apart from its replacement without reading it: ctime changes on any write."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _megabytes(length: int) -> str:
    return f"{length / 1_000_000:.1f}".replace(".", ",") + " MB"


@dataclass(frozen=True)
class _Upload:
    """A kind of file a release refers to, as its messages name it."""

    name: str  # "gambar": "berkas gambar 'x' tidak ditemukan"
    reference: str  # "alamat gambar di folder OPD": "'/x' bukan alamat gambar di folder OPD"
    place: str  # where it belongs, for a reference that leaves the OPD folder
    example: str  # what to upload where it is missing
    limit: str  # the reading option with its size limit
    smaller: str  # how to make it smaller


PHOTO = _Upload(name="gambar", reference="alamat gambar di folder OPD",
                place="simpan gambar di folder gambar/ di samping rilis, lalu tulis src: gambar/nama.jpg",
                example="gambar", limit="max_image_bytes",
                smaller="perkecil gambarnya (mis. lebar 2000 piksel, kualitas JPEG 85) lalu unggah lagi")
DOCUMENT = _Upload(name="lampiran", reference="berkas di folder OPD",
                   place="unggah berkas ke folder berkas/ di samping rilis, lalu tulis src: berkas/nama-berkas.pdf",
                   example="berkas", limit="max_attachment_bytes",
                   smaller="perkecil berkasnya (mis. simpan PDF dengan kualitas 'web') atau pecah menjadi beberapa "
                           "lampiran")
LOGO = _Upload(name="logo", reference="berkas di folder content/",
               place="simpan logo di content/data/logo/, lalu tulis mis. logo: data/logo/dinkes.png",
               example="logo PNG, JPEG atau WebP", limit="max_image_bytes",
               smaller="perkecil logonya (sisi terpanjang 1000 piksel sudah cukup) lalu simpan lagi")
LOGO_EXTENSIONS = {extension for extensions in FORMATS.values() for extension in extensions[1]}


def _place(src: str, upload: _Upload, folder: str, path: str, options: dict, problem, accept=None,
           shown: str | None = None):
    """(clean src, real path inside the content tree, stat) of a reference, or None after a problem.

    `accept(clean src)` refuses by name before the disk is asked (a photo's extension); `shown` is
    the folder as messages name it (default: the referring file's).
    """
    clean = posixpath.normpath(src.replace("\\", "/"))
    if clean.startswith(("/", "http:", "https:")) or clean.split("/")[0] == "..":
        problem(f"'{src}' bukan {upload.reference}", upload.place)
        return None
    if accept is not None and not accept(clean):
        return None
    try:
        real = safe_regular_file(os.path.join(folder, clean), options["root"])
        info = os.stat(real)
    except FileNotFoundError:
        problem(f"berkas {upload.name} '{clean}' tidak ditemukan",
                f"unggah {upload.example} ke {shown or os.path.dirname(path)}/{clean} atau perbaiki namanya "
                "(huruf besar/kecil berpengaruh)")
        return None
    except UnsafeFile as error:
        problem(f"{upload.name} '{clean}': {error.message}", error.fix)
        return None
    limit = options[upload.limit]
    if info.st_size > limit:
        problem(f"{upload.name} '{clean}' terlalu besar ({_megabytes(info.st_size)}, batas {_megabytes(limit)})",
                upload.smaller)
        return None
    return clean, real, info


def photo(src: str, alt: str, caption, credit, folder: str, opd: str, path: str, line: int, field: str,
          options: dict, problems: list[Problem]) -> Photo | None:
    """A photo checked by its bytes: inside the tree, within the limits, a real image of its extension."""
    def problem(message: str, fix: str) -> None:
        problems.append(Problem(path, line, field, message, fix))

    if not (alt or "").strip():
        problem("teks alternatif (alt) foto kosong",
                "tulis apa yang tampak di foto, untuk pembaca tunanetra, mis. "
                "![Warga antre di puskesmas](gambar/antre.jpg)")
        return None

    def accepted_type(clean: str) -> bool:
        extension = os.path.splitext(clean)[1].lower()
        if extension == ".svg":
            _refuse_svg(clean, problem)
            return False
        if extension not in ACCEPTED:
            problem(f"jenis berkas '{extension or clean}' tidak didukung", "pakai foto .jpg, .png, .webp atau .heic")
            return False
        return True

    placed = _place(src, PHOTO, folder, path, options, problem, accepted_type)
    if placed is None:
        return None
    src, real, info = placed
    facts = _image_facts(real, src, PHOTO, field, options, problem, set(IMAGE_EXTENSIONS),
                         pixels_fix="perkecil ukuran gambarnya, mis. lebar 2000 piksel; berkas seperti ini bisa "
                                    "melumpuhkan build",
                         formats="JPEG, PNG, WebP, GIF, HEIC",
                         resave="simpan ulang fotonya sebagai .jpg atau .png dari aplikasi pengolah gambar, lalu "
                                "unggah lagi; mengganti nama berkas tidak mengubah isinya",
                         refuse_svg=True)
    if facts is None:
        return None
    try:
        data = read_regular_file(real, options["root"], options["max_image_bytes"])
    except (OSError, UnsafeFile):
        problem(f"berkas gambar '{src}' tidak dapat dibaca", "unggah gambarnya lagi")
        return None
    return Photo(real, src, opd, alt.strip(), caption, credit, facts.width, facts.height, len(data),
                 hashlib.blake2b(data, digest_size=16).hexdigest(), file_stamp(info))


def logo(src: str, path: str, line: int, options: dict, problems: list[Problem], shown: str) -> str | None:
    """An OPD logo (relative to content/, shown as `shown`) checked like a photo: inside the tree, within
    the limits, a real PNG, JPEG, WebP or GIF of its extension whose pixels decode. Its real path, or None."""
    def problem(message: str, fix: str) -> None:
        problems.append(Problem(path, line, "logo", message, fix))

    def accepted_type(clean: str) -> bool:
        extension = os.path.splitext(clean)[1].lower()
        if extension not in LOGO_EXTENSIONS:
            problem(f"jenis berkas '{extension or clean}' tidak didukung untuk logo",
                    "simpan logo sebagai .png (atau .jpg, .webp); logo SVG simpan dulu sebagai PNG")
            return False
        return True

    placed = _place(src, LOGO, options["root"], path, options, problem, accepted_type, shown)
    if placed is None:
        return None
    src, real, _info = placed
    resave = "simpan ulang logonya sebagai .png dari aplikasi pengolah gambar"
    # HEIC is a photo format the logo step does not read.
    facts = _image_facts(real, src, LOGO, "logo", options, problem, set(FORMATS), pixels_fix=LOGO.smaller,
                         formats="PNG, JPEG, WebP, GIF",
                         resave=f"{resave}; mengganti nama berkas tidak mengubah isinya", wrong_kind=resave)
    return None if facts is None else real


def _image_facts(real: str, src: str, upload: _Upload, field: str, options: dict, problem, kinds: set[str], *,
                 pixels_fix: str, formats: str, resave: str, wrong_kind: str = "", refuse_svg: bool = False):
    """What an image is, read from its bytes, if its pixels decode and it is one of `kinds` under a name of
    its kind; else None after a problem. `formats` and `resave` say what an unreadable file should be."""
    extension = os.path.splitext(src)[1].lower()
    try:
        facts = inspect_image(real, options["max_image_pixels"])
    except ImageRefused as refused:
        if refused.reason == "pixels":
            size = f"{refused.detail} piksel, " if refused.detail else ""
            problem(f"{upload.name} '{src}' terlalu besar ({size}batas "
                    f"{options['max_image_pixels'] / 1_000_000:.0f} megapiksel)", pixels_fix)
        elif refused.reason == "svg" and refuse_svg:
            _refuse_svg(src, problem)
        else:
            problem(f"berkas '{src}' bukan gambar yang dapat dibaca (kosong, rusak, atau bukan {formats})", resave)
        return None
    if facts.kind not in kinds:
        problem(f"berkas '{src}' sebenarnya gambar {facts.kind.upper()}, bukan {extension}", wrong_kind)
        return None
    if extension not in IMAGE_EXTENSIONS[facts.kind]:
        right = IMAGE_EXTENSIONS[facts.kind][0]
        problem(f"berkas '{src}' sebenarnya gambar {facts.kind.upper()}, bukan {extension}",
                f"ganti nama berkasnya menjadi {os.path.splitext(os.path.basename(src))[0]}{right} "
                f"dan perbarui {field}")
        return None
    return facts


def _refuse_svg(src: str, problem) -> None:
    # Named by its extension or found by its bytes: either way the writer gets the same advice.
    problem(f"'{src}' adalah gambar SVG, bukan foto",
            "unggah foto JPEG, PNG, WebP atau HEIC; infografis simpan sebagai PNG")


def attachment(src: str, title: str, folder: str, opd: str, path: str, line: int, field: str, options: dict,
               problems: list[Problem]) -> Attachment | None:
    """A document checked by its bytes: inside the tree, within the limit, of the type its extension says."""
    def problem(message: str, fix: str) -> None:
        problems.append(Problem(path, line, field, message, fix))

    placed = _place(src, DOCUMENT, folder, path, options, problem)
    if placed is None:
        return None
    src, real, info = placed
    kind = document_kind(real)
    extension = os.path.splitext(src)[1].lower()
    if kind is None or extension not in DOCUMENT_EXTENSIONS[kind]:
        what = f"isinya {kind.upper()}" if kind else "isinya bukan PDF, DOCX, XLSX, PPTX, ODT, ODS atau CSV"
        problem(f"lampiran '{src}' ditolak: {what}",
                "unggah dokumen aslinya dengan akhiran nama yang sesuai isinya "
                "(.pdf, .docx, .xlsx, .pptx, .odt, .ods, .csv)")
        return None
    stem, _ = os.path.splitext(os.path.basename(src))
    name = SAFE_NAME.sub("-", stem.lower()).strip("-.") or "lampiran"
    url, save_as = (pattern.format(opd=opd, name=f"{name}{extension}") for pattern in options["attachment_url"])
    return Attachment(real, src, title.strip(), kind, DOCUMENT_MIME[kind], info.st_size, file_stamp(info), url,
                      save_as)


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()  # how Markdown matches a reference to its definition


def _body_images(body: str):
    """(line index, alt, src, caption) of every image the body's Markdown renders, in each written form."""
    if "<" not in body and "![" not in body:
        return
    definitions = {}
    if "]:" in body:
        for match in REFERENCE_DEFINITION.finditer(body):
            definitions.setdefault(_label(match.group(1)), (match.group(2), match.group(3)))
    for number, text in enumerate(body.split("\n")):
        for match in BODY_IMAGE.finditer(text):
            yield number, *match.groups()
        for match in REFERENCE_IMAGE.finditer(text):
            alt, label = match.groups()
            target = definitions.get(_label(label or alt))
            if target is not None:
                yield number, alt, target[0], target[1]
        for match in HTML_IMAGE.finditer(text):
            attributes = {name.lower(): "".join(values)  # one of the three quotings matched
                          for name, *values in HTML_ATTRIBUTE.findall(match.group())}
            if "src" in attributes:
                yield number, html.unescape(attributes.get("alt", "")), html.unescape(attributes["src"]), \
                    html.unescape(attributes["title"]) if "title" in attributes else None


def body_photos(body: str, body_line: int, folder: str, opd: str, path: str, options: dict,
                problems: list[Problem]) -> list[Photo]:
    """Every local image of a Markdown body, checked like the lead image, with the line it is on."""
    found = []
    for number, alt, src, caption in _body_images(body):
        if src.startswith(("http:", "https:", "//")):
            continue  # an external picture stays a plain link to its host
        checked = photo(src, alt, caption or None, None, folder, opd, path, body_line + number, "isi", options,
                        problems)
        if checked is not None:
            found.append(checked)
    return found


def mark_body_photos(body_html: str, photos: list[Photo]) -> str:
    """Replace each body <img> of a checked photo by a placeholder that warta_media fills in.

    `<!--warta-figure:N-->` stands for an image alone in its paragraph (a figure with caption),
    `<!--warta-photo:N-->` for one inside text (a picture in the line).
    """
    index = {photo.src: number for number, photo in reversed(list(enumerate(photos)))}

    def replace(match: re.Match) -> str:
        number = index.get(html.unescape(match.group(2)))
        if number is None:
            return match.group(0)
        if match.group(1) and match.group(3):
            return f"<!--warta-figure:{number}-->"
        return f"{match.group(1) or ''}<!--warta-photo:{number}-->{match.group(3) or ''}"

    return BODY_IMG_TAG.sub(replace, body_html) if photos else body_html
