"""How agreement kinds, statuses and item kinds read on the agreements screen."""

from __future__ import annotations

from pmsdesk.models import AgreementItemKind, AgreementKind, AgreementStatus, AssessmentStatus

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
