"""The data-quality problems as a table: what, which KPI, which unit and quarter, which field, what to do."""

from __future__ import annotations

from pmsdesk.services.data_quality import DataQualityProblem, ProblemKind
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.sort_keys import reference_key, text_key
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn

#: Sort order of the kinds: as the service lists them.
KIND_ORDER = {kind: position for position, kind in enumerate(ProblemKind)}


class ProblemTableModel(RowTableModel[DataQualityProblem]):
    """Rows from ``data_quality.find_problems``."""

    KIND, REFERENCE, KPI, UNIT, PERIOD, FIELD, MESSAGE = range(7)

    columns = (
        TableColumn(QT_TR_NOOP("Problem"), lambda p: p.kind.value, lambda p: KIND_ORDER[p.kind], 176,
                    tooltip=lambda p: p.kind.value),
        TableColumn(QT_TR_NOOP("Ref"), lambda p: p.kpi_reference, lambda p: reference_key(p.kpi_reference), 64,
                    header_tooltip=QT_TR_NOOP("KPI reference")),
        TableColumn(QT_TR_NOOP("KPI"), lambda p: p.kpi_name, lambda p: text_key(p.kpi_name), 220,
                    tooltip=lambda p: p.kpi_name, elide_middle=True),
        TableColumn(QT_TR_NOOP("Unit"), lambda p: p.unit_name or "—", lambda p: text_key(p.unit_name), 130,
                    tooltip=lambda p: p.unit_name, header_tooltip=QT_TR_NOOP("Responsible unit")),
        TableColumn(QT_TR_NOOP("Quarter"), lambda p: p.period_label or "", lambda p: p.period_label, 60),
        TableColumn(QT_TR_NOOP("Field"), lambda p: p.field, lambda p: text_key(p.field), 140, tooltip=lambda p: p.field),
        TableColumn(QT_TR_NOOP("What to fix"), lambda p: p.message, lambda p: text_key(p.message), 300,
                    tooltip=lambda p: f"{p.kpi_reference} {p.period_label or ''} {p.field}: {p.message}"),
    )

    def search_text_of(self, row: DataQualityProblem) -> str:
        parts = (row.kind.value, row.kpi_reference, row.kpi_name, row.unit_name, row.period_label, row.field,
                 row.message)
        return " ".join(part for part in parts if part).casefold()
