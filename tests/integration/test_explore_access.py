"""The access matrix: every explorer URL x every role x own / other partner's stories.

A partner analyst (of iwa) must never see, count, chart, export or guess a wcc story: a wcc
story id is a 404, a wcc filter is a 404, and counts and exports hold only iwa's stories.
"""

import csv
import io
import json

import pytest

from tests.analysts import ROLES, make_story, sign_in


@pytest.fixture
def client(web):
    return web


OWN_TEXT = "Own partner story about the library."
OTHER_TEXT = "Other partner story about the harbour."

LIST_URLS = [
    "/{lang}/explore/",
    "/{lang}/explore/stories",
    "/{lang}/explore/export.csv",
    "/{lang}/explore/export.json",
]


@pytest.fixture
def two_stories(framework, analysts):
    own = make_story("iwa", framework, text=OWN_TEXT, title="Library")
    other = make_story("wcc", framework, text=OTHER_TEXT, title="Harbour")
    return {"own": own.id, "other": other.id}


def _visible(response) -> set[str]:
    body = response.get_data(as_text=True)
    return {name for name, text in (("own", "Library"), ("other", "Harbour")) if text in body}


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("role", ROLES)
def test_lists_charts_and_exports_hold_only_what_the_role_may_see(
    client, analysts, two_stories, role, url, lang
):
    sign_in(client, analysts[role].email)
    response = client.get(url.format(lang=lang))
    assert response.status_code == 200
    expected = {"own"} if role == "partner_analyst" else {"own", "other"}
    if url.endswith("/explore/"):
        body = response.get_data(as_text=True)
        count = "2 stori" if lang == "cy" else "2 stories"
        assert (count in body) == (role != "partner_analyst")
    else:
        assert _visible(response) == expected


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_a_story_page_is_404_outside_the_scope(client, analysts, two_stories, role, whose, lang):
    sign_in(client, analysts[role].email)
    response = client.get(f"/{lang}/explore/stories/{two_stories[whose]}")
    hidden = role == "partner_analyst" and whose == "other"
    assert response.status_code == (404 if hidden else 200)
    if hidden:
        assert OTHER_TEXT not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("role", ROLES)
def test_filtering_by_another_partner_is_404_for_a_partner_analyst(
    client, analysts, two_stories, role, url
):
    sign_in(client, analysts[role].email)
    response = client.get(url.format(lang="en") + "?partner=wcc")
    if role == "partner_analyst":
        assert response.status_code == 404
        assert OTHER_TEXT not in response.get_data(as_text=True)
    else:
        assert response.status_code == 200
        assert _visible(response) == {"other"} or url.endswith("/explore/")


@pytest.mark.parametrize("url", [*LIST_URLS, "/en/explore/stories/{id}"])
def test_signed_out_visitors_see_nothing(client, two_stories, url):
    response = client.get(url.format(lang="en", id=two_stories["other"]))
    assert response.status_code == 302 and "/explore/login" in response.headers["Location"]


def test_a_partner_analyst_own_filter_is_allowed(client, analysts, two_stories):
    sign_in(client, "ana@iwa.example")
    response = client.get("/en/explore/stories?partner=iwa")
    assert response.status_code == 200 and _visible(response) == {"own"}


def test_exports_for_a_partner_analyst_hold_one_partner(client, analysts, two_stories):
    sign_in(client, "ana@iwa.example")
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/en/explore/export.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    assert len(rows) == 2 and rows[1][2] == "Institute of Welsh Affairs"
    data = json.loads(client.get("/en/explore/export.json").get_data(as_text=True))
    assert [s["partner"] for s in data["stories"]] == ["iwa"]


def test_a_partner_filter_form_offers_only_the_own_partner(client, analysts, two_stories):
    sign_in(client, "ana@iwa.example")
    body = client.get("/en/explore/").get_data(as_text=True)
    assert 'name="partner"' not in body and "Wales Co-operative Centre" not in body
