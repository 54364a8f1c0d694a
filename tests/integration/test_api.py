"""POST /api/v1/stories: idempotency, validation in both languages, and hostile requests."""

import json
import threading
import uuid

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select

from app.api.routes import OPENAPI
from app.extensions import db, limiter
from app.framework.service import latest
from app.models import Story

URL = "/api/v1/stories"


def body(**extra):
    data = {
        "client_id": str(uuid.uuid4()),
        "partner": "wcva",
        "framework_version": latest("live-learning").version,
        "language": "cy",
        "started_at": "2026-11-30T09:00:00Z",
        "completed_at": "2026-11-30T09:12:00Z",
        "answers": {
            "prompt": "past_weeks",
            "story": "Stori am y gymuned.",
            "teller": "proxy",
            "consent": "no",
            "focus": {"values": [10, 20, 70]},
            "outcome": {"value": 30},
            "change": {"value": None, "na": True},
            "support": {"items": {"neighbours": {"x": 80, "y": 95}}},
            "about": ["community"],
        },
    }
    data.update(extra)
    return data


def post(client, data, **kw):
    headers = {"Sec-Fetch-Site": "same-origin", **kw.pop("headers", {})}
    return client.post(URL, json=data, headers=headers, **kw)


def count():
    return db.session.execute(select(func.count(Story.id))).scalar()


def test_new_story_is_created_and_a_resend_is_already_received(client):
    data = body()
    first = post(client, data)
    assert first.status_code == 201 and first.json["status"] == "created"
    # the server committed but the reply was lost: the phone sends again
    again = post(client, data)
    assert again.status_code == 200 and again.json["status"] == "already_received"
    assert count() == 1
    story = db.session.execute(select(Story)).scalar_one()
    assert story.is_proxy and not story.consent_quote and story.language == "cy"
    assert story.partner.slug == "wcva"


def test_same_id_different_content_is_a_conflict(client):
    data = body()
    post(client, data)
    data["answers"]["story"] = "Stori wahanol."
    response = post(client, data)
    assert response.status_code == 409
    assert response.json["errors"][0]["question"] == "_client_id"
    assert count() == 1


def test_invalid_answers_get_errors_per_question_in_both_languages(client):
    data = body()
    data["answers"].update(story="", focus={"values": [0, 0, 0]}, feeling="ecstatic")
    response = post(client, data)
    assert response.status_code == 422
    errors = {e["question"]: e["message"] for e in response.json["errors"]}
    assert set(errors) == {"story", "focus", "feeling"}
    assert errors["story"]["en"].startswith("Please tell your story")
    assert errors["story"]["cy"].startswith("Adroddwch eich stori")
    assert count() == 0


def test_story_arrives_byte_exact(client):
    story = ("Ŵyn a ŷd ym Mhen Llŷn 🐑🏴󠁧󠁢󠁷󠁬󠁳󠁿 “dyfyniad”\r\n" * 300)[:10_000]
    assert len(story) == 10_000
    data = body()
    data["answers"]["story"] = story
    assert post(client, data).status_code == 201
    saved = db.session.execute(select(Story)).scalar_one()
    assert saved.text.encode("utf-8") == story.encode("utf-8")


def test_an_old_framework_version_is_accepted_and_an_unknown_one_is_not(client):
    response = post(client, body(framework_version=latest("live-learning").version))
    assert response.status_code == 201
    for version in (999, "abc", None, -1):
        response = post(client, body(framework_version=version))
        assert response.status_code == 422
        assert response.json["errors"][0]["question"] == "_framework"


def test_unknown_partner_is_refused(client):
    response = post(client, body(partner="nobody"))
    assert response.status_code == 422 and response.json["errors"][0]["question"] == "_partner"


@pytest.mark.parametrize(
    "payload",
    [
        [],
        "story",
        {"answers": []},
        {"answers": {}, "partner": 5},
        {"answers": {}, "partner": "iwa"},
    ],
)
def test_a_body_that_is_not_a_submission_is_a_400(client, payload):
    response = post(client, payload)
    assert response.status_code == 400 and response.json["status"] == "invalid"


def test_broken_json_is_a_400(client):
    response = client.post(
        URL,
        data="{not json",
        content_type="application/json",
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", None])
def test_a_body_that_is_not_json_is_a_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post(URL, data=json.dumps(body()), headers=headers)
    assert response.status_code == 415 and response.json["code"] == 415
    assert count() == 0


def test_an_oversized_body_is_a_413(client):
    data = body()
    data["answers"]["story"] = "a" * 300_000
    response = post(client, data)
    assert response.status_code == 413
    assert count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "same-origin", "Origin": "https://evil.example"},
    ],
)
def test_cross_site_requests_are_refused(client, headers):
    response = client.post(URL, json=body(), headers=headers)
    assert response.status_code == 403
    assert count() == 0


def test_same_origin_with_origin_header_is_accepted(client):
    response = post(client, body(), headers={"Origin": "http://localhost"})
    assert response.status_code == 201


def test_rate_limit_answers_429_with_retry_after(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    try:
        codes = [post(client, body()).status_code for _ in range(5)]
        assert codes[:3] == [201, 201, 201] and codes[3:] == [429, 429]
        limited = post(client, body())
        assert int(limited.headers["Retry-After"]) > 0
        assert limited.json["code"] == 429
    finally:
        app.config["API_RATE_LIMIT"] = "120 per minute;2000 per hour"
        limiter.reset()


def test_concurrent_duplicates_land_once(app, client):
    data = body()
    codes = []

    def send():
        with app.app_context():
            codes.append(post(app.test_client(), data).status_code)
            db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 200, 200, 201]
    assert count() == 1


def test_openapi_document_describes_the_endpoint_and_matches_a_real_request(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert set(spec["paths"]["/api/v1/stories"]["post"]["responses"]) >= {
        "200",
        "201",
        "400",
        "403",
        "409",
        "413",
        "415",
        "422",
        "429",
    }
    schema = {"$ref": "#/components/schemas/Submission", "components": spec["components"]}
    Draft202012Validator(schema).validate(body())
    assert json.loads(OPENAPI.read_text())["openapi"].startswith("3.1")


def test_a_partner_switched_off_stops_receiving_within_the_cache_time(client):
    from app.collect import service
    from app.models import Partner

    assert post(client, body()).status_code == 201  # remembered as receiving
    partner = db.session.execute(select(Partner).filter_by(slug="wcva")).scalar_one()
    partner.active = False
    db.session.commit()
    try:
        assert service.receiving_partner("wcva") is not None  # still within the minute
        later = service.time.monotonic() + service.RECEIVER_TTL + 1
        assert service.receiving_partner("wcva", now=later) is None
        assert service.receiving_partner("wcva") is None  # forgotten, not re-cached
    finally:
        partner.active = True
        db.session.commit()
