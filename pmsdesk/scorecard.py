"""An organisation's scorecard for one financial year, read from the database.

:func:`load_year` reads the year's KPIs, quarterly targets and actuals (and
last year's actuals, for seasonal projections) in five set-based queries,
whatever the number of KPIs; :func:`score_year` then scores them without
touching the database, so a back-test can score the same data as of any
quarter. :func:`build_scorecard` does both.

Which actuals count: the rule set decides (``reporting.counted_statuses``);
by default values that have been verified or approved. Drafts, values still
awaiting review and returned values are treated as not reported (never as
zero). A target whose reporting deadline (the rule set's days after the
quarter ends, for the organisation's country) has passed with no counted
actual is *not reported* and counts as not achieved; before the deadline it is
*awaiting* and left out, counted. An implausible actual is *held for
checking* and left out until confirmed or corrected. The scorecard says how
many of each there are; a caller can pass ``counted_statuses`` to decide
otherwise.

Only quarters are scored (monthly periods of a monthly-reporting
organisation are not), and only active KPIs. The reading is in
:mod:`pmsdesk.scorecard_loading`; its names are offered here too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.collector import collector_paused
from pmsdesk.models import ActualStatus, FinancialYear, Organisation
from pmsdesk.scoring import (
    Rollup,
    RollupEntry,
    SdbipRules,
    default_rule_set,
    roll_up_each,
)
from pmsdesk.scoring.rules import SDBIP, default_rule_set_codes
from pmsdesk.services.errors import NotFound, ValidationError
from pmsdesk.services.rule_sets import get_rule_set, list_rule_sets
from pmsdesk.vocabulary import vocabulary_for

from .scorecard_lines import ScorecardLine, as_of, score_line
from .scorecard_loading import (
    COUNTED_STATUSES,
    NO_GROUP,
    VERIFIED_STATUSES,
    KpiInputs,
    YearInputs,
    load_year,
    quarter_rows,
)

#: Callers read and score a year through this module, the loading names included.
__all__ = [
    "COUNTED_STATUSES", "DEFAULT_RULES", "GROUPINGS", "NO_GROUP", "VERIFIED_STATUSES", "ActualCounts",
    "FigureSummary", "KpiInputs", "Scorecard", "ScorecardLine", "YearInputs", "as_of", "build_scorecard",
    "find_financial_year", "find_organisation", "latest_reported_period", "load_year", "resolve_rules",
    "score_year",
]

DEFAULT_RULES = "za_sdbip"
#: Groupings of every roll-up, in the order reports show them.
GROUPINGS = ("kpa", "objective", "directorate")


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
    #: The quarters (up to this one) still before their reporting deadline when scored. The day
    #: itself is not kept: a printed report's data hash must not change with the calendar.
    awaiting_periods: tuple[int, ...] = ()
    #: What league tables rank on: "targets_achieved" or "weighted_achievement".
    rank_on: str = "targets_achieved"


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


# ---------------------------------------------------------------- scoring


def latest_reported_period(inputs: YearInputs) -> int:
    """The last quarter with any counted actual, or the first quarter when none is."""
    reported = [f.period_number for k in inputs.kpis for f in k.periods
                if f.actual is not None or f.actual_date is not None]
    return max(reported, default=min(inputs.period_labels, default=1))


def _summary(lines: Sequence[ScorecardLine], rules: SdbipRules,
             year_to_date: bool) -> FigureSummary:
    figures = [(line, result, result.year_to_date if year_to_date else result.period)
               for line in lines if (result := line.result) is not None]
    # Entries share their line's groups: nothing keeps them past the roll-ups.
    entries = [RollupEntry(line.reference, figure.status, figure.achievement, result.weight,
                           line.groups, figure.met) for line, result, figure in figures]
    order = category_order(rules)
    counted = Counter(figure.category for _, _, figure in figures)
    whole, by_kpa, by_objective, by_directorate = roll_up_each(entries, rules, (None, *GROUPINGS))
    return FigureSummary(
        organisation=whole["organisation"],
        by_kpa=by_kpa, by_objective=by_objective, by_directorate=by_directorate,
        categories={code: counted.get(code, 0) for code in order},
    )


def category_order(rules: SdbipRules) -> list[str]:
    """Every category a figure can have, in the order reports list them."""
    return [light.code for light in rules.categories()]


def awaiting_periods(inputs: YearInputs, rules: SdbipRules, today: date) -> frozenset[int]:
    """Quarters whose reporting deadline had not passed on ``today`` (and not closed by hand)."""
    days = timedelta(days=rules.deadline_days_for(inputs.country))
    return frozenset(number for number, end in inputs.period_ends.items()
                     if number not in inputs.closed_periods and today <= end + days)


@collector_paused()
def score_year(inputs: YearInputs, rules: Mapping[str, Any], period_number: int | None = None,
               *, rule_set_source: str = "database", today: date | None = None,
               projection_method: str = "auto") -> Scorecard:
    """Score every KPI for ``period_number`` (default: the latest reported) and roll them up.

    Statuses are decided as of ``today`` (the real date by default): a quarter
    before its reporting deadline then is awaiting, not "not reported".
    Projections use only what had been reported by that period. A KPI whose
    stored figures the engine refuses is listed in ``problems`` and left out
    of the roll-ups instead of stopping the whole scorecard.
    """
    periods_in_year = max(len(inputs.period_labels), 1)
    period = period_number or latest_reported_period(inputs)
    book = SdbipRules.of(rules)
    today = today or date.today()
    awaiting = awaiting_periods(inputs, book, today)
    money = vocabulary_for(inputs.country).money.amount  # a money KPI's projection in R, KSh or TSh
    lines = [score_line(kpi, period, periods_in_year, book, awaiting, projection_method, money=money)
             for kpi in inputs.kpis]
    counted = sum(1 for kpi in inputs.kpis for f in kpi.periods if f.period_number <= period
                  and (f.actual is not None or f.actual_date is not None))
    left_out: Counter[str] = Counter()
    for number, by_status in inputs.actual_statuses.items():
        if number <= period:
            left_out.update({status: count for status, count in by_status.items()
                             if ActualStatus(status) not in inputs.counted_statuses})
    return assemble(inputs, rules, period, lines, (counted, left_out), awaiting, rule_set_source, periods_in_year)


def assemble(inputs: YearInputs, rules: Mapping[str, Any], period: int, lines: Sequence[ScorecardLine],
             actuals: tuple[int, Mapping[str, int]], awaiting: Collection[int], rule_set_source: str,
             periods_in_year: int) -> Scorecard:
    """The scorecard of scored ``lines``: roll-ups, counts and the rule set's words.

    ``actuals``: the counted actuals up to ``period`` and the others by review status.
    Shared by fresh scoring and by the stored results, so both give the same scorecard.
    """
    book = SdbipRules.of(rules)
    counted, left_out = actuals
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
        actuals=ActualCounts(counted, sum(len(line.unverified_periods) for line in lines),
                             dict(sorted(left_out.items()))),
        category_names=_category_names(book),
        problems=tuple(f"{line.reference}: {line.problem}" for line in lines if line.problem is not None),
        awaiting_periods=tuple(sorted(n for n in awaiting if n <= period)),
        rank_on=book.rank_on,
    )


def _category_names(rules: SdbipRules) -> dict[str, str]:
    return {light.code: light.name for light in rules.categories()}


def build_scorecard(session: Session, organisation_code: str, year_label: str, *,
                    period_number: int | None = None, rules_code: str = DEFAULT_RULES,
                    counted_statuses: Collection[ActualStatus] | None = None,
                    today: date | None = None) -> Scorecard:
    """The scorecard of one organisation's year; NotFound names what does exist."""
    organisation = find_organisation(session, organisation_code)
    year = find_financial_year(session, organisation, year_label)
    rules, source = resolve_rules(session, rules_code)
    if counted_statuses is None:  # the stored results count what the rule set counts
        from .scorecard_stored import scorecard_for_year

        quarters = quarter_rows(session, year)
        if period_number is not None and period_number not in {row.number for row in quarters}:
            raise NotFound(f"{year_label} has no period {period_number}; it has "
                           f"{', '.join(row.label for row in quarters)}.")
        return scorecard_for_year(session, year, rules, period_number, rule_set_source=source, today=today)
    inputs = load_year(session, year, counted_statuses=counted_statuses, rules=rules)
    if period_number is not None and period_number not in inputs.period_labels:
        labels = ", ".join(inputs.period_labels.values())
        raise NotFound(f"{year_label} has no period {period_number}; it has {labels}.")
    return score_year(inputs, rules, period_number, rule_set_source=source, today=today)
