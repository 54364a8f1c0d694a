"""Bench: a 10,000-story partner digest and a 100,000-story partnership digest on PostgreSQL.

    .venv/bin/python bench/digest.py [--url postgresql://postgres@127.0.0.1:5432/bench]

Uses its own database (default `bench`; create it with `createdb bench`), seeds 100,000 demo
stories over the last 12 months once, flags 40 of them, then times each digest in a fresh
process (SQL + HTML + WeasyPrint, cache bypassed) and reports wall time and peak RSS.
Budgets (DESIGN.md): partner digest of 10,000 stories < 5 s and < 400 MB; partnership
digest of 100,000 stories < 15 s.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STORIES = 100_000
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/bench"


def _app(url: str):
    from app import create_app
    from app.config import database_url

    return create_app({"SQLALCHEMY_DATABASE_URI": database_url(url)})


def prepare(url: str) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app.extensions import db
    from app.framework.service import latest
    from app.models import Story, StoryFlag
    from app.seed.defaults import load_defaults
    from app.seed.demo import seed_demo

    app = _app(url)
    with app.app_context():
        upgrade()
        load_defaults()
        have = db.session.execute(select(func.count(Story.id))).scalar_one()
        if have < STORIES:
            started = time.perf_counter()
            seed_demo(latest("live-learning"), STORIES - have, seed=7)
            print(f"seeded {STORIES - have} stories in {time.perf_counter() - started:.0f} s")
        if not db.session.execute(select(func.count(StoryFlag.id))).scalar_one():
            ids = db.session.execute(
                select(Story.id).where(Story.consent_quote.is_(True)).order_by(Story.id).limit(40)
            ).scalars()
            now = datetime.now(UTC)
            db.session.add_all(StoryFlag(story_id=i, scope="partner", flagged_at=now) for i in ids)
            db.session.commit()


def measure(url: str, partner: str | None) -> dict:
    from app.digest.data import collect, resolve_scope, system_user
    from app.digest.period import Period
    from app.digest.render import render_html, write_pdf
    from app.framework.service import latest

    app = _app(url)
    with app.app_context():
        framework = latest("live-learning")
        user = system_user()
        today = datetime.now(UTC).date()
        period = Period(today - timedelta(days=366), today)
        started = time.perf_counter()
        data = collect(user, resolve_scope(user, partner), period)
        sql = time.perf_counter() - started
        html = render_html(data, framework, "both", date.today())
        pdf = write_pdf(html)
        total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "scope": partner or "all",
        "stories": data.total,
        "sql_s": round(sql, 2),
        "total_s": round(total, 2),
        "peak_rss_mb": round(peak),
        "pdf_kb": len(pdf) // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        print(json.dumps(measure(args.url, args.measure or None)))
        return
    prepare(args.url)
    for partner in ("iwa", ""):
        for _ in range(2):
            out = subprocess.run(
                [sys.executable, __file__, "--url", args.url, "--measure", partner],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
