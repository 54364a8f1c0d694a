"""Storing a validated story: one transaction, idempotent on the device's client_id."""

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from app.collect.submission import Submission
from app.extensions import db
from app.models import Answer, Partner, Story


class ClientIdConflict(Exception):
    """The client_id is already used by a story with different content."""


def active_partner(slug: str) -> Partner | None:
    if "\x00" in slug:  # from the URL (%00): PostgreSQL would refuse the query, a 500
        return None
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


class PartnerRef(Protocol):
    id: int
    slug: str


@dataclass(frozen=True)
class Receiver:
    """The two facts about a partner that storing a story needs."""

    id: int
    slug: str


RECEIVER_TTL = 60.0  # seconds: a partner switched off stops receiving within a minute
_receivers: dict[tuple[str, str], tuple[float, Receiver]] = {}


def receiving_partner(slug: str, now: float | None = None) -> Receiver | None:
    """An active partner by slug, remembered briefly so a burst of sends costs one query."""
    now = time.monotonic() if now is None else now
    key = (db.engine.url.render_as_string(), slug)  # one process may serve several databases
    cached = _receivers.get(key)
    if cached is not None and now - cached[0] < RECEIVER_TTL:
        return cached[1]
    row = db.session.execute(
        select(Partner.id, Partner.slug).filter_by(slug=slug, active=True)
    ).first()
    if row is None:
        _receivers.pop(key, None)
        return None
    receiver = Receiver(row.id, row.slug)
    _receivers[key] = (now, receiver)
    return receiver


def forget_receivers() -> None:
    """Drop this process's remembered partners, after an administrator changes one.

    Other processes (other gunicorn workers, other servers) forget theirs within RECEIVER_TTL.
    """
    _receivers.clear()


def store(submission: Submission, partner: PartnerRef) -> Stored:
    """Save the story and its answers; `created` is False for a resend of the same story.

    The insert comes first and the unique constraint on client_id decides: a resend or a
    concurrent copy fails to insert and then finds the story that landed. New stories, the
    common case, cost no look-up. Core statements, not the ORM unit of work: one INSERT for
    the story and one executemany for its answers, each a statement the driver can prepare.
    """
    digest = submission.content_hash(partner.slug)
    received_at = datetime.now(UTC)
    story_row = {
        "client_id": submission.client_id,
        "partner_id": partner.id,
        "framework_id": submission.framework.db_id,
        "language": submission.language,
        "prompt_id": submission.prompt_id,
        "title": submission.title,
        "text": submission.text,
        "is_proxy": submission.is_proxy,
        "consent_quote": submission.consent_quote,
        "started_at": submission.started_at,
        "completed_at": submission.completed_at,
        "received_at": received_at,
        "content_hash": digest,
    }
    try:
        story_id = db.session.execute(
            insert(Story.__table__).values(story_row).returning(Story.__table__.c.id)
        ).scalar_one()
        if submission.answers:
            db.session.execute(
                insert(Answer.__table__),
                [{"story_id": story_id, **vars(a)} for a in submission.answers],
            )
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
