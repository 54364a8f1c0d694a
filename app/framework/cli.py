"""`flask framework publish FILE`: publish a framework file as a new version."""

import click
from flask.cli import AppGroup

from app.framework import DEFAULT_FRAMEWORK_FILE
from app.framework.loader import FrameworkError, load_file
from app.framework.service import publish

framework_cli = AppGroup("framework", help="Signification frameworks.")


@framework_cli.command("publish")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def publish_command(path: str | None) -> None:
    """Validate FILE (default: the Live Learning framework) and publish it if it changed."""
    try:
        framework = load_file(path or DEFAULT_FRAMEWORK_FILE)
    except FrameworkError as exc:
        raise click.ClickException(str(exc)) from None
    row, created = publish(framework)
    state = "published as" if created else "unchanged, still"
    click.echo(f"{framework.slug}: {state} version {row.version}")


@framework_cli.command("check")
@click.argument("path", type=click.Path(dir_okay=False))
def check_command(path: str) -> None:
    """Validate FILE without publishing it."""
    try:
        framework = load_file(path)
    except FrameworkError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{path}: valid, {len(framework.questions)} questions")
