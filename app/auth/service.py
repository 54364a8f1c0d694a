"""Accounts: creating and changing users, checking passwords, locking out repeated failures.

No Flask here: the explorer's admin pages and the `flask user` commands share these rules.
Refusals are AccountError (see app.problems): an English msgid naming its form field, which
the web translates and the command line prints as it is.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models import Partner, User
from app.models.partner import SLUG
from app.models.user import ADMIN, PARTNER_ANALYST, PARTNERSHIP_ANALYST, ROLES
from app.problems import N_, Refused, gather

HASH_METHOD = "scrypt"  # werkzeug's scrypt: memory-hard, salted, parameters in the hash
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_EMAIL_LENGTH = 254
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
DEMO_PASSWORD = "demo-password-straeon"  # noqa: S105 - demo data only, printed on purpose
# No look-alikes (0/o, 1/l/i), so a password read out over the phone is typed right.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - characters, not a password
# One @, something either side, a dot in the domain; no spaces, controls or characters that
# only a quoted address would need (they are far more often a typing slip).
_ADDRESS_CHAR = r"[^@\s<>()\[\]\\,;:\"\x00-\x1f\x7f]"
EMAIL = re.compile(rf"{_ADDRESS_CHAR}+@{_ADDRESS_CHAR}+\.{_ADDRESS_CHAR}+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


DUPLICATE_EMAIL = N_("There is already an account with this email address")
CONTROL_CHARACTERS = N_("Enter a password without tabs, line breaks or other control characters")
SAME_PASSWORD = N_("Enter a new password that is different from your current one")
LAST_ADMIN = N_(
    "There must always be at least one active administrator. Make another account an administrator first."
)


@cache
def _dummy_hash() -> str:
    """Checked when the email is unknown, so a wrong email costs as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(16), method=HASH_METHOD)


class AccountError(Refused):
    """A change to an account that cannot be made; `field` is the form field it is about."""


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked: bool = False


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def by_email(email: str | None) -> User | None:
    email = normalise_email(email)
    if "\x00" in email or len(email) > MAX_EMAIL_LENGTH:
        return None  # no account has one; and PostgreSQL refuses NUL in a query parameter
    return db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()


def load_user(user_id: str) -> User | None:
    """The signed-in user from the session's "<id>:<token>"; None if reset, inactive or junk."""
    number, _, token = (user_id or "").partition(":")
    if not number.isdigit() or not token or len(number) > 12:
        return None
    user = db.session.get(User, int(number))
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def locked_until(user: User, now: datetime | None = None) -> datetime | None:
    """When a lock-out after repeated failed sign-ins ends (UTC); None if not locked."""
    if user.failed_logins < MAX_FAILED_LOGINS or user.last_failed_at is None:
        return None
    last = user.last_failed_at
    if last.tzinfo is None:  # SQLite hands back naive datetimes
        last = last.replace(tzinfo=UTC)
    until = last + LOCKOUT
    return until if (now or datetime.now(UTC)) < until else None


def _locked(user: User, now: datetime) -> bool:
    return locked_until(user, now) is not None


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
        raise AccountError("role", N_("Choose a role from the list"))
    if role != PARTNER_ANALYST:
        if partner_slug:
            raise AccountError("partner", N_("Only a partner analyst belongs to a partner"))
        return None
    if not partner_slug:
        raise AccountError("partner", N_("Choose the partner this analyst works for"))
    partner = (
        db.session.execute(select(Partner).where(Partner.slug == partner_slug)).scalar_one_or_none()
        if SLUG.fullmatch(partner_slug)
        else None
    )
    if partner is None:
        raise AccountError("partner", N_("Choose a partner from the list"))
    return partner.id


def check_email(email: str | None) -> str:
    """The address normalised, or AccountError saying what is wrong with it."""
    email = normalise_email(email)
    if not email:
        raise AccountError("email", N_("Enter an email address"))
    if len(email) > MAX_EMAIL_LENGTH:
        raise AccountError("email", N_("Enter an email address of 254 characters or fewer"))
    if not EMAIL.fullmatch(email):
        raise AccountError(
            "email", N_("Enter an email address in the right format, like name@example.org")
        )
    return email


def _new_email(email: str | None) -> str:
    email = check_email(email)
    if by_email(email) is not None:
        raise AccountError("email", DUPLICATE_EMAIL)
    return email


def check_password(password: str | None, field: str = "password") -> None:
    """The rules for any new password, refused as AccountError on `field`."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(
            field,
            N_("Enter a password of at least %(count)s characters"),
            count=MIN_PASSWORD_LENGTH,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(field, N_("Enter a password of 1,024 characters or fewer"))
    if _CONTROL.search(password):  # a tab, a line break or a NUL cannot be typed at sign-in
        raise AccountError(field, CONTROL_CHARACTERS)


def generate_password() -> str:
    """A strong password to read out or type: 16 characters (about 79 bits) in groups of 4."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def create_user(
    email: str,
    password: str,
    role: str,
    partner_slug: str | None = None,
    *,
    must_change: bool = False,
) -> User:
    """A new, active account; AccountError (and nothing written) if any part is not right.

    must_change: someone other than the user chose the password, so the explorer asks the
    user for a new one first.
    """
    email, partner_id, _ = gather(
        lambda: _new_email(email),
        lambda: _partner_id(role, partner_slug),
        lambda: check_password(password),
    )
    user = User(
        email=email,
        password_hash=generate_password_hash(password, method=HASH_METHOD),
        role=role,
        partner_id=partner_id,
        active=True,
        created_at=datetime.now(UTC),
        failed_logins=0,
        session_token=secrets.token_hex(16),
        must_change_password=must_change,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # the same address added at the same moment elsewhere
        db.session.rollback()
        raise AccountError("email", DUPLICATE_EMAIL) from None
    return user


def all_users() -> list[User]:
    """Every account, by email, with its partner loaded (for the administrator's list)."""
    return list(
        db.session.execute(select(User).options(joinedload(User.partner)).order_by(User.email))
        .scalars()
        .unique()
    )


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id) if 0 < user_id < 2**31 else None


def is_last_admin(user: User) -> bool:
    """True for the only active administrator, who may not be deactivated or demoted."""
    if user.role != ADMIN or not user.active:
        return False
    others = db.session.execute(
        select(func.count(User.id)).where(
            User.role == ADMIN, User.active.is_(True), User.id != user.id
        )
    ).scalar_one()
    return others == 0


def _existing(email: str) -> User:
    user = by_email(email)
    if user is None:
        raise AccountError("email", N_("There is no account with this email address"))
    return user


def _keep_an_admin(user: User, field: str) -> None:
    """Refuse to take away the last active administrator (locks the admins' rows meanwhile).

    The rows are locked (PostgreSQL) so two administrators demoting each other at the same
    moment cannot both succeed; SQLite serialises writers anyway.
    """
    if user.role != ADMIN or not user.active:
        return
    admins = db.session.execute(
        select(User.id).where(User.role == ADMIN, User.active.is_(True)).with_for_update()
    ).scalars()
    if not any(admin_id != user.id for admin_id in admins):
        db.session.rollback()  # release the locks: nothing was changed
        raise AccountError(field, LAST_ADMIN)


def set_role(email: str, role: str, partner_slug: str | None = None) -> User:
    """A new role (and partner); a change ends the user's sessions."""
    user = _existing(email)
    partner_id = _partner_id(role, partner_slug)
    if (role, partner_id) == (user.role, user.partner_id):
        return user
    if role != ADMIN:
        _keep_an_admin(user, "role")
    user.partner_id = partner_id
    user.role = role
    user.session_token = secrets.token_hex(16)  # a changed role starts a new session
    db.session.commit()
    return user


def set_active(email: str, active: bool) -> User:
    """Allow or stop signing in; stopping ends the user's sessions."""
    user = _existing(email)
    if user.active == active:
        return user
    if not active:
        _keep_an_admin(user, "active")
        user.session_token = secrets.token_hex(16)
    user.active = active
    db.session.commit()
    return user


def reset_password(email: str, password: str, *, must_change: bool = False) -> User:
    """A new password; ends every session and clears a lock-out.

    must_change: someone other than the user chose it (see create_user).
    """
    user = _existing(email)
    check_password(password)
    return _store_password(user, password, must_change)


def _store_password(user: User, password: str, must_change: bool) -> User:
    """A checked new password: every session ends, a lock-out is cleared; committed."""
    user.password_hash = generate_password_hash(password, method=HASH_METHOD)
    user.session_token = secrets.token_hex(16)
    user.failed_logins = 0
    user.last_failed_at = None
    user.must_change_password = must_change
    db.session.commit()
    return user


WRONG_CURRENT_PASSWORD = N_("Your current password is not right")
LOCKED_OUT = N_("Too many wrong passwords. Wait 15 minutes, then try again.")


def _check_current(user: User, current: str, now: datetime) -> None:
    """The user's own password, counted like a sign-in: five wrong ones lock the account.

    A stolen session cannot try passwords here any faster than at the sign-in page.
    """
    if not current:
        raise AccountError("current_password", N_("Enter your current password"))
    # No password holds a NUL, and scrypt's HMAC pads keys with zero bytes, so "pw\x00" would
    # otherwise pass for "pw".
    right = (
        len(current) <= MAX_PASSWORD_LENGTH
        and "\x00" not in current
        and check_password_hash(user.password_hash, current)
    )
    if not right:
        user.failed_logins += 1
        user.last_failed_at = now
        db.session.commit()
        raise AccountError(
            "current_password", LOCKED_OUT if _locked(user, now) else WRONG_CURRENT_PASSWORD
        )


def _check_new(current: str, new: str) -> None:
    if not new:
        raise AccountError("new_password", N_("Enter a new password"))
    check_password(new, "new_password")
    # Compared with what was typed, not the stored hash: when the current password is wrong
    # this must not become a second way to guess it.
    if new == current:
        raise AccountError("new_password", SAME_PASSWORD)


def _check_again(new: str, again: str) -> None:
    if not again:
        raise AccountError("new_password_again", N_("Enter your new password again"))
    if again != new:
        raise AccountError("new_password_again", N_("Enter the same new password in both boxes"))


def change_password(
    user: User, current: str | None, new: str | None, again: str | None, now: datetime | None = None
) -> User:
    """The user's own new password, after their current one; every other session ends.

    AccountError on each field that is not right, and nothing changed but the count of
    wrong current passwords (a lock-out after MAX_FAILED_LOGINS, as at sign-in). On success
    the session token is new (the caller signs this browser in again with it), a lock-out
    count is cleared and so is must_change_password.
    """
    now = now or datetime.now(UTC)
    current, new, again = current or "", new or "", again or ""
    if _locked(user, now):  # says nothing about whether the password was right
        raise AccountError("current_password", LOCKED_OUT)
    gather(
        lambda: _check_current(user, current, now),
        lambda: _check_new(current, new),
        lambda: _check_again(new, again),
    )
    return _store_password(user, new, must_change=False)


def unlock(email: str) -> User:
    """Clear a lock-out after repeated failed sign-ins; the password stays the same."""
    user = _existing(email)
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
