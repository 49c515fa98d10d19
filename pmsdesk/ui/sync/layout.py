"""Widgets and layout of the sync screen; behaviour lives in ``view.SyncView`` and the panels."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

PACKAGES_TAB, CONFLICTS_TAB, KEYS_TAB, REFUSED_TAB = range(4)


class Ui_SyncView:
    """Builds the sync screen inside ``widget``: packages, conflicts, trusted keys and refused imports on four tabs."""

    def setup_ui(self, widget: QWidget, conflicts: QWidget, keys: QWidget, refused: QWidget) -> None:
        self.office = QLabel(widget)
        self.fingerprint = QLabel(widget)
        for label in (self.office, self.fingerprint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setup_problem = QLabel(widget)
        self.setup_problem.setWordWrap(True)
        self.setup_problem.setStyleSheet("color: #a4262c;")
        identity = QGroupBox(QCoreApplication.translate("Ui_SyncView", "This office"), widget)
        identity_form = QFormLayout(identity)
        identity_form.addRow(QCoreApplication.translate("Ui_SyncView", "Office code:"), self.office)
        identity_form.addRow(QCoreApplication.translate("Ui_SyncView", "Key fingerprint:"), self.fingerprint)
        identity_form.addRow(self.setup_problem)

        self.receiver = QLineEdit(widget)
        self.receiver.setPlaceholderText(QCoreApplication.translate("Ui_SyncView", "e.g. HEAD-OFFICE"))
        self.receiver.setMaxLength(40)
        self.receiver.setAccessibleName(QCoreApplication.translate("Ui_SyncView", "Receiver office code"))
        self.full = QCheckBox(QCoreApplication.translate("Ui_SyncView",
                "&Full (everything, not only changes since the last package)"), widget)
        self.export_button = QPushButton(QCoreApplication.translate("Ui_SyncView", "&Export package…"), widget)
        self.import_button = QPushButton(QCoreApplication.translate("Ui_SyncView", "&Import packages…"), widget)
        self.verify_button = QPushButton(QCoreApplication.translate("Ui_SyncView", "&Verify package…"), widget)
        self.verify_button.setToolTip(QCoreApplication.translate("Ui_SyncView",
                "Check a package's signature, sender and receiver without importing it"))
        self.cover_button = QPushButton(QCoreApplication.translate("Ui_SyncView", "Print cover s&heet…"), widget)
        self.cover_button.setToolTip(QCoreApplication.translate("Ui_SyncView",
                "Preview, print or save the cover sheet of a package this office exported (the chosen one in the list, or a "
                "package file): it carries this office's key fingerprint for the receiver to compare"))
        self.trust_button = QPushButton(QCoreApplication.translate("Ui_SyncView", "&Trust sender…"), widget)
        self.trust_button.setToolTip(QCoreApplication.translate("Ui_SyncView",
                "Compare the chosen package's key fingerprint with its cover sheet, trust the sending office and import the "
                "package"))
        receiver_label = QLabel(QCoreApplication.translate("Ui_SyncView", "&For office:"), widget)
        receiver_label.setBuddy(self.receiver)
        # The office code keeps room for a code however long the words beside it grow in another language.
        self.receiver.setMinimumWidth(self.receiver.fontMetrics().horizontalAdvance("ZA-HQ-00000") + 16)
        export_row = QHBoxLayout()
        export_row.addWidget(receiver_label)
        export_row.addWidget(self.receiver)
        export_row.addWidget(self.export_button)
        export_row.addStretch(1)
        full_row = QHBoxLayout()  # on a line of its own: its long label would squeeze the office code
        full_row.addWidget(self.full)
        full_row.addStretch(1)
        import_row = QHBoxLayout()
        import_row.addWidget(self.import_button)
        import_row.addWidget(self.verify_button)
        import_row.addWidget(self.cover_button)
        import_row.addStretch(1)
        import_row.addWidget(self.trust_button)
        self.results = QListWidget(widget)
        self.results.setAccessibleName(QCoreApplication.translate("Ui_SyncView", "Package results"))
        self.results.setWordWrap(True)
        exchange = QGroupBox(QCoreApplication.translate("Ui_SyncView", "Packages"), widget)
        exchange_layout = QVBoxLayout(exchange)
        exchange_layout.addLayout(export_row)
        exchange_layout.addLayout(full_row)
        exchange_layout.addLayout(import_row)
        exchange_layout.addWidget(self.results, 1)

        packages = QWidget(widget)
        packages_layout = QVBoxLayout(packages)
        packages_layout.addWidget(identity)
        packages_layout.addWidget(exchange, 1)
        self.tabs = QTabWidget(widget)
        self.tabs.addTab(packages, QCoreApplication.translate("Ui_SyncView", "&Packages"))
        self.tabs.addTab(conflicts, QCoreApplication.translate("Ui_SyncView", "C&onflicts"))
        self.tabs.addTab(keys, QCoreApplication.translate("Ui_SyncView", "Trusted &keys"))
        self.tabs.addTab(refused, QCoreApplication.translate("Ui_SyncView", "&Refused imports"))
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
