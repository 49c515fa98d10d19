"""Administering accounts: roles granted and revoked, deactivation, unlocking, and always one administrator."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk import backups, restores
from pmsdesk.models import AuditEvent, Role, User, UserRole
from pmsdesk.services import users, years
from pmsdesk.services.actor import ROLE_PERMISSIONS, Permission
from pmsdesk.services.errors import PermissionDenied, ValidationError


def _roles_of(session, username: str) -> set[tuple[Role, str | None]]:
    session.expire_all()
    user = session.scalar(select(User).where(User.username == username))
    return {(grant.role, grant.unit_id) for grant in user.roles}


def _table_state(session) -> tuple:
    """Everything an administration call may change, to prove a refusal changed nothing."""
    session.expire_all()
    return (
        sorted(session.execute(select(User.username, User.is_active, User.locked_until, User.password_hash))),
        sorted(session.execute(select(UserRole.user_id, UserRole.role, UserRole.unit_id))),
        session.scalar(select(func.count()).select_from(AuditEvent)),
    )


def _lock_out(session, username: str) -> None:
    for _ in range(users.MAX_FAILED_LOGINS):
        with pytest.raises(PermissionDenied):
            users.sign_in(session, username, "wrong")


def test_a_role_is_granted_for_a_unit_and_revoked_with_audit_events(session, people, small_org):
    admin = people[Role.ADMINISTRATOR]
    users.grant_role(session, admin, "verifier", Role.CAPTURER, small_org.finance_id)
    assert _roles_of(session, "verifier") == {(Role.VERIFIER, None), (Role.CAPTURER, small_org.finance_id)}
    actor = users.sign_in(session, "verifier", "verifier-password")
    assert actor.can(Permission.CAPTURE_ACTUALS, small_org.finance_id)
    assert not actor.can(Permission.CAPTURE_ACTUALS, small_org.technical_id)

    users.revoke_role(session, admin, "verifier", Role.CAPTURER, small_org.finance_id)
    assert _roles_of(session, "verifier") == {(Role.VERIFIER, None)}
    actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.actor == "administrator")))
    assert actions == ["grant role", "revoke role"]


def test_listing_shows_roles_with_their_unit_lock_out_and_last_sign_in(session, people, small_org):
    _lock_out(session, "approver")
    users.sign_in(session, "capturer", "capturer-password")
    listed = {user.username: user for user in users.list_users(session, people[Role.ADMINISTRATOR])}
    assert [(held.role, held.unit_name) for held in listed["capturer"].roles] == [(Role.CAPTURER, "Technical Services")]
    assert listed["capturer"].last_sign_in is not None and listed["verifier"].last_sign_in is None
    assert listed["approver"].is_locked() and not listed["capturer"].is_locked()


def test_a_duplicate_grant_an_unknown_role_or_unit_is_refused_and_nothing_changes(session, people):
    admin = people[Role.ADMINISTRATOR]
    before = _table_state(session)
    with pytest.raises(ValidationError, match="role: verifier already holds verifier there"):
        users.grant_role(session, admin, "verifier", Role.VERIFIER, None)
    with pytest.raises(ValidationError, match="role: must be one of administrator"):
        users.grant_role(session, admin, "verifier", "boss", None)
    with pytest.raises(ValidationError, match="unit_id: no unit with id nowhere"):
        users.grant_role(session, admin, "verifier", Role.CAPTURER, "nowhere")
    with pytest.raises(ValidationError, match="username: no user called ghost"):
        users.grant_role(session, admin, "ghost", Role.CAPTURER, None)
    with pytest.raises(ValidationError, match="role: verifier does not hold approver there"):
        users.revoke_role(session, admin, "verifier", Role.APPROVER, None)
    assert _table_state(session) == before


def test_the_last_administrator_cannot_remove_their_own_role_or_be_deactivated(session, people):
    admin = people[Role.ADMINISTRATOR]
    before = _table_state(session)
    with pytest.raises(ValidationError, match="at least one active administrator"):
        users.revoke_role(session, admin, "administrator", Role.ADMINISTRATOR, None)
    with pytest.raises(ValidationError, match="cannot deactivate your own account"):
        users.set_active(session, admin, "administrator", False, reason="leaving")
    assert _table_state(session) == before

    users.grant_role(session, admin, "approver", Role.ADMINISTRATOR, None)
    users.set_active(session, admin, "approver", False, reason="on leave")  # the only other one, inactive
    with pytest.raises(ValidationError, match="at least one active administrator"):
        users.revoke_role(session, admin, "administrator", Role.ADMINISTRATOR, None)
    users.set_active(session, admin, "approver", True, reason="back from leave")
    users.revoke_role(session, admin, "administrator", Role.ADMINISTRATOR, None)
    assert _roles_of(session, "administrator") == set()


def test_a_deactivated_user_cannot_sign_in_until_reactivated_and_the_reason_is_kept(session, people):
    admin = people[Role.ADMINISTRATOR]
    with pytest.raises(ValidationError, match="reason: say why the account is deactivated"):
        users.set_active(session, admin, "read_only", False, reason="  ")
    users.set_active(session, admin, "read_only", False, reason="left the council")
    with pytest.raises(PermissionDenied, match="Unknown user name or wrong password"):
        users.sign_in(session, "read_only", "read_only-password")
    with pytest.raises(ValidationError, match="is already deactivated"):
        users.set_active(session, admin, "read_only", False, reason="again")
    users.set_active(session, admin, "read_only", True, reason="re-elected")
    assert users.sign_in(session, "read_only", "read_only-password").username == "read_only"
    reasons = list(session.scalars(select(AuditEvent.reason).where(AuditEvent.action.in_(["deactivate", "reactivate"]))))
    assert reasons == ["left the council", "re-elected"]


def test_unlocking_lets_a_locked_out_user_sign_in_at_once(session, people):
    admin = people[Role.ADMINISTRATOR]
    with pytest.raises(ValidationError, match="verifier is not locked out"):
        users.unlock_user(session, admin, "verifier")
    _lock_out(session, "verifier")
    with pytest.raises(PermissionDenied, match="locked"):
        users.sign_in(session, "verifier", "verifier-password")
    users.unlock_user(session, admin, "verifier")
    assert users.sign_in(session, "verifier", "verifier-password").username == "verifier"


@pytest.mark.parametrize("role", [role for role in Role if Permission.MANAGE_USERS not in ROLE_PERMISSIONS[role]])
def test_only_administrators_may_administer_accounts(session, people, role):
    actor = people[role]
    before = _table_state(session)
    calls = [
        lambda: users.list_users(session, actor),
        lambda: users.grant_role(session, actor, "verifier", Role.ADMINISTRATOR, None),
        lambda: users.revoke_role(session, actor, "verifier", Role.VERIFIER, None),
        lambda: users.set_active(session, actor, "verifier", False, reason="x"),
        lambda: users.unlock_user(session, actor, "verifier"),
        lambda: users.reset_password(session, actor, "verifier", "long-enough-1", reason="x"),
        lambda: users.create_user(session, actor, {"username": "new", "full_name": "New"}, "long-enough-1",
                                  [(Role.CAPTURER, None)]),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied, match="may not manage users"):
            call()
    assert _table_state(session) == before


def test_a_new_user_form_names_every_bad_field_at_once(session, people):
    before = _table_state(session)
    with pytest.raises(ValidationError) as refused:
        users.create_user(session, people[Role.ADMINISTRATOR], {"username": "", "full_name": ""}, "short",
                          [(Role.CAPTURER, "nowhere")])
    assert set(refused.value.problems) == {"username", "full_name", "password", "roles"}
    assert _table_state(session) == before


@pytest.mark.parametrize("role", [role for role in Role if role != Role.ADMINISTRATOR])
def test_only_administrators_restore_and_only_they_and_pms_officers_take_backups(people, role, tmp_path):
    database = tmp_path / "office.sqlite"
    database.write_bytes(b"")
    with pytest.raises(PermissionDenied, match="may not restore the database from a backup"):
        restores.restore(people[role], database, database, known_revisions=set())
    if role == Role.PMS_OFFICER:
        assert backups.back_up_for(people[role], database).exists()
    else:
        with pytest.raises(PermissionDenied, match="may not back up the database"):
            backups.back_up_for(people[role], database)
        assert not backups.backup_folder(database).exists()


def test_years_are_created_by_framework_managers_and_closed_only_by_those_who_may_reopen(session, people, small_org):
    with pytest.raises(PermissionDenied, match="capturer may not manage the strategic framework"):
        years.create_financial_year(session, people[Role.CAPTURER], small_org.organisation_id, 2026)
    with pytest.raises(PermissionDenied, match="verifier may not reopen"):
        years.close_period(session, people[Role.VERIFIER], small_org.quarter_ids[0])
    assert years.next_start_year(session, small_org.organisation_id) == 2026
    years.create_financial_year(session, people[Role.PMS_OFFICER], small_org.organisation_id, 2026)
    assert [year.label for year in years.year_overview(session, small_org.organisation_id)] == ["2026/27", "2025/26"]
