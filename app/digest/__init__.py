"""PDF digests: a printable, bilingual summary for a partner or the whole partnership."""

from flask import Blueprint

bp = Blueprint("digest", __name__)

from app.digest import routes  # noqa: E402, F401
