"""Shared fixtures: one app per session on SQLite (or DATABASE_URL), clean stories per test."""

import os
import tempfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete

from app import create_app
from app.config import database_url
from app.extensions import db
from app.framework.service import latest
from app.models import Answer, RollupAnswer, RollupDay, RollupMonth, Story
from app.seed.defaults import load_defaults
from tests.pages import check_page  # noqa: F401 - re-exported for tests

# Analysts (users of each role), a client that forgets `g` between requests, story builders.
pytest_plugins = ["tests.analysts"]


@pytest.fixture(scope="session")
def app():
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url(os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 't.sqlite'}")
        application = create_app(
            {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": url}
        )
        with application.app_context():
            if db.engine.dialect.name == "postgresql":
                db.session.execute(db.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
                db.session.commit()
            upgrade()
            load_defaults()
        yield application
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()
        for table in (RollupAnswer, RollupDay, RollupMonth, Answer, Story):
            db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def client(app, ctx):
    return app.test_client()


@pytest.fixture
def framework(ctx):
    return latest("live-learning")
