"""Collection links with QR codes, and the printable bilingual poster."""

import re

import pytest

from tests.analysts import ROLES
from tests.explore_fixtures import as_role, clean_curation  # noqa: F401
from tests.pages import check_page


@pytest.fixture
def client(web):
    return web


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_links_page_shows_the_partners_the_role_may_see(client, analysts, role, lang):
    as_role(client, analysts, role, lang)
    response = client.get(f"/{lang}/explore/links")
    check_page(response, lang)
    body = response.get_data(as_text=True)
    assert "http://localhost/cy/s/iwa/" in body and "http://localhost/en/s/iwa/" in body
    assert ("/s/wcc/" in body) == (role != "partner_analyst")
    assert body.count('<svg role="img"') == (2 if role == "partner_analyst" else 20)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_poster_is_bilingual_welsh_first(client, analysts, lang):
    as_role(client, analysts, "partner_analyst", lang)
    response = client.get(f"/{lang}/explore/links/iwa/poster")
    check_page(response, lang)
    body = response.get_data(as_text=True)
    assert body.index("Rhannwch eich stori") < body.index("Share your story")
    assert body.index("localhost/cy/s/iwa") < body.index("localhost/en/s/iwa")
    assert len(re.findall(r'<svg role="img"[^>]*class="qr"', body)) == 2


def test_qr_code_encodes_the_link():
    from app.explore.links import qr_svg

    svg = qr_svg("https://straeon.example/cy/s/iwa/", "https://straeon.example/cy/s/iwa/")
    assert svg.startswith('<svg role="img"') and "viewBox" in svg and "<title>" in svg


@pytest.mark.parametrize("role", ROLES)
def test_another_partners_poster_is_404(client, analysts, role):
    as_role(client, analysts, role)
    assert client.get("/en/explore/links/wcc/poster").status_code == (
        404 if role == "partner_analyst" else 200
    )
    assert client.get("/en/explore/links/nope/poster").status_code == 404
