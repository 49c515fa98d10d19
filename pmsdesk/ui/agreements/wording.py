"""How agreement kinds, statuses and item kinds read on the agreements screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from pmsdesk.models import AgreementItemKind, AgreementKind, AgreementStatus, AssessmentStatus
from pmsdesk.services.agreements import AgreementRow
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.wording import a_date

KIND_NAMES = {
    AgreementKind.SA_SECTION_56: QT_TR_NOOP("Section 56/57 agreement"),
    AgreementKind.KE_PERFORMANCE_CONTRACT: QT_TR_NOOP("Performance contract (Kenya)"),
    AgreementKind.KE_SPAS: QT_TR_NOOP("SPAS staff appraisal (Kenya)"),
    AgreementKind.TZ_OPRAS: QT_TR_NOOP("OPRAS form (Tanzania)"),
}
#: Short names for the list, where the column is narrow.
KIND_SHORT_NAMES = {AgreementKind.SA_SECTION_56: QT_TR_NOOP(
        "Section 56"), AgreementKind.KE_PERFORMANCE_CONTRACT: QT_TR_NOOP("PC (Kenya)"),
                    AgreementKind.KE_SPAS: QT_TR_NOOP("SPAS"), AgreementKind.TZ_OPRAS: QT_TR_NOOP("OPRAS")}
STATUS_NAMES = {AgreementStatus.DRAFT: QT_TR_NOOP("Draft"), AgreementStatus.SIGNED: QT_TR_NOOP("Signed"),
                AgreementStatus.SUPERSEDED: QT_TR_NOOP("Superseded")}
ASSESSMENT_STATUS_NAMES = {AssessmentStatus.DRAFT: QT_TR_NOOP("Draft"), AssessmentStatus.SUBMITTED: QT_TR_NOOP(
        "Submitted for verification"),
                           AssessmentStatus.VERIFIED: QT_TR_NOOP("Verified"), AssessmentStatus.FINAL: QT_TR_NOOP("Final")}
#: Item kind → how a line and its group read ("KPI" lines make up the "KPIs" weights).
ITEM_NAMES = {
    AgreementItemKind.KPA: (QT_TR_NOOP("KPA"), QT_TR_NOOP("KPAs")),
    AgreementItemKind.CCR: (QT_TR_NOOP("CCR"), QT_TR_NOOP("CCRs")),
    AgreementItemKind.INDICATOR: (QT_TR_NOOP("Indicator"), QT_TR_NOOP("Indicators")),
    AgreementItemKind.OBJECTIVE: (QT_TR_NOOP("Objective"), QT_TR_NOOP("Objectives")),
    AgreementItemKind.ATTRIBUTE: (QT_TR_NOOP("Attribute"), QT_TR_NOOP("Attributes")),
    AgreementItemKind.TARGET: (QT_TR_NOOP("Target"), QT_TR_NOOP("Targets")),
    AgreementItemKind.COMPETENCY: (QT_TR_NOOP("Value"), QT_TR_NOOP("Values and competencies")),
}


def line_name(kind: AgreementItemKind, kpi_id: str | None) -> str:
    """A KPA line taken from the register reads 'KPI'; other lines by their kind."""
    if kind == AgreementItemKind.KPA and kpi_id:
        return QCoreApplication.translate("agreements.wording", "KPI")
    return QCoreApplication.translate("agreements.wording", ITEM_NAMES[kind][0])


#: The report kind that prints each agreement kind.
REPORT_KINDS = {AgreementKind.SA_SECTION_56: "agreement", AgreementKind.KE_PERFORMANCE_CONTRACT: "ke-contract",
                AgreementKind.KE_SPAS: "spas-form",
                AgreementKind.TZ_OPRAS: "opras-form"}


def version_text(version: int) -> str:
    """'Original' for the first signed text, 'Amendment 2' afterwards."""
    return QCoreApplication.translate("agreements.wording",
            "Original") if version == 0 else QCoreApplication.translate("agreements.wording", "Amendment {0}").format(version)


def _dated(done_on: date | None, due_on: date | None, late: bool, nothing_due: str) -> str:
    """A day something was done, '(late)' after it when late; before it is done, when it is due."""
    if done_on is not None:
        return a_date(done_on) + (QCoreApplication.translate("agreements.wording", " (late)") if late else "")
    if due_on is None:
        return nothing_due
    return QCoreApplication.translate("agreements.wording",
            "not yet (due {0}{1})").format(a_date(due_on), QCoreApplication.translate("agreements.wording",
                    ", late") if late else '')


def concluded_text(row: AgreementRow, today: date | None = None) -> str:
    """'28 Jul 2025', '2 Sep 2025 (late)', 'not yet' or 'not yet (due 31 Jul 2025, late)'."""
    return _dated(row.concluded_on, row.due_on, row.is_late(today or date.today()),
                  QCoreApplication.translate("agreements.wording", "not yet"))


def concluded_tooltip(row: AgreementRow) -> str | None:
    if row.due_on is None:
        return None
    return (QCoreApplication.translate("agreements.wording",
            "Due by {0}: within the rule set's months after the financial year begins (Municipal Systems Act "
            "s57(2)(b))").format(a_date(row.due_on)))


def made_public_text(row: AgreementRow, today: date | None = None) -> str:
    """'8 Aug 2025', '20 Aug 2025 (late)', 'not yet (due 11 Aug 2025)', 'not yet (due …, late)' or '' (not due)."""
    return _dated(row.made_public_on, row.publish_due_on, row.is_published_late(today or date.today()), "")


def made_public_tooltip(row: AgreementRow) -> str | None:
    if row.publish_due_on is None:
        return None
    return QCoreApplication.translate("agreements.wording",
            "Due by {0}: made public within the rule set's days after it was signed (Municipal Finance "
            "Management Act s53(3)(b))").format(a_date(row.publish_due_on))
