"""axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every kind of page a storyteller or analyst sees.

Also, on a 360px phone, that no explorer page runs off the side (with its number tables open);
and, where a mouse is not the only way in, the keyboard: triad zones, filter chips, tags.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE = Axe()
LANGS = ("cy", "en")
PASSWORD = "a long enough password"
ANALYST = "axe@example.org"  # partnership analyst: sees every partner
PARTNER_ANALYST = "axe-iwa@example.org"  # partner analyst for iwa


def violations(page) -> list[str]:
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


def sideways(page) -> int:
    """How many pixels the page, every <details> opened, is wider than the phone (0: it fits)."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@dataclass(frozen=True)
class Explorer:
    """What the explorer tests were given: a curated iwa story and a timeline event's day."""

    story: int
    event_day: str


@pytest.fixture
def explorer(live_app) -> Explorer:
    """Two analysts, 60 demo stories, one iwa story flagged, tagged and noted by both teams,
    and a timeline event. Made once (the app is shared by the session), found after that."""
    from app.auth.service import by_email, create_user
    from app.explore import curation
    from app.explore import timeline as events
    from app.framework.service import latest
    from app.models import Partner, Story, StoryFlag
    from app.seed.demo import seed_demo

    with live_app.app_context():
        if by_email(ANALYST) is None:
            create_user(ANALYST, PASSWORD, "partnership_analyst")
            seed_demo(latest("live-learning"), 60, seed=11)
        if by_email(PARTNER_ANALYST) is None:
            create_user(PARTNER_ANALYST, PASSWORD, "partner_analyst", "iwa")
        today = datetime.now(UTC).date()
        day = today - timedelta(days=90)
        flagged = db.session.execute(select(StoryFlag.story_id)).scalars().first()
        if flagged is None:
            story_id = db.session.execute(
                select(Story.id)
                .join(Partner, Story.partner_id == Partner.id)
                .where(Partner.slug == "iwa")
                .order_by(Story.id)
            ).scalar()
            for email, team in ((ANALYST, "partneriaeth"), (PARTNER_ANALYST, "iwa")):
                user = by_email(email)
                curation.flag(user, story_id, f"Pwysig i'r cyfarfod ({team})")
                curation.add_tag(user, story_id, f"tai-{team}")
                curation.add_note(user, story_id, f"Nodyn gan {team}: darllen eto.\nAil linell.")
            events.add_event(
                by_email(ANALYST), day.isoformat(), "Newid polisi", "Policy change", None, today
            )
            flagged = story_id
        db.session.remove()
    return Explorer(flagged, day.isoformat())


def sign_in(page, server: str, lang: str, email: str = ANALYST) -> None:
    page.goto(f"{server}/{lang}/explore/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    assert "/explore/" in page.url and "login" not in page.url, page.url


@pytest.mark.parametrize("lang", LANGS)
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


@pytest.mark.parametrize("lang", LANGS)
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
@pytest.mark.parametrize("lang", LANGS)
def test_other_pages(page, live_server, lang, path):
    page.goto(live_server + path.format(lang=lang))
    assert violations(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_signed_in(page, live_server, explorer, lang):
    sign_in(page, live_server, lang)
    assert violations(page) == []
    page.goto(f"{live_server}/{lang}/explore/stories")
    assert violations(page) == []


# Every explorer page, with the states that change what it shows. {story} is the curated story,
# {day} the timeline event's; each is (path, status, what must be on the page).
PAGES = {
    "story": ("/{lang}/explore/stories/{story}", 200, ".curation .note"),
    "compare": ("/{lang}/explore/compare", 200, ".compare-form"),
    "compare-teller": ("/{lang}/explore/compare?by=teller", 200, ".group-cards"),
    "compare-told-filtered": ("/{lang}/explore/compare?by=told&teller=own", 200, ".chips"),
    "compare-date": ("/{lang}/explore/compare?by=date&at={day}", 200, ".group-cards"),
    "compare-partner": ("/{lang}/explore/compare?by=partner&a=iwa&a=wcc&b=cfw", 200, ".verdict"),
    "timeline": ("/{lang}/explore/timeline", 200, ".data-list"),
    "links": ("/{lang}/explore/links", 200, ".link-card"),
    "poster": ("/{lang}/explore/links/iwa/poster", 200, ".poster"),
    "meeting-pack": ("/{lang}/explore/meeting-pack", 200, ".pack-story"),
    "digest": ("/{lang}/explore/digest", 200, ".digest-form"),
    "digest-error": (
        "/{lang}/explore/digest.pdf?period=custom&from=2026-02-30&to=2026-01-01",
        400,
        ".error-summary",
    ),
    "index-filtered": ("/{lang}/explore/?told=cy&teller=own", 200, ".chips"),
    "index-every-chip": (
        "/{lang}/explore/?from=2025-01-01&to=2030-12-31&partner=iwa&partner=wcc&teller=proxy"
        "&told=en&flagged=any&version=1&q=help&tag=tai&prompt=past_weeks"
        "&answer=feeling:positive&zone=focus:e01&bin=outcome:3",
        200,
        ".chips",
    ),
    "stories-filtered": ("/{lang}/explore/stories?told=cy&teller=own", 200, ".chips"),
    "index-bad-filter": ("/{lang}/explore/?teller=nobody", 400, "h1"),
    "stories-bad-filter": ("/{lang}/explore/stories?zone=focus:nowhere", 400, "h1"),
}


def _visit(page, server: str, lang: str, explorer: Explorer, key: str) -> None:
    path, status, marker = PAGES[key]
    url = server + path.format(lang=lang, story=explorer.story, day=explorer.event_day)
    response = page.goto(url)
    assert response.status == status, url
    assert page.locator(marker).count() >= 1, (url, marker)


@pytest.mark.parametrize("key", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_explorer_pages(page, live_server, explorer, lang, key):
    sign_in(page, live_server, lang)
    _visit(page, live_server, lang, explorer, key)
    assert violations(page) == []
    assert sideways(page) == 0  # nothing runs off the side of a 360px phone, numbers shown
    assert violations(page) == []  # and the tables behind the charts pass too


PARTNER_PAGES = (
    "/{lang}/explore/",
    "/{lang}/explore/stories",
    "/{lang}/explore/stories/{story}",
    "/{lang}/explore/compare?by=teller",
    "/{lang}/explore/timeline",
    "/{lang}/explore/links",
    "/{lang}/explore/links/iwa/poster",
    "/{lang}/explore/meeting-pack",
    "/{lang}/explore/digest",
)


@pytest.mark.parametrize("lang", LANGS)
def test_partner_analyst_view(page, live_server, explorer, lang):
    sign_in(page, live_server, lang, PARTNER_ANALYST)
    found = {}
    for path in PARTNER_PAGES:
        url = live_server + path.format(lang=lang, story=explorer.story)
        assert page.goto(url).status == 200, url
        found[path] = violations(page) + [f"{sideways(page)}px too wide"] * (sideways(page) > 0)
    assert found == {path: [] for path in PARTNER_PAGES}


@pytest.mark.parametrize("lang", LANGS)
def test_curation_and_timeline_forms_with_errors(page, live_server, explorer, lang):
    sign_in(page, live_server, lang)
    page.goto(f"{live_server}/{lang}/explore/stories/{explorer.story}")
    page.fill("#tag", "x" * 70)  # over the 60-character limit, under the field's maxlength
    with page.expect_navigation():
        page.locator("#tags form.cur-form button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    assert violations(page) == []
    page.goto(f"{live_server}/{lang}/explore/timeline")
    with page.expect_navigation():
        page.locator(".form-panel button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    assert violations(page) == []


def translated(app, lang: str, *msgids: str) -> list[str]:
    """The page's own words for these messages, from the app's catalogue."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale(lang):
        return [gettext(m) for m in msgids]


def _tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_triad_zone_to_story_list(page, live_server, explorer, lang):
    sign_in(page, live_server, lang)
    page.goto(f"{live_server}/{lang}/explore/")
    _tab_to(page, "a.zone-link")
    zone = page.evaluate("document.activeElement.getAttribute('href')")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert "zone=" in zone and label
    # the focused zone is visibly marked: its polygon is filled and outlined
    fill = page.evaluate(
        "getComputedStyle(document.activeElement.querySelector('.zone')).fillOpacity"
    )
    assert float(fill) > 0
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/explore/stories\?.*zone=", page.url), page.url
    expect(page.locator(".chips .chip")).to_have_count(1)
    assert page.locator(".story-card").count() >= 1


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_filter_chips(page, live_app, live_server, explorer, lang):
    sign_in(page, live_server, lang)
    page.goto(f"{live_server}/{lang}/explore/?told=cy&teller=own")
    told, teller, remove = translated(
        live_app, lang, "Told in Welsh", "Own experience", "remove this filter"
    )
    names = []
    for _ in range(2):
        _tab_to(page, "a.chip")
        names.append(page.evaluate("document.activeElement.textContent"))
    # each chip's accessible name says which filter it is and that following it removes it
    for text in (teller, told):
        link = page.get_by_role(
            "link", name=re.compile(re.escape(text) + r".*" + re.escape(remove))
        )
        expect(link).to_have_count(1)
    assert len({n.strip() for n in names}) == 2
    # the chip is a big enough target (WCAG 2.5.8 asks 24px; the project asks 44px)
    box = page.locator("a.chip").first.bounding_box()
    assert box["height"] >= 44
    # following the "Told in Welsh" chip drops that filter and keeps the other
    page.get_by_role("link", name=re.compile(re.escape(told))).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "teller=own" in page.url and "told=" not in page.url, page.url
    expect(page.locator(".chips .chip")).to_have_count(1)


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_story_curation(page, live_app, live_server, explorer, lang):
    sign_in(page, live_server, lang)
    page.goto(f"{live_server}/{lang}/explore/stories/{explorer.story}")
    # the team's own tag has a remove button that names the tag; Tab reaches it
    (name,) = translated(live_app, lang, "Remove the tag “%(tag)s”")
    button = page.get_by_role("button", name=name % {"tag": "tai-partneriaeth"})
    expect(button).to_have_count(1)
    _tab_to(page, "button.tag-remove")
    assert "tai-partneriaeth" in page.evaluate("document.activeElement.textContent")
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    # the other team's tag is shown, and has no remove button
    assert page.locator(".tag-item", has_text="tai-iwa").locator("button").count() == 0
    # from the tag field, Enter with nothing typed gives an error that keeps the focus order
    _tab_to(page, "#tag")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").count() == 1


@pytest.mark.parametrize("lang", LANGS)
def test_change_password_page_forced_with_errors_and_done(page, live_app, live_server, lang):
    """A password someone else chose: the page comes first, passes axe fresh and with errors,
    its link is a 44px target with visible focus, and after the change the explorer opens."""
    from app.auth.service import by_email, create_user, reset_password

    email = f"axe-own-{lang}@example.org"
    with live_app.app_context():
        if by_email(email) is None:
            create_user(email, PASSWORD, "partner_analyst", "iwa", must_change=True)
        else:  # a rerun in the same session: the password someone else chose, once more
            reset_password(email, PASSWORD, must_change=True)
        db.session.remove()
    sign_in(page, live_server, lang, email)
    assert page.url.endswith(f"/{lang}/explore/account/password"), page.url
    assert page.locator(".explore-nav ul").count() == 0  # no menu that only leads back here
    assert violations(page) == [] and sideways(page) == 0
    # every field is labelled, with the autocomplete a password manager needs
    for field, autocomplete in (
        ("current_password", "current-password"),
        ("new_password", "new-password"),
        ("new_password_again", "new-password"),
    ):
        box = page.get_by_label(page.locator(f"label[for={field}]").inner_text(), exact=True)
        expect(box).to_have_attribute("autocomplete", autocomplete)
    # the link beside "Sign out": big enough, and focus shows
    _tab_to(page, "a.account-link")
    link = page.locator("a.account-link")
    box = link.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert link.evaluate("(el) => getComputedStyle(el).outlineStyle") != "none"
    # wrong, short, different: three errors, each linked to its field
    page.fill("#current_password", "not the password")
    page.fill("#new_password", "short")
    page.fill("#new_password_again", "other")
    with page.expect_navigation():
        page.locator("main form.admin-form button[type=submit]").click()
    expect(page.locator(".error-summary li a")).to_have_count(3)
    for field in ("current_password", "new_password", "new_password_again"):
        expect(page.locator(f"#{field}")).to_have_attribute(
            "aria-describedby", re.compile(f"{field}-error")
        )
        expect(page.locator(f"#{field}")).to_have_value("")  # passwords are not sent back
    assert page.title().startswith("Gwall:" if lang == "cy" else "Error:")
    assert violations(page) == [] and sideways(page) == 0
    # done: the explorer, with its menu back and the confirmation
    page.fill("#current_password", PASSWORD)
    page.fill("#new_password", "a new passphrase of my own")
    page.fill("#new_password_again", "a new passphrase of my own")
    with page.expect_navigation():
        page.locator("main form.admin-form button[type=submit]").click()
    assert page.url.endswith(f"/{lang}/explore/"), page.url
    (done,) = translated(
        live_app, lang, "Your password is changed. You are signed out everywhere else."
    )
    expect(page.locator(".notice.success")).to_have_text(done)
    assert page.locator(".explore-nav ul").count() == 1
    page.goto(f"{live_server}/{lang}/explore/account/password")
    assert violations(page) == [] and sideways(page) == 0
