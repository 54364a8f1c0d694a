"""Error pages in the page's language (or the browser's, when the URL has none); JSON for the API."""

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from app.main import bp


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = error.code or 500
    if request.path.startswith("/api/"):
        # Flask-Limiter adds Retry-After to a 429 in its after_request hook.
        return jsonify(status="error", code=code, error=error.name), code
    template = "errors/404.html" if code == 404 else "errors/error.html"
    return render_template(template, code=code), code
