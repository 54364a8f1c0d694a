"""Reading a JSON submission into plain data for the shared validator. No Flask here."""

from dataclasses import dataclass
from typing import Any

from app.collect.submission import RawSubmission

MAX_ANSWERS = 200


class BadRequest(ValueError):
    """The body is JSON, but not a submission (400, not 422: no person typed this)."""


@dataclass(frozen=True)
class Envelope:
    partner: str
    framework: str | None
    framework_version: Any
    raw: RawSubmission


def read_envelope(body: Any) -> Envelope:
    """Check the shape around the answers; the answers themselves are the validator's job."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    answers = body.get("answers")
    if not isinstance(answers, dict) or len(answers) > MAX_ANSWERS:
        raise BadRequest("'answers' must be an object keyed by question id")
    partner = body.get("partner")
    if not isinstance(partner, str) or not partner:
        raise BadRequest("'partner' must be a partner's slug")
    language = body.get("language")
    if language not in ("cy", "en"):
        raise BadRequest("'language' must be 'cy' or 'en'")
    framework = body.get("framework")
    if framework is not None and not isinstance(framework, str):
        raise BadRequest("'framework' must be a framework slug")
    return Envelope(
        partner=partner,
        framework=framework,
        framework_version=body.get("framework_version"),
        raw=RawSubmission(
            client_id=body.get("client_id"),
            language=language,
            answers=answers,
            started_at=body.get("started_at"),
            completed_at=body.get("completed_at"),
        ),
    )
