"""Timeline events analysts mark on the stories-per-week chart (a policy change, an intervention).

Stable names (the PDF digests use them; do not rename):

    TimelineEvent  table timeline_event
        id, partner_id -> partner.id (NULL = partnership-wide, ON DELETE CASCADE),
        happened_on (date), title_cy, title_en (either may be empty, never both; <= 120
        chars), created_by_id -> user_account.id (ON DELETE SET NULL), created_at (UTC).
        `title(lang)` gives the title in `lang`, else in the other language, and `title_lang`
        says which language that is (for a lang attribute).

A partner analyst sees their partner's events and the partnership-wide ones; partnership
analysts and administrators see them all.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

TITLE_MAX = 120


class TimelineEvent(db.Model):
    __tablename__ = "timeline_event"
    __table_args__ = (
        CheckConstraint(
            "length(coalesce(title_cy, '')) > 0 OR length(coalesce(title_en, '')) > 0",
            name="has_a_title",
        ),
        Index("ix_timeline_event_happened_on", "happened_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"))
    happened_on: Mapped[date] = mapped_column(Date)
    title_cy: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    title_en: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    partner = relationship("Partner")

    def title_lang(self, lang: str) -> str:
        """The language `title(lang)` is in: `lang` when there is a title in it."""
        own = self.title_cy if lang == "cy" else self.title_en
        return lang if own else ("en" if lang == "cy" else "cy")

    def title(self, lang: str) -> str:
        return self.title_cy if self.title_lang(lang) == "cy" else self.title_en
