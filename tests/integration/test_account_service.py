"""app.auth.service.change_password and the must-change flag, without the web in between."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.auth import service
from app.extensions import db
from app.models import User
from tests.analysts import PASSWORD

NEW = "another long passphrase"


def _fields(refused: pytest.ExceptionInfo) -> dict[str, str]:
    return {e.field: e.message for e in refused.value.all()}


def test_a_change_stores_a_new_hash_rotates_the_session_and_clears_the_flags(analysts):
    bryn = analysts["partnership_analyst"]
    bryn.must_change_password, bryn.failed_logins = True, 3
    bryn.last_failed_at = datetime.now(UTC)
    db.session.commit()
    old_hash, old_token = bryn.password_hash, bryn.session_token
    assert service.change_password(bryn, PASSWORD, NEW, NEW) is bryn
    db.session.expire_all()
    bryn = db.session.get(User, bryn.id)
    assert bryn.password_hash != old_hash and bryn.password_hash.startswith("scrypt:")
    assert bryn.session_token != old_token and len(bryn.session_token) == 32
    assert (bryn.must_change_password, bryn.failed_logins, bryn.last_failed_at) == (False, 0, None)
    assert service.load_user(f"{bryn.id}:{old_token}") is None
    assert service.load_user(bryn.get_id()) == bryn


def test_every_problem_is_found_at_once_with_its_field(analysts):
    with pytest.raises(service.AccountError) as refused:
        service.change_password(analysts["admin"], None, None, None)
    assert _fields(refused) == {
        "current_password": "Enter your current password",
        "new_password": "Enter a new password",
        "new_password_again": "Enter your new password again",
    }


@pytest.mark.parametrize(
    ("new", "again", "field", "message"),
    [
        ("x" * 11, "x" * 11, "new_password", "Enter a password of at least %(count)s characters"),
        ("x" * 12, "y" * 12, "new_password_again", "Enter the same new password in both boxes"),
        (PASSWORD, PASSWORD, "new_password", service.SAME_PASSWORD),
        ("tab\tinside it", "tab\tinside it", "new_password", service.CONTROL_CHARACTERS),
        ("\x7f" * 12, "\x7f" * 12, "new_password", service.CONTROL_CHARACTERS),
    ],
)
def test_the_rules_for_the_new_password(analysts, new, again, field, message):
    cai = analysts["admin"]
    before = (cai.password_hash, cai.session_token)
    with pytest.raises(service.AccountError) as refused:
        service.change_password(cai, PASSWORD, new, again)
    assert _fields(refused) == {field: message}
    db.session.expire_all()
    assert (cai.password_hash, cai.session_token, cai.failed_logins) == (*before, 0)


def test_the_length_limits_are_the_services(analysts):
    cai = analysts["admin"]
    shortest = "s" * service.MIN_PASSWORD_LENGTH
    service.change_password(cai, PASSWORD, shortest, shortest)
    longest = "l" * service.MAX_PASSWORD_LENGTH
    service.change_password(cai, shortest, longest, longest)
    with pytest.raises(service.AccountError):
        service.change_password(cai, longest, longest + "l", longest + "l")
    assert service.authenticate(cai.email, longest).user is not None


def test_wrong_current_passwords_lock_like_sign_ins_and_the_lock_ends(analysts):
    ana = analysts["partner_analyst"]
    start = datetime.now(UTC)
    for i in range(service.MAX_FAILED_LOGINS):
        with pytest.raises(service.AccountError) as refused:
            service.change_password(ana, f"guess {i}", NEW, NEW, now=start)
    assert refused.value.message == service.LOCKED_OUT
    with pytest.raises(service.AccountError) as refused:
        service.change_password(ana, PASSWORD, NEW, NEW, now=start + timedelta(minutes=14))
    assert _fields(refused) == {"current_password": service.LOCKED_OUT}
    assert service.authenticate(ana.email, PASSWORD, now=start).locked
    later = start + service.LOCKOUT + timedelta(seconds=1)
    service.change_password(ana, PASSWORD, NEW, NEW, now=later)
    assert service.authenticate(ana.email, NEW).user is not None


def test_the_flag_is_set_only_when_someone_else_chose_the_password(analysts):
    made = service.create_user("dai@example.org", PASSWORD, "admin", must_change=True)
    assert made.must_change_password
    assert not service.create_user("eve@example.org", PASSWORD, "admin").must_change_password
    service.reset_password("eve@example.org", NEW, must_change=True)
    assert service.by_email("eve@example.org").must_change_password
    service.reset_password("eve@example.org", NEW)
    assert not service.by_email("eve@example.org").must_change_password
    emails = [email for email, _, _ in service.create_demo_users()]
    assert not any(service.by_email(e).must_change_password for e in emails)


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    current=st.one_of(st.just(PASSWORD), st.text(max_size=40)),
    new=st.text(max_size=40),
    again=st.one_of(st.none(), st.text(max_size=40)),
)
def test_generated_input_is_a_change_or_a_refusal_never_anything_else(
    analysts, current, new, again
):
    bryn = analysts["partnership_analyst"]
    again = new if again is None else again
    before = (bryn.password_hash, bryn.session_token)
    try:
        service.change_password(bryn, current, new, again)
    except service.AccountError as refused:
        assert {e.field for e in refused.all()} <= {
            "current_password",
            "new_password",
            "new_password_again",
        }
        db.session.expire_all()
        assert (bryn.password_hash, bryn.session_token) == before
    else:
        assert current == PASSWORD and new == again and new != current
        assert len(new) >= service.MIN_PASSWORD_LENGTH
        assert not any(ord(c) < 32 or ord(c) == 127 for c in new)
        bryn.password_hash = before[0]  # back to PASSWORD for the next example
    bryn.failed_logins, bryn.last_failed_at = 0, None
    db.session.commit()
