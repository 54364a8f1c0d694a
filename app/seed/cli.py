"""CLI: `flask partners load`, `flask seed-demo --stories N`, `flask setup` (what `make run` uses)."""

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from app.explore import rollup, story_chart
from app.extensions import db
from app.framework.service import latest
from app.models import Story
from app.seed.defaults import load_defaults
from app.seed.demo import seed_demo
from app.seed.partners import load_partners


def register(app: Flask) -> None:
    @app.cli.command("load-partners")
    def load_partners_command() -> None:
        """Create or refresh the ten partners."""
        created, updated = load_partners()
        click.echo(f"partners: {created} created, {updated} updated")

    @app.cli.command("seed-demo")
    @click.option("--stories", "count", default=300, show_default=True, type=click.IntRange(0))
    @click.option(
        "--seed", default=2026, show_default=True, help="Random seed, for repeatable data."
    )
    def seed_demo_command(count: int, seed: int) -> None:
        """Write N synthetic demo stories across the partners over the last 12 months."""
        framework = latest(current_app.config["FRAMEWORK_SLUG"])
        if framework is None:
            raise click.ClickException("publish a framework first: flask framework publish")
        seed_demo(framework, count, seed=seed)
        click.echo(f"demo: {count} stories written")
        # Demo stories land in past months: roll those up again (see app/explore/rollup.py).
        click.echo(f"rollup: {len(rollup.build())} months built")
        if story_chart.enabled():
            click.echo(f"story_chart: {story_chart.build_all()} stories written")

    @app.cli.command("setup")
    @click.option(
        "--demo-stories",
        default=0,
        type=click.IntRange(0),
        help="Seed this many demo stories, only if there are no stories yet.",
    )
    def setup_command(demo_stories: int) -> None:
        """Publish the default framework and load the partners (idempotent)."""
        done = load_defaults()
        new = " (new)" if done.framework_created else ""
        click.echo(f"framework {done.framework.slug}: version {done.framework.version}{new}")
        click.echo(f"partners: {done.partners_created} created, {done.partners_updated} updated")
        stories = db.session.execute(select(func.count(Story.id))).scalar()
        if demo_stories and not stories:
            framework = latest(current_app.config["FRAMEWORK_SLUG"])
            seed_demo(framework, demo_stories)
            click.echo(f"demo: {demo_stories} stories written")
        else:
            click.echo(f"stories: {stories} already stored")
        if demo_stories:
            _print_demo_users()


def _print_demo_users() -> None:
    from app.auth.service import DEMO_PASSWORD, create_demo_users

    click.echo(f"demo analysts (password: {DEMO_PASSWORD}):")
    for email, role, partner in create_demo_users():
        click.echo(f"  {email}  {role}{f' ({partner})' if partner else ''}")
