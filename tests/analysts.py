"""Fixtures and builders for the explorer and sign-in tests: users of each role, stories."""

import uuid
from datetime import UTC, datetime

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from app.auth.service import create_user
from app.extensions import db, limiter
from app.models import Answer, Partner, Story, User
from tests.helpers import csrf_token

PASSWORD = "correct horse battery"
ROLES = ("partner_analyst", "partnership_analyst", "admin")


class FreshClient(FlaskClient):
    """A test client whose every request starts with an empty `g`, as in production.

    The `ctx` fixture keeps one app context open for the whole test, and Flask reuses it for
    each request, so without this the signed-in user and the page language (both cached in
    `g`) would leak from one request into the next.
    """

    def open(self, *args, **kwargs):
        for key in list(g.__dict__):
            delattr(g, key)
        return super().open(*args, **kwargs)


@pytest.fixture
def web(app, ctx):
    """A FreshClient; the explorer's test modules use it as their `client`."""
    return FreshClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def analysts(ctx):
    """One user per role; the partner analyst belongs to iwa."""
    limiter.reset()
    users = {
        "partner_analyst": create_user("ana@iwa.example", PASSWORD, "partner_analyst", "iwa"),
        "partnership_analyst": create_user("bryn@example.org", PASSWORD, "partnership_analyst"),
        "admin": create_user("cai@example.org", PASSWORD, "admin"),
    }
    yield users
    db.session.rollback()
    db.session.execute(delete(User))
    db.session.commit()


def sign_in(client, email: str, password: str = PASSWORD, lang: str = "en", next_: str = ""):
    page = client.get(f"/{lang}/explore/login").get_data(as_text=True)
    url = f"/{lang}/explore/login" + (f"?next={next_}" if next_ else "")
    return client.post(
        url, data={"email": email, "password": password, "csrf_token": csrf_token(page)}
    )


def make_story(
    partner: str,
    framework,
    *,
    focus: tuple[int, int, int] | None = (10_000, 0, 0),
    outcome: int | None = 5_000,
    is_proxy: bool = False,
    language: str = "en",
    text: str = "The bus was late again.",
    title: str = "Late bus",
    received_at: datetime | None = None,
    feeling: str | None = "positive",
    about: tuple[str, ...] = ("me",),
    na: tuple[str, ...] = (),
) -> Story:
    partner_id = db.session.execute(select(Partner.id).where(Partner.slug == partner)).scalar_one()
    story = Story(
        client_id=uuid.uuid4(),
        partner_id=partner_id,
        framework_id=framework.db_id,
        language=language,
        prompt_id="past_weeks",
        title=title,
        text=text,
        is_proxy=is_proxy,
        consent_quote=True,
        received_at=received_at or datetime(2026, 3, 4, 12, tzinfo=UTC),
        content_hash="0" * 64,
    )
    if focus:
        story.answers.append(
            Answer(question_id="focus", kind="triad", a=focus[0], b=focus[1], c=focus[2])
        )
    if outcome is not None:
        story.answers.append(Answer(question_id="outcome", kind="dyad", a=outcome))
    for qid in na:
        kind = "triad" if qid in ("focus", "shaped_by", "people_were") else "dyad"
        story.answers.append(Answer(question_id=qid, kind=kind, is_na=True))
    story.answers.append(
        Answer(question_id="support", kind="stone", item_id="neighbours", a=9_000, b=10_000)
    )
    if feeling:
        story.answers.append(Answer(question_id="feeling", kind="choice", option_id=feeling))
    for option in about:
        story.answers.append(
            Answer(question_id="about", kind="choice", item_id=option, option_id=option)
        )
    db.session.add(story)
    db.session.commit()
    return story
