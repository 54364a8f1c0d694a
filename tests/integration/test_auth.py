"""Signing in and out, lock-out, sessions that end, and the `flask user` commands."""

import pytest
from sqlalchemy import select

from app.auth import service
from app.extensions import db
from app.models import User
from tests.analysts import PASSWORD, sign_in
from tests.pages import check_page


@pytest.fixture
def client(web):
    return web


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_explorer_asks_you_to_sign_in_first(client, lang):
    response = client.get(f"/{lang}/explore/?told=cy")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{lang}/explore/login?next=/{lang}/explore/?told%3Dcy"


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_login_page(client, lang):
    page = check_page(client.get(f"/{lang}/explore/login"), lang)
    assert page.post_forms == [True]


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_signing_in_goes_to_the_explorer_or_back_where_you_were(client, analysts, lang):
    response = sign_in(client, "ANA@iwa.example ", lang=lang, next_="/en/explore/stories?told=cy")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/explore/stories?told=cy"
    assert client.get(f"/{lang}/explore/").status_code == 200


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_never_leaves_the_site(client, analysts, target):
    response = sign_in(client, "ana@iwa.example", next_=target)
    assert response.headers["Location"] == "/en/explore/"


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("ana@iwa.example", "wrong password"),
        ("nobody@example.org", PASSWORD),
        ("", ""),
        ("a" * 300, "x"),
    ],
)
def test_a_wrong_sign_in_says_so_without_saying_which_part(client, analysts, lang, email, password):
    response = sign_in(client, email, password, lang=lang)
    page = check_page(response, lang, status=400)
    assert page.title.startswith("Gwall: " if lang == "cy" else "Error: ")
    assert client.get(f"/{lang}/explore/").status_code == 302


def test_five_failures_lock_the_account_even_for_the_right_password(client, analysts):
    for _ in range(service.MAX_FAILED_LOGINS):
        assert sign_in(client, "ana@iwa.example", "wrong password").status_code == 400
    response = sign_in(client, "ana@iwa.example", PASSWORD)
    assert response.status_code == 400
    assert "15" in response.get_data(as_text=True)
    user = service.by_email("ana@iwa.example")
    service.reset_password(user.email, "a brand new password")
    assert sign_in(client, "ana@iwa.example", "a brand new password").status_code == 302


def test_failed_sign_ins_from_one_address_are_rate_limited(app, client, analysts):
    for i in range(10):
        assert sign_in(client, f"nobody{i}@example.org", "x").status_code == 400
    assert sign_in(client, "bryn@example.org", PASSWORD).status_code == 429


def test_signing_out_needs_a_post_with_a_token_and_ends_the_session(client, analysts):
    sign_in(client, "bryn@example.org")
    page = client.get("/cy/explore/").get_data(as_text=True)
    assert client.get("/cy/explore/logout").status_code == 405
    from tests.helpers import csrf_token

    response = client.post("/cy/explore/logout", data={"csrf_token": csrf_token(page)})
    assert response.headers["Location"] == "/cy/explore/login"
    check_page(client.get("/cy/explore/login"), "cy")
    assert client.get("/cy/explore/").status_code == 302


def test_a_password_reset_or_deactivation_ends_existing_sessions(client, analysts):
    sign_in(client, "bryn@example.org")
    assert client.get("/en/explore/").status_code == 200
    service.reset_password("bryn@example.org", "another good password")
    assert client.get("/en/explore/").status_code == 302
    sign_in(client, "bryn@example.org", "another good password")
    service.set_active("bryn@example.org", False)
    assert client.get("/en/explore/").status_code == 302
    assert sign_in(client, "bryn@example.org", "another good password").status_code == 400


def test_passwords_are_stored_as_scrypt_hashes(analysts):
    user = analysts["admin"]
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


def test_session_cookie_is_httponly_and_samesite(client, analysts):
    response = sign_in(client, "bryn@example.org")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cli_create_set_role_and_reset_password(app, analysts):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["user", "create", "Dai@Example.org", "--role", "partner_analyst", "--partner", "wcc"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.execute(select(User).where(User.email == "dai@example.org")).scalar_one()
    assert user.role == "partner_analyst" and user.partner.slug == "wcc"
    result = runner.invoke(
        args=["user", "set-role", "dai@example.org", "--role", "partnership_analyst"]
    )
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert user.role == "partnership_analyst" and user.partner_id is None
    result = runner.invoke(
        args=["user", "reset-password", "dai@example.org", "--password", "newer password here"]
    )
    assert result.exit_code == 0, result.output
    assert service.authenticate("dai@example.org", "newer password here").user is not None


@pytest.mark.parametrize(
    "args",
    [
        [
            "user",
            "create",
            "e@example.org",
            "--role",
            "partner_analyst",
            "--password",
            "long enough pw",
        ],
        [
            "user",
            "create",
            "e@example.org",
            "--role",
            "admin",
            "--partner",
            "iwa",
            "--password",
            "long enough pw",
        ],
        [
            "user",
            "create",
            "e@example.org",
            "--role",
            "partner_analyst",
            "--partner",
            "nope",
            "--password",
            "long enough pw",
        ],
        ["user", "create", "e@example.org", "--role", "admin", "--password", "short"],
        ["user", "create", "ana@iwa.example", "--role", "admin", "--password", "long enough pw"],
        ["user", "create", "not-an-email", "--role", "admin", "--password", "long enough pw"],
        ["user", "set-role", "nobody@example.org", "--role", "admin"],
        ["user", "create", "e@example.org", "--role", "superuser", "--password", "long enough pw"],
    ],
)
def test_cli_refuses_what_cannot_be_right(app, analysts, args):
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    assert db.session.execute(select(User).where(User.email == "e@example.org")).scalar() is None


def test_setup_with_demo_stories_prints_the_demo_accounts(app, analysts):
    result = app.test_cli_runner().invoke(args=["setup", "--demo-stories", "5"])
    assert result.exit_code == 0, result.output
    assert service.DEMO_PASSWORD in result.output and "iwa@demo.straeon.cymru" in result.output
    assert (
        service.authenticate("admin@demo.straeon.cymru", service.DEMO_PASSWORD).user.role == "admin"
    )


def test_setup_without_demo_data_makes_no_accounts(app, analysts):
    result = app.test_cli_runner().invoke(args=["setup"])
    assert service.DEMO_PASSWORD not in result.output
    assert service.by_email("admin@demo.straeon.cymru") is None
