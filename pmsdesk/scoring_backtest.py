"""Back-testing the year-end projection on a completed year, for both projection methods.

Project every KPI from what had been reported by ``as_of_period`` (Q2 by
default), then compare with how the year really ended: of the KPIs that ended
the year not met, how many were flagged "at risk" (recall), and of the
flagged ones how many really ended not met (precision). KPIs whose year-end
figure is not measured (no target, not applicable, not fully reported) have
no outcome and are left out, and counted.

Two methods are measured side by side (:func:`compare_methods`):
``run_rate`` (every KPI at its run-rate, seasonal pattern or trend) and
``plan`` (the default: a KPI with phased quarterly targets follows its own
plan, the others the run-rate). :func:`backtest_kpis` runs the same on plain
engine inputs, for data that is not in a database (the published SDBIPs).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pmsdesk.scorecard import (
    DEFAULT_RULES,
    YearInputs,
    as_of,
    find_financial_year,
    find_organisation,
    load_year,
    resolve_rules,
    score_year,
)
from pmsdesk.scoring import (
    FigureStatus,
    KpiDefinition,
    KpiResult,
    PeriodFigure,
    YearEndProjection,
    score_and_project,
    score_kpi,
)
from pmsdesk.scoring.projection import AUTO, RUN_RATE

#: The methods compared, by the name reports use: run-rate everywhere, or plan-based where phased.
METHODS = {"run_rate": RUN_RATE, "plan": AUTO}


@dataclass(frozen=True)
class BacktestKpi:
    reference: str
    calculation_type: str
    measure_type: str
    flagged: bool
    ended_met: bool
    reason: str
    projected_achievement: float | None
    final_achievement: float | None


@dataclass(frozen=True)
class ProjectionBacktest:
    organisation_code: str
    financial_year: str
    as_of_period: int
    rule_set: Mapping[str, Any]
    with_outcome: int
    without_outcome: int
    ended_not_met: int
    flagged: int
    flagged_and_not_met: int
    flagged_but_met: int
    not_met_and_not_flagged: int
    by_calculation_type: Mapping[str, Mapping[str, int]]
    kpis: tuple[BacktestKpi, ...]
    method: str = "plan"

    @property
    def recall(self) -> float | None:
        """Share of the KPIs that ended not met which were flagged at risk."""
        return self.flagged_and_not_met / self.ended_not_met if self.ended_not_met else None

    @property
    def precision(self) -> float | None:
        """Share of the flagged KPIs that really ended not met."""
        return self.flagged_and_not_met / self.flagged if self.flagged else None

    def summary(self) -> str:
        """'plan: recall 82.5% (66/80), precision 86.6% (66/76)'."""
        def share(part: int, whole: int) -> str:
            return f"{part / whole * 100:.1f}% ({part}/{whole})" if whole else "n/a (0/0)"
        return (f"{self.method}: recall {share(self.flagged_and_not_met, self.ended_not_met)}, "
                f"precision {share(self.flagged_and_not_met, self.flagged)}")


def _tally(pairs: Iterable[tuple[KpiResult | None, YearEndProjection | None]]
           ) -> tuple[list[BacktestKpi], int]:
    """Rows of the KPIs with an outcome (final result, early projection), and how many had none."""
    rows: list[BacktestKpi] = []
    without = 0
    for final, projection in pairs:
        if final is None or projection is None or final.year_to_date.status is not FigureStatus.MEASURED:
            without += 1
            continue
        rows.append(BacktestKpi(
            reference=final.reference,
            calculation_type=final.calculation_type.value,
            measure_type=final.measure_type.value,
            flagged=projection.at_risk,
            ended_met=bool(final.year_to_date.met),
            reason=projection.reason,
            projected_achievement=projection.projected_achievement,
            final_achievement=final.year_to_date.achievement,
        ))
    return rows, without


def _backtest(rows: Sequence[BacktestKpi], without: int, *, code: str, year: str, as_of_period: int,
              rules: Mapping[str, Any], method: str) -> ProjectionBacktest:
    by_type: dict[str, Counter] = {}
    for row in rows:
        counts = by_type.setdefault(row.calculation_type, Counter())
        counts["kpis"] += 1
        counts["ended_not_met"] += not row.ended_met
        counts["flagged"] += row.flagged
        counts["flagged_and_not_met"] += row.flagged and not row.ended_met
    return ProjectionBacktest(
        organisation_code=code,
        financial_year=year,
        as_of_period=as_of_period,
        rule_set={"code": rules.get("code"), "revision": rules.get("revision")},
        with_outcome=len(rows),
        without_outcome=without,
        ended_not_met=sum(not r.ended_met for r in rows),
        flagged=sum(r.flagged for r in rows),
        flagged_and_not_met=sum(r.flagged and not r.ended_met for r in rows),
        flagged_but_met=sum(r.flagged and r.ended_met for r in rows),
        not_met_and_not_flagged=sum(not r.flagged and not r.ended_met for r in rows),
        by_calculation_type={k: dict(v) for k, v in sorted(by_type.items())},
        kpis=tuple(rows),
        method=method,
    )


def backtest_projection(inputs: YearInputs, rules: Mapping[str, Any],
                        as_of_period: int = 2, method: str = "plan") -> ProjectionBacktest:
    """Compare projections made at ``as_of_period`` (by ``method``) with the year-end results."""
    last = max(inputs.period_labels, default=4)
    early = {line.reference: line.projection for line in score_year(
        inputs, rules, as_of_period, projection_method=METHODS[method]).lines}
    final = score_year(inputs, rules, last).lines
    rows, without = _tally((line.result, early.get(line.reference)) for line in final)
    return _backtest(rows, without, code=inputs.organisation_code, year=inputs.financial_year,
                     as_of_period=as_of_period, rules=rules, method=method)


def backtest_kpis(cases: Sequence[tuple[KpiDefinition, Sequence[PeriodFigure]]],
                  rules: Mapping[str, Any], *, as_of_period: int = 2, periods_in_year: int = 4,
                  method: str = "plan", name: str = "cases") -> ProjectionBacktest:
    """:func:`backtest_projection` for KPIs given as engine inputs with the whole year reported."""
    pairs = []
    for kpi, periods in cases:
        _, projection = score_and_project(kpi, as_of(periods, as_of_period), as_of_period,
                                          periods_in_year, rules, method=METHODS[method])
        pairs.append((score_kpi(kpi, periods, periods_in_year, rules), projection))
    rows, without = _tally(pairs)
    return _backtest(rows, without, code=name, year="", as_of_period=as_of_period, rules=rules,
                     method=method)


def compare_methods(inputs: YearInputs, rules: Mapping[str, Any], as_of_period: int = 2
                    ) -> dict[str, ProjectionBacktest]:
    """Both methods' back-tests of one year: ``{"run_rate": …, "plan": …}``."""
    return {name: backtest_projection(inputs, rules, as_of_period, name) for name in METHODS}


def backtest_year(session: Session, organisation_code: str, year_label: str, *,
                  as_of_period: int = 2, rules_code: str = DEFAULT_RULES,
                  method: str = "plan") -> ProjectionBacktest:
    """:func:`backtest_projection` on one organisation's year read from the database."""
    organisation = find_organisation(session, organisation_code)
    year = find_financial_year(session, organisation, year_label)
    rules, _ = resolve_rules(session, rules_code)
    return backtest_projection(load_year(session, year, rules=rules), rules, as_of_period, method)
