"""The timeline page: list, add and delete the events marked on the stories-per-week chart."""

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.explore import bp, curation
from app.explore import timeline as events
from app.explore.scope import partners_for

MESSAGES = {
    ("day", "missing"): _l("Enter the date of the event"),
    ("day", "not_a_date"): _l("Enter a real date, for example 17/03/2026"),
    ("day", "out_of_range"): _l("Enter a date between 2000 and next year"),
    ("title_cy", "missing"): _l("Enter a title in Welsh, in English or in both"),
    ("title_cy", "too_long"): _l("Enter a Welsh title of 120 characters or fewer"),
    ("title_en", "too_long"): _l("Enter an English title of 120 characters or fewer"),
    ("partner", "unknown"): _l("Choose a partner from the list"),
}
FIELDS = ("day", "title_cy", "title_en", "partner")


def _page(errors=None, values=None):
    return render_template(
        "explore/timeline.html",
        events=events.events_for(current_user),
        partners=partners_for(current_user),
        can_manage=lambda e: events.can_manage(current_user, e),
        errors=errors or {},
        values=values or {},
    ), (400 if errors else 200)


@bp.get("/<lang:lang>/explore/timeline")
@login_required
def timeline():
    return _page()


@bp.post("/<lang:lang>/explore/timeline")
@login_required
def add_event():
    form = {name: request.form.get(name, "") for name in FIELDS}
    try:
        events.add_event(current_user, **form, today=datetime.now(UTC).date())
    except curation.Invalid as error:
        return _page({error.field: [str(MESSAGES[(error.field, error.code)])]}, form)
    flash(_("The event is added to the timeline."))
    return redirect(url_for("explore.timeline"))


@bp.post("/<lang:lang>/explore/timeline/<int:event_id>/delete")
@login_required
def delete_event(event_id: int):
    events.delete_event(current_user, event_id)
    flash(_("The event is deleted."))
    return redirect(url_for("explore.timeline"))
