"""Storing a validated story: one transaction, idempotent on the device's client_id."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.collect.submission import Submission
from app.extensions import db
from app.models import Answer, Partner, Story


class ClientIdConflict(Exception):
    """The client_id is already used by a story with different content."""


def active_partner(slug: str) -> Partner | None:
    return db.session.execute(
        select(Partner).filter_by(slug=slug, active=True)
    ).scalar_one_or_none()


def list_partners() -> list[Partner]:
    return list(
        db.session.execute(select(Partner).filter_by(active=True).order_by(Partner.id)).scalars()
    )


def _existing(submission: Submission) -> Story | None:
    return db.session.execute(
        select(Story).filter_by(client_id=submission.client_id)
    ).scalar_one_or_none()


@dataclass(frozen=True)
class Stored:
    """What the sender is told: read before the commit expires the ORM objects."""

    client_id: uuid.UUID
    received_at: datetime
    created: bool


def store(submission: Submission, partner: Partner) -> Stored:
    """Save the story and its answers; `created` is False for a resend of the same story.

    The insert comes first and the unique constraint on client_id decides: a resend or a
    concurrent copy fails to insert and then finds the story that landed. New stories, the
    common case, cost no look-up.
    """
    digest = submission.content_hash(partner.slug)
    received_at = datetime.now(UTC)
    story = Story(
        client_id=submission.client_id,
        partner_id=partner.id,
        framework_id=submission.framework.db_id,
        language=submission.language,
        prompt_id=submission.prompt_id,
        title=submission.title,
        text=submission.text,
        is_proxy=submission.is_proxy,
        consent_quote=submission.consent_quote,
        started_at=submission.started_at,
        completed_at=submission.completed_at,
        received_at=received_at,
        content_hash=digest,
        answers=[Answer(**vars(a)) for a in submission.answers],
    )
    db.session.add(story)
    try:
        db.session.commit()
        return Stored(submission.client_id, received_at, created=True)
    except IntegrityError as error:
        # A resend (or a concurrent copy) of a story already stored: compare what was said.
        db.session.rollback()
        existing = _existing(submission)
        if existing is None:
            raise error from None
    if existing.content_hash != digest:
        raise ClientIdConflict(str(submission.client_id))
    return Stored(existing.client_id, existing.received_at, created=False)
