"""A partner organisation, with its own collection link."""

import re

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

# The slug is in the collection link (/<lang>/s/<slug>/), so: lowercase letters, digits and
# single hyphens between them. It never changes once stories or posters use it.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 40
NAME_MAX = 200
SECTOR_MAX = 40


class Partner(db.Model):
    __tablename__ = "partner"
    __table_args__ = (CheckConstraint("slug <> ''", name="slug_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    name_cy: Mapped[str] = mapped_column(String(NAME_MAX))
    name_en: Mapped[str] = mapped_column(String(NAME_MAX))
    sector: Mapped[str] = mapped_column(String(SECTOR_MAX))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def name(self, lang: str) -> str:
        return self.name_cy if lang == "cy" else self.name_en
