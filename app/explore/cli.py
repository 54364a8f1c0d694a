"""`flask explore rollup`: roll up every complete month the explorer can read from a roll-up,
and give every story its story_chart row (PostgreSQL)."""

import time

import click

from app.explore import rollup, story_chart

explore_cli = click.Group("explore", help="Maintain the analysts' explorer.")


@explore_cli.command("rollup")
def rollup_command() -> None:
    """Roll up the complete months that are missing or changed (run after seeding or an import)."""
    start = time.perf_counter()
    built = rollup.build()
    seconds = time.perf_counter() - start
    click.echo(f"rollup: {len(built)} months built in {seconds:.1f} s")
    if story_chart.enabled():  # PostgreSQL's: see app/explore/story_chart.py
        start = time.perf_counter()
        written = story_chart.build_all()
        seconds = time.perf_counter() - start
        click.echo(f"story_chart: {written} stories written in {seconds:.1f} s")
    for table, n in rollup.rows().items():
        click.echo(f"  {table}: {n} rows")
