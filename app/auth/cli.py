"""`flask user create|set-role|set-active|reset-password`: accounts from the command line.

The same service (and rules) as the administrator's pages at /<lang>/explore/admin/users.
"""

import click

from app.auth import service
from app.models.user import ROLES

user_cli = click.Group("user", help="Manage analysts' accounts.")

_role = click.option("--role", required=True, type=click.Choice(ROLES), help="The user's role.")
_partner = click.option(
    "--partner", "partner", default=None, help="Partner slug (partner analysts)."
)
_password = click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help=f"At least {service.MIN_PASSWORD_LENGTH} characters; asked for when left out.",
)

# A password typed here by an operator is someone else's choice: the user chooses their own
# at the next sign-in, unless this is the operator's own account.
_must_change = click.option(
    "--must-change/--no-must-change",
    default=True,
    show_default=True,
    help="Ask the user to choose a new password when they next sign in.",
)


# Where each field of an AccountError comes from on the command line.
_WHERE = {"email": "EMAIL", "role": "--role", "partner": "--partner", "password": "--password"}


def _run(action, *args):
    try:
        return action(*args)
    except service.AccountError as error:  # the same rules and sentences as the admin pages
        lines = [f"{_WHERE[e.field]}: {e}" if e.field in _WHERE else str(e) for e in error.all()]
        raise click.ClickException("\n".join(lines)) from error


@user_cli.command("create")
@click.argument("email")
@_role
@_partner
@_password
@_must_change
def create(email: str, role: str, partner: str | None, password: str, must_change: bool) -> None:
    """Create an account."""
    user = _run(
        lambda: service.create_user(email, password, role, partner, must_change=must_change)
    )
    click.echo(f"created {user.email} ({user.role}{', ' + partner if partner else ''})")
    _say_must_change(user)


@user_cli.command("set-role")
@click.argument("email")
@_role
@_partner
def set_role(email: str, role: str, partner: str | None) -> None:
    """Change an account's role (and partner); signs the user out everywhere."""
    user = _run(service.set_role, email, role, partner)
    click.echo(f"{user.email} is now {user.role}{', ' + partner if partner else ''}")


@user_cli.command("set-active")
@click.argument("email")
@click.argument("active", type=click.BOOL)
def set_active(email: str, active: bool) -> None:
    """Allow (true) or stop (false) an account signing in."""
    user = _run(service.set_active, email, active)
    click.echo(f"{user.email} is {'active' if user.active else 'inactive'}")


@user_cli.command("reset-password")
@click.argument("email")
@_password
@_must_change
def reset_password(email: str, password: str, must_change: bool) -> None:
    """Set a new password; signs the user out everywhere and clears a lock-out."""
    user = _run(lambda: service.reset_password(email, password, must_change=must_change))
    click.echo(f"password reset for {user.email}")
    _say_must_change(user)


def _say_must_change(user) -> None:
    if user.must_change_password:
        click.echo("they will be asked to choose a new password when they next sign in")
