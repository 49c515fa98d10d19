"""What the dashboard shows for one organisation's year as of one quarter, read in one go.

Scores come from the scorecard (:func:`pmsdesk.scorecard.load_year` and
:func:`~pmsdesk.scorecard.score_year`, the two halves of ``build_scorecard``, so
the year is read once and also serves the trends) and the scoring engine; the
charts are definitions from :mod:`pmsdesk.charts`, drawn the same on screen and
on paper. A reader limited to some units sees only their KPIs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk import charts
from pmsdesk.charts import LegendEntry, QuarterValue, StackedBarChart, TrendChart
from pmsdesk.i18n import N_, _
from pmsdesk.models import (
    ActualStatus,
    FinancialYear,
    Kpi,
    KpiTarget,
    MeasureType,
    PeriodActual,
    PeriodKind,
    ReportingPeriod,
)
from pmsdesk.scorecard import (
    COUNTED_STATUSES,
    KpiInputs,
    Scorecard,
    ScorecardLine,
    as_of,
    load_year,
    resolve_rules,
)
from pmsdesk.scorecard_stored import scorecard_for_year
from pmsdesk.scoring import FigureStatus, PeriodFigure, Rollup, ScoringInputError, score_kpi
from pmsdesk.vocabulary import Vocabulary, vocabulary_for

from .actor import Actor, Permission
from .errors import PermissionDenied, ValidationError
from .records import get_or_fail
from .worklists import PeriodSummary, current_quarter

AWAITING_SUBMISSION = frozenset({None, ActualStatus.DRAFT, ActualStatus.RETURNED})


@dataclass(frozen=True)
class WorkCounts:
    """KPIs with a target due in the quarter, by where their actual stands."""

    due: int
    awaiting_submission: int  # not started, draft or returned
    awaiting_verification: int  # submitted
    awaiting_approval: int  # verified
    approved: int


@dataclass(frozen=True)
class LightCharts:
    """One figure (the quarter's or year-to-date): targets achieved X of Y for the organisation,
    each directorate and KPA (the lead figures), and the traffic lights as counts and charts."""

    counts: Mapping[str, int]
    by_directorate: StackedBarChart
    by_kpa: StackedBarChart
    organisation: Rollup | None = None
    directorates: Mapping[str, Rollup] = field(default_factory=dict)
    kpas: Mapping[str, Rollup] = field(default_factory=dict)


@dataclass(frozen=True)
class AtRiskKpi:
    kpi_id: str
    reference: str
    name: str
    directorate: str
    kpa: str
    reason: str


@dataclass(frozen=True)
class KpiChoice:
    kpi_id: str
    reference: str
    name: str


@dataclass(frozen=True)
class Trends:
    """Each KPI's targets and actuals per quarter, as known when the chosen quarter was reported.

    Quarters are scored when asked for (one KPI at a time, without the database),
    so the dashboard need not score every KPI in every quarter up front.
    """

    kpis: tuple[KpiChoice, ...]
    period_labels: Mapping[int, str]
    period_number: int
    legend: tuple[LegendEntry, ...]
    inputs: Mapping[str, KpiInputs]
    rules: Mapping[str, Any]

    def choice(self, kpi_id: str) -> KpiChoice:
        return next(kpi for kpi in self.kpis if kpi.kpi_id == kpi_id)

    def quarters(self, kpi_id: str) -> tuple[QuarterValue, ...]:
        kpi = self.inputs[kpi_id]
        known = as_of(kpi.periods, self.period_number)
        by_number = {figure.period_number: figure for figure in known}
        values = []
        for number, label in self.period_labels.items():
            figure = by_number.get(number)
            if figure is None:
                values.append(QuarterValue(label, None, None))
                continue
            light = self._light(kpi, known, number) if figure.actual is not None else None
            values.append(QuarterValue(label, figure.target, figure.actual, light))
        return tuple(values)

    def chart(self, kpi_id: str) -> TrendChart:
        kpi = self.choice(kpi_id)
        percentage = self.inputs[kpi_id].definition.measure_type is MeasureType.PERCENTAGE
        return charts.trend(f"{kpi.reference} {kpi.name}", self.quarters(kpi_id), self.legend,
                            suffix="%" if percentage else "")

    def _light(self, kpi: KpiInputs, known: list[PeriodFigure], number: int) -> str | None:
        try:
            return score_kpi(kpi.definition, known, number, self.rules).period.category
        except ScoringInputError:
            return None


@dataclass(frozen=True)
class Dashboard:
    organisation_name: str
    financial_year: str
    period_number: int
    period_label: str
    legend: tuple[LegendEntry, ...]
    quarter: LightCharts
    year_to_date: LightCharts
    work: WorkCounts
    at_risk: tuple[AtRiskKpi, ...]
    #: Every KPI shown, by reference, with its quarters.
    trends: Trends
    problems: tuple[str, ...] = ()
    #: The organisation's country: the screen names its groups in its words (``pmsdesk.vocabulary``).
    country: str = ""
    #: The quarter is the year's last: "year to date" is then the whole year's result.
    whole_year: bool = False

    def year_to_date_words(self) -> str:
        """'whole year' at the last quarter (its figures are the year's), else 'year to Q2'."""
        return year_to_date_words(self.period_label, self.whole_year)


#: The country words (``pmsdesk.vocabulary``) the charts are titled by, for the catalogue: "By department, Q2".
GROUP_WORDS = (N_("directorate"), N_("department"), N_("key performance area"), N_("criteria category"),
               N_("key result area"), N_("focus area"))


def year_to_date_words(period_label: str, whole_year: bool) -> str:
    return _("whole year") if whole_year else _("year to {0}").format(period_label)


def dashboard(session: Session, actor: Actor, financial_year_id: str, period_id: str,
              today: date | None = None) -> Dashboard:
    """The dashboard of a financial year as of the quarter ``period_id`` (year to date up to it).

    A quarter still before its reporting deadline on ``today`` (the real date by default)
    shows its missing values as awaiting, not as not reported.
    """
    if Permission.READ not in actor.unit_scopes:
        raise PermissionDenied(_("{0} may not {1}.").format(actor.username, Permission.READ.value))
    year = get_or_fail(session, FinancialYear, financial_year_id, "financial year")
    period = get_or_fail(session, ReportingPeriod, period_id, "reporting period")
    if period.financial_year_id != year.id or period.kind != PeriodKind.QUARTER:
        raise ValidationError.single("period", _(
                "{0} is not a quarter of {1}; choose one of the year's quarters").format(period.label, year.label))
    rules, source = resolve_rules(session)
    scope = actor.unit_scopes[Permission.READ]
    kpi_ids = _visible_kpis(session, year.id, scope)
    inputs = load_year(session, year, rules=rules)
    inputs = replace(inputs, kpis=tuple(k for k in inputs.kpis if k.definition.reference in kpi_ids))
    card = scorecard_for_year(session, year, rules, period.number, rule_set_source=source, today=today,
                              references=kpi_ids)
    legend = charts.traffic_light_legend(rules)
    words = vocabulary_for(inputs.country)
    whole_year = period.number == max(inputs.period_labels, default=period.number)
    return Dashboard(
        organisation_name=card.organisation_name,
        financial_year=card.financial_year,
        period_number=card.period_number,
        period_label=card.period_label,
        legend=legend,
        quarter=_light_charts(card, legend, words, year_to_date=False),
        year_to_date=_light_charts(card, legend, words, year_to_date=True, whole_year=whole_year),
        work=_work_counts(session, period.id, scope),
        at_risk=tuple(_at_risk(line, card, kpi_ids[line.reference]) for line in card.lines
                      if line.projection is not None and line.projection.at_risk),
        trends=Trends(
            tuple(KpiChoice(kpi_ids[k.definition.reference], k.definition.reference, k.definition.name)
                  for k in inputs.kpis),
            dict(inputs.period_labels), period.number, legend,
            {kpi_ids[k.definition.reference]: k for k in inputs.kpis}, rules),
        problems=card.problems,
        country=inputs.country,
        whole_year=whole_year,
    )


def opening_quarter(session: Session, quarters: Sequence[PeriodSummary], today: date) -> PeriodSummary | None:
    """The quarter the dashboard opens on: the latest ended one with reported values, so it opens
    on figures rather than on a quarter nobody has reported yet; else the quarter due now."""
    ended = [quarter for quarter in quarters if quarter.end_date < today]
    reported = set(session.scalars(
        select(PeriodActual.period_id).where(PeriodActual.period_id.in_([q.id for q in ended]),
                                             PeriodActual.status.in_(COUNTED_STATUSES)).distinct()))
    latest = [quarter for quarter in ended if quarter.id in reported]
    return latest[-1] if latest else current_quarter(list(quarters), today)


def _visible_kpis(session: Session, year_id: str, scope: Collection[str] | None) -> dict[str, str]:
    """Reference → id of the year's active KPIs the reader may see."""
    rows = session.execute(select(Kpi.reference, Kpi.id, Kpi.responsible_unit_id)
                           .where(Kpi.financial_year_id == year_id, Kpi.is_active.is_(True)))
    return {reference: kpi_id for reference, kpi_id, unit_id in rows
            if scope is None or unit_id in scope}


def _light_charts(card: Scorecard, legend: tuple[LegendEntry, ...], words: Vocabulary, *, year_to_date: bool,
                  whole_year: bool = False) -> LightCharts:
    figure = card.year_to_date if year_to_date else card.period
    span = year_to_date_words(card.period_label, whole_year) if year_to_date else card.period_label
    return LightCharts(
        counts=dict(figure.categories),
        by_directorate=charts.lights_by(card, "directorate", legend, year_to_date=year_to_date,
                                        title=_("By {0}, {1}").format(_(words.unit_word), span)),
        by_kpa=charts.lights_by(card, "kpa", legend, year_to_date=year_to_date,
                                title=_("By {0}, {1}").format(_(words.kpa_long), span)),
        organisation=figure.organisation,
        directorates=dict(figure.by_directorate),
        kpas=dict(figure.by_kpa),
    )


def _work_counts(session: Session, period_id: str, scope: Collection[str] | None) -> WorkCounts:
    rows = session.execute(
        select(Kpi.responsible_unit_id, PeriodActual.status)
        .join(KpiTarget, KpiTarget.kpi_id == Kpi.id)
        .outerjoin(PeriodActual, (PeriodActual.kpi_id == Kpi.id) & (PeriodActual.period_id == period_id))
        .where(KpiTarget.period_id == period_id, Kpi.is_active.is_(True))
        .where(KpiTarget.value.is_not(None) | KpiTarget.value_date.is_not(None)
               | KpiTarget.value_text.is_not(None)))
    statuses = Counter(None if status is None else ActualStatus(status)
                       for unit_id, status in rows if scope is None or unit_id in scope)
    return WorkCounts(
        due=sum(statuses.values()),
        awaiting_submission=sum(statuses[status] for status in AWAITING_SUBMISSION),
        awaiting_verification=statuses[ActualStatus.SUBMITTED],
        awaiting_approval=statuses[ActualStatus.VERIFIED],
        approved=statuses[ActualStatus.APPROVED],
    )


def _at_risk(line: ScorecardLine, card: Scorecard, kpi_id: str) -> AtRiskKpi:
    return AtRiskKpi(kpi_id, line.reference, line.name, line.groups["directorate"], line.groups["kpa"],
                     at_risk_reason(line, card.period_label))


def at_risk_reason(line: ScorecardLine, period_label: str) -> str:
    """'Q2 actual 40 against target 60. At risk: …' — the quarter, then the year-end projection (the scorecard
    is in the reader's language: ``scorecard_stored`` scores another language's reader afresh)."""
    projection = line.projection.reason if line.projection else ""
    figure = line.result.period if line.result else None
    if figure is not None and figure.status == FigureStatus.NOT_REPORTED:
        quarter = _("{0} actual not reported.").format(period_label)
    elif figure is not None and figure.status == FigureStatus.HELD:
        quarter = _("{0} actual held for checking.").format(period_label)
    elif figure is not None and figure.status == FigureStatus.MEASURED and figure.target_date is None:
        quarter = _("{0} actual {1} against target {2}.").format(
            period_label, charts.number_text(figure.actual), charts.number_text(figure.target))
    else:
        quarter = ""
    return f"{quarter} {projection}".strip()
