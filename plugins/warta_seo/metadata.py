"""What a page says about itself to search engines and chat apps, built in Python for the templates."""

from __future__ import annotations

import json
from urllib.parse import quote

from markupsafe import Markup

# JSON may hold these characters freely; inside <script> they could end the element or open a comment.
_SCRIPT_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def absolute(settings, path: str = "") -> str:
    return f"{(settings.get('SITEURL') or '').rstrip('/')}/{path.lstrip('/')}"


def json_for_script(data) -> Markup:
    """JSON that is safe to place inside a <script> element as it is."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_UNSAFE))


def news_article(release, settings, registries) -> dict:
    """schema.org NewsArticle for a release page (what Google News and Top Stories read)."""
    url = absolute(settings, release.url)
    logo = absolute(settings, settings["WARTA_PUBLISHER_LOGO"])
    if release.image:
        image = {"@type": "ImageObject", "url": absolute(settings, release.image.url)}
        if release.image.width:
            image.update(width=release.image.width, height=release.image.height)
    else:
        image = {"@type": "ImageObject", "url": logo}
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": release.title,
        "description": release.summary,
        "inLanguage": "id",
        "datePublished": release.date.isoformat(),
        "dateModified": release.updated.isoformat(),
        "author": [{"@type": "Person", "name": release.author}],
        "publisher": {
            "@type": "Organization",
            "name": settings["WARTA_PUBLISHER_NAME"],
            "url": absolute(settings),
            "logo": {"@type": "ImageObject", "url": logo},
        },
        "image": [image],
        "articleSection": registries.opds[release.opd].name,
        "license": settings["WARTA_LICENSE_URL"],
    }
    if release.editor:
        article["editor"] = {"@type": "Person", "name": release.editor}
    if release.tags:
        article["keywords"] = list(release.tags)
    return article


def whatsapp_text(release, settings) -> str:
    """The message a humas writer pastes into a WhatsApp group: title, summary, link."""
    return f"*{release.title}*\n\n{release.summary}\n\n{absolute(settings, release.url)}"


def share_links(release, settings) -> list[dict]:
    """One entry per share target, with its URL already encoded (templates never encode)."""
    url = absolute(settings, release.url)
    title = release.title
    encoded_url, encoded_title = quote(url, safe=""), quote(title, safe="")
    message = quote(whatsapp_text(release, settings), safe="")
    return [
        {"id": "whatsapp", "label": "WhatsApp", "href": f"https://wa.me/?text={message}"},
        {"id": "facebook", "label": "Facebook", "href": f"https://www.facebook.com/sharer/sharer.php?u={encoded_url}"},
        {"id": "x", "label": "X", "href": f"https://x.com/intent/post?text={encoded_title}&url={encoded_url}"},
        {"id": "telegram", "label": "Telegram", "href": f"https://t.me/share/url?url={encoded_url}&text={encoded_title}"},
        {"id": "email", "label": "E-mail",
         "href": f"mailto:?subject={encoded_title}&body={quote(release.summary + chr(10) + chr(10) + url, safe='')}"},
    ]


def add_template_helpers(generator) -> None:
    """Signal receiver: give every generator's templates the metadata helpers of this plugin."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    env.globals.update(
        news_article_json=lambda release, registries: json_for_script(news_article(release, settings, registries)),
        share_links=lambda release: share_links(release, settings),
        whatsapp_text=lambda release: whatsapp_text(release, settings),
    )
