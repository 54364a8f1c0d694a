"""Collection links: each partner's form links with QR codes, and a printable A4 poster."""

from flask import render_template, url_for
from flask_login import current_user, login_required

from app.explore import bp
from app.explore.links import POSTER, partner_links, short
from app.explore.scope import OutOfScope, partners_for


def _url(lang: str, slug: str) -> str:
    return url_for("collect.form", lang=lang, partner_slug=slug, _external=True)


@bp.get("/<lang:lang>/explore/links")
@login_required
def links():
    return render_template(
        "explore/links.html", items=partner_links(partners_for(current_user), _url), short=short
    )


@bp.get("/<lang:lang>/explore/links/<slug>/poster")
@login_required
def poster(slug: str):
    found = [p for p in partners_for(current_user) if p.slug == slug and p.active]
    if not found:
        raise OutOfScope("not this user's partner")
    (item,) = partner_links(found, _url)
    return render_template("explore/poster.html", item=item, words=POSTER, short=short)
