"""Accounts: creating users, checking passwords, locking out repeated failures. No Flask here."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models import Partner, User
from app.models.user import ADMIN, PARTNER_ANALYST, PARTNERSHIP_ANALYST, ROLES

HASH_METHOD = "scrypt"  # werkzeug's scrypt: memory-hard, salted, parameters in the hash
MIN_PASSWORD_LENGTH = 12
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
DEMO_PASSWORD = "demo-password-straeon"  # noqa: S105 - demo data only, printed on purpose


@cache
def _dummy_hash() -> str:
    """Checked when the email is unknown, so a wrong email costs as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(16), method=HASH_METHOD)


class AccountError(ValueError):
    """A user command that cannot be done, with a message for the operator."""


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked: bool = False


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def load_user(user_id: str) -> User | None:
    """The signed-in user from the session's "<id>:<token>"; None if reset, inactive or junk."""
    number, _, token = (user_id or "").partition(":")
    if not number.isdigit() or not token or len(number) > 12:
        return None
    user = db.session.get(User, int(number))
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def _locked(user: User, now: datetime) -> bool:
    if user.failed_logins < MAX_FAILED_LOGINS or user.last_failed_at is None:
        return False
    last = user.last_failed_at
    if last.tzinfo is None:  # SQLite hands back naive datetimes
        last = last.replace(tzinfo=UTC)
    return now - last < LOCKOUT


def authenticate(email: str, password: str, now: datetime | None = None) -> LoginResult:
    """The user if the password is right and the account is neither inactive nor locked.

    After MAX_FAILED_LOGINS failures in a row the account is locked for LOCKOUT after the last
    failure, whatever password is tried, and the lock says nothing about whether it was right.
    """
    now = now or datetime.now(UTC)
    user = by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return LoginResult(None)
    if _locked(user, now):
        return LoginResult(None, locked=True)
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        user.failed_logins += 1
        user.last_failed_at = now
        db.session.commit()
        return LoginResult(None, locked=_locked(user, now))
    user.failed_logins = 0
    user.last_failed_at = None
    user.last_login_at = now
    db.session.commit()
    return LoginResult(user)


def _partner_id(role: str, partner_slug: str | None) -> int | None:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if role != PARTNER_ANALYST:
        if partner_slug:
            raise AccountError("only a partner analyst belongs to a partner")
        return None
    if not partner_slug:
        raise AccountError("a partner analyst needs --partner SLUG")
    partner = db.session.execute(
        select(Partner).where(Partner.slug == partner_slug)
    ).scalar_one_or_none()
    if partner is None:
        raise AccountError(f"no partner {partner_slug!r}")
    return partner.id


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


def create_user(email: str, password: str, role: str, partner_slug: str | None = None) -> User:
    email = normalise_email(email)
    if "@" not in email.strip("@") or len(email) > 254:
        raise AccountError(f"not an email address: {email!r}")
    if by_email(email) is not None:
        raise AccountError(f"{email} already has an account")
    _check_password(password)
    user = User(
        email=email,
        password_hash=generate_password_hash(password, method=HASH_METHOD),
        role=role,
        partner_id=_partner_id(role, partner_slug),
        active=True,
        created_at=datetime.now(UTC),
        failed_logins=0,
        session_token=secrets.token_hex(16),
    )
    db.session.add(user)
    db.session.commit()
    return user


def _existing(email: str) -> User:
    user = by_email(email)
    if user is None:
        raise AccountError(f"no account for {normalise_email(email)}")
    return user


def set_role(email: str, role: str, partner_slug: str | None = None) -> User:
    user = _existing(email)
    user.partner_id = _partner_id(role, partner_slug)
    user.role = role
    user.session_token = secrets.token_hex(16)  # a changed role starts a new session
    db.session.commit()
    return user


def set_active(email: str, active: bool) -> User:
    user = _existing(email)
    user.active = active
    user.session_token = secrets.token_hex(16)
    db.session.commit()
    return user


def reset_password(email: str, password: str) -> User:
    """A new password; ends every session and clears a lock-out."""
    user = _existing(email)
    _check_password(password)
    user.password_hash = generate_password_hash(password, method=HASH_METHOD)
    user.session_token = secrets.token_hex(16)
    user.failed_logins = 0
    user.last_failed_at = None
    db.session.commit()
    return user


def create_demo_users(partner_slug: str = "iwa") -> list[tuple[str, str, str | None]]:
    """One account per role for demo data, all with DEMO_PASSWORD: (email, role, partner)."""
    wanted = [
        (f"{partner_slug}@demo.straeon.cymru", PARTNER_ANALYST, partner_slug),
        ("partneriaeth@demo.straeon.cymru", PARTNERSHIP_ANALYST, None),
        ("admin@demo.straeon.cymru", ADMIN, None),
    ]
    for email, role, partner in wanted:
        if by_email(email) is None:
            create_user(email, DEMO_PASSWORD, role, partner)
    return wanted
