"""Every page in both languages passes the page checker; the language plumbing works."""

import pytest

from tests.pages import check_page

LANGS = ("cy", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_home_lists_every_partner_with_its_link(client, lang):
    response = client.get(f"/{lang}/")
    check_page(response, lang)
    html = response.get_data(as_text=True)
    for slug in ("iwa", "wcc", "bitc", "carbs", "cfw", "chc", "cymorth", "eyst", "wcva", "ylab"):
        assert f'href="/{lang}/s/{slug}/"' in html
    assert ("Sefydliad Materion Cymreig" if lang == "cy" else "Institute of Welsh Affairs") in html


@pytest.mark.parametrize("lang", LANGS)
def test_story_form_page(client, lang):
    response = client.get(f"/{lang}/s/eyst/")
    page = check_page(response, lang)
    html = response.get_data(as_text=True)
    assert "novalidate" in html
    assert f'href="/{"en" if lang == "cy" else "cy"}/s/eyst/"' in html
    assert len(page.post_forms) == 2  # the story and the recorder switch


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_partner_is_a_404_in_the_page_language(client, lang):
    response = client.get(f"/{lang}/s/no-such-partner/")
    check_page(response, lang, status=404)
    text = response.get_data(as_text=True)
    assert ("Heb ddod o hyd" in text) if lang == "cy" else ("Page not found" in text)


@pytest.mark.parametrize(("header", "where"), [("cy", "/cy/"), ("en-GB,en;q=0.9", "/en/")])
def test_root_follows_the_browser_language(client, header, where):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302 and response.location.endswith(where)


def test_root_follows_the_saved_choice_before_the_browser(client):
    client.get("/cy/")  # remembers Welsh
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.location.endswith("/cy/")


def test_root_without_a_preference_offers_welsh_first(client):
    response = client.get("/", headers={"Accept-Language": "fr"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("Cymraeg") < html.index("English")


def test_unsupported_language_prefix_is_a_404(client):
    assert client.get("/fr/s/iwa/").status_code == 404


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}
