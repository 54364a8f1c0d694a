"""Storing a validated story: one transaction, idempotent on the device's client_id."""

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


def store(submission: Submission, partner: Partner) -> tuple[Story, bool]:
    """Save the story and its answers; (story, True) if new, (story, False) if a resend.

    The unique constraint on client_id, not this look-up, is what stops two concurrent
    copies both landing: the loser's insert fails and it then finds the winner.
    """
    digest = submission.content_hash(partner.slug)
    existing = _existing(submission)
    if existing is None:
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
            received_at=datetime.now(UTC),
            content_hash=digest,
            answers=[Answer(**vars(a)) for a in submission.answers],
        )
        db.session.add(story)
        try:
            db.session.commit()
            return story, True
        except IntegrityError:
            db.session.rollback()
            existing = _existing(submission)
            if existing is None:
                raise
    if existing.content_hash != digest:
        raise ClientIdConflict(str(submission.client_id))
    return existing, False
