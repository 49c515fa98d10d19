"""How the review status of an actual reads in tables and forms."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pmsdesk.models import ActualStatus, MeasureType
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.vocabulary import Money
from pmsdesk.wording import measured_value

STATUS_LABELS = {
    None: QT_TR_NOOP("Not started"),
    ActualStatus.DRAFT: QT_TR_NOOP("Draft"),
    ActualStatus.SUBMITTED: QT_TR_NOOP("Submitted"),
    ActualStatus.RETURNED: QT_TR_NOOP("Returned"),
    ActualStatus.VERIFIED: QT_TR_NOOP("Verified"),
    ActualStatus.APPROVED: QT_TR_NOOP("Approved"),
}
#: Sort order: what needs the capturer's hand first.
STATUS_ORDER = {None: 0, ActualStatus.RETURNED: 1, ActualStatus.DRAFT: 2, ActualStatus.SUBMITTED: 3,
                ActualStatus.VERIFIED: 4, ActualStatus.APPROVED: 5}


def status_text(status: ActualStatus | None, *, is_late: bool = False, overdue: bool = False) -> str:
    """'Submitted · late', 'Not started · overdue', 'Returned'."""
    label = STATUS_LABELS[status]
    if is_late:
        return QCoreApplication.translate("widgets.status", "{0} · late").format(label)
    if overdue and status in (None, ActualStatus.DRAFT, ActualStatus.RETURNED):
        return QCoreApplication.translate("widgets.status", "{0} · overdue").format(label)
    return label


def file_size(size: int) -> str:
    """'830 bytes', '12 KB', '3.4 MB'."""
    if size < 1024:
        return QCoreApplication.translate("widgets.status", "{0} bytes").format(size)
    if size < 1024 * 1024:
        return QCoreApplication.translate("widgets.status", "{0:.0f} KB").format(size / 1024)
    return QCoreApplication.translate("widgets.status", "{0:.1f} MB").format(size / 1024 / 1024)


def with_unit(text: str, unit: str | None) -> str:
    """'9' + 'km' → '9 km'; '85%' + '% of billing' → '85% of billing' (no doubled sign)."""
    if not text or not unit:
        return text
    if unit.startswith("%") and text.endswith("%"):
        return text + unit[1:] if unit[1:2] == " " else f"{text} {unit[1:]}".rstrip()
    return f"{text} {unit}"


def figure_with_unit(value, measure: MeasureType, unit: str | None, money: Money | None) -> str:
    """A target or actual with its unit of measure; an amount with the organisation's currency instead
    ('KSh 450,000,000', not '450,000,000 KES')."""
    if measure is MeasureType.CURRENCY and money is not None and money.symbol:
        return measured_value(value, measure, money)
    return with_unit(measured_value(value, measure, money), unit)
