"""Telling a story through the HTML form, including every kind of bad input."""

import uuid

import pytest
from sqlalchemy import func, inspect, select

from app.extensions import db
from app.models import Answer, Story
from tests.helpers import full_answers, minimal_answers, post_story
from tests.pages import check_page

LANGS = ("cy", "en")


def stories():
    return list(db.session.execute(select(Story).order_by(Story.id)).scalars())


@pytest.mark.parametrize("lang", LANGS)
def test_every_question_type_is_stored(client, lang):
    response, form = post_story(client, lang, data=full_answers())
    assert response.status_code == 303
    assert response.location == f"/{lang}/s/iwa/thanks"
    check_page(client.get(response.location), lang)
    (story,) = stories()
    assert story.language == lang and story.partner.slug == "iwa"
    assert str(story.client_id) == form["client_id"]
    assert story.framework.version >= 1 and story.title == "Y bws hwyr"
    assert story.received_at is not None and story.started_at is not None
    got = {(a.question_id, a.item_id): a for a in story.answers}
    assert (got["focus", ""].a, got["focus", ""].b, got["focus", ""].c) == (5000, 3000, 2000)
    assert got["shaped_by", ""].is_na and got["shaped_by", ""].a is None
    triad = got["people_were", ""]
    assert triad.a + triad.b + triad.c == 10000
    assert got["outcome", ""].a == 7500 and got["change", ""].is_na and got["voices", ""].a == 0
    assert (got["support", "public_services"].a, got["support", "public_services"].b) == (
        1000,
        2050,
    )
    assert ("support", "employers") not in got  # left off the canvas
    assert {k[1] for k in got if k[0] == "about"} == {"me", "community"}
    assert got["area", ""].option_id == "gwynedd"


def test_nothing_identifying_is_stored(client):
    client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    client.environ_base["HTTP_USER_AGENT"] = "DistinctiveAgent/9.9 (Pixel 0)"
    response, _ = post_story(client)
    assert response.status_code == 303
    columns = {c["name"] for t in ("story", "answer") for c in inspect(db.engine).get_columns(t)}
    assert not {c for c in columns if c == "ip" or "agent" in c or "device" in c or "cookie" in c}
    everything = []
    for table in db.metadata.sorted_tables:
        everything += [str(row) for row in db.session.execute(table.select())]
    dump = " ".join(everything)
    assert "203.0.113.77" not in dump and "DistinctiveAgent" not in dump


@pytest.mark.parametrize("lang", LANGS)
def test_empty_story_keeps_everything_else(client, lang):
    data = full_answers()
    data["story"] = "   "
    response, _ = post_story(client, lang, data=data)
    page = check_page(response, lang, status=422)
    html = response.get_data(as_text=True)
    assert page.title.startswith("Gwall:" if lang == "cy" else "Error:")
    assert 'href="#q-story"' in html
    assert 'value="Y bws hwyr"' in html  # the title typed is still there
    assert 'name="focus-1" value="50"' in html
    assert 'value="gwynedd" selected' in html
    assert 'value="community" checked' in html
    assert not stories()


@pytest.mark.parametrize("lang", LANGS)
def test_overlong_story_is_refused_and_handed_back(client, lang):
    story = "Mae'r stori hon yn hir iawn. " * 3500  # about 100,000 characters
    response, _ = post_story(client, lang, story=story)
    check_page(response, lang, status=422)
    html = response.get_data(as_text=True)
    assert "20,000" in html
    assert story.replace("'", "&#39;") in html
    assert not stories()


@pytest.mark.parametrize(
    "values",
    [("-5", "50", "50"), ("150", "0", "0"), ("0", "0", "0"), ("lots", "1", "1"), ("NaN", "1", "1")],
)
@pytest.mark.parametrize("lang", LANGS)
def test_bad_triad_values_are_explained_and_kept(client, lang, values):
    data = minimal_answers()
    data.update({"focus-1": values[0], "focus-2": values[1], "focus-3": values[2]})
    response, _ = post_story(client, lang, data=data)
    check_page(response, lang, status=422)
    html = response.get_data(as_text=True)
    assert 'href="#q-focus"' in html
    assert f'name="focus-1" value="{values[0]}"' in html
    assert 'aria-describedby="q-focus-hint focus-error"' in html
    assert not stories()


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_option_is_refused(client, lang):
    response, _ = post_story(client, lang, feeling="ecstatic")
    check_page(response, lang, status=422)
    assert 'href="#q-feeling"' in response.get_data(as_text=True)
    assert not stories()


@pytest.mark.parametrize("version", ["999", "0", "-1", "abc", "", "1; DROP TABLE story"])
def test_tampered_framework_version_keeps_the_answers(client, version):
    response, _ = post_story(client, "cy", framework_version=version, title="Teitl ŵ")
    check_page(response, "cy", status=422)
    html = response.get_data(as_text=True)
    assert 'value="Teitl ŵ"' in html
    assert not stories()


def test_missing_csrf_token_keeps_the_answers(client):
    response, _ = post_story(client, "en", csrf_token="", title="Keep me")
    check_page(response, "en", status=422)
    assert 'value="Keep me"' in response.get_data(as_text=True)
    assert not stories()


def test_junk_client_id_keeps_the_answers(client):
    response, _ = post_story(client, "en", client_id="not-a-uuid", title="Still here")
    check_page(response, "en", status=422)
    assert 'value="Still here"' in response.get_data(as_text=True)
    assert not stories()


@pytest.mark.parametrize("lang", LANGS)
def test_welsh_emoji_and_control_characters(client, lang):
    story = "Ŵyn bach ar y ffridd, ŷd yn y cae 🐑🏴󠁧󠁢󠁷󠁬󠁳󠁿\r\nAil linell – “dyfyniad”"
    response, _ = post_story(client, lang, story=story + "\x00\x1b", title="Âŵŷ ✨")
    assert response.status_code == 303 and "cleaned=2" in response.location
    thanks = client.get(response.location)
    check_page(thanks, lang)
    assert "2" in thanks.get_data(as_text=True)
    (saved,) = stories()
    assert saved.text == story and saved.title == "Âŵŷ ✨"


def test_double_submit_stores_one_story(client):
    first, form = post_story(client)
    second = client.post("/en/s/iwa/", data=form)
    assert first.status_code == second.status_code == 303
    assert db.session.execute(select(func.count(Story.id))).scalar() == 1


def test_same_client_id_with_different_answers_is_not_lost_or_merged(client):
    _, form = post_story(client)
    form["story"] = "A different story entirely."
    response = client.post("/en/s/iwa/", data=form)
    check_page(response, "en", status=409)
    html = response.get_data(as_text=True)
    assert "A different story entirely." in html
    assert f'value="{form["client_id"]}"' not in html  # a new id, so sending again works
    assert len(stories()) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_recorder_mode_marks_proxy_and_starts_clean(client, lang):
    response = client.post(
        f"/{lang}/s/iwa/recorder", data={"mode": "on", "csrf_token": _token(client, lang)}
    )
    assert response.status_code == 303
    form_page = client.get(f"/{lang}/s/iwa/")
    check_page(form_page, lang)
    html = form_page.get_data(as_text=True)
    assert 'name="teller" value="proxy" checked' in html
    assert "recorder-on" in html
    data = minimal_answers()
    data.update({"teller": "proxy", "age": "age_16_24", "area": "powys"})
    response, form = post_story(client, lang, data=data)
    assert response.location == f"/{lang}/s/iwa/?sent=1"
    fresh = client.get(response.location)
    check_page(fresh, lang)
    fresh_html = fresh.get_data(as_text=True)
    assert form["client_id"] not in fresh_html
    assert "selected" not in fresh_html.split('id="q-area"')[1].split("</select>")[0]
    assert 'value="age_16_24" checked' not in fresh_html
    (story,) = stories()
    assert story.is_proxy
    client.post(f"/{lang}/s/iwa/recorder", data={"mode": "off", "csrf_token": _token(client, lang)})
    assert 'value="proxy" checked' not in client.get(f"/{lang}/s/iwa/").get_data(as_text=True)


def _token(client, lang):
    from tests.helpers import csrf_token

    return csrf_token(client.get(f"/{lang}/s/iwa/").get_data(as_text=True))


def test_unknown_partner_cannot_receive_a_story(client):
    response = client.post("/en/s/nobody/", data=minimal_answers())
    assert response.status_code == 404
    assert not stories()


def test_database_refuses_a_triad_that_does_not_sum_to_one(client):
    post_story(client)
    (story,) = stories()
    db.session.add(
        Answer(story_id=story.id, question_id="focus", kind="triad", a=5000, b=5000, c=1)
    )
    with pytest.raises(Exception, match="(?i)check|constraint"):
        db.session.commit()
    db.session.rollback()


def test_database_refuses_a_duplicate_client_id(client):
    post_story(client)
    (story,) = stories()
    clone = Story(
        client_id=story.client_id,
        partner_id=story.partner_id,
        framework_id=story.framework_id,
        language="en",
        text="x",
        received_at=story.received_at,
        content_hash="x",
    )
    db.session.add(clone)
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        db.session.commit()
    db.session.rollback()
    assert uuid.UUID(str(story.client_id))
