"""An organisation's scorecard for one financial year, read from the database.

:func:`load_year` reads the year's KPIs, quarterly targets and actuals (and
last year's actuals, for seasonal projections) in five set-based queries,
whatever the number of KPIs; :func:`score_year` then scores them without
touching the database, so a back-test can score the same data as of any
quarter. :func:`build_scorecard` does both.

Which actuals count: values that have been *submitted* for review, whether
or not they are verified or approved yet. Drafts are the capturer's work in
progress and returned values were judged wrong by a verifier, so both are
treated as not reported (never as zero). The scorecard says how many of the
counted values are still unverified and how many drafts and returned values
were left out; a caller can pass ``counted_statuses`` to decide otherwise.

Only quarters are scored (monthly periods of a monthly-reporting
organisation are not), and only active KPIs.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, String, select, type_coerce
from sqlalchemy.orm import Session

from pmsdesk.models import (
    ActualStatus, FinancialYear, Kpa, Kpi, KpiTarget, Organisation, PeriodActual, PeriodKind,
    ReportingPeriod, StrategicObjective, Unit, UnitLevel,
)
from pmsdesk.scoring import (
    KpiDefinition, KpiResult, PeriodFigure, Rollup, RollupEntry, ScoringInputError, SdbipRules,
    YearEndProjection, default_rule_set, roll_up_each, score_and_project,
)
from pmsdesk.scoring.frozen import quick_init
from pmsdesk.scoring.rules import SDBIP, default_rule_set_codes
from pmsdesk.services.errors import NotFound, ValidationError
from pmsdesk.services.rule_sets import get_rule_set, list_rule_sets

DEFAULT_RULES = "za_sdbip"
COUNTED_STATUSES = frozenset({ActualStatus.SUBMITTED, ActualStatus.VERIFIED, ActualStatus.APPROVED})
VERIFIED_STATUSES = frozenset({ActualStatus.VERIFIED, ActualStatus.APPROVED})
#: Groupings of every roll-up, in the order reports show them.
GROUPINGS = ("kpa", "objective", "directorate")
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


@quick_init
@dataclass(frozen=True)
class ScorecardLine:
    """One KPI on the scorecard; ``problem`` says why it could not be scored, if so."""

    reference: str
    name: str
    groups: Mapping[str, str]
    result: KpiResult | None
    projection: YearEndProjection | None
    unverified_periods: tuple[int, ...] = ()
    problem: str | None = None


@dataclass(frozen=True)
class FigureSummary:
    """Roll-ups and traffic-light counts of one figure (the period's or year-to-date)."""

    organisation: Rollup
    by_kpa: Mapping[str, Rollup]
    by_objective: Mapping[str, Rollup]
    by_directorate: Mapping[str, Rollup]
    categories: Mapping[str, int]


@dataclass(frozen=True)
class ActualCounts:
    counted: int
    unverified: int
    left_out: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Scorecard:
    organisation_code: str
    organisation_name: str
    financial_year: str
    period_number: int
    period_label: str
    periods_in_year: int
    rule_set: Mapping[str, Any]
    lines: tuple[ScorecardLine, ...]
    period: FigureSummary
    year_to_date: FigureSummary
    at_risk: tuple[str, ...]
    actuals: ActualCounts
    #: Traffic-light codes to names, in the rule set's order.
    category_names: Mapping[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a year is loaded or scored.

    Loading and scoring allocate a dozen small objects per KPI and make no
    reference cycles; reference counting frees them all, yet the collections
    their number sets off walked every object of the process again and again,
    a third of a scorecard's CPU. Cycles made meanwhile elsewhere are collected
    once it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------- lookups


def find_organisation(session: Session, code: str) -> Organisation:
    organisation = session.scalar(select(Organisation).where(Organisation.code == code))
    if organisation is None:
        codes = list(session.scalars(select(Organisation.code).order_by(Organisation.code)))
        shown = ", ".join(codes[:20]) + (f" … ({len(codes)} in all)" if len(codes) > 20 else "")
        raise NotFound(f"No organisation with code {code!r}; the database holds {shown or 'none'}.")
    return organisation


def find_financial_year(session: Session, organisation: Organisation, label: str) -> FinancialYear:
    year = session.scalar(select(FinancialYear).where(
        FinancialYear.organisation_id == organisation.id, FinancialYear.label == label))
    if year is None:
        labels = list(session.scalars(select(FinancialYear.label).where(
            FinancialYear.organisation_id == organisation.id).order_by(FinancialYear.start_date)))
        raise NotFound(f"{organisation.code} has no financial year {label!r}; it has "
                       f"{', '.join(labels) or 'none'}.")
    return year


def resolve_rules(session: Session, code: str = DEFAULT_RULES) -> tuple[dict[str, Any], str]:
    """The latest stored revision of ``code``, or the shipped default when none is stored.

    Returns the rules and where they came from: "database" or "shipped default".
    """
    try:
        rules, source = get_rule_set(session, code), "database"
    except NotFound:
        if code not in default_rule_set_codes():
            stored = {rules["code"] for rules in list_rule_sets(session)}
            known = ", ".join(sorted(stored | set(default_rule_set_codes())))
            raise NotFound(f"No rule set called {code!r}; the rule sets are {known}.") from None
        rules, source = default_rule_set(code), "shipped default"
    if rules["kind"] != SDBIP:
        raise ValidationError.single(
            "rules", f"{code} is a rule set of kind {rules['kind']}; a scorecard needs one of "
            f"kind {SDBIP}, such as {DEFAULT_RULES}")
    return rules, source


# ---------------------------------------------------------------- loading


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


def _quarter_rows(model, session: Session, year_id: str, *columns):
    return _rows(session, select(model.kpi_id, ReportingPeriod.number, *columns)
        .join(ReportingPeriod, ReportingPeriod.id == model.period_id)
        .join(Kpi, Kpi.id == model.kpi_id)
        .where(Kpi.financial_year_id == year_id, ReportingPeriod.kind == PeriodKind.QUARTER))


def _previous_year_actuals(session: Session, year: FinancialYear,
                           counted: Collection[ActualStatus]) -> tuple[str | None, dict]:
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
    for reference, number, value, status in _rows(session, select(
            Kpi.reference, ReportingPeriod.number, PeriodActual.value, _STATUS_TEXT)
            .join(Kpi, Kpi.id == PeriodActual.kpi_id)
            .join(ReportingPeriod, ReportingPeriod.id == PeriodActual.period_id)
            .where(Kpi.financial_year_id == previous.id,
                   ReportingPeriod.kind == PeriodKind.QUARTER)):
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


@_collector_paused()
def load_year(session: Session, year: FinancialYear, *,
              counted_statuses: Collection[ActualStatus] = COUNTED_STATUSES) -> YearInputs:
    """Everything needed to score ``year``: one query per table, never one per KPI.

    Last year's actuals are matched to this year's KPIs by reference.
    """
    organisation = session.get(Organisation, year.organisation_id)
    period_labels = dict(session.execute(
        select(ReportingPeriod.number, ReportingPeriod.label)
        .where(ReportingPeriod.financial_year_id == year.id,
               ReportingPeriod.kind == PeriodKind.QUARTER).order_by(ReportingPeriod.number)).all())
    directorates = _directorates(session, organisation.id)
    kpi_rows = _rows(session, select(
        Kpi.id, Kpi.reference, Kpi.name, Kpi.calculation_type, Kpi.measure_type, Kpi.direction,
        Kpi.weight, Kpi.responsible_unit_id, Kpa.name.label("kpa"),
        StrategicObjective.code.label("objective_code"), StrategicObjective.title.label("objective"))
        .outerjoin(Kpa, Kpa.id == Kpi.kpa_id)
        .outerjoin(StrategicObjective, StrategicObjective.id == Kpi.strategic_objective_id)
        .where(Kpi.financial_year_id == year.id, Kpi.is_active.is_(True))
        .order_by(Kpi.reference))

    targets: dict[str, dict[int, Sequence]] = {row.id: {} for row in kpi_rows}
    for kpi_id, number, *target in _quarter_rows(
            KpiTarget, session, year.id, KpiTarget.value, KpiTarget.value_date,
            KpiTarget.value_text, KpiTarget.original_value, KpiTarget.revised_on):
        if kpi_id in targets:
            targets[kpi_id][number] = target
    actuals: dict[str, dict[int, tuple]] = {}
    by_status: Counter[tuple[int, str]] = Counter()
    unverified: dict[str, list[int]] = {}
    for kpi_id, number, value, value_date, status in _quarter_rows(
            PeriodActual, session, year.id, PeriodActual.value, PeriodActual.value_date,
            _STATUS_TEXT):
        if kpi_id not in targets:
            continue
        by_status[number, status] += 1
        if status not in counted_statuses or (value is None and value_date is None):
            continue
        actuals.setdefault(kpi_id, {})[number] = (value, value_date)
        if status not in VERIFIED_STATUSES:
            unverified.setdefault(kpi_id, []).append(number)
    statuses: dict[int, dict[str, int]] = {}
    for (number, status), count in by_status.items():
        statuses.setdefault(number, {})[ActualStatus(status).value] = count
    previous_label, previous = _previous_year_actuals(session, year, counted_statuses)

    kpis = []
    for row in kpi_rows:
        definition = KpiDefinition(row.reference, row.calculation_type, row.measure_type,
                                   row.direction, row.name, row.weight)
        objective = f"{row.objective_code} {row.objective}" if row.objective_code else NO_GROUP
        groups = {"kpa": row.kpa or NO_GROUP, "objective": objective,
                  "directorate": directorates.get(row.responsible_unit_id, NO_GROUP)}
        periods = _period_figures(targets[row.id], actuals.get(row.id, {}))
        kpis.append(KpiInputs(definition, groups, periods,
                              tuple(previous.get(row.reference, ())) or None,
                              tuple(sorted(unverified.get(row.id, ())))))
    return YearInputs(organisation.code, organisation.name, year.label, period_labels,
                      tuple(kpis), dict(sorted(statuses.items())),
                      previous_label, frozenset(counted_statuses))


# ---------------------------------------------------------------- scoring


def latest_reported_period(inputs: YearInputs) -> int:
    """The last quarter with any counted actual, or the first quarter when none is."""
    reported = [f.period_number for k in inputs.kpis for f in k.periods
                if f.actual is not None or f.actual_date is not None]
    return max(reported, default=min(inputs.period_labels, default=1))


def as_of(periods: Sequence[PeriodFigure], period_number: int) -> list[PeriodFigure]:
    """``periods`` as they stood when ``period_number`` was reported: later actuals removed."""
    return [f if f.period_number <= period_number or (f.actual is None and f.actual_date is None)
            else f.with_actual(None, None) for f in periods]


def _summary(lines: Sequence[ScorecardLine], rules: SdbipRules,
             year_to_date: bool) -> FigureSummary:
    figures = [(line, line.result.year_to_date if year_to_date else line.result.period)
               for line in lines if line.result is not None]
    # Entries share their line's groups: nothing keeps them past the roll-ups.
    entries = [RollupEntry(line.reference, figure.status, figure.achievement, line.result.weight,
                           line.groups) for line, figure in figures]
    body = rules.rules["body"]
    order = [band["code"] for band in body["bands"]]
    order.append(body["not_measured"]["code"])
    counted = Counter(figure.category for _, figure in figures)
    whole, by_kpa, by_objective, by_directorate = roll_up_each(entries, rules, (None, *GROUPINGS))
    return FigureSummary(
        organisation=whole["organisation"],
        by_kpa=by_kpa, by_objective=by_objective, by_directorate=by_directorate,
        categories={code: counted.get(code, 0) for code in order},
    )


@_collector_paused()
def score_year(inputs: YearInputs, rules: Mapping[str, Any], period_number: int | None = None,
               *, rule_set_source: str = "database") -> Scorecard:
    """Score every KPI for ``period_number`` (default: the latest reported) and roll them up.

    Projections use only what had been reported by that period. A KPI whose
    stored figures the engine refuses is listed in ``problems`` and left out
    of the roll-ups instead of stopping the whole scorecard.
    """
    periods_in_year = max(len(inputs.period_labels), 1)
    period = period_number or latest_reported_period(inputs)
    book = SdbipRules.of(rules)
    lines, problems, unverified_used = [], [], 0
    for kpi in inputs.kpis:
        known = as_of(kpi.periods, period)
        unverified_here = tuple(n for n in kpi.unverified_periods if n <= period)
        unverified_used += len(unverified_here)
        try:
            result, projection = score_and_project(kpi.definition, known, period, periods_in_year,
                                                   book, previous_year=kpi.previous_year)
        except ScoringInputError as error:
            problems.append(f"{kpi.definition.reference}: {error}")
            lines.append(ScorecardLine(kpi.definition.reference, kpi.definition.name, kpi.groups,
                                       None, None, unverified_here, str(error)))
            continue
        lines.append(ScorecardLine(kpi.definition.reference, kpi.definition.name, kpi.groups,
                                   result, projection, unverified_here))
    counted = sum(1 for kpi in inputs.kpis for f in kpi.periods if f.period_number <= period
                  and (f.actual is not None or f.actual_date is not None))
    left_out: Counter[str] = Counter()
    for number, by_status in inputs.actual_statuses.items():
        if number <= period:
            left_out.update({status: count for status, count in by_status.items()
                             if ActualStatus(status) not in inputs.counted_statuses})
    return Scorecard(
        organisation_code=inputs.organisation_code,
        organisation_name=inputs.organisation_name,
        financial_year=inputs.financial_year,
        period_number=period,
        period_label=inputs.period_labels.get(period, f"Q{period}"),
        periods_in_year=periods_in_year,
        rule_set={"code": rules.get("code"), "revision": rules.get("revision"),
                  "name": rules.get("name"), "source": rule_set_source},
        lines=tuple(lines),
        period=_summary(lines, book, year_to_date=False),
        year_to_date=_summary(lines, book, year_to_date=True),
        at_risk=tuple(line.reference for line in lines
                      if line.projection is not None and line.projection.at_risk),
        actuals=ActualCounts(counted, unverified_used, dict(sorted(left_out.items()))),
        category_names={band["code"]: band.get("name", band["code"])
                        for band in (*rules["body"]["bands"], rules["body"]["not_measured"])},
        problems=tuple(problems),
    )


def build_scorecard(session: Session, organisation_code: str, year_label: str, *,
                    period_number: int | None = None, rules_code: str = DEFAULT_RULES,
                    counted_statuses: Collection[ActualStatus] = COUNTED_STATUSES) -> Scorecard:
    """The scorecard of one organisation's year; NotFound names what does exist."""
    organisation = find_organisation(session, organisation_code)
    year = find_financial_year(session, organisation, year_label)
    rules, source = resolve_rules(session, rules_code)
    inputs = load_year(session, year, counted_statuses=counted_statuses)
    if period_number is not None and period_number not in inputs.period_labels:
        labels = ", ".join(inputs.period_labels.values())
        raise NotFound(f"{year_label} has no period {period_number}; it has {labels}.")
    return score_year(inputs, rules, period_number, rule_set_source=source)
