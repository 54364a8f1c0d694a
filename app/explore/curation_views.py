"""Flag, tag and annotate a story: POST, then redirect back to the story (POST-redirect-GET)."""

from datetime import UTC, datetime

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.explore import bp, curation, meeting
from app.explore.routes import render_story
from app.explore.scope import partner_slugs, partners_for
from app.framework import service as frameworks

MESSAGES = {
    ("tag", "missing"): _l("Enter a tag"),
    ("tag", "too_long"): _l("Enter a tag of 60 characters or fewer"),
    ("note", "missing"): _l("Enter a note"),
    ("note", "too_long"): _l("Enter a note of 4,000 characters or fewer"),
    ("reason", "too_long"): _l("Enter a reason of 300 characters or fewer"),
}
STORY = "/<lang:lang>/explore/stories/<int:story_id>"


def _back_to(story_id: int, anchor: str = "curation"):
    back = request.form.get("back", "")[:2000]
    return redirect(url_for("explore.story", story_id=story_id, back=back or None) + f"#{anchor}")


def _save(story_id: int, action, field: str, done: str, anchor: str = "curation"):
    try:
        action()
    except curation.Invalid as error:
        errors = {error.field: [str(MESSAGES[(error.field, error.code)])]}
        return render_story(story_id, errors=errors, values={field: request.form.get(field, "")})
    flash(done)
    return _back_to(story_id, anchor)


@bp.post(f"{STORY}/flag")
@login_required
def flag_story(story_id: int):
    reason = request.form.get("reason")
    return _save(
        story_id,
        lambda: curation.flag(current_user, story_id, reason),
        "reason",
        _("The story is flagged as significant."),
    )


@bp.post(f"{STORY}/unflag")
@login_required
def unflag_story(story_id: int):
    curation.unflag(current_user, story_id)
    flash(_("The flag is removed."))
    return _back_to(story_id)


@bp.post(f"{STORY}/tags")
@login_required
def add_tag(story_id: int):
    label = request.form.get("tag")
    return _save(
        story_id,
        lambda: curation.add_tag(current_user, story_id, label),
        "tag",
        _("The tag is added."),
        "tags",
    )


@bp.post(f"{STORY}/tags/<int:tag_id>/delete")
@login_required
def remove_tag(story_id: int, tag_id: int):
    curation.remove_tag(current_user, story_id, tag_id)
    flash(_("The tag is removed."))
    return _back_to(story_id, "tags")


@bp.post(f"{STORY}/notes")
@login_required
def add_note(story_id: int):
    body = request.form.get("note")
    return _save(
        story_id,
        lambda: curation.add_note(current_user, story_id, body),
        "note",
        _("The note is saved."),
        "notes",
    )


@bp.post(f"{STORY}/notes/<int:note_id>/delete")
@login_required
def delete_note(story_id: int, note_id: int):
    curation.delete_note(current_user, story_id, note_id)
    flash(_("The note is deleted."))
    return _back_to(story_id, "notes")


@bp.get("/<lang:lang>/explore/meeting-pack")
@login_required
def meeting_pack():
    framework = frameworks.latest(current_app.config["FRAMEWORK_SLUG"]) or abort(404)
    query = meeting.parse_pack(request.args, partner_slugs(), datetime.now(UTC).date())
    pack = meeting.meeting_pack(current_user, query, framework, g.lang)
    return render_template("explore/meeting.html", pack=pack, partners=partners_for(current_user))
