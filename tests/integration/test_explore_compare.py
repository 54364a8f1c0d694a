"""Comparing two groups: pages, groups, and the test on constructed data with known answers."""

from datetime import UTC, datetime

import pytest

from app.explore.compare import CompareQuery, compare
from app.explore.filters import NO_FILTERS
from app.explore.scope import OutOfScope
from tests.analysts import ROLES, make_story
from tests.explore_fixtures import as_role, clean_curation  # noqa: F401
from tests.pages import check_page

CORNERS = [(10_000, 0, 0), (0, 10_000, 0), (0, 0, 10_000), (3_400, 3_300, 3_300)]


@pytest.fixture
def client(web):
    return web


def _spread(framework, partner, n, **kwargs):
    for i in range(n):
        make_story(
            partner, framework, focus=CORNERS[i % 4], outcome=(i % 5) * 2_000 + 500, **kwargs
        )


def _verdicts(result):
    return {c.question["id"]: c.verdict.outcome for c in (*result.triads, *result.dyads)}


def test_identical_groups_are_noise(framework, analysts):
    _spread(framework, "iwa", 40)
    _spread(framework, "wcc", 40)
    q = CompareQuery("partner", first=("iwa",), second=("wcc",))
    result = compare(analysts["partnership_analyst"], NO_FILTERS, q, framework, "en")
    assert [g.total for g in result.groups] == [40, 40]
    assert _verdicts(result)["focus"] == "noise" and _verdicts(result)["outcome"] == "noise"
    focus = result.triads[0]
    assert focus.verdict.test.p_value == 1.0
    assert focus.charts[0].mean_shares == focus.charts[1].mean_shares


def test_clearly_different_groups_are_more_than_noise(framework, analysts):
    for _ in range(30):
        make_story("iwa", framework, focus=(10_000, 0, 0), outcome=0)
        make_story("iwa", framework, focus=(0, 0, 10_000), outcome=10_000, is_proxy=True)
    q = CompareQuery("teller")
    result = compare(analysts["partner_analyst"], NO_FILTERS, q, framework, "en")
    verdicts = _verdicts(result)
    assert verdicts["focus"] == "different" and verdicts["outcome"] == "different"
    assert verdicts["shaped_by"] == "empty"  # nobody answered it
    assert result.tests == 2 and result.threshold == pytest.approx(0.025)
    assert result.dyads[0].means == (0.0, 100.0)
    a, b = result.triads[0].charts
    assert a.mean == a.frame.point(1, 0, 0) and b.mean == b.frame.point(0, 0, 1)


def test_too_few_stories_say_so(framework, analysts):
    make_story("iwa", framework, focus=(10_000, 0, 0))
    make_story("iwa", framework, focus=(0, 10_000, 0), language="cy")
    result = compare(analysts["admin"], NO_FILTERS, CompareQuery("told"), framework, "en")
    assert _verdicts(result)["focus"] == "too_few"


def test_before_and_after_a_date(framework, analysts):
    make_story("iwa", framework, received_at=datetime(2026, 1, 5, tzinfo=UTC))
    make_story("iwa", framework, received_at=datetime(2026, 3, 1, 23, tzinfo=UTC))
    make_story("iwa", framework, received_at=datetime(2026, 3, 2, tzinfo=UTC))
    q = CompareQuery("date", at=datetime(2026, 3, 2).date())
    result = compare(analysts["partner_analyst"], NO_FILTERS, q, framework, "en")
    assert [g.total for g in result.groups] == [2, 1]
    later = NO_FILTERS.with_(date_from=datetime(2026, 4, 1).date())
    result = compare(analysts["partner_analyst"], later, q, framework, "en")
    assert [g.total for g in result.groups] == [0, 0]


def test_a_partner_analyst_cannot_compare_other_partners(framework, analysts):
    q = CompareQuery("partner", first=("iwa",), second=("wcc",))
    with pytest.raises(OutOfScope):
        compare(analysts["partner_analyst"], NO_FILTERS, q, framework, "en")


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    "query",
    ["", "by=teller", "by=told&told=cy", "by=date&at=2026-03-02", "by=partner&a=iwa&b=wcc&b=bitc"],
)
def test_compare_pages(client, analysts, framework, lang, query):
    _spread(framework, "iwa", 8)
    _spread(framework, "wcc", 8, is_proxy=True)
    as_role(client, analysts, "partnership_analyst", lang)
    response = client.get(f"/{lang}/explore/compare?{query}")
    check_page(response, lang)
    if query:
        assert 'class="verdict' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_compare_by_partner_is_404_for_another_partner(client, analysts, role):
    as_role(client, analysts, role)
    response = client.get("/en/explore/compare?by=partner&a=iwa&b=wcc")
    assert response.status_code == (404 if role == "partner_analyst" else 200)


@pytest.mark.parametrize(
    "query",
    ["by=colour", "by=date", "by=date&at=2026-13-01", "by=partner&a=iwa", "by=partner&a=x&b=y"],
)
def test_tampered_comparisons_are_400(client, analysts, query):
    as_role(client, analysts, "partnership_analyst")
    assert client.get(f"/en/explore/compare?{query}").status_code == 400
