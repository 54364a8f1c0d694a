"""Digest views: thin. A form in the explorer, and the PDF (scoped like the explorer)."""

from datetime import UTC, datetime

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from app.digest import bp, period
from app.digest.cache import DigestCache
from app.digest.messages import PERIOD_ERRORS
from app.digest.render import LANG_MODES, render_pdf
from app.digest.service import get_digest
from app.explore.scope import OutOfScope, partners_for
from app.framework import service as frameworks
from app.main.errors import http_error

PRESETS = ("last-month", "last-week", "last-quarter", "this-month", "custom")


@bp.errorhandler(OutOfScope)
def _out_of_scope(error):
    return http_error(NotFound())


def cache() -> DigestCache:
    return DigestCache(
        current_app.config.get("DIGEST_CACHE_DIR") or current_app.instance_path + "/digests",
        current_app.config["DIGEST_CACHE_MAX_AGE_DAYS"],
    )


def _today():
    return datetime.now(UTC).date()


def _choice(args) -> dict:
    return {
        "period": args.get("period") or ("custom" if args.get("from") else "last-month"),
        "from": (args.get("from") or "")[:10],
        "to": (args.get("to") or "")[:10],
        "partner": (args.get("partner") or "")[:40],
        "digest_lang": args.get("digest_lang") or "both",
    }


def parse(choice: dict) -> period.Period:
    """The period asked for; PeriodError (with a message code) when it cannot be made."""
    if choice["digest_lang"] not in LANG_MODES:
        raise period.PeriodError("bad_lang")
    if choice["period"] == "custom":
        start, end = period.parse_date(choice["from"]), period.parse_date(choice["to"])
        return period.checked(start, end, _today())
    if choice["period"] not in period.NAMED:
        raise period.PeriodError("bad_period")
    return period.named(choice["period"], _today())


def _form(choice: dict, errors: dict | None = None, status: int = 200):
    return render_template(
        "digest/form.html",
        choice=choice,
        presets=PRESETS,
        partners=partners_for(current_user),
        errors=errors or {},
        lang_modes=LANG_MODES,
    ), status


@bp.get("/<lang:lang>/explore/digest")
@login_required
def form():
    return _form(_choice(request.args))


@bp.get("/<lang:lang>/explore/digest.pdf")
@login_required
def download():
    choice = _choice(request.args)
    try:
        chosen = parse(choice)
    except period.PeriodError as error:
        field = "from" if choice["period"] == "custom" else "period"
        field = "digest_lang" if error.code == "bad_lang" else field
        return _form(choice, {field: [str(PERIOD_ERRORS[error.code])]}, 400)
    framework = frameworks.latest(current_app.config["FRAMEWORK_SLUG"]) or abort(404)
    digest = get_digest(
        current_user, choice["partner"] or None, chosen, choice["digest_lang"], framework,
        render_pdf, cache(),
    )  # fmt: skip
    return Response(
        digest.pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{digest.filename}"',
            "Cache-Control": "private, no-store",
            "X-Digest-Cache": "hit" if digest.cached else "miss",
            "Content-Language": "cy, en"
            if choice["digest_lang"] == "both"
            else choice["digest_lang"],
        },
    )
