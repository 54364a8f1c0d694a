"""The comparison page: two groups side by side, with a named test of each difference."""

from flask import current_app, g, render_template, request
from flask_login import current_user, login_required

from app.explore import bp
from app.explore import filters as filtering
from app.explore import timeline as events
from app.explore.compare import compare as run_comparison
from app.explore.compare import parse_compare
from app.explore.scope import partner_slugs, partners_for
from app.framework import service as frameworks


@bp.get("/<lang:lang>/explore/compare")
@login_required
def compare():
    framework = frameworks.latest(current_app.config["FRAMEWORK_SLUG"])
    slugs = partner_slugs()
    base = filtering.parse(request.args, framework, slugs)
    query = parse_compare(request.args, slugs)
    partners = partners_for(current_user)
    result = run_comparison(current_user, base, query, framework, g.lang) if query else None
    return render_template(
        "explore/compare.html",
        result=result,
        split=query,
        query=base.query(),
        filters=base,
        chips=filtering.chips(base),
        framework=framework,
        partners=partners,
        partner_names={p.slug: p.name(g.lang) for p in partners},
        events=events.events_for(current_user, base.partners),
    )
