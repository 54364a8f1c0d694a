"""Building valid form posts and API-shaped answers for tests."""

import re
import uuid

from werkzeug.datastructures import MultiDict

CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'id="{name}" name="{name}" type="hidden" value="([^"]*)"', html)
    assert match, f"no hidden {name}"
    return match.group(1)


def minimal_answers() -> dict[str, str]:
    """The required answers of the default framework, as form fields."""
    return {
        "prompt": "past_weeks",
        "story": "Roedd y bws yn hwyr eto, ond fe helpodd cymydog fi i gyrraedd y meddyg.",
        "teller": "own",
        "consent": "yes",
    }


def full_answers() -> MultiDict:
    """Every question of the default framework answered, as form fields."""
    data = MultiDict(minimal_answers())
    data.update(
        {
            "title": "Y bws hwyr",
            "focus-1": "50",
            "focus-2": "30",
            "focus-3": "20",
            "shaped_by-na": "1",
            "people_were-1": "1",
            "people_were-2": "1",
            "people_were-3": "1",
            "outcome": "75",
            "change-na": "1",
            "voices": "0",
            "support-neighbours-x": "90",
            "support-neighbours-y": "100",
            "support-public_services-x": "10",
            "support-public_services-y": "20.5",
            "feeling": "positive",
            "frequency": "often",
            "age": "age_35_44",
            "area": "gwynedd",
        }
    )
    data.add("about", "me")
    data.add("about", "community")
    return data


def post_story(client, lang: str = "en", partner: str = "iwa", data=None, **overrides):
    """GET the form, then POST it with `data` (default: the minimal answers)."""
    page = client.get(f"/{lang}/s/{partner}/").get_data(as_text=True)
    form = MultiDict(data if data is not None else minimal_answers())
    form.setdefault("csrf_token", csrf_token(page))
    form.setdefault("client_id", hidden(page, "client_id"))
    form.setdefault("framework_version", hidden(page, "framework_version"))
    form.setdefault("started_at", hidden(page, "started_at"))
    for key, value in overrides.items():
        form[key] = value
    return client.post(f"/{lang}/s/{partner}/", data=form), form


def new_client_id() -> str:
    return str(uuid.uuid4())
