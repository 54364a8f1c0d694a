"""Digest test helpers: stories in March 2026, flags, PDF text and metadata."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import delete

from app.extensions import db
from app.models import StoryFlag, TimelineEvent
from tests.analysts import make_story

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def cache_dir(app, tmp_path):
    app.config["DIGEST_CACHE_DIR"] = str(tmp_path / "digests")
    yield tmp_path / "digests"
    app.config.pop("DIGEST_CACHE_DIR", None)


@pytest.fixture
def curation(ctx):
    """Removes flags and events after the test (before the stories go)."""
    yield
    db.session.rollback()
    db.session.execute(delete(StoryFlag))
    db.session.execute(delete(TimelineEvent))
    db.session.commit()


def flag(story) -> None:
    db.session.add(
        StoryFlag(story_id=story.id, scope="partner", flagged_at=datetime(2026, 4, 1, tzinfo=UTC))
    )
    db.session.commit()


def stories(framework, n: int, partner: str = "iwa", day: int = 4, **kwargs) -> list:
    """n stories in March 2026, spread over three corners of the focus triad."""
    corners = [(10_000, 0, 0), (0, 10_000, 0), (0, 0, 10_000)]
    out = []
    for i in range(n):
        out.append(
            make_story(
                partner,
                framework,
                focus=kwargs.pop("focus", None) or corners[i % 3],
                received_at=datetime(2026, 3, day, 12, i % 60, tzinfo=UTC),
                **kwargs,
            )
        )
    return out


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_lang(pdf: bytes) -> str:
    return str(PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/Lang"))


def pdf_title(pdf: bytes) -> str:
    return str(PdfReader(io.BytesIO(pdf)).metadata.title)
