"""An analyst's account: who may sign in to the explorer, and which stories they may see."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

PARTNER_ANALYST = "partner_analyst"
PARTNERSHIP_ANALYST = "partnership_analyst"
ADMIN = "admin"
ROLES = (PARTNER_ANALYST, PARTNERSHIP_ANALYST, ADMIN)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role_known"),
        # A partner analyst always belongs to exactly one partner; the others to none, so a
        # stale partner_id can never narrow (or widen) what a partnership analyst sees.
        CheckConstraint(
            f"(role = '{PARTNER_ANALYST}') = (partner_id IS NOT NULL)", name="partner_iff_role"
        ),
        CheckConstraint("email = lower(email) AND length(email) >= 3", name="email_normalised"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Failed sign-ins since the last success: kept in the database (not in one server's
    # memory) so every app server enforces the same lock-out.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Changed when the password is reset, so sessions made with the old password end.
    session_token: Mapped[str] = mapped_column(String(64))
    # Set when someone else chose the password (an administrator's generated one, or the
    # command line): the explorer asks for a new one, known only to the user, before anything else.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    partner = relationship("Partner")

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive accounts cannot sign in
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def sees_all_partners(self) -> bool:
        return self.role in (PARTNERSHIP_ANALYST, ADMIN)
