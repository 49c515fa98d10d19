"""Scorecards read from the stored scored results, with the calendar applied when read.

:func:`scorecard_for_year` is what scorecards, dashboards and league tables call:
the stored lines (see :mod:`pmsdesk.services.scored_results`) when they can answer,
otherwise the year loaded and scored afresh, with the same result either way. They
cannot answer for another rule set than the one they were scored with, for quarters
open out of order (a later quarter closed by hand before an earlier one), or when
a KPI has no row (a database not repaired after a failure): then it is scored afresh.

"Awaiting" against "not reported" is decided here, against ``today``: the quarters
still before their deadline are always the latest ones, so the stored variant with
that boundary is picked (or the common one, where open quarters change nothing).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from pmsdesk.collector import collector_paused
from pmsdesk.i18n import ENGLISH, current_language
from pmsdesk.models import ActualStatus, FinancialYear, Organisation, ScoredResult
from pmsdesk.scoring import SdbipRules
from pmsdesk.services.scored_results import rules_digest

from .scorecard import Scorecard, assemble, awaiting_periods, latest_reported_period, score_year
from .scorecard_codec import decode_line
from .scorecard_loading import (
    YearInputs,
    directorates_of,
    groups_of,
    load_year,
    quarter_rows,
    year_kpi_names,
)

_TABLE = cast(Table, ScoredResult.__table__)


def _header(session: Session, year: FinancialYear, book: SdbipRules) -> YearInputs:
    """What a scorecard needs besides its lines and counts: names and quarters."""
    organisation = session.get(Organisation, year.organisation_id)
    assert organisation is not None  # a year's organisation is a foreign key
    periods = quarter_rows(session, year)
    return YearInputs(organisation.code, organisation.name, year.label, {row.number: row.label for row in periods},
                      (), {}, None,
                      frozenset(ActualStatus(status) for status in book.counted_statuses), organisation.country,
                      {row.number: row.end_date for row in periods},
                      frozenset(row.number for row in periods if row.is_closed))


def stored_latest_period(session: Session, year: FinancialYear, digest: str) -> int | None:
    """The last quarter with any counted actual by the stored rows; None when the year has none stored."""
    found = session.execute(select(func.max(_TABLE.c.period_number)).where(
        _TABLE.c.financial_year_id == year.id, _TABLE.c.rules_digest == digest,
        _TABLE.c.boundary == _TABLE.c.period_number, _TABLE.c.reported.is_(True))).one()
    return found[0]


def latest_period(session: Session, year: FinancialYear, rules: Mapping[str, Any]) -> int:
    """:func:`pmsdesk.scorecard.latest_reported_period` of ``year``, from the stored rows where they say."""
    stored = stored_latest_period(session, year, rules_digest(rules))
    if stored is not None:
        return stored
    has_rows = session.scalar(select(_TABLE.c.id).where(_TABLE.c.financial_year_id == year.id,
                                                        _TABLE.c.rules_digest == rules_digest(rules)).limit(1))
    if has_rows is not None:  # rows, none reported: the first quarter, as the fresh count says
        return min((row.number for row in quarter_rows(session, year)), default=1)
    return latest_reported_period(load_year(session, year, rules=rules))


@collector_paused()
def stored_scorecard(session: Session, year: FinancialYear, rules: Mapping[str, Any],
                     period_number: int | None = None, *, rule_set_source: str = "database",
                     today: date | None = None, references: Collection[str] | None = None) -> Scorecard | None:
    """The scorecard of ``year`` from its stored lines (only ``references`` when given); None when they cannot say.

    The stored lines hold their sentences (a projection's reason) in English: a reader in another language
    is scored afresh, in that language.
    """
    if references is not None and period_number is None:
        return None  # the latest quarter reported among some KPIs only: scored afresh
    if current_language() != ENGLISH:
        return None
    digest = rules_digest(rules)
    book = SdbipRules.of(rules)
    header = _header(session, year, book)
    period = period_number or stored_latest_period(session, year, digest) or min(header.period_labels, default=1)
    if period not in header.period_labels:
        return None
    awaiting = awaiting_periods(header, book, today or date.today())
    open_here = sorted(number for number in awaiting if number <= period)
    boundary = period - len(open_here)
    if open_here != list(range(boundary + 1, period + 1)):
        return None
    chosen: dict[str, Any] = {}
    for row in session.execute(select(_TABLE.c.kpi_id, _TABLE.c.boundary, _TABLE.c.lowest, _TABLE.c.line,
                                      _TABLE.c.counted, _TABLE.c.left_out).where(
            _TABLE.c.financial_year_id == year.id, _TABLE.c.period_number == period,
            _TABLE.c.boundary.in_({boundary, period}), _TABLE.c.rules_digest == digest)):
        if row.kpi_id not in chosen or row.boundary != period:
            chosen[row.kpi_id] = row
    directorates = directorates_of(session, year.organisation_id)
    lines, counted, left_out = [], 0, Counter[str]()
    for kpi in year_kpi_names(session, year):
        found = chosen.get(kpi.id)
        if found is None or boundary < found.lowest:  # missing, or a variant never scored: afresh
            return None
        if found.left_out:
            left_out.update(found.left_out.split(","))  # every KPI's, as a fresh scorecard counts them
        if references is not None and kpi.reference not in references:
            continue
        lines.append(decode_line(found.line, kpi.reference, kpi.name, groups_of(kpi, directorates)))
        counted += found.counted
    return assemble(header, rules, period, lines, (counted, left_out), awaiting, rule_set_source,
                    max(len(header.period_labels), 1))


def scorecard_for_year(session: Session, year: FinancialYear, rules: Mapping[str, Any],
                       period_number: int | None = None, *, rule_set_source: str = "database",
                       today: date | None = None, references: Collection[str] | None = None) -> Scorecard:
    """The scorecard of ``year``: stored lines where they can answer, else scored afresh (the same result)."""
    card = stored_scorecard(session, year, rules, period_number, rule_set_source=rule_set_source,
                            today=today, references=references)
    if card is not None:
        return card
    inputs = load_year(session, year, rules=rules)
    if references is not None:
        inputs = replace(inputs, kpis=tuple(k for k in inputs.kpis if k.definition.reference in references))
    return score_year(inputs, rules, period_number, rule_set_source=rule_set_source, today=today)
