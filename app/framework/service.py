"""Publishing frameworks and finding the version a story answers."""

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.framework.loader import Framework, build, canonical_json
from app.models import FrameworkVersion


def publish(framework: Framework) -> tuple[FrameworkVersion, bool]:
    """Store a framework as a new version unless an identical one exists; (row, created)."""
    body = canonical_json(framework.definition)
    checksum = hashlib.sha256(body.encode("utf-8")).hexdigest()
    existing = db.session.execute(
        select(FrameworkVersion).filter_by(slug=framework.slug, checksum=checksum)
    ).scalar_one_or_none()
    if existing is not None:
        return existing, False
    latest = db.session.execute(
        select(func.max(FrameworkVersion.version)).filter_by(slug=framework.slug)
    ).scalar()
    row = FrameworkVersion(
        slug=framework.slug,
        version=(latest or 0) + 1,
        checksum=checksum,
        definition=framework.definition,
        published_at=datetime.now(UTC),
    )
    db.session.add(row)
    db.session.commit()
    clear_cache()
    return row, True


def _as_framework(row: FrameworkVersion | None) -> Framework | None:
    if row is None:
        return None
    return build(row.definition, version=row.version, db_id=row.id)


def latest(slug: str) -> Framework | None:
    """The newest published version: the one new forms show."""
    row = (
        db.session.execute(
            select(FrameworkVersion).filter_by(slug=slug).order_by(FrameworkVersion.version.desc())
        )
        .scalars()
        .first()
    )
    return _as_framework(row)


# A published version never changes, so each process keeps the ones it has loaded: a story
# submission then costs no framework query. Only found versions are kept (a version published
# later must still be found), and publishing clears the cache.
_published: dict[tuple[str, int], Framework] = {}


def clear_cache() -> None:
    _published.clear()


def get_version(slug: str, version: Any) -> Framework | None:
    """A published version by number, or None for anything else (tampered, unknown, junk)."""
    try:
        number = int(str(version).strip())
    except (TypeError, ValueError):
        return None
    if number < 1 or number > 2**31 - 1:
        return None
    cached = _published.get((slug, number))
    if cached is not None:
        return cached
    row = db.session.execute(
        select(FrameworkVersion).filter_by(slug=slug, version=number)
    ).scalar_one_or_none()
    framework = _as_framework(row)
    if framework is not None:
        _published[(slug, number)] = framework
    return framework
