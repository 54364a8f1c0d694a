"""Fixtures for the explorer's curation, timeline and comparison tests."""

import pytest
from sqlalchemy import delete

from app.extensions import db
from app.models import StoryFlag, StoryNote, StoryTag, TimelineEvent
from tests.analysts import sign_in


def _clean() -> None:
    db.session.rollback()
    for model in (StoryFlag, StoryTag, StoryNote, TimelineEvent):
        db.session.execute(delete(model))
    db.session.commit()


@pytest.fixture(autouse=True)
def clean_curation(ctx):
    """No flags, tags, notes or events before or after a test (SQLite reuses story ids)."""
    _clean()
    yield
    _clean()


def as_role(client, analysts, role: str, lang: str = "en"):
    sign_in(client, analysts[role].email, lang=lang)
    return client
