"""The at-risk list as a table: KPIs projected to miss their year-end target, with the reason."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pmsdesk.services.dashboard import AtRiskKpi
from pmsdesk.ui.widgets.sort_keys import reference_key
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn
from pmsdesk.vocabulary import Vocabulary, vocabulary_for


def _columns(words: Vocabulary) -> tuple[TableColumn[AtRiskKpi], ...]:
    return (
        TableColumn(QCoreApplication.translate("dashboard.at_risk_model",
                "Ref"), lambda r: r.reference, lambda r: reference_key(r.reference), 64,
                    tooltip=lambda r: r.reference, header_tooltip=QCoreApplication.translate("dashboard.at_risk_model",
                            "KPI reference")),
        TableColumn(QCoreApplication.translate("dashboard.at_risk_model",
                "KPI"), lambda r: r.name, lambda r: r.name.casefold(), 220,
                    tooltip=lambda r: f"{r.name}\n{words.kpa_short}: {r.kpa}", elide_middle=True),
        TableColumn(words.unit_word.capitalize(), lambda r: r.directorate, lambda r: r.directorate.casefold(), 130,
                    tooltip=lambda r: r.directorate),
        TableColumn(QCoreApplication.translate("dashboard.at_risk_model",
                "Why it is at risk"), lambda r: r.reason, lambda r: r.reason.casefold(), 260,
                    tooltip=lambda r: r.reason,
                    header_tooltip=QCoreApplication.translate("dashboard.at_risk_model",
                            "This quarter's actual against its target, and the year-end projection")),
    )


class AtRiskModel(RowTableModel[AtRiskKpi]):
    """Rows from ``Dashboard.at_risk``."""

    REFERENCE, NAME, DIRECTORATE, REASON = range(4)

    columns = _columns(vocabulary_for(None))

    def name_groups(self, words: Vocabulary) -> None:
        """Head the unit column and name the KPA in the country's words."""
        self.beginResetModel()
        self.columns = _columns(words)
        self.endResetModel()
