"""The triad, dyad and stones widgets and the draft, in Debian chromium on a phone-sized page."""

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Story

pytestmark = pytest.mark.browser

LANGS = ("cy", "en")
SHOTS = Path("/tmp/straeon-shots")
H = 86.6  # triangle height in the triad's SVG units (side 100, viewBox -6 -6 112 98.6)


def form_url(server: str, lang: str) -> str:
    return f"{server}/{lang}/s/iwa/"


def triad_point(page, qid: str, weights: tuple[float, float, float]) -> tuple[float, float]:
    """Page coordinates of the point with these corner weights (top, bottom left, bottom right)."""
    svg = page.locator(f"#question-{qid} .triad-pad svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    a, b, c = weights
    x, y = 50 * a + 100 * c, H * (b + c)
    return box["x"] + (x + 6) / 112 * box["width"], box["y"] + (y + 6) / 98.6 * box["height"]


def triad_values(page, qid: str) -> list[str]:
    return [page.locator(f"input[name='{qid}-{n}']").input_value() for n in (1, 2, 3)]


def fill_required(page) -> None:
    page.locator("#q-prompt").check()
    page.locator("#q-story").fill(
        "The bus to the clinic stopped, so the neighbours set up a lift rota."
    )
    page.locator("#q-teller").check()
    page.locator("#q-consent").check()


@pytest.mark.parametrize("lang", LANGS)
def test_triad_tap_keyboard_and_submit(page, live_server, live_app, lang):
    page.goto(form_url(live_server, lang))
    client_id = page.locator("input[name=client_id]").input_value()

    page.touchscreen.tap(*triad_point(page, "focus", (0.1, 0.8, 0.1)))
    values = [int(v) for v in triad_values(page, "focus")]
    assert sum(values) == 100
    assert max(values) == values[1] and values[1] >= 70, values

    pad = page.locator("#question-shaped_by .triad-pad")
    pad.focus()
    page.keyboard.press("ArrowUp")  # the first key places the dot in the middle
    assert triad_values(page, "shaped_by") == ["34", "33", "33"]
    for _ in range(8):
        page.keyboard.press("ArrowUp")
    values = [int(v) for v in triad_values(page, "shaped_by")]
    assert sum(values) == 100 and values[0] > 50 and values[1] == values[2], values
    live = page.locator("#w-shaped_by-live")
    expect(live).to_contain_text(f": {values[0]} ")
    labels = page.locator("#question-shaped_by input[data-label]").evaluate_all(
        "els => els.map(e => e.dataset.label)"
    )
    for label, value in zip(labels, values, strict=True):
        expect(live).to_contain_text(f"{label}: {value}")

    fill_required(page)
    page.locator("[data-submit]").click()
    # Saved on the phone, then sent by the outbox (test_outbox.py); the form is empty again.
    expect(page.locator(".notice.queued")).to_have_attribute("data-id", client_id)
    # Listed as sent only once the server has stored it (a count of 0 could be read before
    # the story was counted as waiting at all).
    expect(page.locator(f".outbox-sent .outbox-item[data-id='{client_id}']")).to_be_attached()

    with live_app.app_context():
        story = db.session.execute(
            select(Story).filter_by(client_id=uuid.UUID(client_id))
        ).scalar_one()
        rows = {a.question_id: a for a in story.answers if a.kind == "triad"}
        assert set(rows) == {"focus", "shaped_by"}
        for qid, dominant in (("focus", "b"), ("shaped_by", "a")):
            row = rows[qid]
            parts = {"a": row.a, "b": row.b, "c": row.c}
            assert sum(parts.values()) == 10_000
            assert max(parts, key=parts.get) == dominant, (qid, parts)
        assert story.language == lang and story.completed_at is not None
        db.session.remove()


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_placed_before_touch_and_na_disables(page, live_server, lang):
    page.goto(form_url(live_server, lang))
    for qid in ("focus", "shaped_by", "people_were"):
        expect(page.locator(f"#question-{qid} .dot")).to_have_attribute("visibility", "hidden")
        assert triad_values(page, qid) == ["", "", ""]
    expect(page.locator("[data-nojs-hint]").first).to_be_hidden()
    expect(page.locator("#question-focus details.type-instead")).not_to_have_attribute("open", "")

    page.touchscreen.tap(*triad_point(page, "focus", (1 / 3, 1 / 3, 1 / 3)))
    expect(page.locator("#question-focus .dot")).to_have_attribute("visibility", "visible")
    page.locator("#q-focus-na").check()
    assert triad_values(page, "focus") == ["", "", ""]
    expect(page.locator("#question-focus .dot")).to_have_attribute("visibility", "hidden")
    expect(page.locator("#question-focus .triad-pad")).to_have_attribute("aria-disabled", "true")
    expect(page.locator("input[name='focus-1']")).to_be_disabled()
    page.touchscreen.tap(*triad_point(page, "focus", (0.8, 0.1, 0.1)))
    assert triad_values(page, "focus") == ["", "", ""]
    page.locator("#q-focus-na").uncheck()
    expect(page.locator("input[name='focus-1']")).to_be_enabled()
    expect(page.locator("#question-focus .triad-pad")).to_have_attribute("aria-disabled", "false")

    # Typing in the inputs moves the dot; Clear empties them.
    page.locator("#question-focus summary").click()
    expect(
        page.locator("#question-focus [data-nojs-hint]")
    ).to_be_visible()  # says how to type them
    page.locator("input[name='focus-3']").fill("100")
    dot = page.locator("#question-focus .dot")
    expect(dot).to_have_attribute("visibility", "visible")
    assert (float(dot.get_attribute("cx")), float(dot.get_attribute("cy"))) == pytest.approx(
        (100, H)
    )
    page.locator("#question-focus .widget-clear").click()
    assert triad_values(page, "focus") == ["", "", ""]

    # Sent back with an error (no story): the dot is where the numbers say.
    page.touchscreen.tap(*triad_point(page, "people_were", (0.1, 0.1, 0.8)))
    page.locator("[data-submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    values = [int(v) for v in triad_values(page, "people_were")]
    assert values[2] == max(values)
    expect(page.locator("#question-people_were .dot")).to_have_attribute("visibility", "visible")


@pytest.mark.parametrize("lang", LANGS)
def test_dyad_has_no_value_until_touched(page, live_server, lang):
    page.goto(form_url(live_server, lang))
    outcome = page.locator("input[name=outcome]")
    slider = page.locator("#question-outcome input[type=range]")
    assert outcome.input_value() == ""
    assert slider.get_attribute("name") is None
    expect(slider).to_have_class(re.compile(r"\bunset\b"))

    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    assert 70 <= int(outcome.input_value()) <= 90
    expect(slider).not_to_have_class(re.compile(r"\bunset\b"))

    change = page.locator("input[name=change]")
    page.locator("#question-change input[type=range]").focus()
    assert change.input_value() == ""
    page.keyboard.press("End")
    assert change.input_value() == "100"
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert change.input_value() == "1"
    page.locator("#question-change .widget-clear").click()
    assert change.input_value() == ""


@pytest.mark.parametrize("lang", LANGS)
def test_stones_keyboard_and_tap(page, live_server, lang):
    page.goto(form_url(live_server, lang))
    x, y = (
        page.locator("input[name='support-neighbours-x']"),
        page.locator("input[name='support-neighbours-y']"),
    )
    chip = page.locator("#question-support .stone-chip").nth(2)
    chip.focus()
    page.keyboard.press("Enter")  # onto the middle of the board, and focused there
    assert (x.input_value(), y.input_value()) == ("50", "50")
    for key in ("ArrowRight", "ArrowRight", "ArrowUp", "Shift+ArrowUp"):
        page.keyboard.press(key)
    assert (x.input_value(), y.input_value()) == ("54", "62")
    label = page.locator("#question-support .stone-item").nth(2).get_attribute("data-label")
    expect(page.locator("#w-support-live")).to_contain_text(label)
    expect(page.locator("#w-support-live")).to_contain_text("62")
    page.keyboard.press("Delete")
    assert (x.input_value(), y.input_value()) == ("", "")
    expect(chip).to_be_focused()

    # Tap an item, then tap the board where it belongs.
    page.locator("#question-support .stone-chip").first.tap()
    board = page.locator("#question-support svg").bounding_box()
    page.touchscreen.tap(board["x"] + board["width"] * 0.25, board["y"] + board["height"] * 0.25)
    px = int(page.locator("input[name='support-public_services-x']").input_value())
    py = int(page.locator("input[name='support-public_services-y']").input_value())
    assert abs(px - 25) <= 2 and abs(py - 75) <= 2, (px, py)


@pytest.mark.parametrize("lang", LANGS)
def test_draft_survives_reload_and_language_switch(page, live_server, lang):
    page.goto(form_url(live_server, lang))
    client_id = page.locator("input[name=client_id]").input_value()
    page.locator("#q-story").fill("A draft that must not be lost.")
    page.touchscreen.tap(*triad_point(page, "focus", (0.1, 0.1, 0.8)))
    saved = triad_values(page, "focus")
    page.wait_for_timeout(800)  # the draft is saved half a second after the last change

    page.reload()
    expect(page.locator("#q-story")).to_have_value("A draft that must not be lost.")
    assert page.locator("input[name=client_id]").input_value() == client_id
    assert triad_values(page, "focus") == saved
    expect(page.locator("#question-focus .dot")).to_have_attribute("visibility", "visible")
    expect(page.locator(".draft-notice")).to_be_visible()

    page.locator("#q-title").fill("Lifts")  # saved on leaving, with no wait
    page.locator("a[data-lang-switch]").click()
    other = "en" if lang == "cy" else "cy"
    page.wait_for_url(form_url(live_server, other))
    expect(page.locator("#q-story")).to_have_value("A draft that must not be lost.")
    expect(page.locator("#q-title")).to_have_value("Lifts")
    assert page.locator("input[name=client_id]").input_value() == client_id
    assert triad_values(page, "focus") == saved

    page.locator(".draft-notice button").click()
    page.wait_for_load_state()
    expect(page.locator("#q-story")).to_have_value("")
    assert page.locator("input[name=client_id]").input_value() != client_id


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", (360, 320))
def test_screenshots_and_no_sideways_scroll(page, live_server, lang, width):
    page.set_viewport_size({"width": width, "height": 780})
    page.goto(form_url(live_server, lang))
    page.touchscreen.tap(*triad_point(page, "focus", (0.2, 0.5, 0.3)))
    page.locator("#question-support .stone-chip").nth(3).click()
    page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The widget styles are there: a pale triangle (unstyled SVG fills black), no stray buttons.
    fill = page.locator("#question-focus polygon").evaluate("e => getComputedStyle(e).fill")
    assert fill == "rgb(243, 242, 241)", fill
    expect(page.locator("#question-shaped_by .widget-clear")).to_be_hidden()
    expect(page.locator("#question-support .stone-remove:visible")).to_have_count(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"form-{lang}-{width}.png", full_page=True)
    for qid in ("focus", "outcome", "support"):
        page.locator(f"#question-{qid}").screenshot(path=SHOTS / f"{qid}-{lang}-{width}.png")


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_typed_numbers_are_the_form(browser, live_server, live_app, lang):
    context = browser.new_context(viewport={"width": 360, "height": 780}, java_script_enabled=False)
    page = context.new_page()
    page.goto(form_url(live_server, lang))
    expect(page.locator(".triad-pad")).to_have_count(0)
    expect(page.locator("[data-nojs-hint]").first).to_be_visible()
    client_id = page.locator("input[name=client_id]").input_value()
    for n, value in ((1, "10"), (2, "20"), (3, "70")):
        page.locator(f"input[name='focus-{n}']").fill(value)
    page.locator("input[name=outcome]").fill("25")
    fill_required(page)
    page.locator("[data-submit]").click()
    page.wait_for_url(re.compile(r"/thanks"))
    context.close()
    with live_app.app_context():
        story = db.session.execute(
            select(Story).filter_by(client_id=uuid.UUID(client_id))
        ).scalar_one()
        answers = {a.question_id: a for a in story.answers}
        assert (answers["focus"].a, answers["focus"].b, answers["focus"].c) == (1000, 2000, 7000)
        assert answers["outcome"].a == 2500
        db.session.remove()
