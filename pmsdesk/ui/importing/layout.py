"""Widgets and layout of the SDBIP import screen; behaviour lives in ``view.SdbipImportView``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.vocabulary import Vocabulary, vocabulary_for, with_article

from .problems_model import ProblemsModel
from .work import FIELD_CHOICES

IGNORE_TEXT = QT_TR_NOOP("(ignore this column)")
NO_TEMPLATE = QT_TR_NOOP("(no template)")
COLUMN, MAPS_TO, NOTE = range(3)


def mapping_combo(parent: QWidget, field: str | None) -> QComboBox:
    """Every KPI field in plain words (its key as data), then 'ignore'; ``field`` chosen (None: ignore)."""
    combo = QComboBox(parent)
    for key, words in FIELD_CHOICES:
        combo.addItem(words, key)
    combo.addItem(IGNORE_TEXT, "ignore")
    index = combo.findData(field) if field else -1
    combo.setCurrentIndex(index if index >= 0 else combo.count() - 1)
    combo.setAccessibleName(QCoreApplication.translate("importing.layout", "Maps to"))
    return combo


class Ui_SdbipImportView:
    """Builds the import screen inside ``widget``."""

    def setup_ui(self, widget: QWidget, model: ProblemsModel) -> None:
        self.workbook = QLineEdit(widget)
        self.workbook.setReadOnly(True)
        self.workbook.setPlaceholderText(QCoreApplication.translate("Ui_SdbipImportView", "No workbook chosen"))
        self.workbook.setAccessibleName(QCoreApplication.translate("Ui_SdbipImportView", "Workbook"))
        self.choose = QPushButton(QCoreApplication.translate("Ui_SdbipImportView", "&Choose workbook…"), widget)
        workbook_row = QHBoxLayout()
        workbook_row.addWidget(self.workbook, 1)
        workbook_row.addWidget(self.choose)
        self.year = QLineEdit(widget)
        self.year.setPlaceholderText("e.g. 2025/26")
        self.year.setMaximumWidth(120)
        self.year.setAccessibleName(QCoreApplication.translate("Ui_SdbipImportView", "Financial year"))
        self.year.setToolTip(QCoreApplication.translate("Ui_SdbipImportView",
                "The financial year the KPIs belong to; a year not in the database yet is created."))
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("Ui_SdbipImportView", "Workbook:"), workbook_row)
        form.addRow(QCoreApplication.translate("Ui_SdbipImportView", "Financial &year:"), self.year)
        self.template = QComboBox(widget)
        self.template.addItem(NO_TEMPLATE, None)
        self.template.setAccessibleName(QCoreApplication.translate("Ui_SdbipImportView", "Column template"))
        self.template.setToolTip(QCoreApplication.translate("Ui_SdbipImportView",
                "A saved column mapping, applied on the next preview"))
        self.save_template = QPushButton(QCoreApplication.translate("Ui_SdbipImportView", "&Save mapping as template…"), widget)
        self.save_template.setToolTip(QCoreApplication.translate("Ui_SdbipImportView",
                "Save the columns' mapping below under a name, to reuse next time"))
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.save_template)
        template_label = QLabel(QCoreApplication.translate("Ui_SdbipImportView",
                "Column &template:"), widget)  # a row of two widgets has no buddy of its own
        template_label.setBuddy(self.template)
        form.addRow(template_label, template_row)

        self.preview = QPushButton(QCoreApplication.translate("Ui_SdbipImportView", "&Preview"), widget)
        self.preview.setToolTip(QCoreApplication.translate("Ui_SdbipImportView", "Check the workbook without writing anything"))
        self.update_existing = QCheckBox(QCoreApplication.translate("Ui_SdbipImportView",
                "&Update KPIs already imported"), widget)
        self.update_existing.setToolTip(QCoreApplication.translate("Ui_SdbipImportView",
                "For a revised or adjustment-budget SDBIP: KPIs already in the year are updated by reference; changed "
                "targets keep their original values"))
        self.include_hidden = QCheckBox(QCoreApplication.translate("Ui_SdbipImportView",
                "Read hidden ro&ws and columns"), widget)
        self.include_hidden.setToolTip(QCoreApplication.translate("Ui_SdbipImportView",
                "Hidden rows and columns are left out and listed below; tick this to import them too (each is still listed)"))
        self.accept_valid_rows = QCheckBox(QCoreApplication.translate("Ui_SdbipImportView",
                "Import the &valid rows only"), widget)
        self.accept_valid_rows.setToolTip(QCoreApplication.translate("Ui_SdbipImportView",
                "Skip the rows with errors and import the rest"))
        self.import_button = QPushButton(QCoreApplication.translate("Ui_SdbipImportView", "&Import"), widget)
        actions = QHBoxLayout()
        actions.addWidget(self.preview)
        actions.addWidget(self.update_existing)
        actions.addWidget(self.include_hidden)
        actions.addStretch(1)
        actions.addWidget(self.accept_valid_rows)
        actions.addWidget(self.import_button)

        self.summary = QLabel(QCoreApplication.translate("Ui_SdbipImportView",
                "Choose an SDBIP workbook, check the year, then preview it."), widget)
        self.summary.setWordWrap(True)
        self.use_words(vocabulary_for(QCoreApplication.translate("Ui_SdbipImportView", "ZA")))
        self.problems = ReadOnlyTable(model, model.columns, ProblemsModel.REASON, widget)
        self.problems.setAccessibleName(QCoreApplication.translate("Ui_SdbipImportView", "Problems found"))
        self.problems.sortByColumn(ProblemsModel.ROW, Qt.SortOrder.AscendingOrder)

        self.columns = QTableWidget(0, 3, widget)
        self.columns.setAccessibleName(QCoreApplication.translate("Ui_SdbipImportView", "Columns"))
        self.columns.setHorizontalHeaderLabels([QCoreApplication.translate("Ui_SdbipImportView",
                "Column"), QCoreApplication.translate("Ui_SdbipImportView",
                "Maps to"), QCoreApplication.translate("Ui_SdbipImportView", "Note")])
        self.columns.setToolTip(QCoreApplication.translate("Ui_SdbipImportView",
                "Each workbook heading and the KPI field it fills; change one to correct it"))
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns.verticalHeader().setVisible(False)
        self.columns.horizontalHeader().setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.columns.setColumnWidth(COLUMN, 180)
        self.columns.setColumnWidth(MAPS_TO, 170)
        columns_box = QWidget(widget)
        columns_layout = QVBoxLayout(columns_box)
        columns_layout.setContentsMargins(0, 0, 0, 0)
        columns_label = QLabel(QCoreApplication.translate("Ui_SdbipImportView", "Colu&mns:"), columns_box)
        columns_label.setBuddy(self.columns)
        columns_layout.addWidget(columns_label)
        columns_layout.addWidget(self.columns, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, widget)
        splitter.addWidget(columns_box)
        splitter.addWidget(self.problems)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

    def use_words(self, words: Vocabulary) -> None:
        """Name the one-year plan as the organisation's country does (SDBIP, annual work plan)."""
        self.update_existing.setToolTip(QCoreApplication.translate("Ui_SdbipImportView",
                "For a revised {0}: KPIs already in the year are updated by reference; changed "
                "targets keep their original values").format(words.annual_plan))
        self.summary.setText(QCoreApplication.translate("Ui_SdbipImportView",
                "Choose {0} workbook, check the year, then preview it.").format(with_article(words.annual_plan)))
