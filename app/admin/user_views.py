"""Accounts: list, add, change role or partner, deactivate, reactivate, reset, unlock.

Thin views over app.auth.service, the same rules the `flask user` commands use. A new or
reset password is made here, shown once on the page that answers the POST (never in a
redirect, a flash message or a log) and stored only as a hash.
"""

from flask import (
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from app.admin import admin_only, bp, field_errors
from app.admin.forms import ConfirmForm, NewAccountForm, RoleForm
from app.admin.partners import partners_by_name
from app.auth import service
from app.auth.service import AccountError
from app.models import User
from app.models.user import ADMIN, PARTNER_ANALYST, PARTNERSHIP_ANALYST, ROLES

USERS = "/<lang:lang>/explore/admin/users"
USER = f"{USERS}/<int:user_id>"
ROLE_NAMES = {
    PARTNER_ANALYST: _l("Partner analyst"),
    PARTNERSHIP_ANALYST: _l("Partnership analyst"),
    ADMIN: _l("Administrator"),
}
ROLE_HINTS = {
    PARTNER_ANALYST: _l("Sees and works on one partner’s stories."),
    PARTNERSHIP_ANALYST: _l("Sees and compares every partner’s stories."),
    ADMIN: _l("Sees every partner’s stories, and manages accounts and partners."),
}


def _user_or_404(user_id: int) -> User:
    return service.user_by_id(user_id) or abort(404)


def _checked(form):
    """The form, once its CSRF token is right (CSRFProtect has already refused a bad one)."""
    if not form.validate():
        abort(400)
    return form


def _audit(action: str, user: User) -> None:
    current_app.logger.info("admin %s: %s account %s", current_user.id, action, user.id)


def _role_page(template: str, status: int = 200, **context):
    """A page with the role and partner fields (and the lists they choose from)."""
    return render_template(
        template,
        role_names=ROLE_NAMES,
        role_options=[(r, ROLE_NAMES[r], ROLE_HINTS[r]) for r in ROLES],
        partner_options=[(p.slug, p.name(g.lang)) for p in partners_by_name(g.lang)],
        errors=context.pop("errors", {}),
        **context,
    ), status


@bp.get("/<lang:lang>/explore/admin/")
@admin_only
def index():
    return redirect(url_for("admin.users"))


@bp.get(USERS)
@admin_only
def users():
    return render_template(
        "admin/users.html",
        users=service.all_users(),
        role_names=ROLE_NAMES,
        locked_until=service.locked_until,
    )


@bp.get(f"{USERS}/new")
@admin_only
def new_user():
    return _role_page("admin/new_user.html", form=NewAccountForm(formdata=None))


@bp.post(f"{USERS}/new")
@admin_only
def create_user():
    form = _checked(NewAccountForm())
    role = form.role.data or ""
    # The partner list is always on the page (no JavaScript needed), so it is read only
    # for a partner analyst; for the other roles it is left out, as the hint says.
    partner = (form.partner.data or None) if role == PARTNER_ANALYST else None
    password = service.generate_password()
    try:
        user = service.create_user(form.email.data or "", password, role, partner, must_change=True)
    except AccountError as error:
        return _role_page("admin/new_user.html", 400, form=form, errors=field_errors(error))
    _audit("created", user)
    return _password_page(user, password, created=True)


def _password_page(user: User, password: str, created: bool):
    response = make_response(
        render_template(
            "admin/password.html",
            user=user,
            password=password,
            created=created,
            role_names=ROLE_NAMES,
            signed_out=user.id == current_user.id,
        )
    )
    response.headers["Cache-Control"] = "no-store"  # the password must not stay in a cache
    return response


@bp.get(USER)
@admin_only
def user(user_id: int):
    found = _user_or_404(user_id)
    form = RoleForm(
        formdata=None, role=found.role, partner=found.partner.slug if found.partner else ""
    )
    return _user_page(found, form)


def _user_page(found: User, form: RoleForm, errors: dict | None = None):
    return _role_page(
        "admin/user.html",
        400 if errors else 200,
        user=found,
        form=form,
        errors=errors or {},
        locked_until=service.locked_until(found),
        last_admin=service.is_last_admin(found),
        confirm=ConfirmForm(formdata=None),
    )


@bp.get(f"{USER}/role")
@admin_only
def role_page(user_id: int):
    """After a refused change, the page's language link comes here: show the account."""
    return redirect(url_for("admin.user", user_id=_user_or_404(user_id).id))


@bp.post(f"{USER}/role")
@admin_only
def change_role(user_id: int):
    found = _user_or_404(user_id)
    form = _checked(RoleForm())
    role = form.role.data or ""
    partner = (form.partner.data or None) if role == PARTNER_ANALYST else None
    before = (found.role, found.partner_id)
    try:
        service.set_role(found.email, role, partner)
    except AccountError as error:
        return _user_page(found, form, field_errors(error))
    if (found.role, found.partner_id) == before:
        flash(_("Nothing was changed."))
        return redirect(url_for("admin.user", user_id=found.id))
    _audit(f"role {found.role}", found)
    if found.id == current_user.id:
        return _signed_out(_("Your role is changed. Sign in again to carry on."))
    flash(
        _(
            "The role is changed. %(email)s is signed out and sees the change at their next sign-in.",
            email=found.email,
        )
    )
    return redirect(url_for("admin.user", user_id=found.id))


def _signed_out(message: str):
    """After an administrator changes their own account: the old session has ended."""
    logout_user()
    flash(message)
    return redirect(url_for("auth.login"))


@bp.get(f"{USER}/deactivate")
@admin_only
def confirm_deactivate(user_id: int):
    found = _user_or_404(user_id)
    if not found.active:
        return redirect(url_for("admin.user", user_id=found.id))
    return _confirm("deactivate", found)


def _confirm(action: str, found: User, errors: dict | None = None):
    return render_template(
        "admin/confirm.html",
        action=action,
        user=found,
        form=ConfirmForm(formdata=None),
        errors=errors or {},
        last_admin=service.is_last_admin(found),
    ), (400 if errors else 200)


@bp.post(f"{USER}/deactivate")
@admin_only
def deactivate(user_id: int):
    found = _user_or_404(user_id)
    _checked(ConfirmForm())
    try:
        service.set_active(found.email, False)
    except AccountError as error:
        return _confirm("deactivate", found, field_errors(error))
    _audit("deactivated", found)
    if found.id == current_user.id:
        return _signed_out(_("Your account is deactivated and you are signed out."))
    flash(_("%(email)s is deactivated and signed out.", email=found.email))
    return redirect(url_for("admin.user", user_id=found.id))


@bp.post(f"{USER}/reactivate")
@admin_only
def reactivate(user_id: int):
    found = _user_or_404(user_id)
    _checked(ConfirmForm())
    service.set_active(found.email, True)
    _audit("reactivated", found)
    flash(_("%(email)s can sign in again.", email=found.email))
    return redirect(url_for("admin.user", user_id=found.id))


@bp.post(f"{USER}/unlock")
@admin_only
def unlock(user_id: int):
    found = _user_or_404(user_id)
    _checked(ConfirmForm())
    service.unlock(found.email)
    _audit("unlocked", found)
    flash(_("%(email)s can try to sign in again now.", email=found.email))
    return redirect(url_for("admin.user", user_id=found.id))


@bp.get(f"{USER}/reset-password")
@admin_only
def confirm_reset(user_id: int):
    return _confirm("reset", _user_or_404(user_id))


@bp.post(f"{USER}/reset-password")
@admin_only
def reset_password(user_id: int):
    found = _user_or_404(user_id)
    _checked(ConfirmForm())
    password = service.generate_password()
    service.reset_password(found.email, password, must_change=True)
    _audit("reset the password of", found)
    return _password_page(found, password, created=False)
