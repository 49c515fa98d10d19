"""The year's agreements as a table: one row per person, their current version."""

from __future__ import annotations

from datetime import date

from pmsdesk.services.agreements import AgreementRow
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn

from ..translation import translated
from .wording import (
    KIND_NAMES,
    KIND_SHORT_NAMES,
    STATUS_NAMES,
    concluded_text,
    concluded_tooltip,
    made_public_text,
    made_public_tooltip,
    version_text,
)


def _folded(text: str | None) -> str | None:
    return text.casefold() if text else None


class AgreementListModel(RowTableModel[AgreementRow]):
    EMPLOYEE, POSITION, KIND, VERSION, STATUS, CONCLUDED, MADE_PUBLIC = range(7)

    columns = (
        TableColumn(QT_TR_NOOP("Employee"), lambda r: r.employee, lambda r: _folded(r.employee), 110,
                    tooltip=lambda r: r.title),
        TableColumn(QT_TR_NOOP("Position"), lambda r: r.position or "", lambda r: _folded(r.position), 90,
                    tooltip=lambda r: r.position),
        TableColumn(QT_TR_NOOP("Kind"), lambda r: translated(KIND_SHORT_NAMES[r.kind]), lambda r: KIND_SHORT_NAMES[r.kind], 74,
                    tooltip=lambda r: translated(KIND_NAMES[r.kind])),
        TableColumn(QT_TR_NOOP("Version"), lambda r: version_text(r.version), lambda r: r.version, 76,
                    tooltip=lambda r: r.amendment_reason),
        TableColumn(QT_TR_NOOP("Status"), lambda r: translated(STATUS_NAMES[r.status]), lambda r: r.status.value, 64),
        TableColumn(QT_TR_NOOP("Concluded"), concluded_text, lambda r: r.concluded_on or date.max, 96,
                    tooltip=concluded_tooltip),
        TableColumn(QT_TR_NOOP("Made public"), made_public_text, lambda r: r.made_public_on or date.max, 96,
                    tooltip=made_public_tooltip),
    )

    def row_of(self, agreement_id: str) -> int | None:
        return next((n for n in range(self.total_count()) if self.row_at(n).id == agreement_id), None)
