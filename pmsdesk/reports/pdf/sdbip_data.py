"""The scorecard behind the SDBIP reports, narrowed to a directorate when asked.

Scores come from :mod:`pmsdesk.scorecard` (the rule set decides which
actuals count: verified and approved ones by default). This module adds what the printed reports show beyond
scores (unit of measure, the reported figures as typed, reasons for deviation,
corrective measures, review status) and decides whether a report is final:
**a report is final only when every actual of its KPIs, in every quarter up
to the report's quarter, is approved.** Anything else (draft, submitted,
returned, verified) keeps the DRAFT watermark, because those values can still
change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import (
    ActualStatus,
    FinancialYear,
    Kpi,
    KpiTarget,
    Organisation,
    PeriodActual,
    PeriodKind,
    ReportingPeriod,
    Unit,
)
from pmsdesk.scorecard import DEFAULT_RULES, Scorecard, load_year, resolve_rules, score_year
from pmsdesk.scoring import SdbipRules
from pmsdesk.scoring.serialise import JsonTree, json_tree
from pmsdesk.vocabulary import Money, vocabulary_for
from pmsdesk.wording import measured_value

from .base import ReportError, ReportRequest, financial_year, organisation
from .scope import unit_subtree


@dataclass
class SdbipScope:
    organisation: Organisation
    year: FinancialYear
    unit: Unit | None
    card: Scorecard
    rules: dict[str, Any]
    #: reference → details printed beside the score (see :func:`_details`).
    details: dict[str, dict[str, Any]]
    statuses: dict[str, int]
    #: The review statuses whose actuals count (the rule set's choice).
    counted_statuses: frozenset[ActualStatus] = frozenset()
    #: The request's "as of" day (None: the day it was printed).
    as_of: str | None = None

    @property
    def scope_name(self) -> str:
        return self.unit.name if self.unit else self.organisation.name

    def draft_reason(self) -> str | None:
        pending = {s: n for s, n in self.statuses.items() if s != ActualStatus.APPROVED.value}
        if not pending:
            return None
        listed = ", ".join(f"{n} {s}" for s, n in sorted(pending.items()))
        return (_(
                "{0} actual(s) up to {1} are not approved yet "
                "({2})").format(sum(pending.values()), self.card.period_label, listed))

    def bands(self) -> list[tuple[str, str, str]]:
        """(code, name, colour) of every category: the lights best last, then not reported,
        held for checking, awaiting and 'not measured' at the end."""
        return [(light.code, light.name, light.colour or "#7f8c8d")
                for light in SdbipRules.of(self.rules).categories()]

    def data(self, *, details: bool = True) -> JsonTree:
        """The report's content as its data hash covers it, converted to plain JSON once."""
        content: dict[str, Any] = {"scorecard": self.card}
        if details:
            content["details"] = self.details
        content.update(statuses=self.statuses, unit=self.unit.code if self.unit else None)
        return json_tree(content)

    def resolved(self, kind: str) -> ReportRequest:
        return ReportRequest(kind, year=self.year.label, period=self.card.period_number,
                             organisation=self.organisation.code,
                             unit=self.unit.code if self.unit else None, as_of=self.as_of)


def _year_with_actuals(session: Session, quarter: int | None):
    def choose(years: list[FinancialYear]) -> FinancialYear | None:
        for year in reversed(years):
            query = (select(PeriodActual.id).join(ReportingPeriod, ReportingPeriod.id == PeriodActual.period_id)
                     .where(ReportingPeriod.financial_year_id == year.id,
                            ReportingPeriod.kind == PeriodKind.QUARTER))
            if quarter is not None:
                query = query.where(ReportingPeriod.number == quarter)
            if session.scalar(query.limit(1)) is not None:
                return year
        return None

    return choose


def load_scope(session: Session, request: ReportRequest, *, quarter: int | None = None,
               rules_code: str = DEFAULT_RULES) -> SdbipScope:
    """Organisation, year, optional unit and the scored scorecard for ``request``.

    ``quarter`` fixes the period (mid-year: 2, annual: 4); otherwise the
    request's period, else the latest quarter with actuals.
    """
    org = organisation(session, request.organisation)
    year = financial_year(session, org, request.year, _year_with_actuals(session, quarter))
    unit = None
    if request.unit:
        unit = session.scalar(select(Unit).where(Unit.organisation_id == org.id,
                                                 Unit.code == request.unit))
        if unit is None:
            codes = list(session.scalars(select(Unit.code).where(Unit.organisation_id == org.id)
                                         .order_by(Unit.code)))
            raise ReportError(_(
                    "--unit: {0} has no unit {1!r}; it has {2}").format(org.code, request.unit, ', '.join(codes) or 'none'))
    rules, source = resolve_rules(session, rules_code)
    inputs = load_year(session, year, rules=rules)
    number = quarter or request.period
    if number is not None and number not in inputs.period_labels:
        raise ReportError(_(
                "--period: {0} has no quarter {1}; it has {2}").format(year.label,
                number,
                ', '.join(inputs.period_labels.values()) or 'none'))
    kpi_ids = _kpi_ids(session, year, unit)
    if unit is not None:
        inputs = replace(inputs, kpis=tuple(k for k in inputs.kpis
                                            if k.definition.reference in kpi_ids))
    card = score_year(inputs, rules, number, rule_set_source=source, today=as_of_day(request))
    details, statuses = _details(session, year, card.period_number, kpi_ids, inputs.counted_statuses,
                                 vocabulary_for(org.country).money)
    return SdbipScope(org, year, unit, card, rules, details, statuses, inputs.counted_statuses, request.as_of)


def as_of_day(request: ReportRequest) -> date | None:
    """The request's "as of" day, refused in words when it is not a date."""
    if request.as_of is None:
        return None
    try:
        return date.fromisoformat(request.as_of)
    except ValueError:
        raise ReportError(_("as of: {0!r} is not a date such as 2026-08-31").format(request.as_of)) from None


def _kpi_ids(session: Session, year: FinancialYear, unit: Unit | None) -> dict[str, str]:
    """reference → id of the year's active KPIs in scope."""
    query = select(Kpi.reference, Kpi.id).where(Kpi.financial_year_id == year.id,
                                                Kpi.is_active.is_(True))
    if unit is not None:
        query = query.where(Kpi.responsible_unit_id.in_(unit_subtree(session, unit)))
    return dict(session.execute(query).all())


def _details(session: Session, year: FinancialYear, period: int, kpi_ids: dict[str, str],
             counted: frozenset[ActualStatus], money: Money) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """Per KPI: unit of measure, annual target, the period's target (and financial target) and actual as typed,
    the deviation reason, corrective measure and review status; and the review statuses of
    every actual up to ``period``. Three queries, whatever the number of KPIs."""
    in_scope = set(kpi_ids.values())
    details: dict[str, dict[str, Any]] = {}
    by_id: dict[str, dict[str, Any]] = {}
    for kpi_id, reference, unit, measure, annual, annual_date, annual_text in session.execute(select(
            Kpi.id, Kpi.reference, Kpi.unit_of_measure, Kpi.measure_type, Kpi.annual_target,
            Kpi.annual_target_date, Kpi.annual_target_text).where(Kpi.financial_year_id == year.id)):
        if kpi_id not in in_scope:
            continue
        shown = annual if annual is not None else (annual_date or annual_text)
        entry = {"unit_of_measure": unit or "", "annual_target": measured_value(shown, measure, money),
                 "target": "", "actual": "", "status": None, "deviation_reason": "",
                 "corrective_measure": "", "measure": measure, "financial_target": None}
        details[reference] = by_id[kpi_id] = entry
    for kpi_id, value, value_date, value_text, original, projection in session.execute(
            select(KpiTarget.kpi_id, KpiTarget.value, KpiTarget.value_date, KpiTarget.value_text,
                   KpiTarget.original_value, KpiTarget.budget_projection)
            .join(ReportingPeriod, ReportingPeriod.id == KpiTarget.period_id)
            .where(ReportingPeriod.financial_year_id == year.id,
                   ReportingPeriod.kind == PeriodKind.QUARTER, ReportingPeriod.number == period)):
        entry = by_id.get(kpi_id)
        if entry is not None:
            entry["financial_target"] = projection  # the quarter's financial (budget) target, when the SDBIP has one
            shown = value if value is not None else (value_date or value_text)
            entry["target"] = measured_value(shown, entry["measure"], money)
            if original is not None and value is not None and original != value:  # an adjustment budget's revision
                entry["target"] += _(" (revised; original {0})").format(measured_value(original, entry['measure'], money))
    statuses: Counter[str] = Counter()
    for kpi_id, number, value, value_date, value_text, status, reason, corrective in session.execute(
            select(PeriodActual.kpi_id, ReportingPeriod.number, PeriodActual.value,
                   PeriodActual.value_date, PeriodActual.value_text, PeriodActual.status,
                   PeriodActual.deviation_reason, PeriodActual.corrective_measure)
            .join(ReportingPeriod, ReportingPeriod.id == PeriodActual.period_id)
            .where(ReportingPeriod.financial_year_id == year.id,
                   ReportingPeriod.kind == PeriodKind.QUARTER, ReportingPeriod.number <= period)):
        entry = by_id.get(kpi_id)
        if entry is None:
            continue
        status = ActualStatus(status)
        statuses[status.value] += 1
        if number != period:
            continue
        shown = value if value is not None else (value_date or value_text)
        entry["actual"] = measured_value(shown, entry["measure"], money) if status in counted \
            else _("not counted ({0})").format(status.value)
        entry.update(status=status.value, deviation_reason=reason or "",
                     corrective_measure=corrective or "")
    for entry in details.values():
        entry["measure"] = entry["measure"].value
    return details, dict(sorted(statuses.items()))
