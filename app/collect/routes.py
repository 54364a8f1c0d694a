"""Story form views: thin, the work is in submission.py and service.py."""

import contextlib
import uuid
from datetime import UTC, datetime

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from werkzeug.datastructures import MultiDict

from app.collect import bp
from app.collect.forms import StoryForm, raw_from_form
from app.collect.service import ClientIdConflict, active_partner, store
from app.collect.submission import FORM, N_, Problem, Submission, validate
from app.extensions import csrf
from app.framework import service as frameworks

RECORDER_COOKIE = "recorder"


def _framework_or_404():
    framework = frameworks.latest(current_app.config["FRAMEWORK_SLUG"])
    if framework is None:
        abort(404)
    return framework


def _render(partner, framework, form, data, problems=(), status=200, notice=None):
    errors: dict[str, list[str]] = {}
    for p in problems:
        errors.setdefault(p.key, []).append(p.render(gettext, ngettext))
    recorder = request.cookies.get(RECORDER_COOKIE) == "1"
    return (
        render_template(
            "collect/form.html",
            partner=partner,
            framework=framework,
            form=form,
            values=data,
            errors=errors,
            recorder=recorder,
            notice=notice,
        ),
        status,
    )


def _fresh_form(framework) -> StoryForm:
    form = StoryForm(formdata=None)
    form.client_id.data = str(uuid.uuid4())
    form.framework_version.data = str(framework.version)
    form.started_at.data = datetime.now(UTC).isoformat(timespec="seconds")
    return form


@bp.get("/<lang:lang>/s/<partner_slug>/")
def form(partner_slug: str):
    partner = active_partner(partner_slug) or abort(404)
    framework = _framework_or_404()
    notice = "sent" if request.args.get("sent") == "1" else None
    return _render(partner, framework, _fresh_form(framework), MultiDict(), notice=notice)


FORM_CHANGED = N_(
    "This form has changed. Your answers are kept below: please check them and send again."
)
TIMED_OUT = N_(
    "For your security this form timed out. Your answers are kept below: please send again."
)
ALREADY_SENT = N_(
    "This form was already sent with different answers. If this is a new story, check it and press Send again."
)


@bp.post("/<lang:lang>/s/<partner_slug>/")
@csrf.exempt  # checked below by form.validate(), so a stale token keeps the answers
def submit(partner_slug: str):
    partner = active_partner(partner_slug) or abort(404)
    data, form = request.form, StoryForm()
    slug = current_app.config["FRAMEWORK_SLUG"]
    framework = frameworks.get_version(slug, form.framework_version.data)
    if framework is None:  # unknown or tampered: the current questions, with what was typed
        framework = _framework_or_404()
        form.framework_version.data = str(framework.version)
        return _render(partner, framework, form, data, [Problem(FORM, FORM_CHANGED)], 422)
    if not form.validate():  # CSRF: an expired or missing token
        form = _keep(form, framework)
        return _render(partner, framework, form, data, [Problem(FORM, TIMED_OUT)], 422)
    result = validate(framework, raw_from_form(framework, form, data, g.lang))
    if not isinstance(result, Submission):
        if any(p.key == FORM for p in result):
            form = _keep(form, framework)
        return _render(partner, framework, form, data, result, 422)
    try:
        store(result, partner)
    except ClientIdConflict:
        form.client_id.data = str(uuid.uuid4())  # so that sending again makes a new story
        return _render(partner, framework, form, data, [Problem(FORM, ALREADY_SENT)], 409)
    if request.cookies.get(RECORDER_COOKIE) == "1":
        return redirect(url_for(".form", partner_slug=partner.slug, sent=1), 303)
    cleaned = result.controls_removed or None
    return redirect(url_for(".thanks", partner_slug=partner.slug, cleaned=cleaned), 303)


def _keep(form: StoryForm, framework) -> StoryForm:
    """The same answers with fresh hidden fields (new token, and a new id if it was junk)."""
    fresh = _fresh_form(framework)
    with contextlib.suppress(ValueError):
        fresh.client_id.data = str(uuid.UUID(str(form.client_id.data)))
    if form.started_at.data:
        fresh.started_at.data = form.started_at.data
    return fresh


@bp.get("/<lang:lang>/s/<partner_slug>/thanks")
def thanks(partner_slug: str):
    partner = active_partner(partner_slug) or abort(404)
    cleaned = request.args.get("cleaned", type=int) or 0
    return render_template("collect/thanks.html", partner=partner, cleaned=max(0, cleaned))


@bp.post("/<lang:lang>/s/<partner_slug>/recorder")
def recorder(partner_slug: str):
    """Switch recorder mode on or off for this device (a preference cookie, nothing more)."""
    partner = active_partner(partner_slug) or abort(404)
    on = request.form.get("mode") == "on"
    response = redirect(url_for(".form", partner_slug=partner.slug), 303)
    response.set_cookie(
        RECORDER_COOKIE, "1" if on else "0", max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response
