"""Storing a validated story (app/collect/service.store) on SQLite and on PostgreSQL.

On PostgreSQL the story and its answers go in as one statement (the story's INSERT in a CTE,
the answers unnested from one array a column); elsewhere as an INSERT and an executemany.
Both must store exactly what was said, and all of it or nothing.
"""

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError

from app.collect.service import ANSWER_COLUMNS, store
from app.collect.submission import AnswerValue, Submission
from app.extensions import db
from app.models import Answer, Partner, Story

WELSH = "Ŵ ŷ â – “dyfynodau” 😀 👩🏽‍🌾 🏴󠁧󠁢󠁷󠁬󠁳󠁿"


def submission(framework, answers: list[AnswerValue], **extra) -> Submission:
    fields = {
        "client_id": uuid.uuid4(),
        "framework": framework,
        "language": "cy",
        "text": f"Stori {WELSH}",
        "title": "Teitl",
        "prompt_id": "past_weeks",
        "started_at": datetime(2026, 12, 1, 9, tzinfo=UTC),
        "completed_at": datetime(2026, 12, 1, 9, 12, tzinfo=UTC),
        "answers": answers,
    }
    return Submission(**{**fields, **extra})


def every_kind() -> list[AnswerValue]:
    return [
        AnswerValue("focus", "triad", a=5000, b=3000, c=2000),
        AnswerValue("shaped_by", "triad", is_na=True),
        AnswerValue("outcome", "dyad", a=0),
        AnswerValue("voices", "dyad", a=10000),
        AnswerValue("support", "stone", item_id="neighbours", a=9000, b=9500),
        AnswerValue("support", "stone", item_id="public_services", a=0, b=10000),
        AnswerValue("about", "choice", item_id="me", option_id="me"),
        AnswerValue("about", "choice", item_id="community", option_id="community"),
        AnswerValue("teller", "choice", option_id="own"),
        AnswerValue("note", "text", text=WELSH),
        AnswerValue("empty_note", "text", text=""),
    ]


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def partner() -> Partner:
    return db.session.execute(select(Partner).filter_by(slug="iwa")).scalar_one()


def counts() -> tuple[int, int]:
    return (
        db.session.execute(select(func.count(Story.id))).scalar(),
        db.session.execute(select(func.count(Answer.id))).scalar(),
    )


def test_every_kind_of_answer_is_stored_exactly(framework):
    said = submission(framework, every_kind())
    stored = store(said, partner())
    assert stored.created
    story = db.session.execute(select(Story).filter_by(client_id=said.client_id)).scalar_one()
    assert (story.text, story.title, story.language) == (said.text, "Teitl", "cy")
    assert story.partner.slug == "iwa" and story.framework_id == framework.db_id
    assert utc(story.received_at) == stored.received_at  # SQLite gives it back naive, in UTC
    got = sorted(tuple(getattr(a, c) for c in ANSWER_COLUMNS) for a in story.answers)
    want = sorted(tuple(getattr(a, c) for c in ANSWER_COLUMNS) for a in every_kind())
    assert got == want  # None stays None, "" stays "", the emoji and the flag survive


def test_a_story_with_no_answer_rows_is_stored(framework):
    said = submission(framework, [])
    assert store(said, partner()).created
    assert counts() == (1, 0)


def test_a_resend_is_told_apart_from_a_different_story(framework):
    said = submission(framework, every_kind())
    assert store(said, partner()).created
    again = store(submission(framework, every_kind(), client_id=said.client_id), partner())
    assert not again.created and again.client_id == said.client_id
    assert counts() == (1, len(every_kind()))


def test_an_answer_the_database_refuses_leaves_neither_story_nor_answers(framework):
    bad = every_kind() + [AnswerValue("people_were", "triad", a=5000, b=5000, c=1)]
    with pytest.raises(IntegrityError):
        store(submission(framework, bad), partner())
    assert counts() == (0, 0)
    # The session is usable afterwards: the next story lands.
    assert store(submission(framework, every_kind()), partner()).created
    assert counts() == (1, len(every_kind()))


def test_the_same_answer_twice_leaves_nothing(framework):
    twice = every_kind() + [AnswerValue("teller", "choice", option_id="proxy")]
    with pytest.raises(IntegrityError):
        store(submission(framework, twice), partner())
    assert counts() == (0, 0)


def test_an_overlong_id_is_refused_not_cut_short(framework):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite does not enforce VARCHAR lengths")
    long_item = "x" * 41  # answer.item_id is VARCHAR(40)
    answer = AnswerValue("about", "choice", item_id=long_item, option_id="me")
    with pytest.raises(DataError, match="too long"):
        store(submission(framework, [answer]), partner())
    db.session.rollback()
    assert counts() == (0, 0)
