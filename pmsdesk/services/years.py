"""Financial years and their reporting periods, laid out from the organisation's calendar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import FinancialYear, Organisation, PeriodKind, ReportingPeriod

from .actor import Actor, Permission
from .errors import ValidationError
from .records import add_record, change_record, get_or_fail, transaction

#: Days after a period ends by which its actuals are due (SA: quarterly report within 30 days).
SUBMISSION_DAYS = 15


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    return date(day.year + month_index // 12, month_index % 12 + 1, 1)


def year_label(start: date, end: date) -> str:
    """'2025/26' for July–June years, '2025' for calendar years."""
    if start.year == end.year:
        return str(start.year)
    return f"{start.year}/{str(end.year)[-2:]}"


def create_financial_year(
    session: Session, actor: Actor, organisation_id: str, start_year: int,
    quarter_dates: Sequence[tuple[date, date]] | None = None,
) -> FinancialYear:
    """Create the year starting in ``start_year`` with its quarters (and months if reported).

    ``quarter_dates`` replaces the quarters laid out from the start month (an
    office whose quarters follow another calendar); the year then runs from
    the first quarter's start to the last one's end.
    """
    actor.require(Permission.MANAGE_FRAMEWORK)
    organisation = get_or_fail(session, Organisation, organisation_id, "organisation")
    if isinstance(start_year, bool) or not isinstance(start_year, int) or not 1990 <= start_year <= 2100:
        raise ValidationError.single("start_year", _("must be a year between 1990 and 2100, got {0!r}").format(start_year))
    label, start, end = proposed_dates(session, organisation.id, start_year)
    laid_out = proposed_quarters(start)
    chosen = list(quarter_dates) if quarter_dates is not None else laid_out
    problems = quarter_problems(chosen)
    if not problems:
        start, end = chosen[0][0], chosen[-1][1]
        label = year_label(start, end)
        if session.scalar(select(FinancialYear.id).where(
                FinancialYear.organisation_id == organisation.id, FinancialYear.label == label)):
            problems["start_year"] = _("the financial year {0} already exists").format(label)
        elif overlapping := year_overlapping(session, organisation.id, start, end):
            problems["start_year"] = (_(
                    "{0} ({1:%d %b %Y} to {2:%d %b %Y}) overlaps the financial year "
                    "{3}").format(label, start, end, overlapping))
    if problems:
        raise ValidationError(problems)
    with transaction(session):
        year = add_record(
            session,
            actor,
            FinancialYear(organisation_id=organisation.id, label=label, start_date=start, end_date=end),
        )
        periods = [(PeriodKind.QUARTER, "Q", chosen)]
        if organisation.reports_monthly:
            months = [(_add_months(start, number), _add_months(start, number + 1) - timedelta(days=1))
                      for number in range(12)]
            periods.append((PeriodKind.MONTH, "M", months))
        for kind, prefix, dates in periods:
            for number, (period_start, period_end) in enumerate(dates, start=1):
                add_record(
                    session,
                    actor,
                    ReportingPeriod(
                        financial_year_id=year.id,
                        kind=kind,
                        number=number,
                        label=f"{prefix}{number}",
                        start_date=period_start,
                        end_date=period_end,
                        submission_deadline=period_end + timedelta(days=SUBMISSION_DAYS),
                    ),
                )
        return year


def proposed_quarters(start: date) -> list[tuple[date, date]]:
    """Four quarters of three months from ``start``, as the set-up and the years tab offer them."""
    return [(_add_months(start, 3 * number), _add_months(start, 3 * number + 3) - timedelta(days=1))
            for number in range(4)]


def quarter_problems(dates: Sequence[tuple[date, date]]) -> dict[str, str]:
    """What is wrong with four quarters' dates, keyed 'quarters[i]' (0-based); empty when they are fine.

    Each quarter must end after it starts and begin the day after the one before ends: no overlap, no gap.
    """
    if len(dates) != 4:
        return {"quarters": f"a financial year has 4 quarters, got {len(dates)}"}
    problems: dict[str, str] = {}
    for index, (start, end) in enumerate(dates):
        if end < start:
            problems[f"quarters[{index}]"] = _(
                    "Q{0} ends ({1:%d %b %Y}) before it starts ({2:%d %b %Y})").format(index + 1, end, start)
        elif index and start <= dates[index - 1][1]:
            problems[f"quarters[{index}]"] = (_(
                    "Q{0} starts {1:%d %b %Y}, inside Q{2} (which ends "
                    "{3:%d %b %Y}): quarters may not overlap").format(index + 1, start, index, dates[index - 1][1]))
        elif index and start != dates[index - 1][1] + timedelta(days=1):
            problems[f"quarters[{index}]"] = (_(
                    "Q{0} starts {1:%d %b %Y}, leaving a gap after Q{2} "
                    "(which ends {3:%d %b %Y})").format(index + 1, start, index, dates[index - 1][1]))
    if not problems and (dates[-1][1] - dates[0][0]).days > 366:
        problems["quarters[3]"] = _("the four quarters span more than a year")
    return problems


def year_overlapping(session: Session, organisation_id: str, start: date, end: date) -> str | None:
    """The label of a year of the organisation whose dates overlap ``start``–``end``, if any."""
    return session.scalar(select(FinancialYear.label).where(
        FinancialYear.organisation_id == organisation_id,
        FinancialYear.start_date <= end, FinancialYear.end_date >= start).limit(1))


def quarters(session: Session, financial_year_id: str) -> list[ReportingPeriod]:
    return list(
        session.scalars(
            select(ReportingPeriod)
            .where(
                ReportingPeriod.financial_year_id == financial_year_id,
                ReportingPeriod.kind == PeriodKind.QUARTER,
            )
            .order_by(ReportingPeriod.number)
        )
    )


def close_period(session: Session, actor: Actor, period_id: str) -> ReportingPeriod:
    """Close a period: its actuals can no longer change until someone reopens it with a reason."""
    actor.require(Permission.REOPEN)
    period = get_or_fail(session, ReportingPeriod, period_id, "reporting period")
    if period.is_closed:
        raise ValidationError.single("period_id", _("{0} is already closed").format(period.label))
    with transaction(session):
        return change_record(session, actor, period, {"is_closed": True})


def reopen_period(session: Session, actor: Actor, period_id: str, reason: str) -> ReportingPeriod:
    """Reopen a closed period so its actuals can change again; the reason is kept in the audit trail."""
    actor.require(Permission.REOPEN)
    period = get_or_fail(session, ReportingPeriod, period_id, "reporting period")
    if not period.is_closed:
        raise ValidationError.single("period_id", _("{0} is not closed").format(period.label))
    if not reason or not reason.strip():
        raise ValidationError.single("reason", _("say why {0} is reopened").format(period.label))
    with transaction(session):
        return change_record(session, actor, period, {"is_closed": False}, reason=reason.strip())


@dataclass(frozen=True, slots=True)
class PeriodState:
    id: str
    label: str
    start_date: date
    end_date: date
    is_closed: bool


@dataclass(frozen=True, slots=True)
class YearOverview:
    """A financial year with its quarters, as the administration screen lists it."""

    id: str
    label: str
    start_date: date
    end_date: date
    quarters: tuple[PeriodState, ...]


def year_overview(session: Session, organisation_id: str) -> list[YearOverview]:
    """The organisation's years, latest first, each with its quarters and whether they are closed."""
    found = session.scalars(select(FinancialYear).where(FinancialYear.organisation_id == organisation_id)
                            .order_by(FinancialYear.start_date.desc()))
    return [
        YearOverview(year.id, year.label, year.start_date, year.end_date, tuple(
            PeriodState(period.id, period.label, period.start_date, period.end_date, period.is_closed)
            for period in quarters(session, year.id)))
        for year in found
    ]


def next_start_year(session: Session, organisation_id: str, today: date | None = None) -> int:
    """The year the next financial year starts in: after the latest one, or the current one if none exist."""
    latest = session.scalar(select(func.max(FinancialYear.start_date))
                            .where(FinancialYear.organisation_id == organisation_id))
    if latest is not None:
        return latest.year + 1
    organisation = get_or_fail(session, Organisation, organisation_id, "organisation")
    today = today or date.today()
    return today.year if today.month >= organisation.year_start_month else today.year - 1


def proposed_dates(session: Session, organisation_id: str, start_year: int) -> tuple[str, date, date]:
    """Label, first and last day of the year that ``create_financial_year`` would make for ``start_year``."""
    organisation = get_or_fail(session, Organisation, organisation_id, "organisation")
    start = date(start_year, organisation.year_start_month, 1)
    end = _add_months(start, 12) - timedelta(days=1)
    return year_label(start, end), start, end
