"""The risk register as a table: one row per risk, highest rating first."""

from __future__ import annotations

from pmsdesk.services.risks import RiskRow
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.sort_keys import reference_key, text_key
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn


def _kpi_text(row: RiskRow) -> str:
    return f"{row.kpi_reference} {row.kpi_name}" if row.kpi_reference else "—"


class RiskTableModel(RowTableModel[RiskRow]):
    """Rows from ``risks.list_risks``."""

    TITLE, KPI, OWNER, LIKELIHOOD, IMPACT, RATING, STATUS = range(7)

    columns = (
        TableColumn(QT_TR_NOOP("Risk"), lambda r: r.title, lambda r: text_key(r.title), 180,
                    tooltip=lambda r: r.description or r.title),
        TableColumn(QT_TR_NOOP("KPI"), _kpi_text, lambda r: reference_key(r.kpi_reference) if r.kpi_reference else None, 140,
                    tooltip=lambda r: f"{_kpi_text(r)} ({r.unit_name})" if r.unit_name else _kpi_text(r),
                    header_tooltip=QT_TR_NOOP("The KPI this risk threatens"), elide_middle=True),
        TableColumn(QT_TR_NOOP("Owner"), lambda r: r.owner_name or "", lambda r: text_key(r.owner_name), 110,
                    tooltip=lambda r: r.owner_name),
        TableColumn("L", lambda r: str(r.likelihood), lambda r: r.likelihood, 34, right_aligned=lambda r: True,
                    header_tooltip=QT_TR_NOOP("Likelihood, 1 (rare) to 5 (almost certain)")),
        TableColumn("I", lambda r: str(r.impact), lambda r: r.impact, 34, right_aligned=lambda r: True,
                    header_tooltip=QT_TR_NOOP("Impact, 1 (insignificant) to 5 (catastrophic)")),
        TableColumn(QT_TR_NOOP("Rating"), lambda r: f"{r.rating} {r.band.value}", lambda r: r.rating, 84,
                    header_tooltip=QT_TR_NOOP("Likelihood × impact")),
        TableColumn(QT_TR_NOOP(
                "Status"), lambda r: QT_TR_NOOP("Open") if r.is_open else QT_TR_NOOP("Closed"), lambda r: not r.is_open, 60),
    )

    def search_text_of(self, row: RiskRow) -> str:
        parts = (row.title, row.kpi_reference, row.kpi_name, row.owner_name, row.unit_name)
        return " ".join(part for part in parts if part).casefold()
