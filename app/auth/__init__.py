"""Analysts' accounts: sign in and out, roles, and the `flask user ...` commands."""

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user

from app.extensions import login_manager

bp = Blueprint("auth", __name__)

DEFAULT_LOGIN_RATE_LIMIT = "10 per 15 minutes"  # failed sign-ins per address, per app server
EXPLORER = "/<lang:lang>/explore/"
# What a user whose password someone else chose may still open (besides the sign-in page).
BEFORE_A_NEW_PASSWORD = {"auth.change_password", "auth.logout", "auth.login"}


@login_manager.unauthorized_handler
def _sign_in_first():
    # A relative `next`, so the view (filters and all) comes back after signing in.
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@bp.before_app_request
def _new_password_first():
    """Every explorer page (admin, exports and digests too) waits for the user's own password.

    One check for every blueprint under /<lang>/explore/, before its view and its
    login_required, so a page added later cannot forget it. A redirect, never the page, so
    an export URL gives no HTML with a 200 either.
    """
    rule = request.url_rule
    if rule is None or not rule.rule.startswith(EXPLORER):
        return None
    if request.endpoint in BEFORE_A_NEW_PASSWORD:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return None


from app.auth import routes  # noqa: E402, F401
