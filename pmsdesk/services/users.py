"""Local user accounts: creation with roles, and signing in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import Role, Unit, User, UserRole
from pmsdesk.models.base import utcnow

from .actor import Actor, Permission, actor_for_user
from .audit import record_event
from .errors import PermissionDenied, ValidationError
from .passwords import check_password, hash_password
from .records import get_or_fail, transaction
from .validation import clean, text

MIN_PASSWORD_LENGTH = 8
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)

USER_FIELDS = {"username": text(80, required=True), "full_name": text(200, required=True)}


def create_user(
    session: Session,
    actor: Actor,
    values: dict,
    password: str,
    roles: Iterable[tuple[Role, str | None]],
) -> User:
    """Create an account with roles given as (role, unit id or None for the whole organisation)."""
    actor.require(Permission.MANAGE_USERS)
    data = clean(values, USER_FIELDS)
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(User.id).where(User.username == data["username"])):
        raise ValidationError.single("username", f"{data['username']} is already taken")
    grants = list(roles)
    for role, unit_id in grants:
        if not isinstance(role, Role):
            raise ValidationError.single("roles", f"unknown role {role!r}")
        if unit_id is not None and session.get(Unit, unit_id) is None:
            raise ValidationError.single("roles", f"no unit with id {unit_id}")
    with transaction(session):
        user = User(**data, password_hash=hash_password(password))
        user.roles = [UserRole(role=role, unit_id=unit_id) for role, unit_id in grants]
        session.add(user)
        session.flush()
        record_event(
            session,
            actor,
            "create",
            "user_account",
            user.id,
            new={**data, "roles": [[role.value, unit_id] for role, unit_id in grants]},
        )
        return user


def sign_in(session: Session, username: str, password: str) -> Actor:
    """Check a password and return the acting user; failures are counted and lock the account."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active:
        raise PermissionDenied("Unknown user name or wrong password.")
    now = utcnow()
    locked_until = user.locked_until
    if locked_until is not None and locked_until.tzinfo is None:
        locked_until = locked_until.replace(tzinfo=now.tzinfo)
    if locked_until is not None and locked_until > now:
        raise PermissionDenied(
            f"The account {username} is locked after {MAX_FAILED_LOGINS} failed sign-ins; "
            f"try again after {locked_until.astimezone():%H:%M} or ask an administrator."
        )
    with transaction(session):
        if not check_password(password, user.password_hash):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
            failed = True
        else:
            user.failed_logins = 0
            user.locked_until = None
            failed = False
    if failed:
        raise PermissionDenied("Unknown user name or wrong password.")
    return actor_for_user(session, get_or_fail(session, User, user.id, "user"))


def _check_new_password(password: object) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single("new_password", f"must be at least {MIN_PASSWORD_LENGTH} characters")
    return password


def change_password(session: Session, actor: Actor, current_password: str, new_password: str) -> None:
    """A user changes their own password, proving they know the current one."""
    user = session.scalar(select(User).where(User.username == actor.username))
    if user is None or not check_password(current_password, user.password_hash):
        raise PermissionDenied("The current password is wrong.")
    _check_new_password(new_password)
    if check_password(new_password, user.password_hash):
        raise ValidationError.single("new_password", "must differ from the current password")
    with transaction(session):
        user.password_hash = hash_password(new_password)
        record_event(session, actor, "change password", "user_account", user.id)


def reset_password(session: Session, actor: Actor, username: str, new_password: str, *, reason: str) -> None:
    """An administrator sets a new password (and unlocks the account); the old one is never shown."""
    actor.require(Permission.MANAGE_USERS)
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationError.single("username", f"no user called {username}")
    _check_new_password(new_password)
    if not reason or not reason.strip():
        raise ValidationError.single("reason", "say why the password is reset")
    with transaction(session):
        user.password_hash = hash_password(new_password)
        user.failed_logins = 0
        user.locked_until = None
        record_event(session, actor, "reset password", "user_account", user.id, reason=reason.strip())
