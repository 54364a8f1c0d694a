"""Landing page, language chooser, health check and error pages."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from app.main import errors, routes  # noqa: E402, F401
