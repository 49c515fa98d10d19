"""The at-risk list as a table: KPIs projected to miss their year-end target, with the reason."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP

from pmsdesk.services.dashboard import AtRiskKpi
from pmsdesk.ui.widgets.sort_keys import reference_key
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn


class AtRiskModel(RowTableModel[AtRiskKpi]):
    """Rows from ``Dashboard.at_risk``."""

    REFERENCE, NAME, DIRECTORATE, REASON = range(4)

    columns = (
        TableColumn(QT_TR_NOOP("Ref"), lambda r: r.reference, lambda r: reference_key(r.reference), 64,
                    tooltip=lambda r: r.reference, header_tooltip=QT_TR_NOOP("KPI reference")),
        TableColumn(QT_TR_NOOP("KPI"), lambda r: r.name, lambda r: r.name.casefold(), 220,
                    tooltip=lambda r: f"{r.name}\nKPA: {r.kpa}", elide_middle=True),
        TableColumn(QT_TR_NOOP("Directorate"), lambda r: r.directorate, lambda r: r.directorate.casefold(), 130,
                    tooltip=lambda r: r.directorate),
        TableColumn(QT_TR_NOOP("Why it is at risk"), lambda r: r.reason, lambda r: r.reason.casefold(), 260,
                    tooltip=lambda r: r.reason,
                    header_tooltip=QT_TR_NOOP("This quarter's actual against its target, and the year-end projection")),
    )
