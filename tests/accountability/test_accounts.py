"""Local accounts: hashed passwords, lock-out, password change and administrator reset."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from pmsdesk.models import AuditEvent, Role, User
from pmsdesk.services import users
from pmsdesk.services.errors import PermissionDenied, ValidationError


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def test_passwords_are_stored_only_as_scrypt_hashes_and_never_audited(session):
    user = _user(session, "capturer")
    assert user.password_hash.startswith("scrypt$")
    assert "capturer-password" not in user.password_hash
    for event in session.scalars(select(AuditEvent)):
        assert "capturer-password" not in str(event.new_values) + str(event.old_values)


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(session):
    with pytest.raises(PermissionDenied, match="Unknown user name or wrong password"):
        users.sign_in(session, "capturer", "guess")
    with pytest.raises(PermissionDenied, match="Unknown user name or wrong password"):
        users.sign_in(session, "nobody", "guess")


def test_five_failures_lock_the_account_even_for_the_right_password(session):
    for _ in range(users.MAX_FAILED_LOGINS):
        with pytest.raises(PermissionDenied):
            users.sign_in(session, "verifier", "wrong")
    with pytest.raises(PermissionDenied) as refused:
        users.sign_in(session, "verifier", "verifier-password")
    assert str(refused.value) == users.SIGN_IN_REFUSED
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.actor) == ("sign in refused", "verifier") and last.reason.startswith("account locked until")


def test_the_lock_expires(session):
    for _ in range(users.MAX_FAILED_LOGINS):
        with pytest.raises(PermissionDenied):
            users.sign_in(session, "verifier", "wrong")
    user = _user(session, "verifier")
    user.locked_until = user.locked_until - users.LOCKOUT - timedelta(seconds=1)
    session.commit()
    assert users.sign_in(session, "verifier", "verifier-password").username == "verifier"


def test_a_success_resets_the_failure_count(session):
    for _ in range(users.MAX_FAILED_LOGINS - 1):
        with pytest.raises(PermissionDenied):
            users.sign_in(session, "approver", "wrong")
    users.sign_in(session, "approver", "approver-password")
    assert _user(session, "approver").failed_logins == 0


def test_users_change_their_own_password_knowing_the_current_one(session, people):
    actor = people[Role.CAPTURER]
    with pytest.raises(PermissionDenied, match="current password is wrong"):
        users.change_password(session, actor, "not-it", "brand-new-password")
    with pytest.raises(ValidationError, match="new_password: must be at least 8"):
        users.change_password(session, actor, "capturer-password", "short")
    users.change_password(session, actor, "capturer-password", "brand-new-password")
    assert users.sign_in(session, "capturer", "brand-new-password").username == "capturer"
    with pytest.raises(PermissionDenied):
        users.sign_in(session, "capturer", "capturer-password")


def test_an_administrator_resets_and_unlocks_but_the_event_holds_no_password(session, people):
    for _ in range(users.MAX_FAILED_LOGINS):
        with pytest.raises(PermissionDenied):
            users.sign_in(session, "verifier", "wrong")
    users.reset_password(session, people[Role.ADMINISTRATOR], "verifier", "fresh-password-1", reason="locked out")
    assert users.sign_in(session, "verifier", "fresh-password-1").username == "verifier"
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "reset password")).one()
    assert event.reason == "locked out" and event.new_values is None and event.actor == "administrator"


def test_usernames_are_unique(session, system):
    with pytest.raises(ValidationError, match="username: capturer is already taken"):
        users.create_user(session, system, {"username": "capturer", "full_name": "Again"}, "long-password",
                          [(Role.CAPTURER, None)])
