"""The install manifest, the service worker and the offline page (server side)."""

import json
import re

import pytest

from tests.pages import check_page


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_manifest_per_partner_and_language(client, lang):
    response = client.get(f"/{lang}/s/chc/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["start_url"] == f"/{lang}/s/chc/" and manifest["lang"] == lang
    name = "Tai Cymunedol Cymru" if lang == "cy" else "Community Housing Cymru"
    assert name in manifest["name"] and name in manifest["description"]
    if lang == "cy":
        assert "Tell your story" not in manifest["description"]
    sizes = {i["sizes"] for i in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as icon_response:
            assert icon_response.status_code == 200


def test_form_links_its_manifest(client):
    html = client.get("/cy/s/chc/").get_data(as_text=True)
    assert '<link rel="manifest" href="/cy/s/chc/manifest.webmanifest">' in html


def test_unknown_partner_has_no_manifest(client):
    assert client.get("/en/s/nobody/manifest.webmanifest").status_code == 404


def test_service_worker_is_served_at_the_root_uncached_with_its_release(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.mimetype == "text/javascript"
    source = response.get_data(as_text=True)
    assert "__RELEASE__" not in source and "__PRECACHE__" not in source
    assert re.search(r'const RELEASE = "[0-9a-f]{12}";', source)
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source).group(1))
    assert "/static/css/main.css" in precache and "/offline" in precache
    for url in precache:
        with client.get(url) as asset:
            assert asset.status_code == 200, url
    assert "/static/css/explore.css" not in precache
    # the worker never handles anything but GET
    assert 'if (request.method !== "GET") return;' in source


def test_offline_page_speaks_welsh_first(client):
    response = client.get("/offline")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="cy">' in html and '<section lang="en">' in html
    assert html.index("Rydych chi all-lein") < html.index("You are offline")


def test_form_page_still_passes_the_page_checks_with_the_manifest(client):
    check_page(client.get("/en/s/chc/"), "en")
