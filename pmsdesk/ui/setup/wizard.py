"""The first-run set-up wizard: organisation, first year, first administrator, defaults; then signed in.

Each page checks its own values when Next is pressed and shows problems under
the fields. Finish sends everything to :func:`pmsdesk.services.setup.set_up_organisation`
(one transaction) and signs the new administrator in; a refusal there goes
back to the page of the first field it names.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget, QWizard

from pmsdesk.db import Database
from pmsdesk.services import users
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.setup import SetupRequest, organisation_problems, set_up_organisation

from ..operations import Operations
from .account_pages import AdministratorPage, DefaultsPage
from .organisation_page import OrganisationPage
from .year_page import YearPage

#: Fits a 1024×600 netbook screen with its task bar.
WIZARD_SIZE = QSize(780, 540)
ORGANISATION, YEAR, ADMINISTRATOR, DEFAULTS = range(4)


class SetupWizard(QWizard):
    """Sets up a real organisation in an empty database; ``actor`` is its signed-in administrator after."""

    def __init__(self, database: Database, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._operations = operations
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Set up your organisation — pmsdesk"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Set up"))
        self.organisation = OrganisationPage(self._organisation_problems, self)
        self.year = YearPage(lambda: self.organisation.fields.month.currentData(), self)
        self.administrator = AdministratorPage(self)
        self.defaults = DefaultsPage(self.organisation.values, self)
        for number, page in enumerate((self.organisation, self.year, self.administrator, self.defaults)):
            self.setPage(number, page)
        self.resize(WIZARD_SIZE)

    def _organisation_problems(self, values: dict) -> dict[str, str]:
        with self._database.session() as session:  # one quick read: is the code free?
            return organisation_problems(session, values)

    def request(self) -> SetupRequest:
        page = self.administrator
        return SetupRequest(self.organisation.values(), self.year.start_year(), page.username.text().strip(),
                            page.full_name.text(), page.password.text(), quarters=self.year.quarters(),
                            logo=self.organisation.fields.logo, with_profile_defaults=self.defaults.wanted.isChecked())

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt's name
        if self.currentId() != DEFAULTS or self.actor is not None:  # set up and signed in: let it close
            return super().validateCurrentPage()
        self._set_up()
        return False  # _done closes the wizard once the set-up succeeded

    def _set_up(self) -> None:
        request = self.request()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

        def work(context) -> Actor:
            set_up_organisation(context.session, request)
            return users.sign_in(context.session, request.admin_username, request.admin_password)

        self._operations.run(work, self._done, self._refused, label=self.tr("Setting up your organisation…"))

    def _done(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if not isinstance(error, ServiceError):
            raise error
        problems = error.problems if isinstance(error, ValidationError) else {"database": str(error)}
        pages: list[OrganisationPage | YearPage | AdministratorPage] = [
            self.organisation, self.year, self.administrator]
        target = next((number for number, page in enumerate(pages) for field in problems
                       if field.split("[")[0] in {name.split("[")[0] for name in page.form.fields()}), None)
        if target is None:
            self.defaults.general.setText("; ".join(problems.values()))
            self.defaults.general.show()
            return
        while self.currentId() > target:
            self.back()
        pages[target].form.messages.show_problems(problems)
