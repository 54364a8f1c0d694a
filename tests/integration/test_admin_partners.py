"""The administrator's partner pages: add, rename, change sector, stop and start collecting."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Partner
from tests.admin_fixtures import ADMIN, as_admin, partners, partners_restored, post  # noqa: F401
from tests.analysts import make_story
from tests.integration.test_api import body as api_body
from tests.integration.test_api import post as api_post
from tests.pages import check_page


@pytest.fixture
def client(web):
    return web


# --- partners -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_adding_a_partner_opens_its_story_form(client, analysts, lang):
    as_admin(client, lang)
    response = post(
        client,
        "/partners/new",
        lang,
        slug="  Care-Forum-2 ",
        name_cy="  Fforwm   Gofal\nNewydd ",
        name_en="New Care Forum",
        sector="care",
    )
    assert response.status_code == 302
    partner = db.session.execute(select(Partner).filter_by(slug="care-forum-2")).scalar_one()
    assert (partner.name_cy, partner.active) == ("Fforwm Gofal Newydd", True)
    assert client.get(f"/{lang}/s/care-forum-2/").status_code == 200
    assert "Fforwm Gofal Newydd" in client.get("/cy/").get_data(as_text=True)
    check_page(client.get(response.headers["Location"]), lang)


BAD_SLUGS = ["Bad Slug", "-lead", "trail-", "two--hyphens", "under_score", "ŵyn", "a/b", "x" * 41]


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize(
    ("form", "field"),
    [
        *[({"slug": s}, "slug") for s in BAD_SLUGS],
        ({"slug": "nul\x00"}, "slug"),
        ({"slug": "iwa"}, "slug"),  # taken
        ({"slug": ""}, "slug"),
        ({"name_cy": "  \n "}, "name_cy"),
        ({"name_en": ""}, "name_en"),
        ({"name_cy": "n" * 201}, "name_cy"),
        ({"name_en": "n" * 201}, "name_en"),
        ({"sector": "pirates"}, "sector"),
        ({"sector": ""}, "sector"),
    ],
)
def test_a_wrong_partner_is_refused_and_nothing_is_written(client, analysts, lang, form, field):
    data = {"slug": "new-one", "name_cy": "Un newydd", "name_en": "A new one", "sector": "care"}
    data.update(form)
    as_admin(client, lang)
    before = partners()
    response = post(client, "/partners/new", lang, **data)
    check_page(response, lang, status=400)
    body = response.get_data(as_text=True)
    assert f'href="#{field}"' in body and f'id="{field}-error"' in body
    assert partners() == before
    if field != "name_cy" and "\x00" not in data["slug"]:
        assert 'value="Un newydd"' in body  # the rest of the input is kept


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_editing_a_partner_renames_it_everywhere_and_escapes_it(client, analysts, lang):
    as_admin(client, lang)
    response = post(
        client,
        "/partners/iwa",
        lang,
        name_cy="<script>alert('cy')</script>",
        name_en="Institute <b>of</b> Welsh Affairs",
        sector="research",
        active="yes",
    )
    assert response.status_code == 302
    iwa = db.session.execute(select(Partner).filter_by(slug="iwa")).scalar_one()
    assert (iwa.name_en, iwa.sector) == ("Institute <b>of</b> Welsh Affairs", "research")
    for url in ("/cy/", "/en/", ADMIN.format(lang=lang) + "/partners"):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in body and "<b>of</b>" not in body
    assert "Institute &lt;b&gt;of&lt;/b&gt; Welsh Affairs" in client.get("/en/").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"active": "maybe"}, "active"),
        ({"active": ""}, "active"),
        ({"sector": "not-a-sector"}, "sector"),
        ({"name_en": "e" * 5000}, "name_en"),
    ],
)
def test_a_wrong_partner_change_is_refused(client, analysts, form, field):
    data = {"name_cy": "Enw", "name_en": "Name", "sector": "policy", "active": "yes", **form}
    as_admin(client)
    response = post(client, "/partners/iwa", **data)
    check_page(response, "en", status=400)
    assert f'href="#{field}"' in response.get_data(as_text=True)
    iwa = db.session.execute(select(Partner).filter_by(slug="iwa")).scalar_one()
    assert iwa.name_en == "Institute of Welsh Affairs" and iwa.active


def test_a_partner_with_an_unlisted_sector_keeps_it(client, analysts):
    iwa = db.session.execute(select(Partner).filter_by(slug="iwa")).scalar_one()
    iwa.sector = "legacy_code"
    db.session.commit()
    as_admin(client)
    page = client.get("/en/explore/admin/partners/iwa").get_data(as_text=True)
    assert '<option value="legacy_code" selected>' in page
    response = post(
        client, "/partners/iwa", name_cy="A", name_en="B", sector="legacy_code", active="yes"
    )
    assert response.status_code == 302


def test_stopping_a_partner_closes_its_form_and_api_at_once_and_keeps_its_stories(
    client, analysts, framework
):

    make_story("wcva", framework)
    assert api_post(client, api_body()).status_code == 201  # wcva is now remembered as receiving
    as_admin(client)
    wcva = {"name_cy": "Cyngor Gweithredu Gwirfoddol Cymru", "sector": "voluntary"}
    wcva["name_en"] = "Wales Council for Voluntary Action"
    response = post(client, "/partners/wcva", **wcva, active="no")
    assert response.status_code == 302
    assert "stopped collecting" in client.get(response.headers["Location"]).get_data(as_text=True)
    refused = api_post(client, api_body())
    assert refused.status_code == 422 and refused.json["errors"][0]["question"] == "_partner"
    assert client.get("/en/s/wcva/").status_code == 404
    assert client.get("/en/s/wcva/manifest.webmanifest").status_code == 404
    assert "Wales Council for Voluntary Action" not in client.get("/en/").get_data(as_text=True)
    stories = client.get("/en/explore/stories?partner=wcva").get_data(as_text=True)
    assert "Late bus" in stories  # its stories stay
    links = client.get("/en/explore/links").get_data(as_text=True)
    assert "not collecting stories at the moment" in links and "/en/s/wcva/" not in links
    assert client.get("/en/explore/links/wcva/poster").status_code == 404
    post(client, "/partners/wcva", **wcva, active="yes")
    assert client.get("/en/s/wcva/").status_code == 200
    assert api_post(client, api_body()).status_code == 201


@pytest.mark.parametrize(
    "url", ["/en/s/%00/", "/en/s/iwa%00/", "/cy/s/iwa%00/manifest.webmanifest"]
)
def test_a_nul_in_a_story_form_address_is_404_not_a_database_error(client, url):
    assert client.get(url).status_code == 404
