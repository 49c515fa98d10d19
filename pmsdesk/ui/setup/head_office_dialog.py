"""Setting up a head office's database from the window: its code, name, country and region, and its first
administrator — the window's twin of ``pmsdesk init-head-office``."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from pmsdesk.db import Database
from pmsdesk.services import users
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.setup import ADMIN_PASSWORD_LENGTH, set_up_head_office
from pmsdesk.services.setup_profiles import COUNTRIES

from ..operations import Operations
from .account_pages import password_box
from .fields import CheckedForm

DEFAULT_CODE = "HEAD-OFFICE"


class HeadOfficeDialog(QDialog):
    """Sets up head office in an empty database; ``actor`` is its signed-in administrator once accepted.

    Every problem is shown under its field and nothing is written until all are fixed.
    """

    def __init__(self, database: Database, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._operations = operations
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Set up a head office — pmsdesk"))
        intro = QLabel(self.tr("<b>Head office</b> receives packages from offices (municipalities, counties, "
                               "councils), consolidates them and compares them. It holds no organisation of its "
                               "own: each office's package brings its own."), self)
        intro.setWordWrap(True)
        self.form = form = CheckedForm(self)
        self.code = QLineEdit(DEFAULT_CODE, self)
        self.code.setToolTip(self.tr("Offices type this code when they export a package for head office"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. Free State COGTA, or State Department for Devolution"))
        self.country = QComboBox(self)
        for code, country in COUNTRIES.items():
            self.country.addItem(country, code)
        self.region = QLineEdit(self)
        self.region.setPlaceholderText(self.tr("the province, county or region it oversees (may stay empty)"))
        self.full_name, self.username = QLineEdit(self), QLineEdit(self)
        self.password, self.password_again = password_box(self), password_box(self)
        self.password.setPlaceholderText(self.tr("at least {0} characters").format(ADMIN_PASSWORD_LENGTH))
        for field, label, box in (
                ("code", self.tr("Head office's &code:"), self.code), ("name", self.tr("&Name:"), self.name),
                ("country", self.tr("Co&untry:"), self.country),
                ("region", self.tr("Province or &region:"), self.region),
                ("full_name", self.tr("Administrator's &full name:"), self.full_name),
                ("username", self.tr("&User name:"), self.username), ("password", self.tr("&Password:"), self.password),
                ("password_again", self.tr("Password &again:"), self.password_again)):
            form.add(field, label, box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.set_up_button = self.buttons.addButton(self.tr("&Set up head office"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.set_up_button.setDefault(True)
        self.buttons.accepted.connect(self.set_up)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form.layout)
        layout.addWidget(form.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def set_up(self) -> None:
        """Send the form to the set-up service; on success the new administrator is signed in."""
        values = {"code": self.code.text(), "name": self.name.text(), "country": self.country.currentData(),
                  "region": self.region.text()}
        username, full_name = self.username.text().strip(), self.full_name.text()
        password, again = self.password.text(), self.password_again.text()
        self.form.messages.show_problems({})
        self.set_up_button.setEnabled(False)

        def work(context) -> Actor:
            set_up_head_office(context.session, values["code"], username, full_name, password, name=values["name"],
                               country=values["country"], region=values["region"], admin_password_again=again)
            return users.sign_in(context.session, username, password)

        self._operations.run(work, self._done, self._refused, label=self.tr("Setting up head office…"))

    def _done(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.set_up_button.setEnabled(True)
        if not isinstance(error, ServiceError):
            raise error
        self.form.messages.show_problems(error.problems if isinstance(error, ValidationError)
                                         else {"database": str(error)})
