"""Finding what a workbook export is for (organisation, year, unit, quarter) from what was asked.

Shared by ``pmsdesk export`` and the window's Reports screen, so both pick the
same defaults and refuse the same mistakes with the same words.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import FinancialYear, Kpi, KpiTarget, Organisation, PeriodActual, PeriodKind, ReportingPeriod, Unit
from pmsdesk.services.actuals import EDITABLE_STATUSES

from ..errors import ReportError


def export_context(session: Session, org_code: str | None, year_label: str | None,
                   unit_code: str | None) -> tuple[Organisation, FinancialYear, Unit | None]:
    """The organisation (the only one when no code is given), the year (default the latest) and the unit."""
    if org_code:
        organisation = session.scalar(select(Organisation).where(Organisation.code == org_code))
        if organisation is None:
            raise ReportError(_("no organisation with code {0!r}").format(org_code))
    else:
        found = list(session.scalars(select(Organisation).limit(2)))
        if len(found) != 1:
            raise ReportError(_("name the organisation with --org CODE") if found else _("the database has no organisation"))
        organisation = found[0]
    years = select(FinancialYear).where(FinancialYear.organisation_id == organisation.id)
    year = session.scalar(years.where(FinancialYear.label == year_label) if year_label else
                          years.order_by(FinancialYear.start_date.desc()).limit(1))
    if year is None:
        labels = ", ".join(session.scalars(select(FinancialYear.label).where(
            FinancialYear.organisation_id == organisation.id))) or "none"
        raise ReportError(_("{0} has no financial year {1}; it has {2}").format(organisation.code, year_label or '', labels))
    unit = None
    if unit_code:
        unit = session.scalar(select(Unit).where(Unit.organisation_id == organisation.id, Unit.code == unit_code))
        if unit is None:
            raise ReportError(_("{0} has no unit with code {1!r}").format(organisation.code, unit_code))
    return organisation, year, unit


def quarter_to_report(session: Session, year: FinancialYear, number: int | None) -> ReportingPeriod:
    """Quarter ``number``, or by default the first open quarter with targets not yet reported."""
    quarters = list(session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.financial_year_id == year.id, ReportingPeriod.kind == PeriodKind.QUARTER)
        .order_by(ReportingPeriod.number)))
    if number is not None:
        found = next((q for q in quarters if q.number == number), None)
        if found is None:
            raise ReportError(_(
                    "{0} has no quarter {1}; it has {2}").format(year.label, number, ', '.join(q.label for q in quarters)))
        return found
    for quarter in quarters:
        due = session.scalar(select(func.count()).select_from(KpiTarget).join(Kpi).where(
            KpiTarget.period_id == quarter.id, Kpi.is_active.is_(True),
            (KpiTarget.value.is_not(None)) | (KpiTarget.value_date.is_not(None)) | (KpiTarget.value_text.is_not(None))))
        done = session.scalar(select(func.count()).select_from(PeriodActual).where(
            PeriodActual.period_id == quarter.id, PeriodActual.status.not_in(EDITABLE_STATUSES)))
        if not quarter.is_closed and (done or 0) < (due or 0):
            return quarter
    return quarters[-1]
