"""POST /api/v1/stories: idempotent on client_id, same validation as the HTML form."""

from pathlib import Path

from flask import Response, abort, current_app, jsonify, request
from flask_babel import force_locale, gettext, ngettext

from app.api import bp
from app.api.intake import BadRequest, read_envelope
from app.collect.service import ClientIdConflict, receiving_partner, store
from app.collect.submission import N_, Problem, Submission, validate
from app.extensions import csrf, limiter
from app.framework import service as frameworks

OPENAPI = Path(__file__).resolve().parent / "openapi.json"
csrf.exempt(bp)  # CSRF tokens expire while a phone is offline; see same_origin_only instead


def _both_languages(problem: Problem) -> dict[str, str]:
    out = {}
    for lang in ("cy", "en"):
        with force_locale(lang):
            out[lang] = problem.render(gettext, ngettext)
    return out


def _problems(problems: list[Problem], status: int = 422):
    errors = [{"question": p.key, "message": _both_languages(p)} for p in problems]
    return jsonify(status="invalid", errors=errors), status


@bp.before_request
def same_origin_only():
    """Refuse cross-site requests: the outbox only ever posts from the app's own pages."""
    if request.method != "POST":
        return None
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        abort(403)
    origin = request.headers.get("Origin")
    if origin is not None and origin.rstrip("/") != request.host_url.rstrip("/"):
        abort(403)
    return None


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


@bp.post("/stories")
@limiter.limit(_rate_limit)
def submit_story():
    if not request.is_json:
        abort(415)
    request.max_content_length = current_app.config["API_MAX_BYTES"]
    body = request.get_json(silent=True)
    if body is None:
        return jsonify(status="invalid", errors=[{"question": "_body", "message": "not JSON"}]), 400
    try:
        envelope = read_envelope(body)
    except BadRequest as exc:
        return jsonify(status="invalid", errors=[{"question": "_body", "message": str(exc)}]), 400
    partner = receiving_partner(envelope.partner)
    if partner is None:
        return _problems([Problem("_partner", N_("This partner is not collecting stories here."))])
    slug = envelope.framework or current_app.config["FRAMEWORK_SLUG"]
    framework = frameworks.get_version(slug, envelope.framework_version)
    if framework is None:
        return _problems(
            [Problem("_framework", N_("This version of the questions is not known here."))]
        )
    result = validate(framework, envelope.raw)
    if not isinstance(result, Submission):
        return _problems(result)
    try:
        stored = store(result, partner)
    except ClientIdConflict:
        problem = Problem("_client_id", N_("A different story was already sent with this id."))
        return _problems([problem], 409)
    payload = {
        "status": "created" if stored.created else "already_received",
        "client_id": str(stored.client_id),
        "received_at": stored.received_at.isoformat(),
        "controls_removed": result.controls_removed,
    }
    return jsonify(payload), 201 if stored.created else 200


@bp.get("/openapi.json")
def openapi():
    return Response(OPENAPI.read_bytes(), mimetype="application/json")
