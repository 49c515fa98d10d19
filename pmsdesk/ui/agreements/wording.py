"""How agreement kinds, statuses and item kinds read on the agreements screen."""

from __future__ import annotations

from datetime import date

from pmsdesk.models import AgreementItemKind, AgreementKind, AgreementStatus, AssessmentStatus
from pmsdesk.services.agreements import AgreementRow
from pmsdesk.wording import a_date

KIND_NAMES = {
    AgreementKind.SA_SECTION_56: "Section 56/57 agreement",
    AgreementKind.KE_PERFORMANCE_CONTRACT: "Performance contract (Kenya)",
    AgreementKind.KE_SPAS: "SPAS staff appraisal (Kenya)",
    AgreementKind.TZ_OPRAS: "OPRAS form (Tanzania)",
}
#: Short names for the list, where the column is narrow.
KIND_SHORT_NAMES = {AgreementKind.SA_SECTION_56: "Section 56", AgreementKind.KE_PERFORMANCE_CONTRACT: "PC (Kenya)",
                    AgreementKind.KE_SPAS: "SPAS", AgreementKind.TZ_OPRAS: "OPRAS"}
STATUS_NAMES = {AgreementStatus.DRAFT: "Draft", AgreementStatus.SIGNED: "Signed",
                AgreementStatus.SUPERSEDED: "Superseded"}
ASSESSMENT_STATUS_NAMES = {AssessmentStatus.DRAFT: "Draft", AssessmentStatus.SUBMITTED: "Submitted for verification",
                           AssessmentStatus.VERIFIED: "Verified", AssessmentStatus.FINAL: "Final"}
#: Item kind → how a line and its group read ("KPI" lines make up the "KPIs" weights).
ITEM_NAMES = {
    AgreementItemKind.KPA: ("KPA", "KPAs"),
    AgreementItemKind.CCR: ("CCR", "CCRs"),
    AgreementItemKind.INDICATOR: ("Indicator", "Indicators"),
    AgreementItemKind.OBJECTIVE: ("Objective", "Objectives"),
    AgreementItemKind.ATTRIBUTE: ("Attribute", "Attributes"),
    AgreementItemKind.TARGET: ("Target", "Targets"),
    AgreementItemKind.COMPETENCY: ("Value", "Values and competencies"),
}


def line_name(kind: AgreementItemKind, kpi_id: str | None) -> str:
    """A KPA line taken from the register reads 'KPI'; other lines by their kind."""
    return "KPI" if kind == AgreementItemKind.KPA and kpi_id else ITEM_NAMES[kind][0]


#: The report kind that prints each agreement kind.
REPORT_KINDS = {AgreementKind.SA_SECTION_56: "agreement", AgreementKind.KE_PERFORMANCE_CONTRACT: "ke-contract",
                AgreementKind.KE_SPAS: "spas-form",
                AgreementKind.TZ_OPRAS: "opras-form"}


def version_text(version: int) -> str:
    """'Original' for the first signed text, 'Amendment 2' afterwards."""
    return "Original" if version == 0 else f"Amendment {version}"


def concluded_text(row: AgreementRow, today: date | None = None) -> str:
    """'28 Jul 2025', '2 Sep 2025 (late)', 'not yet' or 'not yet (due 31 Jul 2025, late)'."""
    today = today or date.today()
    late = row.is_late(today)
    if row.concluded_on is not None:
        return a_date(row.concluded_on) + (" (late)" if late else "")
    if row.due_on is None:
        return "not yet"
    return f"not yet (due {a_date(row.due_on)}{', late' if late else ''})"


def concluded_tooltip(row: AgreementRow) -> str | None:
    if row.due_on is None:
        return None
    return (f"Due by {a_date(row.due_on)}: within one month after the financial year begins "
            "(Municipal Systems Act s57(2)(b))")
