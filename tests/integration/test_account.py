"""An analyst changes their own password at /<lang>/explore/account/password; a password that
someone else chose (an administrator's, the command line's) must be changed before anything else.
"""

import re

import pytest
from flask import url_for
from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.auth import EXPLORER, service
from app.extensions import db
from app.models import User
from tests.admin_fixtures import GENERATED, as_admin, other_client, post
from tests.analysts import PASSWORD, ROLES, sign_in
from tests.helpers import csrf_token
from tests.pages import check_page

URL = "/{lang}/explore/account/password"
NEW = "a fresh passphrase of mine"


@pytest.fixture
def client(web):
    return web


def change(client, current=PASSWORD, new=NEW, again=None, lang="en", **extra):
    """GET the page (for its token), then POST the three fields (`again` defaults to `new`)."""
    page = client.get(URL.format(lang=lang)).get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page),
        "current_password": current,
        "new_password": new,
        "new_password_again": new if again is None else again,
        **extra,
    }
    return client.post(URL.format(lang=lang), data=data)


def state(user: User) -> tuple:
    """What a refused change must leave as it was, read afresh from the database."""
    db.session.expire_all()
    row = db.session.get(User, user.id)
    return row.password_hash, row.session_token, row.must_change_password


def errors_on(response) -> dict[str, str]:
    """{field id: message} from the field errors, and the summary's links must match them."""
    body = response.get_data(as_text=True)
    fields = dict(
        re.findall(
            r'<p class="error-message" id="(\w+)-error"><span class="visually-hidden">[^<]*</span>'
            r"\s*([^<]+)</p>",
            body,
        )
    )
    summary = re.findall(r'<li><a href="#(\w+)">', body)
    assert summary == list(fields), (summary, fields)
    return {k: v.strip().replace("&#39;", "'") for k, v in fields.items()}


def force(user: User) -> None:
    user.must_change_password = True
    db.session.commit()


# The page


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_the_page_and_a_link_to_it(client, analysts, role, lang):
    sign_in(client, analysts[role].email, lang=lang)
    response = client.get(URL.format(lang=lang))
    page = check_page(response, lang)
    assert page.post_forms == [True, True]  # this form, and sign out
    body = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    for field, autocomplete in (
        ("current_password", "current-password"),
        ("new_password", "new-password"),
        ("new_password_again", "new-password"),
    ):
        assert f'<label class="question-label" for="{field}">' in body
        tag = re.search(rf'<input [^>]*id="{field}"[^>]*>', body).group(0)
        assert 'type="password"' in tag and f'autocomplete="{autocomplete}"' in tag
        assert 'value=""' in tag
    assert 'aria-describedby="new_password-hint"' in body
    assert "Your password was set by someone else" not in body  # only when it was
    assert "Back to the explorer" in body or lang == "cy"
    # the link beside "Sign out", on this page and on every other explorer page
    link = f'<a class="account-link" href="/{lang}/explore/account/password" aria-current="page">'
    assert link in body
    other = client.get(f"/{lang}/explore/timeline").get_data(as_text=True)
    assert f'<a class="account-link" href="/{lang}/explore/account/password">' in other


@pytest.mark.parametrize("method", ["get", "post"])
def test_signed_out_visitors_are_sent_to_sign_in(client, analysts, method):
    token = csrf_token(client.get("/en/explore/login").get_data(as_text=True))
    response = getattr(client, method)(
        "/en/explore/account/password",
        data={"csrf_token": token, "current_password": PASSWORD, "new_password": NEW}
        if method == "post"
        else None,
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/explore/login?next=/en/explore/account/password"


# Changing it


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_changes_their_password_and_stays_signed_in(client, analysts, role, lang):
    user = analysts[role]
    sign_in(client, user.email, lang=lang)
    token_before = user.session_token
    response = change(client, lang=lang)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{lang}/explore/"
    page = client.get(f"/{lang}/explore/")
    check_page(page, lang)
    confirmation = {
        "cy": "Mae eich cyfrinair wedi newid. Rydych chi wedi'ch allgofnodi ym mhob man arall.",
        "en": "Your password is changed. You are signed out everywhere else.",
    }[lang]
    assert confirmation in page.get_data(as_text=True).replace("&#39;", "'")
    password_hash, session_token, must_change = state(user)
    assert password_hash.startswith("scrypt:") and NEW not in password_hash
    assert check_password_hash(password_hash, NEW)
    assert session_token != token_before and not must_change
    assert service.authenticate(user.email, PASSWORD).user is None
    assert service.authenticate(user.email, NEW).user is not None


def test_other_sessions_end_and_this_one_stays(client, analysts):
    bryn = analysts["partnership_analyst"]
    phone = other_client(client)
    sign_in(client, bryn.email)
    sign_in(phone, bryn.email)
    assert phone.get("/en/explore/stories").status_code == 200
    assert change(client).status_code == 302
    response = phone.get("/en/explore/stories")
    assert response.status_code == 302 and "/explore/login" in response.headers["Location"]
    assert client.get("/en/explore/stories").status_code == 200
    # the old session's cookie cannot change the password back either
    page = phone.get("/en/explore/login").get_data(as_text=True)
    response = phone.post(
        "/en/explore/account/password",
        data={
            "csrf_token": csrf_token(page),
            "current_password": NEW,
            "new_password": PASSWORD,
            "new_password_again": PASSWORD,
        },
    )
    assert response.status_code == 302 and "/explore/login" in response.headers["Location"]
    assert service.authenticate(bryn.email, NEW).user is not None


def test_a_password_in_welsh_with_accents_works(client, analysts):
    sign_in(client, "bryn@example.org")
    welsh = "Mae'r ŵyn a'r ŷd yn y cae – Ŵ Ŷ"
    assert change(client, new=welsh).status_code == 302
    token = csrf_token(client.get("/en/explore/timeline").get_data(as_text=True))
    client.post("/en/explore/logout", data={"csrf_token": token})
    assert sign_in(client, "bryn@example.org", welsh).status_code == 302


# Refused: nothing changes, each field says what is wrong


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_wrong_current_password_is_refused_on_its_field(client, analysts, lang):
    user = analysts["partner_analyst"]
    sign_in(client, user.email, lang=lang)
    before = state(user)
    response = change(client, current="not my password", lang=lang)
    page = check_page(response, lang, status=400)
    assert page.title.startswith("Gwall: " if lang == "cy" else "Error: ")
    expected = {
        "cy": "Dydy eich cyfrinair presennol ddim yn gywir",
        "en": "Your current password is not right",
    }[lang]
    assert errors_on(response) == {"current_password": expected}
    body = response.get_data(as_text=True)
    assert 'aria-describedby="current_password-error"' in body
    assert "not my password" not in body and NEW not in body  # passwords are never echoed
    assert state(user) == before
    assert db.session.get(User, user.id).failed_logins == 1
    assert client.get(f"/{lang}/explore/").status_code == 200  # still signed in


CASES = {
    # name: (current, new, again, {field: English message})
    "all empty": (
        "",
        "",
        "",
        {
            "current_password": "Enter your current password",
            "new_password": "Enter a new password",
            "new_password_again": "Enter your new password again",
        },
    ),
    "too short": (
        PASSWORD,
        "short",
        "short",
        {"new_password": "Enter a password of at least 12 characters"},
    ),
    "too long": (
        PASSWORD,
        "x" * 1025,
        "x" * 1025,
        {"new_password": "Enter a password of 1,024 characters or fewer"},
    ),
    "NUL in the new one": (
        PASSWORD,
        "twelve chars\x00here",
        "twelve chars\x00here",
        {"new_password": "Enter a password without tabs, line breaks or other control characters"},
    ),
    "a line break in the new one": (
        PASSWORD,
        "twelve chars\nhere",
        "twelve chars\nhere",
        {"new_password": "Enter a password without tabs, line breaks or other control characters"},
    ),
    "not the same twice": (
        PASSWORD,
        NEW,
        NEW + " ",
        {"new_password_again": "Enter the same new password in both boxes"},
    ),
    "the same as now": (
        PASSWORD,
        PASSWORD,
        PASSWORD,
        {"new_password": "Enter a new password that is different from your current one"},
    ),
    "NUL in the current one": (
        PASSWORD + "\x00",
        NEW,
        NEW,
        {"current_password": "Your current password is not right"},
    ),
    "a megabyte for the current one": (
        "p" * 1_000_000,
        NEW,
        NEW,
        {"current_password": "Your current password is not right"},
    ),
    "wrong and too short": (
        "wrong",
        "short",
        "other",
        {
            "current_password": "Your current password is not right",
            "new_password": "Enter a password of at least 12 characters",
            "new_password_again": "Enter the same new password in both boxes",
        },
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_what_cannot_be_right_is_refused_with_every_problem_and_nothing_changed(
    client, analysts, case
):
    user = analysts["admin"]
    force(user)  # and the flag is not cleared by a refused change either
    sign_in(client, user.email)
    current, new, again, expected = CASES[case]
    before = state(user)
    response = change(client, current, new, again)
    check_page(response, "en", status=400)
    assert errors_on(response) == expected
    assert state(user) == before
    assert service.authenticate(user.email, PASSWORD).user is not None


def test_welsh_messages_for_the_new_password(client, analysts):
    sign_in(client, "bryn@example.org", lang="cy")
    response = change(client, "", "short", "", lang="cy")
    check_page(response, "cy", status=400)
    assert errors_on(response) == {
        "current_password": "Rhowch eich cyfrinair presennol",
        "new_password": "Rhowch gyfrinair o 12 nod o leiaf",
        "new_password_again": "Rhowch eich cyfrinair newydd eto",
    }


@pytest.mark.parametrize("data", [{}, {"csrf_token": "not-a-token"}])
def test_without_a_good_csrf_token_it_is_400_and_nothing_changes(client, analysts, data):
    user = analysts["partnership_analyst"]
    sign_in(client, user.email)
    before = state(user)
    response = client.post(
        "/en/explore/account/password",
        data={**data, "current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW},
    )
    assert response.status_code == 400
    assert state(user) == before


def test_a_post_with_no_fields_at_all_is_a_page_of_errors(client, analysts):
    sign_in(client, "bryn@example.org")
    token = csrf_token(client.get(URL.format(lang="en")).get_data(as_text=True))
    response = client.post("/en/explore/account/password", data={"csrf_token": token})
    check_page(response, "en", status=400)
    assert set(errors_on(response)) == {"current_password", "new_password", "new_password_again"}


def test_wrong_current_passwords_count_with_sign_ins_and_lock_the_account(client, analysts):
    """A stolen session gets no more guesses here than at the sign-in page."""
    user = analysts["partner_analyst"]
    sign_in(client, user.email)
    assert sign_in(other_client(client), user.email, "wrong one").status_code == 400
    for _ in range(service.MAX_FAILED_LOGINS - 2):
        assert change(client, current="wrong guess").status_code == 400
    response = change(client, current="last wrong guess")
    assert errors_on(response) == {
        "current_password": "Too many wrong passwords. Wait 15 minutes, then try again."
    }
    before = state(user)
    response = change(client)  # the right password, too late
    assert response.status_code == 400
    assert errors_on(response)["current_password"].startswith("Too many wrong passwords")
    assert state(user) == before
    assert service.authenticate(user.email, PASSWORD).locked  # and signing in is locked too
    service.unlock(user.email)
    assert change(client).status_code == 302
    assert db.session.get(User, user.id).failed_logins == 0


# A password someone else chose


FORCED_GETS = [
    "/{lang}/explore/",
    "/{lang}/explore/?told=cy",
    "/{lang}/explore/stories",
    "/{lang}/explore/export.csv",
    "/{lang}/explore/export.json",
    "/{lang}/explore/digest",
    "/{lang}/explore/digest.pdf",
    "/{lang}/explore/timeline",
    "/{lang}/explore/admin/users",
    "/{lang}/explore/admin/partners/iwa",
    "/{lang}/explore/login",
]


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_forced_user_is_sent_to_the_page_from_everywhere_first(client, analysts, lang):
    cai = analysts["admin"]
    force(cai)
    sign_in(client, cai.email, lang=lang)
    target = f"/{lang}/explore/account/password"
    for url in FORCED_GETS:
        response = client.get(url.format(lang=lang))
        assert response.status_code == 302, url
        assert response.headers["Location"] in (target, f"/{lang}/explore/"), url
    page = client.get(target)
    check_page(page, lang)
    body = page.get_data(as_text=True).replace("&#39;", "'")
    why = {
        "cy": "Cafodd eich cyfrinair ei osod gan rywun arall",
        "en": "Your password was set by someone else",
    }[lang]
    assert why in body
    assert 'class="explore-nav"' in body and "/explore/stories" not in body  # no dead ends
    assert "Back to the explorer" not in body and "Yn ôl i'r archwiliwr" not in body
    # signing out still works
    response = client.post(f"/{lang}/explore/logout", data={"csrf_token": csrf_token(body)})
    assert response.headers["Location"] == f"/{lang}/explore/login"


def test_every_explorer_url_waits_for_the_new_password(app, client, analysts):
    """Every rule under /<lang>/explore/, present and future: the check is in one place."""
    cai = analysts["admin"]
    force(cai)
    sign_in(client, cai.email)
    token = csrf_token(client.get(URL.format(lang="en")).get_data(as_text=True))
    checked = 0
    with app.test_request_context():
        rules = [r for r in app.url_map.iter_rules() if r.rule.startswith(EXPLORER)]
        urls = []
        for rule in rules:
            if rule.endpoint in ("auth.login", "auth.logout", "auth.change_password"):
                continue
            values = {"lang": "en"}
            for name in rule.arguments - {"lang"}:
                values[name] = "iwa" if name == "slug" else analysts["partner_analyst"].id
            urls.append((url_for(rule.endpoint, **values), rule.methods))
    for url, methods in urls:
        for method in {"GET", "POST"} & methods:
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 302, (method, url)
            assert response.headers["Location"] == "/en/explore/account/password", (method, url)
            checked += 1
    assert checked > 30
    db.session.expire_all()
    assert db.session.get(User, analysts["partner_analyst"].id).active  # no POST got through


def test_after_the_change_the_explorer_opens(client, analysts):
    ana = analysts["partner_analyst"]
    force(ana)
    response = sign_in(client, ana.email, next_="/en/explore/stories")
    assert client.get(response.headers["Location"]).headers["Location"] == (
        "/en/explore/account/password"
    )
    assert change(client).status_code == 302
    for url in ("/en/explore/", "/en/explore/stories", "/en/explore/export.csv"):
        assert client.get(url).status_code == 200, url
    assert 'class="explore-nav"' in client.get("/en/explore/").get_data(as_text=True)


def test_an_administrator_made_password_must_be_changed(client, analysts):
    admin = as_admin(client)
    response = post(admin, "/users/new", email="dai@example.org", role="partnership_analyst")
    password = GENERATED.search(response.get_data(as_text=True)).group(1)
    dai = service.by_email("dai@example.org")
    assert dai.must_change_password
    theirs = other_client(client)
    assert sign_in(theirs, dai.email, password).status_code == 302
    assert theirs.get("/en/explore/").headers["Location"] == "/en/explore/account/password"
    assert change(theirs, current=password).status_code == 302
    assert not state(dai)[2]
    assert theirs.get("/en/explore/").status_code == 200
    # a reset by an administrator asks again
    response = post(admin, f"/users/{dai.id}/reset-password")
    password = GENERATED.search(response.get_data(as_text=True)).group(1)
    assert state(dai)[2]
    assert theirs.get("/en/explore/").headers["Location"].startswith("/en/explore/login")
    sign_in(theirs, dai.email, password)
    assert theirs.get("/en/explore/").headers["Location"] == "/en/explore/account/password"


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_administrator_is_told_the_person_will_choose_their_own(client, analysts, lang):
    admin = as_admin(client, lang)
    response = post(admin, "/users/new", lang, email="dai@example.org", role="admin")
    expected = {
        "cy": "bydd Straeon yn gofyn am gyfrinair newydd na fydd neb arall yn ei wybod",
        "en": "Straeon asks them to choose a new password that only they know",
    }[lang]
    assert expected in response.get_data(as_text=True)


# The command line


def _cli(app, *args, password="a typed password here"):
    return app.test_cli_runner().invoke(args=["user", *args, "--password", password])


@pytest.mark.parametrize(("option", "forced"), [([], True), (["--no-must-change"], False)])
def test_cli_create_and_reset_ask_for_a_new_password_unless_told_not_to(
    app, analysts, option, forced
):
    result = _cli(app, "create", "dai@example.org", "--role", "admin", *option)
    assert result.exit_code == 0, result.output
    assert ("choose a new password when they next sign in" in result.output) == forced
    assert service.by_email("dai@example.org").must_change_password is forced
    bryn = analysts["partnership_analyst"]
    result = _cli(app, "reset-password", bryn.email, *option)
    assert result.exit_code == 0, result.output
    assert state(bryn)[2] is forced


def test_cli_refuses_a_password_with_control_characters(app, analysts):
    result = _cli(app, "create", "dai@example.org", "--role", "admin", password="tab\there long")
    assert result.exit_code != 0 and "--password: Enter a password without tabs" in result.output
    assert service.by_email("dai@example.org") is None


def test_demo_accounts_are_not_forced(app, analysts):
    result = app.test_cli_runner().invoke(args=["setup", "--demo-stories", "3"])
    assert result.exit_code == 0, result.output
    demo = db.session.execute(select(User).where(User.email.like("%@demo.straeon.cymru"))).scalars()
    assert {(u.email, u.must_change_password) for u in demo} == {
        ("iwa@demo.straeon.cymru", False),
        ("partneriaeth@demo.straeon.cymru", False),
        ("admin@demo.straeon.cymru", False),
    }
