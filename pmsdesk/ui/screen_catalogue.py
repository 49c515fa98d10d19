"""Every screen of the main window: its title, who may open it, and how to build it.

Screens are built the first time they are opened, and each builder imports its
own module then, so start-up loads only the screen shown first (the import
screen alone pulls in openpyxl and the SDBIP importer). Who may see a screen
follows the actor's permissions; the services check them again on every call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

from pmsdesk.backups import BACKUP_PERMISSION
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.services.worklists import statuses_to_review
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.vocabulary import Vocabulary

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
    #: The database is a head office's: it consolidates offices' packages, however many have arrived yet.
    head_office: bool = False


@dataclass(frozen=True)
class ScreenEntry:
    key: str
    title: str
    allowed: Callable[[ScreenContext], bool]
    build: Callable[[ScreenContext], Screen]


#: Any one of these shows the Administration screen; each of its tabs needs its own.
ADMINISTRATION_PERMISSIONS = (Permission.MANAGE_USERS, Permission.MANAGE_RULES, Permission.MANAGE_FRAMEWORK,
                              Permission.REOPEN, BACKUP_PERMISSION, Permission.MANAGE_ORGANISATION)


def _everyone(_context: ScreenContext) -> bool:
    return True


def _may(permission: Permission) -> Callable[[ScreenContext], bool]:
    """Holds ``permission`` for the whole organisation."""
    return lambda context: context.actor.can(permission)


def _holds(permission: Permission) -> Callable[[ScreenContext], bool]:
    """Holds ``permission`` for at least one unit (a capturer of one directorate)."""
    return lambda context: permission in context.actor.unit_scopes


def _built_from(module: str, class_name: str) -> Callable[[ScreenContext], Screen]:
    """A builder for a screen taking (operations, actor, parent), imported only when first built."""

    def build(context: ScreenContext) -> Screen:
        screen_class = getattr(import_module(module, __package__), class_name)
        return screen_class(context.operations, context.actor, context.parent)

    return build


def _tanzanian(context: ScreenContext) -> bool:
    """PEPMIS is the Tanzanian public service's system: shown only where a Tanzanian organisation is kept."""
    from pmsdesk.services.pepmis import uses_pepmis

    with context.database.session() as session:
        return uses_pepmis(session)


def _south_african_reader(context: ScreenContext) -> bool:
    """The service-provider register (MSA s46, MFMA s116) is South African: shown where a ZA organisation is kept."""
    from pmsdesk.services.service_providers import keeps_south_african_organisation

    if Permission.READ not in context.actor.unit_scopes:
        return False
    with context.database.session() as session:
        return keeps_south_african_organisation(session)


def _consolidating(context: ScreenContext) -> bool:
    """A head-office installation (from its first day, so refused first packages show), or any database holding
    more than one organisation (a consolidation)."""
    return context.head_office or context.organisation_count > 1  # the window read head office's details once


def _register(context: ScreenContext) -> Screen:
    from .register import KpiRegisterView

    return KpiRegisterView(context.database, context.parent, operations=context.operations, actor=context.actor)


def _reports(context: ScreenContext) -> Screen:
    from .reports import ReportsView

    return ReportsView(context.operations, context.actor, context.parent, context.organisation_count)


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("dashboard", QT_TR_NOOP("Dashboard"), _holds(Permission.READ), _built_from(".dashboard", "DashboardView")),
    ScreenEntry("register", QT_TR_NOOP("KPI register"), _everyone, _register),
    ScreenEntry("plans", QT_TR_NOOP("Plans"), _everyone, _built_from(".plans", "PlansView")),
    ScreenEntry("reporting", QT_TR_NOOP("Quarterly reporting"), _holds(Permission.CAPTURE_ACTUALS),
                _built_from(".reporting", "ReportingView")),
    ScreenEntry("verification", QT_TR_NOOP("Verification"), lambda context: bool(statuses_to_review(context.actor)),
                _built_from(".verification", "VerificationView")),
    ScreenEntry("agreements", QT_TR_NOOP("Agreements"), _everyone, _built_from(".agreements", "AgreementsView")),
    ScreenEntry("pepmis", QT_TR_NOOP("PEPMIS"), _tanzanian, _built_from(".pepmis", "PepmisView")),
    ScreenEntry("people", QT_TR_NOOP("People"), _may(Permission.MANAGE_FRAMEWORK), _built_from(".people", "PeopleView")),
    ScreenEntry("reports", QT_TR_NOOP("Reports"), _holds(Permission.READ), _reports),
    ScreenEntry("risks", QT_TR_NOOP("Risks"), _holds(Permission.READ), _built_from(".risks", "RisksView")),
    ScreenEntry("service-providers", QT_TR_NOOP("Service providers"), _south_african_reader,
                _built_from(".providers", "ServiceProvidersView")),
    ScreenEntry("data-quality", QT_TR_NOOP("Data quality"), _holds(Permission.READ),
                _built_from(".data_quality", "DataQualityView")),
    ScreenEntry("importing", QT_TR_NOOP("Import SDBIP"), _may(Permission.MANAGE_KPIS),
                _built_from(".importing", "SdbipImportView")),
    ScreenEntry("sync", QT_TR_NOOP("Sync"), _may(Permission.EXCHANGE_PACKAGES), _built_from(".sync", "SyncView")),
    ScreenEntry("head-office", QT_TR_NOOP("Head office"), _consolidating, _built_from(".head_office", "HeadOfficeView")),
    ScreenEntry("administration", QT_TR_NOOP("Administration"),
                lambda context: any(context.actor.can(p) for p in ADMINISTRATION_PERMISSIONS),
                _built_from(".admin", "AdministrationView")),
)


#: Screens a country names in its own words: key → the title from the organisation's vocabulary.
COUNTRY_TITLES: dict[str, Callable[[Vocabulary], str]] = {"importing": lambda words: words.import_title}


def title_in(entry: ScreenEntry, words: Vocabulary) -> str:
    """``entry``'s navigation title as the organisation's country names it ("Import plan workbook")."""
    named = COUNTRY_TITLES.get(entry.key)
    return named(words) if named is not None else entry.title


def screens_for(context: ScreenContext) -> list[ScreenEntry]:
    """The screens ``context.actor`` may open, in navigation order."""
    return [entry for entry in SCREENS if entry.allowed(context)]
