"""After one online visit the form opens in airplane mode, also after the browser restarts."""

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def _phone(browser, profile, offline=False):
    context = browser.browser_type.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        has_touch=True,
        offline=offline,
    )
    return context, context.pages[0] if context.pages else context.new_page()


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_form_opens_offline_after_a_browser_restart(browser, live_server, tmp_path, lang):
    url = f"{live_server}/{lang}/s/cymorth/"
    context, page = _phone(browser, tmp_path)
    page.goto(url)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_function(
        "caches.keys().then(async (keys) => keys.includes('pages-v1') && "
        f"!!(await (await caches.open('pages-v1')).match('{url}')))"
    )
    context.close()  # the browser quits

    context, page = _phone(browser, tmp_path, offline=True)
    try:
        page.goto(url)
        assert page.locator("#story-form").count() == 1
        assert page.locator("html").get_attribute("lang") == lang
        # the widgets work from the cached scripts: the triad takes a keyboard placement
        surface = page.locator("#question-focus [tabindex='0']").first
        surface.focus()
        page.keyboard.press("ArrowUp")
        values = [page.input_value(f"input[name=focus-{n}]") for n in (1, 2, 3)]
        assert sum(float(v) for v in values) == pytest.approx(100)
    finally:
        context.close()
