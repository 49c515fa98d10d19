"""The KPI register as a table model: one row per KPI, columns as officials know them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pmsdesk.services.register import KpiRegisterRow
from pmsdesk.ui.widgets.sort_keys import is_figure, reference_key, text_key, value_key
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn
from pmsdesk.vocabulary import VOCABULARIES, Vocabulary, vocabulary_for
from pmsdesk.wording import (
    CALCULATION_LABELS,
    DIRECTION_LABELS,
    DIRECTION_TOOLTIPS,
    MEASURE_LABELS,
    measured_value,
    percent,
)

#: Where plans have a top layer (South Africa's SDBIP); '' is an organisation of no known country.
TOP_LAYER_COUNTRIES = ("", "ZA")  # not translated


def _columns(words: Vocabulary) -> tuple[TableColumn[KpiRegisterRow], ...]:
    """The register's columns, the KPA named and money written as the organisation's country does."""

    def shown(value, row: KpiRegisterRow) -> str:
        return measured_value(value, row.measure_type, words.money)

    def target_tooltip(row: KpiRegisterRow) -> str | None:
        if row.annual_target is None:
            return QCoreApplication.translate("register.model", "No annual target set")
        text = shown(row.annual_target, row)
        return f"{text} ({row.unit_of_measure})" if row.unit_of_measure else text

    return (
        TableColumn(QCoreApplication.translate("register.model",
                "Ref"), lambda r: r.reference, lambda r: reference_key(r.reference), 72,
                    tooltip=lambda r: r.reference, header_tooltip=QCoreApplication.translate("register.model",
                            "KPI reference")),
        TableColumn(QCoreApplication.translate("register.model", "KPI"), lambda r: r.name, lambda r: text_key(r.name), 260,
                    tooltip=lambda r: r.name, elide_middle=True),
        TableColumn(words.kpa_short, lambda r: r.kpa_name or "", lambda r: text_key(r.kpa_name), 140,
                    tooltip=lambda r: r.kpa_name, header_tooltip=words.kpa_long.capitalize()),
        TableColumn(QCoreApplication.translate("register.model",
                "Responsible unit"), lambda r: r.unit_name or "", lambda r: text_key(r.unit_name), 140,
                    tooltip=lambda r: r.unit_name),
        TableColumn(QCoreApplication.translate("register.model", "Measure"), lambda r: MEASURE_LABELS[r.measure_type],
                    lambda r: MEASURE_LABELS[r.measure_type], 82,
                    tooltip=lambda r: r.unit_of_measure, header_tooltip=QCoreApplication.translate("register.model",
                            "Measure type")),
        TableColumn(QCoreApplication.translate("register.model",
                "Calculation"), lambda r: CALCULATION_LABELS[r.calculation_type],
                    lambda r: CALCULATION_LABELS[r.calculation_type], 132,
                    header_tooltip=QCoreApplication.translate("register.model", "How quarterly values add up to the year")),
        TableColumn(QCoreApplication.translate("register.model", "Direction"), lambda r: DIRECTION_LABELS[r.direction],
                    lambda r: DIRECTION_LABELS[r.direction], 80,
                    tooltip=lambda r: DIRECTION_TOOLTIPS[r.direction]),
        TableColumn(QCoreApplication.translate("register.model", "Annual target"), lambda r: shown(r.annual_target, r),
                    lambda r: value_key(r.annual_target), 136,
                    right_aligned=lambda r: is_figure(r.annual_target), tooltip=target_tooltip),
        TableColumn(QCoreApplication.translate("register.model", "Weight"), lambda r: percent(r.weight), lambda r: r.weight, 62,
                    right_aligned=lambda r: True),
        TableColumn(QCoreApplication.translate("register.model", "Baseline"), lambda r: shown(r.baseline, r),
                    lambda r: value_key(r.baseline), 110,
                    right_aligned=lambda r: is_figure(r.baseline),
                    tooltip=lambda r: shown(r.baseline, r) or None),
        TableColumn(QCoreApplication.translate("register.model", "Layer"), layer_text, layer_text, 92,
                    header_tooltip=QCoreApplication.translate("register.model",
                            "Top layer: on the organisational SDBIP that managers' agreements take by default; "
                            "otherwise departmental")),
    )


def layer_text(row: KpiRegisterRow) -> str:
    return QCoreApplication.translate("register.model", "Top layer") if row.top_layer else \
        QCoreApplication.translate("register.model", "Departmental")


class KpiRegisterModel(RowTableModel[KpiRegisterRow]):
    """The register rows of one financial year (see ``pmsdesk.services.register``)."""

    REFERENCE, NAME, KPA, UNIT, MEASURE, CALCULATION, DIRECTION, TARGET, WEIGHT, BASELINE, LAYER = range(11)

    columns = _columns(vocabulary_for(None))

    def set_currency(self, symbol: str) -> None:
        """Write amounts in the currency whose symbol is ``symbol`` ('R', 'KSh'), as its country does."""
        self.use_words(next((words for words in VOCABULARIES.values() if words.money.symbol == symbol),
                            vocabulary_for(None)))

    def use_words(self, words: Vocabulary) -> None:
        """Head the KPA column and write amounts in the words and currency of ``words``' country."""
        self.beginResetModel()
        self.columns = _columns(words)
        self.endResetModel()

    def search_text_of(self, row: KpiRegisterRow) -> str:
        return " ".join(
            part for part in (row.reference, row.name, row.kpa_name, row.unit_name,
                                     layer_text(row) if row.top_layer else None) if part
        ).casefold()
