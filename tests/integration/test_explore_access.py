"""The access matrix: every explorer URL x every role x own / other partner's stories.

A partner analyst (of iwa) must never see, count, chart, export or guess a wcc story: a wcc
story id is a 404, a wcc filter is a 404, and counts and exports hold only iwa's stories.
"""

import csv
import io
import json

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Partner, User
from tests.analysts import ROLES, make_story, sign_in
from tests.helpers import csrf_token


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


# The administrator's pages: every URL x every role. Administrators only; analysts get a 404
# (never a 403), signed-out visitors are sent to sign in.
ADMIN_GETS = [
    "/{lang}/explore/admin/",
    "/{lang}/explore/admin/users",
    "/{lang}/explore/admin/users/new",
    "/{lang}/explore/admin/users/{id}",
    "/{lang}/explore/admin/users/{id}/deactivate",
    "/{lang}/explore/admin/users/{id}/reset-password",
    "/{lang}/explore/admin/users/{id}/role",
    "/{lang}/explore/admin/partners",
    "/{lang}/explore/admin/partners/new",
    "/{lang}/explore/admin/partners/iwa",
]
# Pages that only send an administrator on to another one.
ADMIN_REDIRECTS = {
    "/{lang}/explore/admin/": "/{lang}/explore/admin/users",
    "/{lang}/explore/admin/users/{id}/role": "/{lang}/explore/admin/users/{id}",
}
# Empty forms where a full one would add or change something: refused (400), nothing written.
ADMIN_POSTS = [
    "/{lang}/explore/admin/users/new",
    "/{lang}/explore/admin/users/{id}/role",
    "/{lang}/explore/admin/users/{id}/deactivate",
    "/{lang}/explore/admin/users/{id}/reactivate",
    "/{lang}/explore/admin/users/{id}/reset-password",
    "/{lang}/explore/admin/users/{id}/unlock",
    "/{lang}/explore/admin/partners/new",
    "/{lang}/explore/admin/partners/iwa",
]


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("url", ADMIN_GETS)
@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_are_for_administrators_only(client, analysts, role, url, lang):
    sign_in(client, analysts[role].email, lang=lang)
    response = client.get(url.format(lang=lang, id=analysts["partner_analyst"].id))
    if role != "admin":
        assert response.status_code == 404
        assert "admin@" not in response.get_data(as_text=True)
    elif url in ADMIN_REDIRECTS:
        assert response.status_code == 302
        target = ADMIN_REDIRECTS[url].format(lang=lang, id=analysts["partner_analyst"].id)
        assert response.headers["Location"] == target
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("url", ADMIN_POSTS)
@pytest.mark.parametrize("role", ROLES)
def test_admin_actions_are_for_administrators_only(client, analysts, role, url):

    sign_in(client, analysts[role].email)
    token = csrf_token(client.get("/en/explore/timeline").get_data(as_text=True))
    target = analysts["partner_analyst"]
    before = (target.role, target.active, target.password_hash, target.session_token)
    names = db.session.execute(select(Partner.name_en).order_by(Partner.id)).all()
    response = client.post(url.format(lang="en", id=target.id), data={"csrf_token": token})
    if role != "admin":
        assert response.status_code == 404
        db.session.expire_all()
        target = db.session.get(User, target.id)
        assert (target.role, target.active, target.password_hash, target.session_token) == before
    else:
        assert response.status_code in (200, 302, 400)
    assert db.session.execute(select(Partner.name_en).order_by(Partner.id)).all() == names


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", sorted(set(ADMIN_GETS + ADMIN_POSTS)))
def test_signed_out_visitors_are_sent_to_sign_in_from_admin_pages(client, analysts, url, method):
    token = csrf_token(client.get("/en/explore/login").get_data(as_text=True))
    path = url.format(lang="en", id=analysts["admin"].id)
    response = getattr(client, method)(
        path, data={"csrf_token": token} if method == "post" else None
    )
    if url in (ADMIN_GETS if method == "get" else ADMIN_POSTS):
        assert response.status_code == 302 and "/explore/login" in response.headers["Location"]
    else:  # a page that only answers the other method
        assert response.status_code == 405


# Every signed-in role has its own account page; nobody reaches another's.
@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_change_their_own_password(client, analysts, role, lang):
    sign_in(client, analysts[role].email, lang=lang)
    response = client.get(f"/{lang}/explore/account/password")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert analysts[role].email in body
    assert not any(u.email in body for r, u in analysts.items() if r != role)


@pytest.mark.parametrize("method", ["get", "post"])
def test_signed_out_visitors_are_sent_to_sign_in_from_the_account_page(client, method):
    token = csrf_token(client.get("/en/explore/login").get_data(as_text=True))
    response = getattr(client, method)(
        "/en/explore/account/password", data={"csrf_token": token} if method == "post" else None
    )
    assert response.status_code == 302 and "/explore/login" in response.headers["Location"]
