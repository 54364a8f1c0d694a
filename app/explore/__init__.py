"""The analysts' explorer: patterns, the stories behind them, exports. Sign-in required."""

from flask import Blueprint

bp = Blueprint("explore", __name__)

from app.explore import (  # noqa: E402, F401
    compare_views,
    curation_views,
    links_views,
    routes,
    timeline_views,
)
