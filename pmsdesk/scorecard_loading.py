"""Reading what an organisation's year needs to be scored: five set-based queries.

:func:`load_year` reads the year's KPIs, quarterly targets and actuals (and last
year's actuals, for seasonal projections) whatever the number of KPIs, into
plain :class:`YearInputs` that :func:`pmsdesk.scorecard.score_year` scores
without touching the database. Which actuals count is explained in
:mod:`pmsdesk.scorecard`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Row, String, select, type_coerce
from sqlalchemy.orm import Session

from pmsdesk.collector import collector_paused
from pmsdesk.models import (
    ActualStatus,
    FinancialYear,
    Kpa,
    Kpi,
    KpiTarget,
    Organisation,
    PeriodActual,
    PeriodKind,
    ReportingPeriod,
    StrategicObjective,
    Unit,
    UnitLevel,
)
from pmsdesk.scoring import KpiDefinition, PeriodFigure, SdbipRules, default_rule_set
from pmsdesk.scoring.frozen import quick_init
from pmsdesk.scoring.plausibility import is_implausible
from pmsdesk.services.held_values import confirmed_values

#: The shipped rule set's counted statuses: verified or approved (verification before a value counts).
COUNTED_STATUSES = frozenset(ActualStatus(status) for status in
                             SdbipRules.of(default_rule_set("za_sdbip")).counted_statuses)
VERIFIED_STATUSES = frozenset({ActualStatus.VERIFIED, ActualStatus.APPROVED})
NO_GROUP = "(none)"


@quick_init
@dataclass(frozen=True)
class KpiInputs:
    """One KPI as the engine needs it, with where it sits and the review state of its actuals."""

    definition: KpiDefinition
    groups: Mapping[str, str]
    periods: tuple[PeriodFigure, ...]
    previous_year: tuple[PeriodFigure, ...] | None
    unverified_periods: tuple[int, ...]
    #: Periods whose counted actual is implausible and unconfirmed: taken out of ``periods``.
    held_periods: tuple[int, ...] = ()
    #: (quarter, review status) of each actual that does not count (a draft, one awaiting review …).
    uncounted: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class YearInputs:
    organisation_code: str
    organisation_name: str
    financial_year: str
    period_labels: Mapping[int, str]
    kpis: tuple[KpiInputs, ...]
    #: Actuals of each quarter by review status, counted or not.
    actual_statuses: Mapping[int, Mapping[str, int]]
    previous_year: str | None
    counted_statuses: frozenset[ActualStatus] = COUNTED_STATUSES
    #: The organisation's country (ISO code): it picks the rule set's reporting deadline.
    country: str | None = None
    #: Each quarter's last day, and the quarters closed by hand (deadline or not).
    period_ends: Mapping[int, date] = field(default_factory=dict)
    closed_periods: frozenset[int] = frozenset()


#: An actual's review status as its stored text. ActualStatus members equal their text, so
#: the text works in every status set; converting tens of thousands of rows to the enum
#: would be a call per row that nothing needs.
_STATUS_TEXT = type_coerce(PeriodActual.status, String)


def _rows(session: Session, query) -> Sequence[Row]:
    """Plain rows of a column query, run on the session's connection and fetched at once.

    Column queries need none of the ORM's result processing, and fetching row
    by row costs as much as the query itself when scorecards are built for
    hundreds of organisations. The first query of :func:`load_year` goes
    through the session, so pending changes are flushed before these run.
    """
    return session.connection().execute(query).all()


def _directorates(session: Session, organisation_id: str) -> dict[str, str]:
    """Each unit's directorate name: its nearest ancestor (or itself) at directorate level."""
    units = {row.id: row for row in _rows(session, select(
        Unit.id, Unit.parent_id, Unit.name, Unit.level).where(Unit.organisation_id == organisation_id))}
    found: dict[str, str] = {}
    for unit_id in units:
        current = units[unit_id]
        while current.level != UnitLevel.DIRECTORATE and current.parent_id in units:
            current = units[current.parent_id]
        found[unit_id] = current.name
    return found


def _quarter_rows(model, session: Session, year_id: str, *columns, kpi_ids: Collection[str] | None = None):
    query = (select(model.kpi_id, ReportingPeriod.number, *columns)
             .join(ReportingPeriod, ReportingPeriod.id == model.period_id)
             .join(Kpi, Kpi.id == model.kpi_id)
             .where(Kpi.financial_year_id == year_id, ReportingPeriod.kind == PeriodKind.QUARTER))
    if kpi_ids is not None:
        query = query.where(model.kpi_id.in_(list(kpi_ids)))
    return _rows(session, query)


def year_kpis(session: Session, year: FinancialYear, kpi_ids: Collection[str] | None = None) -> Sequence[Row]:
    """The year's active KPIs in reference order (only ``kpi_ids`` when given), with their KPA and objective."""
    query = (select(
        Kpi.id, Kpi.reference, Kpi.name, Kpi.calculation_type, Kpi.measure_type, Kpi.direction,
        Kpi.weight, Kpi.responsible_unit_id, Kpa.name.label("kpa"),
        StrategicObjective.code.label("objective_code"), StrategicObjective.title.label("objective"))
        .outerjoin(Kpa, Kpa.id == Kpi.kpa_id)
        .outerjoin(StrategicObjective, StrategicObjective.id == Kpi.strategic_objective_id)
        .where(Kpi.financial_year_id == year.id, Kpi.is_active.is_(True))
        .order_by(Kpi.reference))
    if kpi_ids is not None:
        query = query.where(Kpi.id.in_(list(kpi_ids)))
    return _rows(session, query)


def year_kpi_names(session: Session, year: FinancialYear) -> Sequence[Row]:
    """:func:`year_kpis` without what scoring needs: id, reference, name and groups (stored lines carry the rest)."""
    return _rows(session, select(
        Kpi.id, Kpi.reference, Kpi.name, Kpi.responsible_unit_id, Kpa.name.label("kpa"),
        StrategicObjective.code.label("objective_code"), StrategicObjective.title.label("objective"))
        .outerjoin(Kpa, Kpa.id == Kpi.kpa_id)
        .outerjoin(StrategicObjective, StrategicObjective.id == Kpi.strategic_objective_id)
        .where(Kpi.financial_year_id == year.id, Kpi.is_active.is_(True))
        .order_by(Kpi.reference))


def groups_of(row: Row, directorates: Mapping[str, str]) -> dict[str, str]:
    """The groups a KPI of :func:`year_kpis` or :func:`year_kpi_names` is rolled up in."""
    objective = f"{row.objective_code} {row.objective}" if row.objective_code else NO_GROUP
    return {"kpa": row.kpa or NO_GROUP, "objective": objective,
            "directorate": directorates.get(row.responsible_unit_id, NO_GROUP)}


def definition_and_groups(row: Row, directorates: Mapping[str, str]) -> tuple[KpiDefinition, dict[str, str]]:
    """A :func:`year_kpis` row as the engine's definition and the groups it is rolled up in."""
    definition = KpiDefinition(row.reference, row.calculation_type, row.measure_type,
                               row.direction, row.name, row.weight)
    return definition, groups_of(row, directorates)


def directorates_of(session: Session, organisation_id: str) -> dict[str, str]:
    """Each unit's directorate name (see :func:`_directorates`)."""
    return _directorates(session, organisation_id)


def quarter_rows(session: Session, year: FinancialYear) -> Sequence[Row]:
    """The year's quarters: number, label, last day and whether closed by hand."""
    return session.execute(
        select(ReportingPeriod.number, ReportingPeriod.label, ReportingPeriod.end_date,
               ReportingPeriod.is_closed)
        .where(ReportingPeriod.financial_year_id == year.id,
               ReportingPeriod.kind == PeriodKind.QUARTER).order_by(ReportingPeriod.number)).all()


def _previous_year_actuals(session: Session, year: FinancialYear, counted: Collection[ActualStatus],
                           references: Collection[str] | None = None) -> tuple[str | None, dict]:
    found = _rows(session, select(FinancialYear.id, FinancialYear.label)
                  .where(FinancialYear.organisation_id == year.organisation_id,
                         FinancialYear.start_date < year.start_date)
                  .order_by(FinancialYear.start_date.desc()).limit(1))
    if not found:
        return None, {}
    previous = found[0]
    by_reference: dict[str, list[PeriodFigure]] = {}
    # Statuses are filtered here, not in SQL: a status condition lures SQLite onto the
    # status index, which scans every organisation's actuals.
    query = (select(Kpi.reference, ReportingPeriod.number, PeriodActual.value, _STATUS_TEXT)
             .join(Kpi, Kpi.id == PeriodActual.kpi_id)
             .join(ReportingPeriod, ReportingPeriod.id == PeriodActual.period_id)
             .where(Kpi.financial_year_id == previous.id, ReportingPeriod.kind == PeriodKind.QUARTER))
    if references is not None:
        query = query.where(Kpi.reference.in_(list(references)))
    for reference, number, value, status in _rows(session, query):
        if value is not None and status in counted:
            by_reference.setdefault(reference, []).append(PeriodFigure(number, None, value))
    return previous.label, by_reference


_NO_TARGET = (None, None, None, None, None)
_NO_ACTUAL = (None, None)


def _period_figures(targets: Mapping[int, Sequence], actuals: Mapping[int, tuple]
                    ) -> tuple[PeriodFigure, ...]:
    """One KPI's figures in period order from its target and counted actual rows by period."""
    figures = []
    for number in sorted(targets.keys() | actuals.keys()):
        value, value_date, value_text, original, revised_on = targets.get(number, _NO_TARGET)
        actual, actual_date = actuals.get(number, _NO_ACTUAL)
        figures.append(PeriodFigure(number, value, actual, value_date, actual_date, value_text,
                                    original, None, revised_on))
    return tuple(figures)


def _held(definition: KpiDefinition, targets: Mapping[int, Sequence], actuals: dict[int, tuple],
          ids: Mapping[int, str], confirmed: Mapping[str, float], ratio: float | None) -> tuple[int, ...]:
    """Quarters whose actual is implausible and not confirmed at that value; taken out of ``actuals``."""
    held = []
    for number, (value, _) in list(actuals.items()):
        target = targets.get(number, _NO_TARGET)[0]
        if (is_implausible(definition.measure_type, target, value, ratio)
                and confirmed.get(ids[number]) != value):
            del actuals[number]
            held.append(number)
    return tuple(sorted(held))


@collector_paused()
def load_year(session: Session, year: FinancialYear, *,
              counted_statuses: Collection[ActualStatus] | None = None,
              rules: Mapping | SdbipRules | None = None,
              kpi_ids: Collection[str] | None = None) -> YearInputs:
    """Everything needed to score ``year``: one query per table, never one per KPI.

    ``rules`` (the scorecard's rule set; the shipped one by default) decide
    which review statuses count and which values are held for checking;
    ``counted_statuses`` overrides the former. Last year's actuals are
    matched to this year's KPIs by reference. ``kpi_ids`` keeps only those KPIs
    (the stored results re-score just the KPIs a change touched).
    """
    book = SdbipRules.of(rules if rules is not None else default_rule_set("za_sdbip"))
    if counted_statuses is None:
        counted_statuses = frozenset(ActualStatus(status) for status in book.counted_statuses)
    organisation = session.get(Organisation, year.organisation_id)
    period_rows = quarter_rows(session, year)
    period_labels = {row.number: row.label for row in period_rows}
    kpi_rows = year_kpis(session, year, kpi_ids)
    directorates = _directorates(session, organisation.id)

    targets: dict[str, dict[int, Sequence]] = {row.id: {} for row in kpi_rows}
    for kpi_id, number, *target in _quarter_rows(
            KpiTarget, session, year.id, KpiTarget.value, KpiTarget.value_date,
            KpiTarget.value_text, KpiTarget.original_value, KpiTarget.revised_on, kpi_ids=kpi_ids):
        if kpi_id in targets:
            targets[kpi_id][number] = target
    actuals: dict[str, dict[int, tuple]] = {}
    by_status: Counter[tuple[int, str]] = Counter()
    unverified: dict[str, list[int]] = {}
    actual_ids: dict[str, dict[int, str]] = {}
    uncounted: dict[str, list[tuple[int, str]]] = {}
    for kpi_id, number, value, value_date, status, actual_id in _quarter_rows(
            PeriodActual, session, year.id, PeriodActual.value, PeriodActual.value_date,
            _STATUS_TEXT, PeriodActual.id, kpi_ids=kpi_ids):
        if kpi_id not in targets:
            continue
        by_status[number, status] += 1
        if status not in counted_statuses:
            uncounted.setdefault(kpi_id, []).append((number, status))
        if status not in counted_statuses or (value is None and value_date is None):
            continue
        actuals.setdefault(kpi_id, {})[number] = (value, value_date)
        actual_ids.setdefault(kpi_id, {})[number] = actual_id
        if status not in VERIFIED_STATUSES:
            unverified.setdefault(kpi_id, []).append(number)
    statuses: dict[int, dict[str, int]] = {}
    for (number, status), count in by_status.items():
        statuses.setdefault(number, {})[ActualStatus(status).value] = count
    previous_label, previous = _previous_year_actuals(
        session, year, counted_statuses, None if kpi_ids is None else [row.reference for row in kpi_rows])
    confirmed = confirmed_values(session, [year.id]) if book.held_ratio is not None else {}

    kpis = []
    for row in kpi_rows:
        definition, groups = definition_and_groups(row, directorates)
        counted = actuals.get(row.id, {})
        held = _held(definition, targets[row.id], counted, actual_ids.get(row.id, {}), confirmed,
                     book.held_ratio)
        periods = _period_figures(targets[row.id], counted)
        kpis.append(KpiInputs(definition, groups, periods,
                              tuple(previous.get(row.reference, ())) or None,
                              tuple(n for n in sorted(unverified.get(row.id, ())) if n not in held),
                              held, tuple(sorted(uncounted.get(row.id, ())))))
    return YearInputs(organisation.code, organisation.name, year.label, period_labels,
                      tuple(kpis), dict(sorted(statuses.items())),
                      previous_label, frozenset(counted_statuses), organisation.country,
                      {row.number: row.end_date for row in period_rows},
                      frozenset(row.number for row in period_rows if row.is_closed))
