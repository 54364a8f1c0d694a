"""The administrator's account pages, who may use any admin page, and hostile input.

The partner pages are in test_admin_partners.py.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from app.auth import service
from app.extensions import db
from app.models import Partner, User
from tests.admin_fixtures import (  # noqa: F401 - partners_restored is autouse
    ADMIN,
    GENERATED,
    as_admin,
    other_client,
    partners_restored,
    post,
    token,
    users,
)
from tests.analysts import PASSWORD, make_story, sign_in
from tests.helpers import csrf_token
from tests.pages import check_page


@pytest.fixture
def client(web):
    return web


# --- every page renders, in both languages --------------------------------------------------


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/users",
        "/users/new",
        "/users/{ana}",
        "/users/{ana}/deactivate",
        "/users/{ana}/reset-password",
        "/users/{cai}",
        "/partners",
        "/partners/new",
        "/partners/iwa",
    ],
)
def test_every_admin_page_passes_the_page_checker(client, analysts, lang, path):
    as_admin(client, lang)
    ids = {"ana": analysts["partner_analyst"].id, "cai": analysts["admin"].id}
    response = client.get(ADMIN.format(lang=lang) + path.format(**ids))
    page = check_page(response, lang)
    assert all(page.post_forms)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_lists_show_what_an_administrator_needs(client, analysts, framework, lang):
    make_story("iwa", framework)
    make_story("iwa", framework)
    as_admin(client, lang)
    body = client.get(ADMIN.format(lang=lang) + "/users").get_data(as_text=True)
    for user in analysts.values():
        assert f"/explore/admin/users/{user.id}" in body
    assert ("Dadansoddwr partner" if lang == "cy" else "Partner analyst") in body
    assert ("Heb fewngofnodi eto" if lang == "cy" else "Not signed in yet") in body
    assert "3 cyfrif" in body if lang == "cy" else "3 accounts" in body
    body = client.get(ADMIN.format(lang=lang) + "/partners").get_data(as_text=True)
    assert "Sefydliad Materion Cymreig" in body and "Institute of Welsh Affairs" in body
    assert "<code>iwa</code>" in body and "10 partner" in body
    iwa_row = body[
        body.index("<code>iwa</code>") : body.index("</tr>", body.index("<code>iwa</code>"))
    ]
    assert re.findall(r'class="num"[^>]*>(\d+)</td>', iwa_row) == ["2", "1"]  # stories, analysts


@pytest.mark.parametrize("role", ["partner_analyst", "partnership_analyst", "admin"])
def test_only_administrators_see_the_admin_link(client, analysts, role):
    sign_in(client, analysts[role].email, lang="cy")
    body = client.get("/cy/explore/timeline").get_data(as_text=True)
    assert ('href="/cy/explore/admin/users"' in body) == (role == "admin")
    assert ("Gweinyddu" in body) == (role == "admin")


# --- adding an account ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    ("role", "partner", "expected_partner"),
    [
        ("partner_analyst", "wcc", "wcc"),
        ("partnership_analyst", "wcc", None),  # the list is on the page; left out for this role
        ("admin", "", None),
    ],
)
def test_adding_an_account_shows_a_strong_password_once(
    client, analysts, lang, role, partner, expected_partner
):
    as_admin(client, lang)
    response = post(
        client, "/users/new", lang, email=" Dai@Example.org ", role=role, partner=partner
    )
    check_page(response, lang)
    assert response.headers["Cache-Control"] == "no-store"
    password = GENERATED.search(response.get_data(as_text=True)).group(1)
    assert len(password) == 19 and len(password.replace("-", "")) == 16
    user = service.by_email("dai@example.org")
    assert user.role == role and user.active
    assert (user.partner.slug if user.partner else None) == expected_partner
    assert password not in user.password_hash and user.password_hash.startswith("scrypt:")
    # never shown again, and it works
    assert password not in client.get(ADMIN.format(lang=lang) + f"/users/{user.id}").get_data(
        as_text=True
    )
    assert service.authenticate("dai@example.org", password).user is not None


def test_generated_passwords_differ_and_avoid_look_alikes():
    seen = {service.generate_password() for _ in range(200)}
    assert len(seen) == 200
    assert not set("".join(seen)) & set("01ilo")
    assert all(len(p) >= service.MIN_PASSWORD_LENGTH for p in seen)


LONG = "x" * 250 + "@example.org"


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"email": "CAI@example.org ", "role": "admin"}, "email", "There is already an account"),
        ({"email": "", "role": "admin"}, "email", "Enter an email address"),
        ({"email": "not-an-email", "role": "admin"}, "email", "in the right format"),
        ({"email": "two words@example.org", "role": "admin"}, "email", "in the right format"),
        ({"email": "a@b", "role": "admin"}, "email", "in the right format"),
        ({"email": "nul\x00@example.org", "role": "admin"}, "email", "in the right format"),
        ({"email": LONG, "role": "admin"}, "email", "254 characters or fewer"),
        ({"email": "e@example.org", "role": "superuser"}, "role", "Choose a role from the list"),
        ({"email": "e@example.org"}, "role", "Choose a role from the list"),
        ({"email": "e@example.org", "role": "partner_analyst"}, "partner", "Choose the partner"),
        (
            {"email": "e@example.org", "role": "partner_analyst", "partner": "nope"},
            "partner",
            "Choose a partner from the list",
        ),
        (
            {"email": "e@example.org", "role": "partner_analyst", "partner": "iwa\x00"},
            "partner",
            "Choose a partner from the list",
        ),
        (
            {"email": "e@example.org", "role": "partner_analyst", "partner": "p" * 5000},
            "partner",
            "Choose a partner from the list",
        ),
    ],
)
def test_a_wrong_account_is_refused_with_a_message_by_its_field(
    client, analysts, lang, form, field, message
):
    as_admin(client, lang)
    before = users()
    response = post(client, "/users/new", lang, **form)
    page = check_page(response, lang, status=400)
    body = response.get_data(as_text=True)
    assert page.title.startswith("Gwall: " if lang == "cy" else "Error: ")
    assert f'href="#{field}"' in body and f'id="{field}-error"' in body
    if lang == "en":
        assert message in body
    assert users() == before
    chosen = form.get("role")
    if chosen in service.ROLES:
        assert f'value="{chosen}" checked' in body  # the input is kept


def test_every_problem_is_shown_at_once(client, analysts):
    as_admin(client)
    response = post(client, "/users/new", email="nope", role="", partner="iwa")
    body = response.get_data(as_text=True)
    start = body.index('class="error-summary"')
    summary = body[start : body.index("</ul>", start)]
    assert summary.index('href="#email"') < summary.index('href="#role"')
    assert response.status_code == 400 and 'value="nope"' in body


def test_script_like_input_is_shown_escaped_and_kept(client, analysts):
    as_admin(client)
    response = post(
        client, "/users/new", email='"><script>alert(1)</script>', role="admin", partner=""
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<script>alert(1)" not in body
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in body
    response = post(client, "/users/new", email="o'neill&sons@example.org", role="admin")
    assert response.status_code == 200
    listing = client.get("/en/explore/admin/users").get_data(as_text=True)
    assert "o&#39;neill&amp;sons@<wbr>example.<wbr>org" in listing


# --- changing an account --------------------------------------------------------------------


def test_a_new_role_ends_the_users_sessions_and_clears_the_partner(client, analysts):
    ana = analysts["partner_analyst"]
    theirs = other_client(client)
    sign_in(theirs, ana.email)
    assert theirs.get("/en/explore/").status_code == 200
    as_admin(client)
    response = post(client, f"/users/{ana.id}/role", role="partnership_analyst", partner="iwa")
    assert response.status_code == 302
    db.session.refresh(ana)
    assert (ana.role, ana.partner_id) == ("partnership_analyst", None)
    assert theirs.get("/en/explore/").status_code == 302  # signed out
    response = post(client, f"/users/{ana.id}/role", role="partner_analyst", partner="wcc")
    db.session.refresh(ana)
    assert ana.partner.slug == "wcc"
    # saving the same again changes nothing and says so
    response = post(client, f"/users/{ana.id}/role", role="partner_analyst", partner="wcc")
    assert "Nothing was changed" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"role": "root"}, "role"),
        ({"role": "partner_analyst", "partner": ""}, "partner"),
        ({"role": "partner_analyst", "partner": "no-such-partner"}, "partner"),
    ],
)
def test_a_wrong_role_change_is_refused_and_changes_nothing(client, analysts, lang, form, field):
    ana = analysts["partner_analyst"]
    as_admin(client, lang)
    response = post(client, f"/users/{ana.id}/role", lang, **form)
    page = check_page(response, lang, status=400)
    assert f'href="#{field}"' in response.get_data(as_text=True)
    db.session.refresh(ana)
    assert (ana.role, ana.partner.slug) == ("partner_analyst", "iwa")
    # the page's language link (to the same URL, by GET) shows the account again
    (switch,) = page.lang_links
    assert client.get(switch["href"]).headers["Location"].endswith(f"/explore/admin/users/{ana.id}")


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_deactivating_asks_first_then_signs_the_user_out(client, analysts, lang):
    bryn = analysts["partnership_analyst"]
    theirs = other_client(client)
    sign_in(theirs, bryn.email)
    as_admin(client, lang)
    page = client.get(ADMIN.format(lang=lang) + f"/users/{bryn.id}")
    assert f"/users/{bryn.id}/deactivate" in page.get_data(as_text=True)
    confirm = client.get(ADMIN.format(lang=lang) + f"/users/{bryn.id}/deactivate")
    check_page(confirm, lang)
    db.session.refresh(bryn)
    assert bryn.active  # asking is not doing
    response = post(client, f"/users/{bryn.id}/deactivate", lang)
    assert response.status_code == 302
    db.session.refresh(bryn)
    assert not bryn.active
    assert theirs.get("/en/explore/").status_code == 302
    assert sign_in(theirs, bryn.email).status_code == 400
    listing = client.get(ADMIN.format(lang=lang) + "/users").get_data(as_text=True)
    assert ("Wedi'i ddadactifadu" if lang == "cy" else "Deactivated") in listing.replace(
        "&#39;", "'"
    )
    assert post(client, f"/users/{bryn.id}/reactivate", lang).status_code == 302
    db.session.refresh(bryn)
    assert bryn.active and sign_in(theirs, bryn.email).status_code == 302


def test_resetting_a_password_shows_the_new_one_once_and_ends_sessions(client, analysts):
    bryn = analysts["partnership_analyst"]
    theirs = other_client(client)
    sign_in(theirs, bryn.email)
    as_admin(client)
    check_page(client.get(f"/en/explore/admin/users/{bryn.id}/reset-password"), "en")
    assert service.authenticate(bryn.email, PASSWORD).user is not None  # asking is not doing
    response = post(client, f"/users/{bryn.id}/reset-password")
    check_page(response, "en")
    assert response.headers["Cache-Control"] == "no-store"
    password = GENERATED.search(response.get_data(as_text=True)).group(1)
    assert theirs.get("/en/explore/").status_code == 302
    assert service.authenticate(bryn.email, PASSWORD).user is None
    assert service.authenticate(bryn.email, password).user is not None


def test_a_locked_out_account_shows_it_and_can_be_unlocked(client, analysts):
    bryn = analysts["partnership_analyst"]
    for _ in range(service.MAX_FAILED_LOGINS):
        service.authenticate(bryn.email, "wrong password")
    as_admin(client, "cy")
    listing = client.get("/cy/explore/admin/users").get_data(as_text=True)
    assert "Wedi'i gloi allan tan" in listing.replace("&#39;", "'")
    page = client.get(f"/cy/explore/admin/users/{bryn.id}").get_data(as_text=True)
    assert f"/users/{bryn.id}/unlock" in page
    assert post(client, f"/users/{bryn.id}/unlock", "cy").status_code == 302
    assert service.authenticate(bryn.email, PASSWORD).user is not None
    assert "gloi allan" not in client.get("/cy/explore/admin/users").get_data(as_text=True)


# --- there is always an active administrator ------------------------------------------------


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_last_administrator_cannot_demote_or_deactivate_themself(client, analysts, lang):
    cai = analysts["admin"]
    as_admin(client, lang)
    page = client.get(ADMIN.format(lang=lang) + f"/users/{cai.id}").get_data(as_text=True)
    assert f"/users/{cai.id}/deactivate" not in page and f"/users/{cai.id}/role" not in page
    response = post(client, f"/users/{cai.id}/role", lang, role="partnership_analyst")
    check_page(response, lang, status=400)
    assert 'href="#role"' in response.get_data(as_text=True)
    response = post(client, f"/users/{cai.id}/deactivate", lang)
    check_page(response, lang, status=400)
    if lang == "en":
        assert "at least one active administrator" in response.get_data(as_text=True)
    db.session.refresh(cai)
    assert cai.role == "admin" and cai.active
    assert client.get(ADMIN.format(lang=lang) + "/users").status_code == 200  # still signed in


def test_with_a_second_administrator_one_may_step_down_and_is_signed_out(client, analysts):
    service.create_user("dee@example.org", PASSWORD, "admin")
    cai = analysts["admin"]
    as_admin(client)
    response = post(client, f"/users/{cai.id}/role", role="partnership_analyst")
    assert response.status_code == 302 and response.headers["Location"] == "/en/explore/login"
    db.session.refresh(cai)
    assert cai.role == "partnership_analyst"
    assert client.get("/en/explore/admin/users").status_code == 302  # signed out
    sign_in(client, cai.email)
    assert client.get("/en/explore/admin/users").status_code == 404  # no longer an admin
    # and now dee is the last one: the same rule protects her, from the CLI too
    result = client.application.test_cli_runner().invoke(
        args=["user", "set-active", "dee@example.org", "false"]
    )
    assert result.exit_code != 0 and "at least one active administrator" in result.output
    assert service.by_email("dee@example.org").active


def test_an_administrator_resetting_or_deactivating_themself_is_signed_out(client, analysts):
    service.create_user("dee@example.org", PASSWORD, "admin")
    cai = analysts["admin"]
    as_admin(client, "cy")
    response = post(client, f"/users/{cai.id}/reset-password", "cy")
    body = response.get_data(as_text=True)
    assert "felly rydych chi wedi'ch allgofnodi nawr" in body.replace("&#39;", "'")
    password = GENERATED.search(body).group(1)
    assert client.get("/cy/explore/admin/users").status_code == 302
    assert sign_in(client, cai.email, password, lang="cy").status_code == 302
    # a password made by an administrator, even their own, is changed first
    assert client.get("/cy/explore/admin/users").headers["Location"] == (
        "/cy/explore/account/password"
    )
    page = client.get("/cy/explore/account/password").get_data(as_text=True)
    fields = {"current_password": password, "new_password": PASSWORD + "!"}
    fields["new_password_again"] = fields["new_password"]
    response = client.post(
        "/cy/explore/account/password", data={"csrf_token": csrf_token(page), **fields}
    )
    assert response.headers["Location"] == "/cy/explore/"
    response = post(client, f"/users/{cai.id}/deactivate", "cy")
    assert response.headers["Location"] == "/cy/explore/login"
    assert "wedi'i ddadactifadu" in client.get("/cy/explore/login").get_data(as_text=True).replace(
        "&#39;", "'"
    )
    db.session.refresh(cai)
    assert not cai.active


def test_an_inactive_administrator_does_not_count(analysts):
    service.create_user("dee@example.org", PASSWORD, "admin")
    service.set_active("dee@example.org", False)
    with pytest.raises(service.AccountError) as refused:
        service.set_role("cai@example.org", "partnership_analyst")
    assert refused.value.field == "role" and refused.value.message == service.LAST_ADMIN
    assert service.is_last_admin(analysts["admin"])


# --- the service shared with the command line -----------------------------------------------


def test_the_cli_prints_the_same_rules_naming_its_option(app, analysts):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["user", "create", "x@example.org", "--role", "partner_analyst", "--password", "s"]
    )
    assert result.exit_code != 0
    assert "--partner: Choose the partner this analyst works for" in result.output
    assert "--password: Enter a password of at least 12 characters" in result.output
    result = runner.invoke(
        args=["user", "create", "bad", "--role", "admin", "--password", "long enough pw"]
    )
    assert "EMAIL: Enter an email address in the right format" in result.output
    assert service.by_email("x@example.org") is None


# --- who may do any of this -----------------------------------------------------------------

POSTS = [
    ("/users/new", {"email": "evil@example.org", "role": "admin"}),
    ("/users/{cai}/role", {"role": "partner_analyst", "partner": "iwa"}),
    ("/users/{cai}/deactivate", {}),
    ("/users/{cai}/reactivate", {}),
    ("/users/{cai}/reset-password", {}),
    ("/users/{cai}/unlock", {}),
    ("/partners/new", {"slug": "evil", "name_cy": "E", "name_en": "E", "sector": "care"}),
    ("/partners/iwa", {"name_cy": "E", "name_en": "E", "sector": "care", "active": "no"}),
]


def _state():
    rows = db.session.execute(
        select(User.email, User.role, User.active, User.password_hash, User.session_token)
    ).all()
    parts = db.session.execute(
        select(Partner.slug, Partner.name_en, Partner.active, Partner.sector)
    ).all()
    return sorted(rows), sorted(parts)


@pytest.mark.parametrize(("path", "data"), POSTS)
@pytest.mark.parametrize("role", ["partner_analyst", "partnership_analyst"])
def test_analysts_posting_to_admin_urls_get_404_and_change_nothing(
    client, analysts, role, path, data
):
    sign_in(client, analysts[role].email)
    before = _state()
    response = post(client, path.format(cai=analysts["admin"].id), **data)
    assert response.status_code == 404
    db.session.expire_all()
    assert _state() == before


@pytest.mark.parametrize(("path", "data"), POSTS)
def test_admin_posts_without_a_valid_csrf_token_are_refused(client, analysts, path, data):
    as_admin(client)
    before = _state()
    url = ADMIN.format(lang="en") + path.format(cai=analysts["admin"].id)
    assert client.post(url, data=data).status_code == 400
    assert client.post(url, data={**data, "csrf_token": "forged"}).status_code == 400
    db.session.expire_all()
    assert _state() == before


@pytest.mark.parametrize(
    "path",
    [
        "/users/0",
        "/users/99999999999",
        "/users/123456/deactivate",
        "/partners/nobody",
        "/partners/%00",
        "/partners/" + "p" * 300,
    ],
)
def test_unknown_ids_and_slugs_are_404(client, analysts, path):
    as_admin(client)
    assert client.get("/en/explore/admin" + path).status_code == 404


@settings(
    max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    email=st.text(max_size=300),
    role=st.sampled_from(["admin", "partner_analyst", "partnership_analyst", "", "x"]),
    partner=st.text(max_size=50),
    name=st.text(max_size=250),
)
def test_generated_input_never_breaks_a_page(client, analysts, email, role, partner, name):
    client = as_admin(other_client(client))
    response = post(client, "/users/new", email=email, role=role, partner=partner)
    assert response.status_code in (200, 400)
    response = post(client, "/partners/new", slug=name[:50], name_cy=name, name_en=name, sector="x")
    assert response.status_code == 400
    db.session.execute(delete(User).where(User.email.not_in([u.email for u in analysts.values()])))
    db.session.commit()
