"""A published version of a signification framework; never changed once stories use it."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class FrameworkVersion(db.Model):
    __tablename__ = "framework_version"
    __table_args__ = (
        UniqueConstraint("slug", "version", name="uq_framework_version_slug_version"),
        UniqueConstraint("slug", "checksum", name="uq_framework_version_slug_checksum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40))
    version: Mapped[int]
    # sha256 of the canonical JSON: publishing an unchanged file is a no-op.
    checksum: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
