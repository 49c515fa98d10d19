"""Local user accounts: creation with roles, signing in, and their administration.

Administration keeps one rule whatever the order of changes: at least one
active account holds the administrator role for the whole organisation, so
nobody can lock every administrator out of the installation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import AuditEvent, Organisation, Role, Unit, User, UserRole
from pmsdesk.models.base import utcnow

from .actor import Actor, Permission, actor_for_user
from .audit import record_event
from .errors import PermissionDenied, ValidationError
from .passwords import check_nobody, check_password, hash_password, needs_rehash
from .records import transaction
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
    problems: dict[str, str] = {}
    try:
        data = clean(values, USER_FIELDS)
    except ValidationError as error:
        problems |= error.problems
        data = {}
    if problem := password_problem(password):
        problems["password"] = problem
    if data and session.scalar(select(User.id).where(User.username == data["username"])):
        problems["username"] = _("{0} is already taken").format(data['username'])
    grants = [(_as_role(role), unit_id) for role, unit_id in roles]
    for role, unit_id in grants:
        if problem := _grant_problem(session, role, unit_id):
            problems["roles"] = problem
    if problems:
        raise ValidationError(problems)
    granted = [(role, unit_id) for role, unit_id in grants if isinstance(role, Role)]  # each one, checked above
    with transaction(session):
        user = User(**data, password_hash=hash_password(password))
        user.roles = [UserRole(role=role, unit_id=unit_id) for role, unit_id in granted]
        session.add(user)
        session.flush()
        record_event(
            session,
            actor,
            "create",
            "user_account",
            user.id,
            new={**data, "roles": [[role.value, unit_id] for role, unit_id in granted]},
        )
        return user


def password_problem(password: object) -> str | None:
    """What is wrong with a new password under the installation's rule, or None."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        return f"must be at least {MIN_PASSWORD_LENGTH} characters"
    return None


def _as_role(value: object) -> object:
    """A Role from itself or its stored value (widgets hand back plain strings); anything else unchanged."""
    return Role(value) if isinstance(value, str) and value in Role.__members__.values() else value


def _grant_problem(session: Session, role: object, unit_id: str | None) -> str | None:
    if not isinstance(role, Role):
        return f"unknown role {role!r}"
    if unit_id is not None and session.get(Unit, unit_id) is None:
        return f"no unit with id {unit_id}"
    return None


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands times back without a zone; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=utcnow().tzinfo)
    return moment


#: One answer to every failed sign-in, so the reply does not tell a guesser which names exist or are locked.
SIGN_IN_REFUSED = ("Unknown user name or wrong password (or the account is locked or deactivated); "
                   "try again, or ask an administrator.")


def sign_in(session: Session, username: str, password: str) -> Actor:
    """Check a password and return the acting user; failures are counted, lock the account and are audited.

    Unknown, deactivated, locked and wrong-password attempts get the same
    message and cost the same time (one scrypt check and one audit event), so
    neither the reply nor its speed tells a guesser anything. The reason is
    in the audit trail for the administrator. A hash made at a lower cost is
    replaced by a stronger one at the first successful sign-in. A successful
    sign-in is an audit event too, which is where "last signed in" comes from.
    """
    user = session.scalar(select(User).where(User.username == username))
    now = utcnow()
    if user is None:
        check_nobody(password)
        _refuse(session, username, username, "unknown user name")
    assert user is not None
    password_matches = check_password(password, user.password_hash)
    locked_until = _aware(user.locked_until)
    if not user.is_active:
        _refuse(session, username, user.id, "account deactivated")
    if locked_until is not None and locked_until > now:
        _refuse(session, username, user.id, f"account locked until {locked_until:%Y-%m-%d %H:%M} UTC")
    if not password_matches:
        with transaction(session):
            user.failed_logins += 1
            locks = user.failed_logins >= MAX_FAILED_LOGINS
            if locks:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
            record_event(session, Actor(username), "sign in refused", "user_account", user.id,
                         reason="wrong password" + (f"; locked for {LOCKOUT.seconds // 60} minutes" if locks else ""))
        raise PermissionDenied(SIGN_IN_REFUSED)
    with transaction(session):
        user.failed_logins = 0
        user.locked_until = None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        actor = actor_for_user(session, user)
        record_event(session, actor, "sign in", "user_account", user.id)
    return actor


def _refuse(session: Session, username: str, entity_id: str, reason: str) -> NoReturn:
    """Audit a refused sign-in (an attempted name is cut to fit) and refuse it with the one message."""
    with transaction(session):
        record_event(session, Actor(username[:80]), "sign in refused", "user_account", entity_id[:64], reason=reason)
    raise PermissionDenied(SIGN_IN_REFUSED)


def _check_new_password(password: object) -> str:
    problem = password_problem(password)
    if problem or not isinstance(password, str):  # a password that is not text has a problem already
        raise ValidationError.single("new_password", problem or _("must be text"))
    return password


def change_password(session: Session, actor: Actor, current_password: str, new_password: str) -> None:
    """A user changes their own password, proving they know the current one."""
    user = session.scalar(select(User).where(User.username == actor.username))
    if user is None or not check_password(current_password, user.password_hash):
        raise PermissionDenied(_("The current password is wrong."))
    _check_new_password(new_password)
    if check_password(new_password, user.password_hash):
        raise ValidationError.single("new_password", _("must differ from the current password"))
    with transaction(session):
        user.password_hash = hash_password(new_password)
        record_event(session, actor, "change password", "user_account", user.id)


def reset_password(session: Session, actor: Actor, username: str, new_password: str, *, reason: str) -> None:
    """An administrator sets a new password (and unlocks the account); the old one is never shown."""
    actor.require(Permission.MANAGE_USERS)
    user = _user_named(session, username)
    problems = {}
    if problem := password_problem(new_password):
        problems["new_password"] = problem
    if not reason or not reason.strip():
        problems["reason"] = _("say why the password is reset")
    if problems:
        raise ValidationError(problems)
    with transaction(session):
        user.password_hash = hash_password(new_password)
        user.failed_logins = 0
        user.locked_until = None
        record_event(session, actor, "reset password", "user_account", user.id, reason=reason.strip())


# -- administration ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleHolding:
    """One role of an account; ``unit_id`` None means the whole organisation."""

    role: Role
    unit_id: str | None
    unit_name: str | None


@dataclass(frozen=True, slots=True)
class UserSummary:
    """An account as the administration screen lists it (never its password hash)."""

    id: str
    username: str
    full_name: str
    is_active: bool
    locked_until: datetime | None
    last_sign_in: datetime | None
    roles: tuple[RoleHolding, ...]

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """A unit a role can be limited to, named with its organisation when there are several."""

    id: str
    name: str


def list_users(session: Session, actor: Actor) -> list[UserSummary]:
    """Every account by user name, with roles, lock-out and the last successful sign-in."""
    actor.require(Permission.MANAGE_USERS)
    unit_names = dict(session.execute(select(Unit.id, Unit.name)).all())
    last_sign_ins = dict(session.execute(
        select(AuditEvent.entity_id, func.max(AuditEvent.occurred_at))
        .where(AuditEvent.entity == "user_account", AuditEvent.action == "sign in")
        .group_by(AuditEvent.entity_id)
    ).all())
    return [
        UserSummary(
            user.id, user.username, user.full_name, user.is_active, _aware(user.locked_until),
            _aware(last_sign_ins.get(user.id)),
            tuple(sorted((RoleHolding(grant.role, grant.unit_id, unit_names.get(grant.unit_id) if grant.unit_id else None)
                          for grant in user.roles), key=lambda held: (held.role.value, held.unit_name or ""))),
        )
        for user in session.scalars(select(User).order_by(User.username))
    ]


def unit_choices(session: Session) -> list[UnitChoice]:
    """Units a role may be limited to, by name ('Organisation: unit' when the database holds several)."""
    several = (session.scalar(select(func.count()).select_from(Organisation)) or 0) > 1
    rows = session.execute(select(Unit.id, Unit.name, Organisation.name)
                           .join(Organisation, Unit.organisation_id == Organisation.id)
                           .order_by(Organisation.name, Unit.name))
    return [UnitChoice(unit_id, f"{organisation}: {name}" if several else name)
            for unit_id, name, organisation in rows]


def _user_named(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationError.single("username", _("no user called {0}").format(username))
    return user


def _require_an_active_administrator(session: Session) -> None:
    """Refuse (inside the caller's transaction, so it rolls back) a change that leaves no administrator."""
    session.flush()
    remaining = session.scalar(
        select(func.count(User.id.distinct())).join(UserRole, UserRole.user_id == User.id)
        .where(User.is_active.is_(True), UserRole.role == Role.ADMINISTRATOR, UserRole.unit_id.is_(None))
    )
    if not remaining:
        raise ValidationError.single(
            "roles", _("at least one active administrator for the whole organisation must remain; "
                     "make someone else an administrator first"))


def _role(value: Role | str) -> Role:
    role = _as_role(value)
    if not isinstance(role, Role):
        allowed = ", ".join(role.value for role in Role)
        raise ValidationError.single("role", _("must be one of {0}; got {1!r}").format(allowed, value))
    return role


def grant_role(session: Session, actor: Actor, username: str, role: Role | str, unit_id: str | None = None) -> None:
    """Give ``username`` a role for one unit (and the units below it) or, with no unit, the whole organisation."""
    actor.require(Permission.MANAGE_USERS)
    user = _user_named(session, username)
    role = _role(role)
    if problem := _grant_problem(session, role, unit_id):
        raise ValidationError.single("unit_id", problem)
    if any(held.role == role and held.unit_id == unit_id for held in user.roles):
        raise ValidationError.single("role", _("{0} already holds {1} there").format(username, role.value))
    with transaction(session):
        user.roles.append(UserRole(role=role, unit_id=unit_id))
        record_event(session, actor, "grant role", "user_account", user.id,
                     new={"role": role.value, "unit_id": unit_id})


def revoke_role(session: Session, actor: Actor, username: str, role: Role | str, unit_id: str | None = None) -> None:
    """Take one role away; refused when it would leave no active administrator."""
    actor.require(Permission.MANAGE_USERS)
    user = _user_named(session, username)
    role = _role(role)
    held = next((grant for grant in user.roles if grant.role == role and grant.unit_id == unit_id), None)
    if held is None:
        raise ValidationError.single("role", _("{0} does not hold {1} there").format(username, role.value))
    with transaction(session):
        user.roles.remove(held)
        record_event(session, actor, "revoke role", "user_account", user.id,
                     old={"role": role.value, "unit_id": unit_id})
        _require_an_active_administrator(session)


def set_active(session: Session, actor: Actor, username: str, active: bool, *, reason: str) -> None:
    """Deactivate an account (it can no longer sign in; its history stays) or reactivate it."""
    actor.require(Permission.MANAGE_USERS)
    user = _user_named(session, username)
    if not isinstance(active, bool):
        raise ValidationError.single("active", _("must be true or false, got {0!r}").format(active))
    if not reason or not reason.strip():
        raise ValidationError.single("reason", _("say why the account is ") + ("reactivated" if active else "deactivated"))
    if not active and username == actor.username:
        raise ValidationError.single("username", _("you cannot deactivate your own account"))
    if user.is_active == active:
        raise ValidationError.single("username", _(
                "{0} is already {1}").format(username, 'active' if active else 'deactivated'))
    with transaction(session):
        user.is_active = active
        record_event(session, actor, "reactivate" if active else "deactivate", "user_account", user.id,
                     old={"is_active": not active}, new={"is_active": active}, reason=reason.strip())
        _require_an_active_administrator(session)


def unlock_user(session: Session, actor: Actor, username: str) -> None:
    """Lift a lock-out after failed sign-ins before it expires (the password stays as it is)."""
    actor.require(Permission.MANAGE_USERS)
    user = _user_named(session, username)
    locked_until = _aware(user.locked_until)
    if locked_until is None or locked_until <= utcnow():
        raise ValidationError.single("username", _("{0} is not locked out").format(username))
    with transaction(session):
        user.locked_until = None
        user.failed_logins = 0
        record_event(session, actor, "unlock", "user_account", user.id)
