"""Languages: the URL carries the language; helpers for locale selection and language links."""

from flask import Flask, current_app, g, redirect, request, url_for
from flask_babel import get_locale
from werkzeug.routing import AnyConverter

LANGUAGES: tuple[str, ...] = ("cy", "en")
DEFAULT_LANGUAGE = "cy"
LANGUAGE_NAMES = {"cy": "Cymraeg", "en": "English"}
LANG_COOKIE = "lang"


def other_language(lang: str) -> str:
    return "en" if lang == "cy" else "cy"


def current_language() -> str:
    return getattr(g, "lang", None) or str(get_locale() or DEFAULT_LANGUAGE)


def select_locale() -> str:
    """Flask-Babel locale selector: the URL first, then the saved choice, then the browser."""
    lang = getattr(g, "lang", None)
    if lang in LANGUAGES:
        return lang
    saved = request.cookies.get(LANG_COOKIE) if request else None
    if saved in LANGUAGES:
        return saved
    if request:
        return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def preferred_language_or_none() -> str | None:
    """The saved choice, then Accept-Language; None when neither says."""
    saved = request.cookies.get(LANG_COOKIE)
    if saved in LANGUAGES:
        return saved
    return request.accept_languages.best_match(LANGUAGES)


def switch_language_url(lang: str) -> str:
    """The current page in another language (same endpoint, same arguments, same query)."""
    endpoint = request.endpoint
    if endpoint is None or not current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        return url_for("main.home", lang=lang)
    args = request.args.to_dict(flat=True)
    args.update(request.view_args or {})
    args["lang"] = lang
    return url_for(endpoint, **args)


def localise(text: dict[str, str] | None) -> str:
    """A framework label in the page's language."""
    if not text:
        return ""
    return text.get(current_language()) or text.get(DEFAULT_LANGUAGE, "")


class LangConverter(AnyConverter):
    """`<lang:lang>` matches only the supported languages, so /xx/ is a plain 404."""

    def __init__(self, url_map):
        super().__init__(url_map, *LANGUAGES)


def init_app(app: Flask) -> None:
    """Pull <lang> out of the URL into g.lang and put it back into generated URLs."""
    app.url_map.converters["lang"] = LangConverter

    @app.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict | None) -> None:
        if values and "lang" in values:
            g.lang = values.pop("lang")

    @app.url_defaults
    def add_lang(endpoint: str, values: dict) -> None:
        if "lang" in values or not getattr(g, "lang", None):
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.lang

    @app.after_request
    def remember_lang(response):
        lang = getattr(g, "lang", None)
        if lang and request.cookies.get(LANG_COOKIE) != lang and response.status_code < 400:
            # A preference only: it names a language and links nothing to any story.
            response.set_cookie(
                LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
            )
        return response

    app.jinja_env.globals.update(
        t=localise,
        LANGUAGES=LANGUAGES,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        other_language=other_language,
        switch_language_url=switch_language_url,
        current_language=current_language,
    )


def root_redirect():
    """`/`: saved choice, then Accept-Language, else None (the caller shows the chooser)."""
    lang = preferred_language_or_none()
    if lang:
        return redirect(url_for("main.home", lang=lang))
    return None
