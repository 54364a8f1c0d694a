"""The landing page, the root language redirect, and the health check."""

from flask import jsonify, render_template
from sqlalchemy import text

from app.collect.service import list_partners
from app.extensions import db
from app.i18n import root_redirect
from app.main import bp


@bp.get("/")
def root():
    return root_redirect() or render_template("main/choose_language.html")


@bp.get("/<lang:lang>/")
def home():
    return render_template("main/home.html", partners=list_partners())


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy", never a 500 page
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
