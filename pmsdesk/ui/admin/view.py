"""The Administration screen: one tab per job, shown only to users whose roles allow that job."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from pmsdesk.backups import BACKUP_PERMISSION
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.screen_catalogue import ADMINISTRATION_PERMISSIONS
from pmsdesk.ui.translation import QT_TR_NOOP

from .backups_tab import BackupsTab
from .organisation_tab import OrganisationTab
from .rule_sets_tab import RuleSetsTab
from .users_tab import UsersTab
from .years_tab import YearsTab


class AdministrationView(QWidget):
    """Users and roles, rule sets, financial years and backups (the services check permissions again)."""

    title = QT_TR_NOOP("Administration")
    #: A backup was restored; the main window must sign out and reopen the database (message for the user).
    restart_requested = Signal(str)
    #: Financial years or their quarters changed; the main window should reload its year selector.
    years_changed = Signal()

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._organisation_id: str | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Administration"))
        self.users = UsersTab(operations, actor, self) if actor.can(Permission.MANAGE_USERS) else None
        self.rule_sets = RuleSetsTab(operations, actor, self) if actor.can(Permission.MANAGE_RULES) else None
        self.years = (YearsTab(operations, actor, self)
                      if actor.can(Permission.MANAGE_FRAMEWORK) or actor.can(Permission.REOPEN) else None)
        self.backups = BackupsTab(operations, actor, self) if actor.can(BACKUP_PERMISSION) else None
        self.organisation = (OrganisationTab(operations, actor, self)
                             if actor.can(Permission.MANAGE_ORGANISATION) else None)
        for tab, caption in ((self.users, self.tr("&Users and roles")), (self.rule_sets, self.tr("Rule &sets")),
                             (self.years, self.tr("&Financial years")), (self.backups, self.tr("&Backups")),
                             (self.organisation, self.tr("&Organisation"))):
            if tab is not None:
                self.tabs.addTab(tab, caption)
        if self.backups is not None:
            self.backups.restart_requested.connect(self.restart_requested)
        if self.years is not None:
            self.years.years_changed.connect(self.years_changed)
        self._loaded: set[int] = set()
        self.tabs.currentChanged.connect(self._load_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @staticmethod
    def is_available_to(actor: Actor) -> bool:
        """Whether any tab would show: the main window lists the screen only then."""
        return any(actor.can(permission) for permission in ADMINISTRATION_PERMISSIONS)

    def show_year(self, year: FinancialYearSummary | None) -> None:
        """Tabs load when first opened; the years tab follows the organisation chosen in the top bar."""
        self._organisation_id = year.organisation_id if year is not None else None
        self._loaded.clear()
        self._load_tab(self.tabs.currentIndex())

    def _load_tab(self, index: int) -> None:
        if index < 0 or index in self._loaded:
            return
        self._loaded.add(index)
        tab = self.tabs.widget(index)
        if isinstance(tab, (YearsTab, OrganisationTab)):  # they follow the organisation chosen in the top bar
            tab.load(self._organisation_id)
        elif isinstance(tab, (UsersTab, RuleSetsTab, BackupsTab)):
            tab.load()

    def unsaved_changes(self) -> str | None:
        found = [tab.unsaved_changes() for tab in (self.organisation, self.rule_sets) if tab is not None]
        return "; ".join(text for text in found if text) or None
