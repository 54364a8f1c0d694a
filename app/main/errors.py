"""Error pages in the page's language (or the browser's, when the URL has none)."""

from flask import render_template
from werkzeug.exceptions import HTTPException

from app.main import bp


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = error.code or 500
    template = "errors/404.html" if code == 404 else "errors/error.html"
    return render_template(template, code=code), code
