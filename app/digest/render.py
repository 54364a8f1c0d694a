"""Rendering a digest: HTML from the templates in each language, then PDF with WeasyPrint.

WeasyPrint only ever reads the app's own static files (the print stylesheet and the fonts):
StaticOnlyFetcher refuses every other URL, so nothing in a story can make it fetch anything.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, g, render_template
from flask_babel import force_locale, gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.digest import printing
from app.digest.data import MIN_STORIES, SMALL, DigestData
from app.digest.present import build_view, long_date
from app.digest.redact import redact
from app.digest.sectors import sector_names
from app.framework.loader import Framework
from app.i18n import LANGUAGES

LANG_MODES = ("cy", "en", "both")


class RefusedURL(ValueError):
    """A URL outside the app's static folder."""


class StaticOnlyFetcher(URLFetcher):
    """Serves file:// URLs inside `root` (the static folder) and refuses everything else."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols=("file",))
        self.root = root.resolve()
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(url)
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(url)
        mime = {".css": "text/css", ".woff2": "font/woff2"}.get(path.suffix)
        if mime is None:
            raise RefusedURL(url)
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})


def static_root() -> Path:
    return Path(current_app.static_folder or "static").resolve()


@contextmanager
def _language(lang: str) -> Iterator[None]:
    """Render in `lang`: gettext (force_locale) and the app's current_language() (g.lang)."""
    saved = g.get("lang")
    g.lang = lang
    try:
        with force_locale(lang):
            yield
    finally:
        if saved is None:
            g.pop("lang", None)
        else:
            g.lang = saved


def _redaction_labels() -> dict[str, str]:
    return {
        "email": gettext("[email address removed]"),
        "web": gettext("[web address removed]"),
        "phone": gettext("[phone number removed]"),
        "postcode": gettext("[postcode removed]"),
    }


def languages(mode: str) -> tuple[str, ...]:
    return LANGUAGES if mode == "both" else (mode,)


def render_html(data: DigestData, framework: Framework, mode: str, today: date) -> str:
    """The whole digest as one HTML document (Welsh first when bilingual)."""
    parts = []
    for lang in languages(mode):
        with _language(lang):
            names = {p.partner.slug: p.partner.name(lang) for p in data.partners}
            if data.scope.partner is not None:
                names[data.scope.partner.slug] = data.scope.partner.name(lang)
            view = build_view(data, framework, lang, names, sector_names())
            parts.append(
                render_template(
                    "digest/part.html",
                    view=view,
                    framework=framework,
                    lang=lang,
                    bilingual=mode == "both",
                    redact=lambda text: redact(text, _redaction_labels()),
                    charts=printing,
                    MIN_STORIES=MIN_STORIES,
                    SMALL=SMALL,
                )
            )
    first = languages(mode)[0]
    with _language(first):
        covers = {}
        for lang in languages(mode):
            with _language(lang):
                covers[lang] = {
                    "title": gettext("Story digest"),
                    "scope": data.scope.name(lang) or gettext("The whole partnership"),
                    "period": gettext(
                        "%(start)s to %(end)s",
                        start=long_date(data.period.start, lang),
                        end=long_date(data.period.end, lang),
                    ),
                    "made": gettext("Produced on %(date)s", date=long_date(today, lang)),
                    "note": gettext(
                        "Short stories told by people in Wales, and what they said their stories mean."
                    ),
                }
        return render_template(
            "digest/document.html",
            lang=first,
            langs=languages(mode),
            covers=covers,
            parts=parts,
            css_url=(static_root() / "css" / "print.css").as_uri(),
        )


def write_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """PDF/UA-1 (tagged, with the document language), A4, with bookmarks."""
    fetcher = fetcher or StaticOnlyFetcher(static_root())
    document = HTML(string=html, base_url=static_root().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def render_pdf(data: DigestData, framework: Framework, mode: str) -> bytes:
    """The renderer app.digest.service calls on a cache miss."""
    return write_pdf(render_html(data, framework, mode, datetime.now(UTC).date()))
