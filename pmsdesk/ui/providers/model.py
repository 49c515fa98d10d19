"""The service-provider register as a table: one row per provider, its contract and each quarter's rating."""

from __future__ import annotations

from pmsdesk.services.service_providers import ProviderRow
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.sort_keys import text_key
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn


def _quarter(number: int) -> TableColumn[ProviderRow]:
    def rating(row: ProviderRow) -> str:
        found = row.assessment_of(number)
        return str(found.rating) if found else "–"

    def detail(row: ProviderRow) -> str | None:
        found = row.assessment_of(number)
        if found is None:
            return None
        return "\n".join(part for part in (found.rating_words, found.comment, found.corrective_action) if part)

    return TableColumn(f"Q{number}", rating, lambda r: (found.rating if (found := r.assessment_of(number)) else -1),
                       48, tooltip=detail, right_aligned=lambda r: True,
                       header_tooltip=QT_TR_NOOP("The quarter's rating; point at it for its words, comment and "
                                                 "corrective action"))


class ProviderTableModel(RowTableModel[ProviderRow]):
    """Rows from ``service_providers.list_service_providers`` for one financial year."""

    NAME, CONTRACT, DIRECTORATE = range(3)

    columns = (
        TableColumn(QT_TR_NOOP("Service provider"), lambda r: r.name, lambda r: text_key(r.name), 180,
                    tooltip=lambda r: f"{r.name}\n{r.services}"),
        TableColumn(QT_TR_NOOP("Contract"), lambda r: r.contract_reference, lambda r: text_key(r.contract_reference),
                    100, tooltip=lambda r: f"{r.contract_reference}: {r.start_date} – {r.end_date}"),
        TableColumn(QT_TR_NOOP("Directorate"), lambda r: r.unit_name or "", lambda r: text_key(r.unit_name), 120,
                    tooltip=lambda r: r.unit_name),
        *(_quarter(number) for number in range(1, 5)),
    )

    def search_text_of(self, row: ProviderRow) -> str:
        parts = (row.name, row.services, row.contract_reference, row.unit_name, row.person_name)
        return " ".join(part for part in parts if part).casefold()
