"""Manifest per partner and language, /sw.js at the root scope, and the offline fallback page."""

import json

from flask import Response, abort, render_template, url_for
from flask_babel import force_locale, gettext

from app.collect.service import active_partner
from app.i18n import current_language
from app.pwa import bp
from app.pwa.assets import STATIC, precache_files, release


@bp.get("/<lang:lang>/s/<partner_slug>/manifest.webmanifest")
def manifest(partner_slug: str):
    partner = active_partner(partner_slug) or abort(404)
    lang = current_language()
    start = url_for("collect.form", partner_slug=partner.slug)
    body = {
        "id": start,
        "name": gettext("Straeon: %(partner)s", partner=partner.name(lang)),
        "short_name": "Straeon",
        "description": gettext(
            "Tell your story to %(partner)s, even without signal.", partner=partner.name(lang)
        ),
        "lang": lang,
        "dir": "ltr",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#00594f",
        "icons": [
            {
                "src": url_for("static", filename="icons/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            },
            {
                "src": url_for("static", filename="icons/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
            },
            {
                "src": url_for("static", filename="icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
            },
            {
                "src": url_for("static", filename="icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sw.js")
def service_worker():
    """The worker source with this release's version and precache list filled in."""
    source = (STATIC / "sw.js").read_text(encoding="utf-8")
    assets = [url_for("static", filename=name) for name in precache_files()]
    offline = [url_for("pwa.offline")]
    source = source.replace('"__RELEASE__"', json.dumps(release())).replace(
        "__PRECACHE__", json.dumps(assets + offline)
    )
    response = Response(source, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/offline")
def offline():
    """Shown by the worker when a page was never visited online and there is no signal.

    It cannot know the language the person wanted, so it speaks both, Welsh first.
    """
    texts = {}
    for lang in ("cy", "en"):
        with force_locale(lang):
            texts[lang] = {
                "title": gettext("You are offline"),
                "body": gettext(
                    "This page has not been opened on this device while online, so it cannot "
                    "open without a signal. Open your partner's story link once when you have "
                    "a signal; after that it works offline."
                ),
                "saved": gettext(
                    "Stories already saved on this device are safe and will be sent when you are back online."
                ),
                "retry": gettext("Try again"),
            }
    return render_template("pwa/offline.html", texts=texts)
