"""Back-testing the year-end projection on a completed year.

Project every KPI from what had been reported by ``as_of_period`` (Q2 by
default), then compare with how the year really ended: of the KPIs that ended
the year not met, how many were flagged "at risk" (recall), and of the
flagged ones how many really ended not met (precision). KPIs whose year-end
figure is not measured (no target, not applicable, not fully reported) have
no outcome and are left out, and counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pmsdesk.scorecard import (
    DEFAULT_RULES, YearInputs, find_financial_year, find_organisation, load_year, resolve_rules,
    score_year,
)
from pmsdesk.scoring import FigureStatus


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

    @property
    def recall(self) -> float | None:
        """Share of the KPIs that ended not met which were flagged at risk."""
        return self.flagged_and_not_met / self.ended_not_met if self.ended_not_met else None

    @property
    def precision(self) -> float | None:
        """Share of the flagged KPIs that really ended not met."""
        return self.flagged_and_not_met / self.flagged if self.flagged else None


def backtest_projection(inputs: YearInputs, rules: Mapping[str, Any],
                        as_of_period: int = 2) -> ProjectionBacktest:
    """Compare projections made at ``as_of_period`` with the year-end results of ``inputs``."""
    last = max(inputs.period_labels, default=4)
    early = {line.reference: line for line in score_year(inputs, rules, as_of_period).lines}
    final = score_year(inputs, rules, last).lines
    rows: list[BacktestKpi] = []
    without = 0
    for line in final:
        then = early.get(line.reference)
        if (line.result is None or then is None or then.projection is None
                or line.result.year_to_date.status is not FigureStatus.MEASURED):
            without += 1
            continue
        rows.append(BacktestKpi(
            reference=line.reference,
            calculation_type=line.result.calculation_type.value,
            measure_type=line.result.measure_type.value,
            flagged=then.projection.at_risk,
            ended_met=bool(line.result.year_to_date.met),
            reason=then.projection.reason,
            projected_achievement=then.projection.projected_achievement,
            final_achievement=line.result.year_to_date.achievement,
        ))
    by_type: dict[str, Counter] = {}
    for row in rows:
        counts = by_type.setdefault(row.calculation_type, Counter())
        counts["kpis"] += 1
        counts["ended_not_met"] += not row.ended_met
        counts["flagged"] += row.flagged
        counts["flagged_and_not_met"] += row.flagged and not row.ended_met
    return ProjectionBacktest(
        organisation_code=inputs.organisation_code,
        financial_year=inputs.financial_year,
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
    )


def backtest_year(session: Session, organisation_code: str, year_label: str, *,
                  as_of_period: int = 2, rules_code: str = DEFAULT_RULES) -> ProjectionBacktest:
    """:func:`backtest_projection` on one organisation's year read from the database."""
    organisation = find_organisation(session, organisation_code)
    year = find_financial_year(session, organisation, year_label)
    rules, _ = resolve_rules(session, rules_code)
    return backtest_projection(load_year(session, year), rules, as_of_period)
