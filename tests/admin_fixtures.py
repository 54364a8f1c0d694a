"""Helpers and fixtures for the administrator's pages' tests (accounts and partners)."""

import re

import pytest
from sqlalchemy import delete, func, select

from app.collect.service import forget_receivers
from app.extensions import db
from app.models import Partner, User
from tests.analysts import FreshClient, sign_in
from tests.helpers import csrf_token

ADMIN = "/{lang}/explore/admin"
GENERATED = re.compile(r'<code translate="no" class="password">([a-z0-9-]+)</code>')


@pytest.fixture(autouse=True)
def partners_restored(ctx):
    """Partners as they were after each test: names, sectors and active back, new ones gone."""
    before = {
        p.id: (p.name_cy, p.name_en, p.sector, p.active)
        for p in db.session.execute(select(Partner)).scalars()
    }
    yield
    db.session.rollback()
    for partner in db.session.execute(select(Partner)).scalars().all():
        if partner.id in before:
            partner.name_cy, partner.name_en, partner.sector, partner.active = before[partner.id]
        else:
            db.session.execute(delete(User).where(User.partner_id == partner.id))
            db.session.delete(partner)
    db.session.commit()
    forget_receivers()


def as_admin(client, lang="en"):
    assert sign_in(client, "cai@example.org", lang=lang).status_code == 302
    return client


def token(client) -> str:
    """A CSRF token from a page every signed-in role may open."""
    return csrf_token(client.get("/en/explore/timeline").get_data(as_text=True))


def post(client, path: str, lang: str = "en", **data):
    return client.post(ADMIN.format(lang=lang) + path, data={"csrf_token": token(client), **data})


def users() -> int:
    return db.session.execute(select(func.count(User.id))).scalar_one()


def partners() -> int:
    return db.session.execute(select(func.count(Partner.id))).scalar_one()


def other_client(client) -> FreshClient:
    return FreshClient(client.application, client.application.response_class, use_cookies=True)
