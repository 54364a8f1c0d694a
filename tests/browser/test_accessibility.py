"""axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every kind of page a storyteller or analyst sees."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.extensions import db

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE = Axe()


def violations(page) -> list[str]:
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_story_form_fresh_and_in_use(page, live_server, lang):
    page.goto(f"{live_server}/{lang}/s/iwa/")
    assert violations(page) == []
    # with every widget in use: a triad dot, a dyad value, a stone on the board
    surface = page.locator("#question-focus [tabindex='0']").first
    surface.focus()
    page.keyboard.press("ArrowUp")
    page.locator("#question-outcome input[type=range]").focus()
    page.keyboard.press("ArrowRight")
    page.locator("#question-support button").first.click()
    assert violations(page) == []


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_story_form_with_errors(page, live_server, lang):
    page.goto(f"{live_server}/{lang}/s/iwa/")
    # HTMLFormElement.submit() skips the page's submit handlers: the plain HTML POST path
    with page.expect_navigation():
        page.evaluate("document.getElementById('story-form').submit()")
    assert page.locator(".error-summary").count() == 1
    assert violations(page) == []


@pytest.mark.parametrize(
    "path",
    ["/{lang}/", "/{lang}/s/iwa/thanks", "/{lang}/s/nobody/", "/{lang}/explore/login", "/offline"],
)
@pytest.mark.parametrize("lang", ["cy", "en"])
def test_other_pages(page, live_server, lang, path):
    page.goto(live_server + path.format(lang=lang))
    assert violations(page) == []


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_explorer_signed_in(page, live_app, live_server, lang):
    from app.auth.service import by_email, create_user
    from app.framework.service import latest
    from app.seed.demo import seed_demo

    with live_app.app_context():
        if by_email("axe@example.org") is None:
            create_user("axe@example.org", "a long enough password", "partnership_analyst")
            seed_demo(latest("live-learning"), 60, seed=11)
        db.session.remove()
    page.goto(f"{live_server}/{lang}/explore/login")
    page.fill("input[name=email]", "axe@example.org")
    page.fill("input[name=password]", "a long enough password")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    assert "/explore/" in page.url and "login" not in page.url
    assert violations(page) == []
    page.goto(f"{live_server}/{lang}/explore/stories")
    assert violations(page) == []
