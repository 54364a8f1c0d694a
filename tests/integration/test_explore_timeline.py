"""Timeline events: the page, adding and deleting, scoping, and their marks on the weekly chart."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Partner, TimelineEvent
from tests.analysts import ROLES, make_story
from tests.explore_fixtures import as_role, clean_curation  # noqa: F401
from tests.helpers import csrf_token
from tests.pages import check_page


@pytest.fixture
def client(web):
    return web


def _event(day, title_en="", title_cy="", partner=None):
    partner_id = (
        db.session.execute(select(Partner.id).where(Partner.slug == partner)).scalar_one()
        if partner
        else None
    )
    event = TimelineEvent(
        partner_id=partner_id,
        happened_on=day,
        title_cy=title_cy,
        title_en=title_en,
        created_at=datetime.now(UTC),
    )
    db.session.add(event)
    db.session.commit()
    return event


@pytest.fixture
def events(ctx):
    return {
        "iwa": _event(date(2026, 3, 2), "IWA launch", partner="iwa"),
        "wcc": _event(date(2026, 3, 3), "WCC secret plan", partner="wcc"),
        "all": _event(date(2026, 3, 5), "", "Newid polisi"),
    }


def _add(client, lang, **data):
    page = client.get(f"/{lang}/explore/timeline").get_data(as_text=True)
    return client.post(f"/{lang}/explore/timeline", data={"csrf_token": csrf_token(page), **data})


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_the_timeline_page_lists_what_the_role_may_see(client, analysts, events, role, lang):
    as_role(client, analysts, role, lang)
    response = client.get(f"/{lang}/explore/timeline")
    check_page(response, lang)
    body = response.get_data(as_text=True)
    assert "IWA launch" in body and "Newid polisi" in body
    assert ("WCC secret plan" in body) == (role != "partner_analyst")


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_add_an_event_for_the_own_partner(client, analysts, lang):
    as_role(client, analysts, "partner_analyst", lang)
    response = _add(client, lang, day="2026-04-01", title_en="Bus <b>cuts</b>", partner="wcc")
    assert response.status_code == 302
    event = db.session.execute(select(TimelineEvent)).scalar_one()
    assert event.partner.slug == "iwa"  # a partner analyst's events are always their partner's
    assert event.title("cy") == "Bus <b>cuts</b>" and event.title_lang("cy") == "en"
    body = client.get(f"/{lang}/explore/timeline").get_data(as_text=True)
    assert "Bus &lt;b&gt;cuts&lt;/b&gt;" in body


def test_partnership_adds_partnership_wide_and_partner_events(client, analysts):
    as_role(client, analysts, "partnership_analyst")
    assert _add(client, "en", day="2026-04-01", title_cy="Cyllideb").status_code == 302
    assert _add(client, "en", day="2026-04-02", title_en="X", partner="wcc").status_code == 302
    rows = db.session.execute(select(TimelineEvent).order_by(TimelineEvent.id)).scalars().all()
    assert [r.partner_id is None for r in rows] == [True, False]


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": "", "title_en": "x"}, "day"),
        ({"day": "2026-02-30", "title_en": "x"}, "day"),
        ({"day": "1999-12-31", "title_en": "x"}, "day"),
        ({"day": "2026-04-01"}, "title_cy"),
        ({"day": "2026-04-01", "title_en": "e" * 121}, "title_en"),
        ({"day": "2026-04-01", "title_en": "x", "partner": "nope"}, "partner"),
    ],
)
def test_bad_events_show_errors_and_keep_the_input(client, analysts, data, field, lang):
    as_role(client, analysts, "partnership_analyst", lang)
    response = _add(client, lang, **data)
    check_page(response, lang, status=400)
    body = response.get_data(as_text=True)
    assert f'href="#{field}"' in body and f'id="{field}-error"' in body
    if data.get("title_en"):
        assert f'value="{data["title_en"]}"' in body
    assert not db.session.execute(select(func.count(TimelineEvent.id))).scalar_one()


def test_delete_only_what_the_role_manages(client, analysts, events):
    as_role(client, analysts, "partner_analyst")
    token = csrf_token(client.get("/en/explore/timeline").get_data(as_text=True))
    for key, status in (("wcc", 404), ("all", 404), ("iwa", 302)):
        response = client.post(
            f"/en/explore/timeline/{events[key].id}/delete", data={"csrf_token": token}
        )
        assert response.status_code == status, key
    assert (
        client.post(
            "/en/explore/timeline/99999999999/delete", data={"csrf_token": token}
        ).status_code
        == 404
    )
    left = set(db.session.execute(select(TimelineEvent.title_en)).scalars())
    assert left == {"WCC secret plan", ""}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_events_are_marked_on_the_weekly_chart(client, analysts, framework, events, lang):
    make_story("iwa", framework, received_at=datetime(2026, 2, 2, tzinfo=UTC))
    make_story("iwa", framework, received_at=datetime(2026, 3, 30, tzinfo=UTC))
    as_role(client, analysts, "partner_analyst", lang)
    response = client.get(f"/{lang}/explore/")
    check_page(response, lang)
    body = response.get_data(as_text=True)
    assert body.count('class="event-line"') == 2
    assert "IWA launch" in body and "Newid polisi" in body and "WCC secret plan" not in body
    assert "by=date&amp;at=2026-03-02" in body
