"""Flags, tags and private notes on a story; the flagged filter; the meeting pack."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import StoryFlag, StoryNote, StoryTag
from tests.analysts import ROLES, FreshClient, make_story, sign_in
from tests.explore_fixtures import as_role, clean_curation  # noqa: F401
from tests.helpers import csrf_token
from tests.pages import check_page


@pytest.fixture
def client(web):
    return web


@pytest.fixture
def two(framework, analysts):
    own = make_story("iwa", framework, title="Library", text="Own partner story.")
    other = make_story("wcc", framework, title="Harbour", text="Other partner story.")
    return {"own": own.id, "other": other.id}


def _post(client, lang, story_id, action, **data):
    page = client.get(f"/{lang}/explore/stories/{story_id}").get_data(as_text=True)
    return client.post(
        f"/{lang}/explore/stories/{story_id}/{action}",
        data={"csrf_token": csrf_token(page), **data},
    )


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_flag_tag_and_note_then_see_them(client, analysts, two, lang):
    as_role(client, analysts, "partner_analyst", lang)
    sid = two["own"]
    response = _post(client, lang, sid, "flag", reason="Shows the bus <b>cuts</b>")
    assert response.status_code == 302 and response.headers["Location"].endswith("#curation")
    assert (
        _post(client, lang, sid, "tags", tag="  transport   <script>x</script> ").status_code == 302
    )
    assert _post(client, lang, sid, "notes", note="Ask <i>Sam</i>\nabout this").status_code == 302
    response = client.get(f"/{lang}/explore/stories/{sid}")
    check_page(response, lang)
    body = response.get_data(as_text=True)
    assert "<script>x" not in body and "transport &lt;script&gt;x&lt;/script&gt;" in body
    assert "Ask &lt;i&gt;Sam&lt;/i&gt;" in body and "&lt;b&gt;cuts&lt;/b&gt;" in body
    flag = db.session.execute(select(StoryFlag)).scalar_one()
    assert (flag.story_id, flag.scope, flag.flagged_by_id) == (
        sid,
        "partner",
        analysts["partner_analyst"].id,
    )


def test_one_flag_per_team_and_tags_are_not_doubled(client, analysts, two):
    as_role(client, analysts, "partner_analyst")
    for _ in range(2):
        _post(client, "en", two["own"], "flag")
        _post(client, "en", two["own"], "tags", tag="Housing")
    _post(client, "en", two["own"], "tags", tag="housing")
    client.post(
        "/en/explore/logout",
        data={"csrf_token": csrf_token(client.get("/en/explore/").get_data(as_text=True))},
    )
    as_role(client, analysts, "partnership_analyst")
    _post(client, "en", two["own"], "flag")
    _post(client, "en", two["own"], "tags", tag="Housing")
    scopes = sorted(db.session.execute(select(StoryFlag.scope)).scalars())
    assert scopes == ["partner", "partnership"]
    assert db.session.execute(select(func.count(StoryTag.id))).scalar_one() == 2
    # both teams' "Housing" is one tag link on the list, not two
    listed = client.get("/en/explore/stories").get_data(as_text=True)
    assert len(re.findall(r">Housing</a>", listed)) == 1


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("tags", "tag", "   "),
        ("tags", "tag", "x" * 61),
        ("notes", "note", ""),
        ("notes", "note", "n" * 4001),
        ("flag", "reason", "r" * 301),
    ],
)
def test_bad_input_shows_an_error_summary_and_keeps_the_input(
    client, analysts, two, lang, action, field, value
):
    as_role(client, analysts, "partner_analyst", lang)
    response = _post(client, lang, two["own"], action, **{field: value})
    page = check_page(response, lang, status=400)
    body = response.get_data(as_text=True)
    assert page.title.startswith("Gwall: " if lang == "cy" else "Error: ")
    assert 'class="error-summary"' in body and f'href="#{field}"' in body
    if value.strip():
        assert value in body
    assert not db.session.execute(select(func.count(StoryTag.id))).scalar_one()


@pytest.mark.parametrize(
    "action", ["flag", "unflag", "tags", "notes", "tags/1/delete", "notes/1/delete"]
)
def test_another_partners_story_cannot_be_curated(client, analysts, two, action):
    as_role(client, analysts, "partner_analyst")
    token = csrf_token(client.get("/en/explore/").get_data(as_text=True))
    response = client.post(
        f"/en/explore/stories/{two['other']}/{action}",
        data={"csrf_token": token, "tag": "x", "note": "x"},
    )
    assert response.status_code == 404
    assert not db.session.execute(select(func.count(StoryFlag.id))).scalar_one()


def test_posts_without_csrf_are_refused(client, analysts, two):
    as_role(client, analysts, "partner_analyst")
    response = client.post(f"/en/explore/stories/{two['own']}/tags", data={"tag": "x"})
    assert response.status_code == 400


def test_remove_tag_unflag_and_delete_note_only_for_the_right_people(client, analysts, two):
    as_role(client, analysts, "partnership_analyst")
    _post(client, "en", two["own"], "flag")
    _post(client, "en", two["own"], "tags", tag="mine")
    _post(client, "en", two["own"], "notes", note="partnership note")
    tag = db.session.execute(select(StoryTag)).scalar_one()
    note = db.session.execute(select(StoryNote)).scalar_one()
    partner = FreshClient(client.application, client.application.response_class, use_cookies=True)
    sign_in(partner, "ana@iwa.example")
    body = partner.get(f"/en/explore/stories/{two['own']}").get_data(as_text=True)
    assert (
        "partnership note" in body and "mine" in body
    )  # they can see the story, so they see these
    assert f"/notes/{note.id}/delete" not in body and f"/tags/{tag.id}/delete" not in body
    for action in (f"tags/{tag.id}/delete", f"notes/{note.id}/delete", "unflag"):
        assert _post(partner, "en", two["own"], action).status_code == 302
    assert db.session.execute(select(func.count(StoryTag.id))).scalar_one() == 1
    assert db.session.execute(select(func.count(StoryNote.id))).scalar_one() == 1
    assert db.session.execute(select(func.count(StoryFlag.id))).scalar_one() == 1
    for action in (f"tags/{tag.id}/delete", f"notes/{note.id}/delete", "unflag"):
        assert _post(client, "en", two["own"], action).status_code == 302
    assert not db.session.execute(select(func.count(StoryTag.id))).scalar_one()
    assert not db.session.execute(select(func.count(StoryNote.id))).scalar_one()
    assert not db.session.execute(select(func.count(StoryFlag.id))).scalar_one()


@pytest.mark.parametrize("tag_id", ["0", "99999999999"])
def test_huge_or_zero_ids_are_harmless(client, analysts, two, tag_id):
    as_role(client, analysts, "partner_analyst")
    assert _post(client, "en", two["own"], f"tags/{tag_id}/delete").status_code == 302


def _titles(response) -> set[str]:
    return set(
        re.findall(
            r'class="story-title"><a href="[^"]*">([^<]+)</a>', response.get_data(as_text=True)
        )
    )


def test_flagged_filter(client, analysts, two, framework):
    third = make_story("iwa", framework, title="Third")
    as_role(client, analysts, "partner_analyst")
    _post(client, "en", two["own"], "flag")
    assert _titles(client.get("/en/explore/stories?flagged=any")) == {"Library"}
    assert _titles(client.get("/en/explore/stories?flagged=partner")) == {"Library"}
    assert _titles(client.get("/en/explore/stories?flagged=partnership")) == set()
    assert _titles(client.get("/en/explore/stories")) == {"Library", "Third"}
    assert client.get("/en/explore/stories?flagged=maybe").status_code == 400
    check_page(client.get("/cy/explore/?flagged=any"), "cy")
    assert third.id


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_meeting_pack_gathers_flagged_stories_in_scope(client, analysts, two, lang, role):
    now = datetime.now(UTC)
    db.session.add_all(
        [
            StoryFlag(
                story_id=two["own"], scope="partner", flagged_at=now, reason="Why <it> matters"
            ),
            StoryFlag(
                story_id=two["other"], scope="partnership", flagged_at=now - timedelta(days=3)
            ),
            StoryNote(
                story_id=two["own"], scope="partner", body="Note for the meeting", created_at=now
            ),
        ]
    )
    db.session.commit()
    as_role(client, analysts, role, lang)
    response = client.get(f"/{lang}/explore/meeting-pack")
    check_page(response, lang)
    body = response.get_data(as_text=True)
    assert "Library" in body and "Why &lt;it&gt; matters" in body and "Note for the meeting" in body
    assert ("Harbour" in body) == (role != "partner_analyst")
    old = client.get(f"/{lang}/explore/meeting-pack?from=2020-01-01&to=2020-02-01")
    assert "Library" not in old.get_data(as_text=True)
    only = client.get(f"/{lang}/explore/meeting-pack?whose=partnership").get_data(as_text=True)
    assert "Library" not in only


@pytest.mark.parametrize("query", ["from=2026-02-30", "to=soon", "whose=me", "partner=nope"])
def test_meeting_pack_bad_input_is_400(client, analysts, query):
    as_role(client, analysts, "partnership_analyst")
    assert client.get(f"/en/explore/meeting-pack?{query}").status_code == 400


def test_meeting_pack_other_partner_is_404(client, analysts, two):
    as_role(client, analysts, "partner_analyst")
    assert client.get("/en/explore/meeting-pack?partner=wcc").status_code == 404


def test_list_marks_flagged_stories_and_shows_tags(client, analysts, two):
    as_role(client, analysts, "partner_analyst")
    _post(client, "en", two["own"], "flag")
    _post(client, "en", two["own"], "tags", tag="<em>rural</em>")
    body = client.get("/en/explore/stories").get_data(as_text=True)
    assert "★" in body and "&lt;em&gt;rural&lt;/em&gt;" in body and "<em>rural" not in body


def test_curation_is_not_exported(client, analysts, two):
    as_role(client, analysts, "partner_analyst")
    _post(client, "en", two["own"], "notes", note="secret-note-text")
    _post(client, "en", two["own"], "tags", tag="secret-tag-text")
    for url in ("/en/explore/export.csv", "/en/explore/export.json"):
        text = client.get(url).get_data(as_text=True)
        assert "secret-note-text" not in text and "secret-tag-text" not in text


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_tag_filter_in_any_case_scoped_and_removable(client, analysts, two, framework, lang):
    make_story("iwa", framework, title="Untagged")
    as_role(client, analysts, "partnership_analyst")
    _post(client, lang, two["own"], "tags", tag="Cost of living")
    _post(client, lang, two["other"], "tags", tag="cost of LIVING")
    both = client.get(f"/{lang}/explore/stories?tag=COST+of+living")
    check_page(both, lang)
    assert _titles(both) == {"Library", "Harbour"}
    html = both.get_data(as_text=True)
    assert "COST of living" in html  # the chip
    assert f'href="/{lang}/explore/stories?tag=Cost+of+living"' in html  # a tag links to it
    # a partner analyst filtering by the same tag sees only their own partner's story
    partner = as_role(
        FreshClient(client.application, client.application.response_class, use_cookies=True),
        analysts,
        "partner_analyst",
    )
    assert _titles(partner.get(f"/{lang}/explore/stories?tag=cost+of+living")) == {"Library"}
    assert partner.get(f"/{lang}/explore/?tag=cost+of+living").status_code == 200
    assert _titles(partner.get(f"/{lang}/explore/stories?tag=%27%3B+DROP+TABLE+story")) == set()
    assert partner.get(f"/{lang}/explore/stories?tag=" + "x" * 61).status_code == 400
