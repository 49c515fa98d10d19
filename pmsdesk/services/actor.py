"""Who is acting, and what their roles allow. Checked in every service call."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import Role, Unit, User

from .errors import PermissionDenied


class Permission(StrEnum):
    MANAGE_USERS = "manage users"
    MANAGE_ORGANISATION = "change the organisation's details"
    MANAGE_RULES = "manage scoring rule sets"
    MANAGE_FRAMEWORK = "manage the strategic framework"
    MANAGE_KPIS = "manage KPIs and targets"
    CAPTURE_ACTUALS = "capture actuals"
    VERIFY_ACTUALS = "verify actuals"
    APPROVE = "approve reports and agreements"
    REOPEN = "reopen reviewed values and closed periods"
    MANAGE_AGREEMENTS = "manage agreements"
    MANAGE_RISKS = "manage risks"
    MANAGE_SERVICE_PROVIDERS = "manage service providers and assess their performance"
    MANAGE_KEYS = "set up this office's signing key and trust or revoke other offices"
    EXCHANGE_PACKAGES = "export and import sync packages and decide their conflicts"
    BACK_UP = "back up the database"
    RESTORE = "restore the database from a backup"
    READ = "read"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.PMS_OFFICER: frozenset(
        {
            Permission.MANAGE_FRAMEWORK,
            Permission.MANAGE_KPIS,
            Permission.CAPTURE_ACTUALS,
            Permission.MANAGE_AGREEMENTS,
            Permission.MANAGE_RISKS,
            Permission.MANAGE_SERVICE_PROVIDERS,
            Permission.REOPEN,
            Permission.MANAGE_KEYS,
            Permission.EXCHANGE_PACKAGES,
            Permission.BACK_UP,
            Permission.READ,
        }
    ),
    Role.CAPTURER: frozenset({Permission.CAPTURE_ACTUALS, Permission.MANAGE_RISKS, Permission.READ}),
    Role.VERIFIER: frozenset({Permission.VERIFY_ACTUALS, Permission.READ}),
    Role.APPROVER: frozenset({Permission.APPROVE, Permission.MANAGE_AGREEMENTS, Permission.READ}),
    Role.READ_ONLY: frozenset({Permission.READ}),
}


@dataclass(frozen=True)
class RoleGrant:
    role: Role
    unit_id: str | None = None  # None: the whole organisation


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf a service acts. Built once at sign-in."""

    username: str
    grants: tuple[RoleGrant, ...] = ()
    #: Units (with their descendants) the actor may act on per permission; None = all.
    unit_scopes: dict[Permission, frozenset[str] | None] = field(default_factory=dict)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """An actor with every permission, for demo building and migrations."""
        return cls(name, (RoleGrant(Role.ADMINISTRATOR),), {p: None for p in Permission})

    def can(self, permission: Permission, unit_id: str | None = None) -> bool:
        if permission not in self.unit_scopes:
            return False
        scope = self.unit_scopes[permission]
        return scope is None or (unit_id is not None and unit_id in scope)

    def require_somewhere(self, permission: Permission) -> None:
        """Refuse an actor without ``permission`` for any unit (a command's gate; services check each unit)."""
        if permission not in self.unit_scopes:
            raise PermissionDenied(_("{0} may not {1}.").format(self.username, permission.value))

    def require(self, permission: Permission, unit_id: str | None = None) -> None:
        if not self.can(permission, unit_id):
            where = " for this unit" if permission in self.unit_scopes else ""
            raise PermissionDenied(_("{0} may not {1}{2}.").format(self.username, permission.value, where))


def actor_for_user(session: Session, user: User) -> Actor:
    """Resolve a user's grants to permission scopes, expanding units to their subtrees."""
    children: dict[str | None, list[str]] = {}
    for unit_id, parent_id in session.execute(select(Unit.id, Unit.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)

    def subtree(unit_id: str) -> set[str]:
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(children.get(current, []))
        return found

    scopes: dict[Permission, frozenset[str] | None] = {}
    grants = tuple(RoleGrant(grant.role, grant.unit_id) for grant in user.roles)
    for grant in grants:
        units = None if grant.unit_id is None else frozenset(subtree(grant.unit_id))
        for permission in ROLE_PERMISSIONS[grant.role]:
            if permission in scopes and scopes[permission] is None:
                continue
            if units is None or permission not in scopes:
                scopes[permission] = units
            else:
                scopes[permission] = scopes[permission] | units
    return Actor(user.username, grants, scopes)
