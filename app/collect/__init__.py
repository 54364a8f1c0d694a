"""The story form: tell a story, signify it, store it."""

from flask import Blueprint

bp = Blueprint("collect", __name__)

from app.collect import routes  # noqa: E402, F401
