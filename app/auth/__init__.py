"""Analysts' accounts: sign in and out, roles, and the `flask user ...` commands."""

from flask import Blueprint, redirect, request, url_for

from app.extensions import login_manager

bp = Blueprint("auth", __name__)

DEFAULT_LOGIN_RATE_LIMIT = "10 per 15 minutes"  # failed sign-ins per address, per app server


@login_manager.unauthorized_handler
def _sign_in_first():
    # A relative `next`, so the view (filters and all) comes back after signing in.
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


from app.auth import routes  # noqa: E402, F401
