"""Every screen of the main window: its title, who may open it, and how to build it.

Screens are built the first time they are opened, and each builder imports its
own module then, so start-up loads only the screen shown first (the import
screen alone pulls in openpyxl and the SDBIP importer). Who may see a screen
follows the actor's permissions; the services check them again on every call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pmsdesk.backups import BACKUP_PERMISSION
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.services.worklists import statuses_to_review

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pmsdesk.db import Database

    from .operations import Operations


class Screen(Protocol):
    """What the main window needs from a screen in the navigation list."""

    title: str

    def show_year(self, year: FinancialYearSummary | None) -> None: ...


@dataclass(frozen=True)
class ScreenContext:
    """What a builder and a visibility rule may look at."""

    database: Database
    operations: Operations
    actor: Actor
    organisation_count: int
    parent: QWidget


@dataclass(frozen=True)
class ScreenEntry:
    key: str
    title: str
    allowed: Callable[[ScreenContext], bool]
    build: Callable[[ScreenContext], Screen]


#: Any one of these shows the Administration screen; each of its tabs needs its own.
ADMINISTRATION_PERMISSIONS = (Permission.MANAGE_USERS, Permission.MANAGE_RULES, Permission.MANAGE_FRAMEWORK,
                              Permission.REOPEN, BACKUP_PERMISSION)


def _everyone(_context: ScreenContext) -> bool:
    return True


def _may(permission: Permission) -> Callable[[ScreenContext], bool]:
    """Holds ``permission`` for the whole organisation."""
    return lambda context: context.actor.can(permission)


def _holds(permission: Permission) -> Callable[[ScreenContext], bool]:
    """Holds ``permission`` for at least one unit (a capturer of one directorate)."""
    return lambda context: permission in context.actor.unit_scopes


def _dashboard(context: ScreenContext) -> Screen:
    from .dashboard import DashboardView

    return DashboardView(context.operations, context.actor, context.parent)


def _register(context: ScreenContext) -> Screen:
    from .register import KpiRegisterView

    return KpiRegisterView(context.database, context.parent, operations=context.operations, actor=context.actor)


def _plans(context: ScreenContext) -> Screen:
    from .plans import PlansView

    return PlansView(context.operations, context.actor, context.parent)


def _reporting(context: ScreenContext) -> Screen:
    from .reporting import ReportingView

    return ReportingView(context.operations, context.actor, context.parent)


def _verification(context: ScreenContext) -> Screen:
    from .verification import VerificationView

    return VerificationView(context.operations, context.actor, context.parent)


def _risks(context: ScreenContext) -> Screen:
    from .risks import RisksView

    return RisksView(context.operations, context.actor, context.parent)


def _data_quality(context: ScreenContext) -> Screen:
    from .data_quality import DataQualityView

    return DataQualityView(context.operations, context.actor, context.parent)


def _agreements(context: ScreenContext) -> Screen:
    from .agreements import AgreementsView

    return AgreementsView(context.operations, context.actor, context.parent)


def _administration(context: ScreenContext) -> Screen:
    from .admin import AdministrationView

    return AdministrationView(context.operations, context.actor, context.parent)


def _importing(context: ScreenContext) -> Screen:
    from .importing import SdbipImportView

    return SdbipImportView(context.operations, context.actor, context.parent)


def _sync(context: ScreenContext) -> Screen:
    from .sync import SyncView

    return SyncView(context.operations, context.actor, context.parent)


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("dashboard", "Dashboard", _holds(Permission.READ), _dashboard),
    ScreenEntry("register", "KPI register", _everyone, _register),
    ScreenEntry("plans", "Plans", _everyone, _plans),
    ScreenEntry("reporting", "Quarterly reporting", _holds(Permission.CAPTURE_ACTUALS), _reporting),
    ScreenEntry("verification", "Verification", lambda context: bool(statuses_to_review(context.actor)),
                _verification),
    ScreenEntry("agreements", "Agreements", _everyone, _agreements),
    ScreenEntry("risks", "Risks", _holds(Permission.READ), _risks),
    ScreenEntry("data-quality", "Data quality", _holds(Permission.READ), _data_quality),
    ScreenEntry("importing", "Import SDBIP", _may(Permission.MANAGE_KPIS), _importing),
    ScreenEntry("sync", "Sync", _may(Permission.MANAGE_FRAMEWORK), _sync),
    ScreenEntry("administration", "Administration",
                lambda context: any(context.actor.can(p) for p in ADMINISTRATION_PERMISSIONS), _administration),
)


def screens_for(context: ScreenContext) -> list[ScreenEntry]:
    """The screens ``context.actor`` may open, in navigation order."""
    return [entry for entry in SCREENS if entry.allowed(context)]
