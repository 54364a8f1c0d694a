"""Sign in and sign out: thin views over app.auth.service."""

from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.admin import field_errors
from app.auth import DEFAULT_LOGIN_RATE_LIMIT, bp, service
from app.auth.forms import ChangePasswordForm, LoginForm
from app.extensions import limiter, login_manager


@login_manager.user_loader
def _load_user(user_id: str):
    return service.load_user(user_id)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never //evil.example or https://evil.example."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _login_limit() -> str:
    return current_app.config.get("LOGIN_RATE_LIMIT", DEFAULT_LOGIN_RATE_LIMIT)


def _failed(response) -> bool:
    return request.method == "POST" and response.status_code != 302


@bp.route("/<lang:lang>/explore/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")) or url_for("explore.index"))
    form = LoginForm()
    errors: dict[str, list[str]] = {}
    if form.validate_on_submit():
        result = service.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            login_user(result.user)
            return redirect(_safe_next(request.args.get("next")) or url_for("explore.index"))
        if result.locked:
            message = _("Too many attempts to sign in. Wait 15 minutes, then try again.")
        else:
            message = _("The email address or password is not right")
        errors["email"] = [message]
    elif request.method == "POST":
        errors = {name: list(field.errors) for name, field in form._fields.items() if field.errors}
    status = 400 if errors else 200
    return render_template("auth/login.html", form=form, errors=errors), status


@bp.post("/<lang:lang>/explore/logout")
def logout():
    logout_user()
    flash(_("You have signed out."))
    return redirect(url_for("auth.login"))


@bp.route("/<lang:lang>/explore/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """The user's own password. Every other session ends; this browser stays signed in."""
    form = ChangePasswordForm()
    errors: dict[str, list[str]] = {}
    if form.validate_on_submit():
        try:
            user = service.change_password(
                current_user._get_current_object(),  # the User, not the proxy
                form.current_password.data,
                form.new_password.data,
                form.new_password_again.data,
            )
        except service.AccountError as error:
            errors = field_errors(error)
        else:
            login_user(user)  # the session's id now holds the new token
            current_app.logger.info("account %s: changed own password", user.id)
            flash(_("Your password is changed. You are signed out everywhere else."), "explorer")
            return redirect(url_for("explore.index"))
    elif request.method == "POST":
        abort(400)  # CSRFProtect has refused a bad token already; nothing else can fail here
    response = make_response(
        render_template(
            "auth/password.html",
            form=form,
            errors=errors,
            min_length=service.MIN_PASSWORD_LENGTH,
        ),
        400 if errors else 200,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
