"""The offline outbox, the service worker and drafts, in Debian chromium on a phone-sized page.

Every story goes to IndexedDB first, then to POST /api/v1/stories; these tests break the
network and the server in the ways a field day does and check the database for exactly one row.
"""

import json
import re
import time
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
API = "**/api/v1/stories"
WELSH = "Ŵ ŷ ŵ Ŷ â ê ï ô – “dyfynodau” a ’r 😀 👩🏽‍🌾 🏴󠁧󠁢󠁷󠁬󠁳󠁿"
RECORDS = """() => new Promise((ok, no) => {
  const open = indexedDB.open("straeon");
  open.onerror = () => no(open.error);
  open.onsuccess = () => {
    const all = open.result.transaction("outbox").objectStore("outbox").getAll();
    all.onsuccess = () => { open.result.close(); ok(all.result.sort((a, b) => a.created - b.created)); };
  };
})"""
PUT = """(rec) => new Promise((ok, no) => {
  const open = indexedDB.open("straeon");
  open.onsuccess = () => {
    const tx = open.result.transaction("outbox", "readwrite");
    tx.objectStore("outbox").put(rec);
    tx.oncomplete = () => { open.result.close(); ok(); };
    tx.onerror = () => no(tx.error);
  };
})"""


def open_form(page, server: str, lang: str = "en") -> None:
    """The form, with its service worker installed and in control, and the outbox ready."""
    page.goto(f"{server}/{lang}/s/iwa/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    expect(page.locator("#outbox")).to_be_attached()


def write_story(page, text: str, title: str = "", teller: bool = True) -> str:
    """Answer the required questions, press Send, return the story's client_id once saved."""
    page.locator("#q-prompt").check()
    page.locator("#q-story").fill(text)
    if title:
        page.locator("#q-title").fill(title)
    if teller:
        page.locator("#q-teller").check()
    page.locator("#q-consent").check()
    client_id = page.locator("input[name=client_id]").input_value()
    page.locator("[data-submit]").click()
    expect(page.locator(".notice.queued")).to_have_attribute("data-id", client_id)
    expect(page.locator("#q-story")).to_have_value("")
    return client_id


def records(page) -> list[dict]:
    return page.evaluate(RECORDS)


def waiting(page, n: int):
    expect(page.locator(".outbox-count")).to_have_text(re.compile(rf":\s*{n}$"))


def stored(live_app, ids: list[str]) -> list[Story]:
    """The stories with these client_ids, in the order the server stored them."""
    with live_app.app_context():
        rows = (
            db.session.execute(
                select(Story)
                .where(Story.client_id.in_([uuid.UUID(i) for i in ids]))
                .order_by(Story.id)
            )
            .scalars()
            .all()
        )
        db.session.expunge_all()
        db.session.remove()
    return rows


def until(page, check, seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "timed out"
        page.wait_for_timeout(50)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#outbox").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"outbox-{name}.png")
    page.locator("#outbox").screenshot(path=SHOTS / f"outbox-{name}-panel.png")


@pytest.mark.parametrize("lang", LANGS)
def test_offline_three_stories_survive_reload_and_arrive_once_in_order(
    page, live_server, live_app, lang
):
    open_form(page, live_server, lang)
    page.context.set_offline(True)
    texts = [f"Stori {n}: the ferry was cancelled, {WELSH}" for n in (1, 2, 3)]
    ids = [write_story(page, text) for text in texts]
    assert len(set(ids)) == 3
    waiting(page, 3)
    expect(page.locator("#outbox")).to_have_attribute("data-state", "offline")
    expect(page.locator(".outbox-item.waiting")).to_have_count(3)

    page.reload()  # still offline: the form comes from the service worker's cache
    expect(page.locator("#story-form")).to_be_visible()
    assert page.locator("input[name=client_id]").input_value() not in ids
    waiting(page, 3)
    assert [r["id"] for r in records(page)] == ids
    assert stored(live_app, ids) == []

    page.context.set_offline(False)
    waiting(page, 0)
    rows = stored(live_app, ids)
    assert [str(r.client_id) for r in rows] == ids
    assert [r.text for r in rows] == texts
    assert [(r["state"], "body" in r) for r in records(page)] == [("sent", False)] * 3
    expect(page.locator(".outbox-sent .outbox-item")).to_have_count(3)


def test_server_errors_retry_with_growing_waits_then_deliver_once(page, live_server, live_app):
    page.clock.install()
    open_form(page, live_server)
    attempts = []

    def down_for_a_while(route):
        attempts.append(route.request.post_data_json["client_id"])
        if len(attempts) <= 3:
            route.fulfill(status=500 if len(attempts) < 3 else 503, body="down")
        else:
            route.continue_()

    page.route(API, down_for_a_while)
    client_id = write_story(page, "The server was down for a while.")
    until(page, lambda: len(attempts) == 1)
    expect(page.locator(".outbox-item.waiting")).to_have_count(1)
    # Waits of 2.5-5 s, then 5-10 s, then 10-20 s (jittered), never a tight loop.
    for step, expected in ((2000, 1), (3200, 2), (4500, 2), (5700, 3), (9000, 3), (11200, 4)):
        page.clock.run_for(step)
        page.wait_for_timeout(300)
        assert len(attempts) == expected, (step, attempts)
    waiting(page, 0)
    assert set(attempts) == {client_id}
    assert len(stored(live_app, [client_id])) == 1


def test_a_reply_lost_after_the_server_stored_it_gives_one_row(page, live_server, live_app):
    open_form(page, live_server)
    committed = []

    def lose_first_reply(route):
        if committed:
            route.continue_()
            return
        committed.append(route.fetch().status)  # the server stores it...
        route.abort("connectionreset")  # ...and the phone never hears back

    page.route(API, lose_first_reply)
    client_id = write_story(page, "The signal dropped just as it was sent.")
    until(page, lambda: committed == [201])
    assert len(stored(live_app, [client_id])) == 1
    expect(page.locator(".outbox-item.waiting")).to_have_count(1)  # not known to be sent
    with page.expect_response(re.compile(r"/api/v1/stories$")) as reply:
        page.locator(".outbox-send").click()
    assert reply.value.status == 200 and reply.value.json()["status"] == "already_received"
    waiting(page, 0)
    assert len(stored(live_app, [client_id])) == 1


@pytest.mark.parametrize("lock", ("web-locks", "lease"))
def test_two_tabs_and_two_posts_at_the_same_moment_store_one_row(page, live_server, live_app, lock):
    context = page.context
    if lock == "lease":  # browsers without the Web Locks API (and plain-http pages)
        context.add_init_script("delete Navigator.prototype.locks")
    open_form(page, live_server)
    other = context.new_page()
    open_form(other, live_server)
    assert other.evaluate("'locks' in navigator") == (lock == "web-locks")
    posts = []
    context.on("request", lambda r: posts.append(r) if r.method == "POST" else None)

    context.set_offline(True)
    client_id = write_story(page, "Two tabs, one story.")
    waiting(other, 1)  # the other tab sees it too
    body = records(page)[0]["body"]
    context.set_offline(False)  # both tabs hear "online" at once
    waiting(page, 0)
    waiting(other, 0)
    assert len(posts) == 1
    assert len(stored(live_app, [client_id])) == 1

    # The same story posted twice at the same moment (no lock can help): still one row.
    body["client_id"] = str(uuid.uuid4())
    statuses = page.evaluate(
        """async (body) => {
          const send = () => fetch("/api/v1/stories", { method: "POST", body: JSON.stringify(body),
            headers: { "Content-Type": "application/json" } }).then((r) => r.status);
          return Promise.all([send(), send()]);
        }""",
        body,
    )
    assert sorted(statuses) == [200, 201]
    assert len(stored(live_app, [body["client_id"]])) == 1


def test_a_new_service_worker_release_while_stories_wait(page, live_server, live_app, monkeypatch):
    import app.pwa.routes as pwa_routes

    open_form(page, live_server)
    old = [k for k in page.evaluate("caches.keys()") if k.startswith("assets-")]
    page.context.set_offline(True)
    ids = [write_story(page, f"Queued before the release, number {n}.") for n in (1, 2)]
    page.route(API, lambda route: route.abort("internetdisconnected"))  # still no way through
    page.context.set_offline(False)

    monkeypatch.setattr(pwa_routes, "release", lambda extra="": "0123456789ab")
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    # The new worker has replaced the old one's caches, is activated and controls this page.
    page.wait_for_function(
        """async () => { const keys = await caches.keys();
          const r = await navigator.serviceWorker.getRegistration();
          return keys.includes("assets-0123456789ab") && keys.filter((k) => k.startsWith("assets-")).length === 1
            && r.active?.state === "activated" && !r.installing && !r.waiting
            && navigator.serviceWorker.controller === r.active; }"""
    )
    assert old and old != ["assets-0123456789ab"]
    assert [(r["id"], r["state"]) for r in records(page)] == [(i, "waiting") for i in ids]

    page.unroute(API)
    page.reload()  # the new worker serves the page; the queue is the page's, untouched
    waiting(page, 0)
    assert [str(r.client_id) for r in stored(live_app, ids)] == ids


def test_full_storage_says_so_and_keeps_the_story_in_the_form(page, live_server, live_app):
    open_form(page, live_server)
    page.context.new_cdp_session(page).send(
        "Storage.overrideQuotaForOrigin", {"origin": live_server, "quotaSize": 1}
    )
    text = "A story on a phone with no room left. " * 20
    page.locator("#q-prompt").check()
    page.locator("#q-story").fill(text)
    page.locator("#q-teller").check()
    page.locator("#q-consent").check()
    client_id = page.locator("input[name=client_id]").input_value()
    page.locator("[data-submit]").click()

    failed = page.locator("[data-save-failed]")
    expect(failed).to_be_visible()
    expect(failed).to_be_focused()
    expect(page.locator("#q-story")).to_have_value(text)
    expect(page.locator("#q-consent")).to_be_checked()
    assert page.locator("input[name=client_id]").input_value() == client_id
    assert records(page) == []
    page.wait_for_function(  # and the draft is kept too
        "(text) => (localStorage.getItem('straeon-draft:iwa') || '').includes(text)", arg=text
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    failed.screenshot(path=SHOTS / "outbox-quota-en.png")

    failed.locator("button").click()  # with a signal, it can still go as a plain web form
    page.wait_for_url(re.compile(r"/thanks"))
    assert [r.text for r in stored(live_app, [client_id])] == [text]


@pytest.mark.parametrize("lang", LANGS)
def test_without_indexeddb_the_form_posts_and_says_it_cannot_keep_stories(
    page, live_server, live_app, lang
):
    page.context.add_init_script("delete window.indexedDB; delete Window.prototype.indexedDB")
    page.goto(f"{live_server}/{lang}/s/iwa/")
    assert page.evaluate("typeof indexedDB") == "undefined"
    expect(page.locator(".no-offline")).to_be_visible()
    expect(page.locator("#outbox")).to_have_count(0)
    page.locator(".no-offline").screenshot(path=SHOTS / f"outbox-no-indexeddb-{lang}.png")
    page.locator("#q-story").fill("Sent the old way.")
    page.locator("[data-submit]").click()  # missing answers: the server says so, text kept
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#q-story")).to_have_value("Sent the old way.")
    client_id = page.locator("input[name=client_id]").input_value()
    page.locator("#q-prompt").check()
    page.locator("#q-teller").check()
    page.locator("#q-consent").check()
    page.locator("[data-submit]").click()
    page.wait_for_url(re.compile(r"/thanks"))
    assert [r.text for r in stored(live_app, [client_id])] == ["Sent the old way."]


@pytest.mark.parametrize("case", ("typed", "crlf-10000"))
def test_the_story_arrives_byte_exact(page, live_server, live_app, case):
    open_form(page, live_server, "cy")
    page.context.set_offline(True)
    title = f"Teitl {WELSH}"
    typed = f"Llinell gyntaf {WELSH}\r\nail linell\n\n  trydedd  "
    client_id = write_story(page, typed, title=title)
    if case == "typed":
        # A textarea's value has LF newlines whatever was typed or pasted: that is what the
        # person wrote, and it must arrive unchanged.
        expected = typed.replace("\r\n", "\n")
    else:
        # What the outbox sends is what it holds: CRLF and 10,000 characters arrive as they are.
        unit = f"{WELSH} Cymru\r\n"
        expected = (unit * (10_000 // len(unit) + 1))[:10_000]
        rec = records(page)[0]
        rec["body"]["answers"]["story"] = expected
        page.evaluate(PUT, rec)
        assert len(expected) == 10_000
    page.context.set_offline(False)
    waiting(page, 0)
    (story,) = stored(live_app, [client_id])
    assert story.text.encode("utf-8") == expected.encode("utf-8")
    assert story.title == title and story.language == "cy"


@pytest.mark.parametrize("lang", LANGS)
def test_a_parked_story_stays_visible_and_is_never_discarded(page, live_server, live_app, lang):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    open_form(page, live_server, lang)
    replies = []

    def old_questions(route):  # a story for a framework version this server does not know
        body = route.request.post_data_json
        body["framework_version"] = 999
        response = route.fetch(post_data=json.dumps(body))
        replies.append((response.status, response.json()))
        route.fulfill(response=response)

    page.route(API, old_questions)
    text = f"Stori na ddylai fyth fynd ar goll.\n{WELSH}"
    client_id = write_story(page, text, title="Teitl")
    item = page.locator(f".outbox-item.parked[data-id='{client_id}']")
    expect(item).to_be_visible()
    status, reply = replies[0]
    assert status == 422
    expect(item.locator(".outbox-reasons")).to_contain_text(reply["errors"][0]["message"][lang])
    expect(item.locator(".parked-text")).to_have_text(f"Teitl\n\n{text}")
    expect(page.locator("#outbox")).to_have_attribute("data-state", "parked")

    copy, again, delete = item.locator(".outbox-actions button").all()
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == f"Teitl\n\n{text}"
    # Nothing that sends removes it: Try again (another 422), reload, coming back online.
    again.click()
    until(page, lambda: len(replies) == 2)
    expect(item).to_be_visible()
    page.reload()
    page.context.set_offline(True)
    page.context.set_offline(False)
    expect(item).to_be_visible()
    page.once("dialog", lambda d: d.dismiss())
    delete.click()
    expect(item).to_be_visible()
    assert [(r["state"], r["body"]["answers"]["story"]) for r in records(page)] == [
        ("parked", text)
    ]
    assert stored(live_app, [client_id]) == []
    page.once("dialog", lambda d: d.accept())  # only an explicit yes deletes it
    item.locator(".outbox-actions button").nth(2).click()
    expect(item).to_have_count(0)
    assert records(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_recorder_mode_starts_each_story_clean_and_shows_the_queue_first(
    page, live_server, live_app, lang
):
    open_form(page, live_server, lang)
    page.locator(".recorder-form button").click()
    expect(page.locator(".notice.recorder-on")).to_be_visible()
    expect(page.locator("#outbox")).to_be_visible()  # even with nothing in it
    assert page.evaluate(
        "!!(document.querySelector('#outbox').compareDocumentPosition(document.querySelector('.lead')) & 4)"
    )
    proxy = page.locator("input[name=teller]:checked").get_attribute("value")
    page.locator("#q-title").fill("Teller one")
    page.locator("input[name='focus-1']").evaluate("e => e.closest('details').open = true")
    for n, v in ((1, "20"), (2, "30"), (3, "50")):
        page.locator(f"input[name='focus-{n}']").fill(v)
    page.locator("#question-support .stone-chip").first.click()
    page.locator("#question-about input").first.check()
    first = write_story(page, "The first teller's story.", teller=False)

    expect(page.locator(".notice.queued")).to_be_focused()
    for name in ("title", "focus-1", "focus-3", "support-public_services-x"):
        expect(page.locator(f"input[name='{name}']")).to_have_value("")
    expect(page.locator("#question-focus .dot")).to_have_attribute("visibility", "hidden")
    expect(page.locator("#question-about input:checked")).to_have_count(0)
    expect(page.locator("#q-consent")).not_to_be_checked()
    assert page.locator("input[name=teller]:checked").get_attribute("value") == proxy
    assert page.locator("input[name=client_id]").input_value() != first
    waiting(page, 0)
    (story,) = stored(live_app, [first])
    assert story.is_proxy and story.title == "Teller one"
    page.wait_for_timeout(700)
    assert page.evaluate("localStorage.getItem('straeon-draft:iwa')") is None
    page.reload()
    expect(page.locator(".draft-notice")).to_have_count(0)


def test_a_draft_is_never_sent_by_itself(page, live_server, live_app):
    open_form(page, live_server)
    posts = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    page.locator("#q-story").fill("Only a draft, not a story yet.")
    page.wait_for_timeout(700)
    page.reload()
    expect(page.locator(".draft-notice")).to_be_visible()
    expect(page.locator("#q-story")).to_have_value("Only a draft, not a story yet.")
    page.context.set_offline(True)
    page.context.set_offline(False)
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_timeout(500)
    assert posts == [] and records(page) == []

    # An unanswered required question stops it on the phone, said as the server would say it.
    page.locator("[data-submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.title().startswith(("Error:", "Gwall:"))
    expect(page.locator("#question-prompt .error-message")).to_be_visible()
    assert posts == [] and records(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_screenshots_of_every_queue_state(page, live_server, live_app, lang):
    open_form(page, live_server, lang)
    page.context.set_offline(True)
    write_story(page, "Told with no signal.")
    expect(page.locator("#outbox")).to_have_attribute("data-state", "offline")
    shot(page, f"offline-{lang}")

    page.route(API, lambda route: route.abort("connectionrefused"))
    page.context.set_offline(False)
    expect(page.locator(".outbox-state")).to_contain_text(re.compile(r"\d\d:\d\d"))
    expect(page.locator("#outbox")).to_have_attribute("data-state", "waiting")
    shot(page, f"waiting-{lang}")

    held = []
    page.unroute(API)
    page.route(API, lambda route: held.append(route))
    page.locator(".outbox-send").click()
    until(page, lambda: held)
    expect(page.locator("#outbox")).to_have_attribute("data-state", "sending")
    expect(page.locator(".outbox-item.sending")).to_have_count(1)
    shot(page, f"sending-{lang}")
    held[0].continue_()
    waiting(page, 0)
    expect(page.locator(".notice.queued strong")).not_to_have_text(re.compile("saved|cadw"))
    page.locator(".outbox-sent summary").click()
    expect(page.locator("#outbox")).to_have_attribute("data-state", "sent")
    shot(page, f"sent-{lang}")

    page.unroute(API)

    def old_questions(route):
        body = route.request.post_data_json
        body["framework_version"] = 999
        route.fulfill(response=route.fetch(post_data=json.dumps(body)))

    page.route(API, old_questions)
    write_story(page, f"A story the server could not take.\n{WELSH}", title="Teitl")
    expect(page.locator("#outbox")).to_have_attribute("data-state", "parked")
    shot(page, f"parked-{lang}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    small = page.locator("#outbox button:visible, #outbox summary:visible").evaluate_all(
        "els => els.filter(e => e.getBoundingClientRect().height < 44).map(e => e.outerHTML)"
    )
    assert small == []
