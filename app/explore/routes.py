"""Explorer views: thin; scoping in scope.py, numbers in aggregate.py, charts in app.charts."""

from flask import (
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import BadRequest, NotFound

from app.explore import bp, export
from app.explore import filters as filtering
from app.explore.curation import curation_of, flagged_ids, tags_of
from app.explore.overview import build
from app.explore.scope import OutOfScope, framework_versions, partner_slugs, partners_for
from app.explore.stories import PageOutOfRange, excerpt, list_stories, parse_page, story_detail
from app.framework import service as frameworks
from app.main.errors import http_error


@bp.errorhandler(OutOfScope)
def _out_of_scope(error):
    return http_error(NotFound())


@bp.errorhandler(filtering.BadFilter)
def _bad_filter(error):
    return http_error(BadRequest())


def _framework():
    return frameworks.latest(current_app.config["FRAMEWORK_SLUG"]) or abort(404)


def _filters(framework):
    # Any real partner parses; scope.stories_for then answers 404 for one outside the scope.
    filters = filtering.parse(request.args, framework, partner_slugs())
    return filters, partners_for(current_user)


@bp.app_template_filter("excerpt")
def _excerpt(text: str) -> str:
    return excerpt(text)


def _tidy_url(filters):
    """After the filter form: drop its empty fields, so the URL is short and shareable."""
    if not any(v.strip() == "" for v in request.args.values()):
        return None
    query = filters.query(page=request.args.get("page") or None)
    return redirect(url_for(request.endpoint) + (f"?{query}" if query else ""))


def _args(filters) -> dict:
    """The filters as url_for keyword arguments (repeated ones as lists)."""
    out: dict[str, list[str]] = {}
    for key, value in filters.args():
        out.setdefault(key, []).append(value)
    return out


def _stories_link(filters) -> str:
    query = filters.query()
    return url_for("explore.stories") + (f"?{query}" if query else "")


@bp.get("/<lang:lang>/explore/")
@login_required
def index():
    framework = _framework()
    filters, partners = _filters(framework)
    if tidy := _tidy_url(filters):
        return tidy
    overview = build(
        current_user,
        filters,
        framework,
        g.lang,
        _stories_link,
        lambda day: url_for("explore.compare", by="date", at=day.isoformat(), **_args(filters)),
    )
    return render_template(
        "explore/index.html", overview=overview, **_page(framework, filters, partners)
    )


def _page(framework, filters, partners) -> dict:
    versions = framework_versions(framework.slug)
    return {
        "framework": framework,
        "filters": filters,
        "chips": filtering.chips(filters),
        "partners": partners,
        "partner_names": {p.slug: p.name(g.lang) for p in partners},
        "versions": versions,
        "query": filters.query(),
    }


@bp.get("/<lang:lang>/explore/stories")
@login_required
def stories():
    framework = _framework()
    filters, partners = _filters(framework)
    if tidy := _tidy_url(filters):
        return tidy
    try:
        page = parse_page(request.args.get("page"))
    except PageOutOfRange:
        abort(400)
    result = list_stories(current_user, filters, page)
    ids = [s.id for s in result.stories]
    return render_template(
        "explore/stories.html",
        result=result,
        tags=tags_of(ids),
        flagged=flagged_ids(ids),
        **_page(framework, filters, partners),
    )


@bp.get("/<lang:lang>/explore/stories/<int:story_id>")
@login_required
def story(story_id: int):
    return render_story(story_id)


def render_story(story_id: int, errors: dict | None = None, values: dict | None = None):
    """The story page, with its flags, tags and notes; with errors (400) after a bad form."""
    framework = _framework()
    found, drawn = story_detail(current_user, story_id, framework, g.lang)
    back = request.values.get("back", "")[:2000]  # a query string, only ever put after "?"
    return render_template(
        "explore/story.html",
        story=found,
        drawn=drawn,
        back_query=back,
        curation=curation_of(current_user, story_id),
        errors=errors or {},
        values=values or {},
    ), (400 if errors else 200)


@bp.get("/<lang:lang>/explore/export.csv")
@login_required
def export_csv():
    framework = _framework()
    filters, _partners = _filters(framework)
    rows = export.csv_rows(current_user, filters, framework, g.lang, export.headings(_))
    name = export.filename(g.lang, "csv")
    return Response(
        stream_with_context(export.as_csv(rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/<lang:lang>/explore/export.json")
@login_required
def export_json():
    framework = _framework()
    filters, _partners = _filters(framework)
    name = export.filename(g.lang, "json")
    return Response(
        stream_with_context(export.as_json(current_user, filters, framework, g.lang)),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
