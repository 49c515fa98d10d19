"""Read-only queries behind the KPI register: organisations, their years, the register rows.

The register query is one SELECT with outer joins that fetches only the columns
the table shows, so a year with 20,000 KPIs loads without building ORM objects.
These are the main window's first reads, so they select from the tables behind
the models (Core): an ORM statement would first configure every mapper of the
schema (about 0.15 s of CPU at start-up) for nothing these queries use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import (
    CalculationType,
    Direction,
    FinancialYear,
    Kpa,
    Kpi,
    MeasureType,
    Organisation,
    Unit,
)

#: A target or baseline as captured: a number, a date (milestone) or words.
TargetValue = float | date | str | None


@dataclass(frozen=True, slots=True)
class OrganisationSummary:
    id: str
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class FinancialYearSummary:
    id: str
    organisation_id: str
    label: str
    start_date: date
    end_date: date
    #: The organisation's country: screens take their words and currency from it (``pmsdesk.vocabulary``).
    country: str = ""

    def contains(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


@dataclass(frozen=True, slots=True)
class KpiRegisterRow:
    """One KPI as the register lists it; ``kpa_name``/``unit_name`` are None when not linked."""

    id: str
    reference: str
    name: str
    kpa_name: str | None
    unit_name: str | None
    measure_type: MeasureType
    calculation_type: CalculationType
    direction: Direction
    unit_of_measure: str | None
    annual_target: TargetValue
    weight: float | None
    baseline: TargetValue
    #: On the top-layer SDBIP (the organisational scorecard) rather than a departmental one.
    top_layer: bool = False


def list_organisations(session: Session) -> list[OrganisationSummary]:
    """Every organisation in the database, by name."""
    organisation = Organisation.__table__.c
    rows = session.execute(select(organisation.id, organisation.code, organisation.name).order_by(organisation.name))
    return [OrganisationSummary(*row) for row in rows]


def list_financial_years(session: Session, organisation_id: str) -> list[FinancialYearSummary]:
    """The organisation's financial years, latest first."""
    year = FinancialYear.__table__.c
    organisation = Organisation.__table__.c
    rows = session.execute(
        select(year.id, year.organisation_id, year.label, year.start_date, year.end_date, organisation.country)
        .join(Organisation.__table__, organisation.id == year.organisation_id)
        .where(year.organisation_id == organisation_id)
        .order_by(year.start_date.desc())
    )
    return [FinancialYearSummary(*row) for row in rows]


def default_financial_year(
    years: list[FinancialYearSummary], today: date | None = None
) -> FinancialYearSummary | None:
    """The year that contains ``today``, else the latest one, else None."""
    today = today or date.today()
    return next((year for year in years if year.contains(today)), years[0] if years else None)


def kpi_register_rows(
    session: Session, organisation_id: str, financial_year_id: str, *, include_inactive: bool = False
) -> list[KpiRegisterRow]:
    """The register of one organisation's year, ordered by reference.

    Deactivated KPIs are left out unless ``include_inactive`` is set.
    """
    kpi_table, kpa_table, unit_table = Kpi.__table__, Kpa.__table__, Unit.__table__
    kpi, kpa, unit = kpi_table.c, kpa_table.c, unit_table.c
    query = (
        select(
            kpi.id,
            kpi.reference,
            kpi.name,
            kpa.name,
            unit.name,
            kpi.measure_type,
            kpi.calculation_type,
            kpi.direction,
            kpi.unit_of_measure,
            kpi.annual_target,
            kpi.annual_target_date,
            kpi.annual_target_text,
            kpi.weight,
            kpi.baseline,
            kpi.baseline_text,
            kpi.top_layer,
        )
        .select_from(kpi_table)
        .outerjoin(kpa_table, kpa.id == kpi.kpa_id)
        .outerjoin(unit_table, unit.id == kpi.responsible_unit_id)
        .where(kpi.organisation_id == organisation_id, kpi.financial_year_id == financial_year_id)
        .order_by(kpi.reference)
    )
    if not include_inactive:
        query = query.where(kpi.is_active.is_(True))
    return [
        KpiRegisterRow(
            kpi_id, reference, name, kpa_name, unit_name, measure, calculation, direction, unit_of_measure,
            _as_captured(target, target_date, target_text), weight, _as_captured(baseline, None, baseline_text),
            bool(top_layer),
        )
        for (
            kpi_id, reference, name, kpa_name, unit_name, measure, calculation, direction, unit_of_measure,
            target, target_date, target_text, weight, baseline, baseline_text, top_layer,
        ) in session.connection().execute(query)  # Core rows: no ORM bookkeeping per row
    ]


def _as_captured(number: float | None, day: date | None, words: str | None) -> TargetValue:
    """The number if there is one, else the date, else the words."""
    if number is not None:
        return number
    if day is not None:
        return day
    return words or None
