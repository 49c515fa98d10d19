"""Sign-in tells a guesser nothing: one message, one cost, every refusal audited, strong hashes.

These tests run at the production scrypt cost (the rest of the suite uses a cheap
test cost, see tests/conftest.py), so they also prove what that cost is.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from pmsdesk.models import AuditEvent, Role, User
from pmsdesk.models.base import utcnow
from pmsdesk.services import passwords, users
from pmsdesk.services.errors import PermissionDenied
from tests.conftest import TEST_PASSWORD_COST


@pytest.fixture
def production_cost():
    passwords.use_cost(passwords.PRODUCTION_COST)
    yield passwords.PRODUCTION_COST
    passwords.use_cost(TEST_PASSWORD_COST)


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def test_the_production_cost_takes_at_least_100_ms_a_guess(production_cost):
    stored = passwords.hash_password("a-password")
    assert stored.startswith(f"scrypt${2**16}$8$1$")
    started = time.perf_counter()
    assert passwords.check_password("a-password", stored)
    assert time.perf_counter() - started >= 0.100


def _refusal_time(session, name: str, password: str) -> float:
    """CPU time of one refused sign-in: the machine is shared, so wall time says more about the neighbours."""
    started = time.process_time()
    with pytest.raises(PermissionDenied) as refused:
        users.sign_in(session, name, password)
    assert str(refused.value) == users.SIGN_IN_REFUSED
    return time.process_time() - started


def test_unknown_deactivated_locked_and_wrong_password_look_alike(session, people, production_cost):
    admin = people[Role.ADMINISTRATOR]
    for name in ("capturer", "verifier", "read_only"):
        users.reset_password(session, admin, name, f"{name}-password", reason="production-cost hash")
    users.set_active(session, admin, "read_only", False, reason="left")
    _user(session, "verifier").locked_until = utcnow() + timedelta(minutes=10)
    session.commit()
    attempts = {"unknown": ("nobody-here", "guess-1234"), "deactivated": ("read_only", "read_only-password"),
                "locked": ("verifier", "verifier-password"), "wrong password": ("capturer", "guess-1234")}
    runs: dict[str, list[float]] = {kind: [] for kind in attempts}
    for _round in range(3):  # interleaved, and the best of each
        for kind, attempt in attempts.items():
            runs[kind].append(_refusal_time(session, *attempt))
    times = {kind: min(measured) for kind, measured in runs.items()}

    fastest, slowest = min(times.values()), max(times.values())
    assert fastest >= 0.100, times  # every kind pays one full scrypt check (before: 0.3 ms for an unknown name)
    assert slowest / fastest < 1.5, times


def test_every_refused_sign_in_is_audited_with_its_reason(session, people):
    users.set_active(session, people[Role.ADMINISTRATOR], "read_only", False, reason="left")
    for name, password in (("nobody", "x"), ("read_only", "read_only-password"), ("capturer", "wrong")):
        with pytest.raises(PermissionDenied):
            users.sign_in(session, name, password)

    refused = session.execute(select(AuditEvent.actor, AuditEvent.reason)
                              .where(AuditEvent.action == "sign in refused").order_by(AuditEvent.id)).all()
    assert refused == [("nobody", "unknown user name"), ("read_only", "account deactivated"),
                       ("capturer", "wrong password")]


def test_an_older_weaker_hash_is_replaced_at_the_next_successful_sign_in(session, production_cost):
    before = _user(session, "approver").password_hash
    assert passwords.needs_rehash(before)  # made at the test cost

    users.sign_in(session, "approver", "approver-password")

    after = _user(session, "approver").password_hash
    assert after != before and after.startswith(f"scrypt${2**16}$")
    assert not passwords.needs_rehash(after)
    assert users.sign_in(session, "approver", "approver-password").username == "approver"


def test_a_failed_sign_in_keeps_the_old_hash(session, production_cost):
    before = _user(session, "approver").password_hash
    with pytest.raises(PermissionDenied):
        users.sign_in(session, "approver", "wrong-password")
    assert _user(session, "approver").password_hash == before
