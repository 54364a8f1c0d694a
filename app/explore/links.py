"""Partners' collection links, their QR codes and the bilingual poster's words. No Flask.

QR codes are drawn by segno (a small pure-Python library) as inline SVG, so they print
sharply at any size and need no image files.
"""

from collections.abc import Callable
from dataclasses import dataclass

import segno
from markupsafe import Markup

from app.models import Partner

LANGUAGES = ("cy", "en")  # Welsh first wherever both share a page

# The poster shows both languages at once, whatever the page's language, so its words are
# kept here in both (like the framework's labels) rather than in the gettext catalogue.
POSTER = {
    "heading": {"cy": "Rhannwch eich stori", "en": "Share your story"},
    "lead": {
        "cy": "Beth sydd wedi digwydd i chi, eich teulu neu eich cymuned yn ddiweddar? "
        "Adroddwch y stori mewn ychydig eiriau. Mae'n ddienw ac yn cymryd tua 10 munud.",
        "en": "What has happened to you, your family or your community lately? Tell the story "
        "in a few words. It is anonymous and takes about 10 minutes.",
    },
    "scan": {
        "cy": "Sganiwch i adrodd eich stori yn Gymraeg",
        "en": "Scan to tell your story in English",
    },
    "or": {"cy": "neu ewch i", "en": "or go to"},
}


@dataclass(frozen=True)
class Link:
    lang: str
    url: str
    qr: Markup  # inline SVG


@dataclass(frozen=True)
class PartnerLinks:
    partner: Partner
    links: tuple[Link, ...]

    def link(self, lang: str) -> Link:
        return next(item for item in self.links if item.lang == lang)


def qr_svg(url: str, title: str = "") -> Markup:
    """A QR code for `url` as inline SVG, scalable (a viewBox, no fixed size)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        omitsize=True, border=2, svgclass="qr", lineclass=None, title=title or None
    )
    # segno escapes the title it writes; the rest is its own path data.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1) if title else svg)  # noqa: S704


def partner_links(partners: list[Partner], url: Callable[[str, str], str]) -> list[PartnerLinks]:
    """Each partner's form link in each language: `url(lang, slug)` makes the address."""
    out = []
    for partner in partners:
        links = []
        for lang in LANGUAGES:
            address = url(lang, partner.slug)
            links.append(Link(lang, address, qr_svg(address, address)))
        out.append(PartnerLinks(partner, tuple(links)))
    return out


def short(url: str) -> str:
    """An address as people type it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")
