"""`flask digest`: write PDF digests from the command line or a monthly cron job.

    flask --app wsgi digest --partner iwa --from 2026-01-01 --to 2026-03-31 --lang both --out iwa.pdf
    flask --app wsgi digest --all --period last-month --out-dir /srv/digests

With --out-dir and --all, the partnership's digest and one per partner are written there.
"""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from app.digest import period as periods
from app.digest.data import system_user
from app.digest.messages import PERIOD_ERRORS
from app.digest.render import LANG_MODES, render_pdf
from app.digest.routes import cache
from app.digest.service import get_digest
from app.explore.scope import OutOfScope
from app.extensions import db
from app.framework import service as frameworks
from app.models import Partner


def _fail(code: str) -> None:
    with force_locale("en"):
        raise click.BadParameter(str(PERIOD_ERRORS[code]))


@click.command("digest")
@click.option("--partner", "partner", metavar="SLUG", help="One partner's digest.")
@click.option("--all", "everyone", is_flag=True, help="The whole partnership's digest.")
@click.option("--from", "start", metavar="YYYY-MM-DD")
@click.option("--to", "end", metavar="YYYY-MM-DD")
@click.option("--period", "named", type=click.Choice(periods.NAMED), help="Instead of dates.")
@click.option("--lang", "mode", type=click.Choice(LANG_MODES), default="both", show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def digest_command(partner, everyone, start, end, named, mode, out, out_dir) -> None:
    """Write a PDF digest (cached: asking again for unchanged data costs nothing)."""
    if bool(partner) == everyone:
        raise click.UsageError("give --partner SLUG or --all (one of them)")
    if bool(out) == bool(out_dir):
        raise click.UsageError("give --out FILE or --out-dir DIR (one of them)")
    today = datetime.now(UTC).date()
    try:
        if named:
            if start or end:
                raise click.UsageError("give --period or --from/--to, not both")
            chosen = periods.named(named, today)
        else:
            chosen = periods.checked(periods.parse_date(start), periods.parse_date(end), today)
    except periods.PeriodError as error:
        _fail(error.code)
    framework = frameworks.latest(current_app.config["FRAMEWORK_SLUG"])
    if framework is None:
        raise click.ClickException("publish a framework first: flask framework publish")
    slugs: list[str | None] = [partner] if partner else [None]
    if everyone and out_dir:
        slugs += list(db.session.execute(select(Partner.slug).order_by(Partner.slug)).scalars())
    user = system_user()
    for slug in slugs:
        try:
            digest = get_digest(user, slug, chosen, mode, framework, render_pdf, cache())
        except OutOfScope:
            raise click.BadParameter(f"no partner {slug!r}", param_hint="--partner") from None
        target = out if out else out_dir / digest.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(digest.pdf)
        state = "from the cache" if digest.cached else "rendered"
        click.echo(f"{target} ({len(digest.pdf) // 1024} KB, {state})")
