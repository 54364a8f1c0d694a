"""axe-core on the administrator's pages, in both languages, with and without errors showing."""

import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.extensions import db

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE = Axe()
EMAIL, PASSWORD = "axe-admin@example.org", "a long enough admin password"


def violations(page) -> list[str]:
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


@pytest.fixture
def admin(page, live_app, live_server):
    """The page, signed in as an administrator; the id of a partner analyst to look at."""
    from app.auth.service import by_email, create_user

    with live_app.app_context():
        if by_email(EMAIL) is None:
            create_user(EMAIL, PASSWORD, "admin")
            create_user("axe-partner@example.org", PASSWORD, "partner_analyst", "cfw")
        analyst_id = by_email("axe-partner@example.org").id
        db.session.remove()
    page.goto(f"{live_server}/en/explore/login")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form.login-form button[type=submit]").click()
    return page, analyst_id


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_admin_pages(admin, live_server, lang):
    page, analyst_id = admin
    base = f"{live_server}/{lang}/explore/admin"
    for path in (
        "/users",
        "/users/new",
        f"/users/{analyst_id}",
        f"/users/{analyst_id}/deactivate",
        f"/users/{analyst_id}/reset-password",
        "/partners",
        "/partners/new",
        "/partners/cfw",
    ):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        assert violations(page) == [], path


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_admin_forms_with_errors_and_the_password_page(admin, live_server, lang):
    page, analyst_id = admin
    base = f"{live_server}/{lang}/explore/admin"
    page.goto(base + "/users/new")
    page.fill("#email", "not an email")
    page.check("#role")  # a partner analyst, with no partner chosen
    with page.expect_navigation():
        page.locator("form.admin-form button[type=submit]").click()
    assert page.locator(".error-summary li").count() == 2
    assert page.input_value("#email") == "not an email"
    assert violations(page) == []
    page.goto(base + "/partners/new")
    page.fill("#slug", "Not A Slug")
    with page.expect_navigation():
        page.locator("form.admin-form button[type=submit]").click()
    assert page.locator(".error-summary li").count() == 4
    assert violations(page) == []
    page.goto(base + f"/users/{analyst_id}")
    page.select_option("#partner", "")
    with page.expect_navigation():
        page.locator("main form[action$='/role'] button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    assert violations(page) == []
    # the page that shows a new password once
    page.goto(base + "/users/new")
    page.fill("#email", f"axe-{uuid.uuid4().hex[:8]}@example.org")
    page.check("#role-partnership_analyst")
    with page.expect_navigation():
        page.locator("form.admin-form button[type=submit]").click()
    assert page.locator("code.password").count() == 1
    assert violations(page) == []
