"""Stored scored results: written in the same transaction as every change that affects them.

Each KPI's scorecard line per quarter (:class:`pmsdesk.models.ScoredResult`) is
derived data. The write side: a session opened by :class:`pmsdesk.db.Database`
notes, at each flush, the KPIs whose actuals, targets or settings changed (a
rule-set revision or a new quarter notes whole years), and just before the
transaction commits their rows are deleted and scored again, on the same
connection. A write that fails rolls back its scored rows with it. Rows written
with Core statements (bulk imports, sync packages) are noted by their writers
through :func:`note_rows` and :func:`note_package`.

What a row holds does not depend on the calendar: "awaiting" against "not
reported" is decided when it is read (:mod:`pmsdesk.scorecard_stored`). A line
scored with quarters still open is stored beside the common one only where an
open unreported quarter changes it (its ``boundary`` names the last closed
quarter). Head office computes its own after each import: the table is never
synced and is in no row hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, delete, event, insert, select
from sqlalchemy.orm import Session, sessionmaker

from pmsdesk.i18n import ENGLISH, in_language
from pmsdesk.models import (
    FinancialYear,
    InstallationSetting,
    Kpi,
    KpiTarget,
    PeriodActual,
    ReportingPeriod,
    RuleSet,
    ScoredResult,
    table_of,
)
from pmsdesk.scorecard_codec import encode_line, figures_of
from pmsdesk.scorecard_lines import open_gaps, score_line, with_awaiting
from pmsdesk.scorecard_loading import YearInputs, load_year
from pmsdesk.scoring import SdbipRules
from pmsdesk.vocabulary import vocabulary_for

#: The installation setting a migration leaves when rows must be built on the next open.
STALE = "scored_results_stale"
#: Above this many KPIs of one year, the whole year is scored again (one query, not a long IN list).
WHOLE_YEAR_ABOVE = 400
_TABLE = cast(Table, ScoredResult.__table__)
_NOTED = "scored_results.noted"
_ALL = "all"


def rules_digest(rules: Mapping[str, Any]) -> str:
    """A digest of a rule set's full text: stored rows name the exact rules that scored them."""
    return hashlib.sha256(json.dumps(rules, sort_keys=True, default=str).encode()).hexdigest()


def scorecard_rules(session: Session) -> tuple[dict[str, Any], str]:
    """The rule set stored results are scored with (the scorecards' default) and where it came from."""
    from pmsdesk.scorecard import DEFAULT_RULES, resolve_rules

    return resolve_rules(session, DEFAULT_RULES)


# ---------------------------------------------------------------- scoring rows


def writing_day() -> date:
    """The day rows are written on: it decides the lowest boundary they keep (tests set an earlier one)."""
    return date.today()


def lowest_boundaries(inputs: YearInputs, book: SdbipRules, today: date) -> dict[int, int]:
    """Each quarter's lowest boundary still to come: its boundary on ``today`` (deadlines only pass).

    Variants below it are not stored; a later read that needs one (a quarter reopened, an as-of day in
    the past) finds the row's ``lowest`` above it and scores afresh. Where the open quarters are not the
    latest ones (closed by hand out of order), every boundary is stored.
    """
    from pmsdesk.scorecard import awaiting_periods

    awaiting = awaiting_periods(inputs, book, today)
    found = {}
    for period in inputs.period_labels:
        open_here = sorted(number for number in awaiting if number <= period)
        boundary = period - len(open_here)
        found[period] = boundary if open_here == list(range(boundary + 1, period + 1)) else 0
    return found


def scored_rows(inputs: YearInputs, rules: Mapping[str, Any], year_id: str, kpi_ids: Mapping[str, str], *,
                today: date | None = None, lowest: Mapping[tuple[str, int], int] | None = None
                ) -> list[dict[str, Any]]:
    """Every stored row of ``inputs``' KPIs (``kpi_ids``: reference → KPI id).

    Variants are scored for boundaries from each quarter's :func:`lowest_boundaries` on ``today``
    (the real date by default), or from ``lowest`` (KPI id, quarter) → boundary where it says.
    The stored sentences (projection reasons) are English whatever language the writer reads, with
    the organisation's currency: a row must not depend on who committed the change behind it.
    """
    with in_language(ENGLISH):
        return _scored_rows(inputs, rules, year_id, kpi_ids, today=today, lowest=lowest)


def _scored_rows(inputs: YearInputs, rules: Mapping[str, Any], year_id: str, kpi_ids: Mapping[str, str], *,
                 today: date | None, lowest: Mapping[tuple[str, int], int] | None) -> list[dict[str, Any]]:
    book = SdbipRules.of(rules)
    digest = rules_digest(rules)
    periods_in_year = max(len(inputs.period_labels), 1)
    from_now = lowest_boundaries(inputs, book, today or writing_day())
    money = vocabulary_for(inputs.country).money.amount
    rows = []
    for kpi in inputs.kpis:
        kpi_id = kpi_ids[kpi.definition.reference]
        reported_at = {f.period_number for f in kpi.periods if f.actual is not None or f.actual_date is not None}
        for period in inputs.period_labels:
            low = from_now[period] if lowest is None else lowest.get((kpi_id, period), from_now[period])
            common = {"kpi_id": kpi_id, "financial_year_id": year_id, "period_number": period, "lowest": low,
                      "reference": kpi.definition.reference,
                      "rules_digest": digest, "reported": period in reported_at,
                      "counted": sum(1 for number in reported_at if number <= period),
                      "left_out": ",".join(status for number, status in kpi.uncounted if number <= period)}
            line = score_line(kpi, period, periods_in_year, book, (), money=money)
            text = encode_line(line)
            rows.append({**common, "boundary": period, **figures_of(line), "line": text})
            for boundary in range(low, period):
                awaiting = range(boundary + 1, period + 1)
                if not open_gaps(kpi, period, awaiting):
                    continue
                variant = with_awaiting(line, kpi, period, book, awaiting)
                variant_text = encode_line(variant)
                if variant_text != text:
                    rows.append({**common, "boundary": boundary, **figures_of(variant), "line": variant_text})
    return rows


def _kpi_ids(session: Session, year_id: str, references: Iterable[str]) -> dict[str, str]:
    wanted = set(references)
    return {reference: kpi_id for kpi_id, reference in session.execute(
        select(Kpi.id, Kpi.reference).where(Kpi.financial_year_id == year_id)) if reference in wanted}


def fresh_rows(session: Session, year: FinancialYear, rules: Mapping[str, Any],
               kpi_ids: Collection[str] | None = None,
               lowest: Mapping[tuple[str, int], int] | None = None) -> list[dict[str, Any]]:
    """The rows ``year`` (or only ``kpi_ids`` of it) should hold now, scored from the figures."""
    inputs = load_year(session, year, rules=rules, kpi_ids=kpi_ids)
    return scored_rows(inputs, rules, year.id,
                       _kpi_ids(session, year.id, (k.definition.reference for k in inputs.kpis)), lowest=lowest)


def rescore(session: Session, year: FinancialYear, kpi_ids: Collection[str] | None = None,
            rules: Mapping[str, Any] | None = None) -> int:
    """Replace the stored rows of ``year`` (or only of ``kpi_ids``) by fresh ones; the count written."""
    rules = rules if rules is not None else scorecard_rules(session)[0]
    rows = fresh_rows(session, year, rules, kpi_ids)
    gone = delete(_TABLE).where(_TABLE.c.financial_year_id == year.id)
    if kpi_ids is not None:
        gone = gone.where(_TABLE.c.kpi_id.in_(list(kpi_ids)))
    session.execute(gone)
    if rows:
        session.execute(insert(_TABLE), rows)
    return len(rows)


def _following_year(session: Session, year: FinancialYear) -> FinancialYear | None:
    """The year whose projections read ``year``'s actuals as last year's."""
    return session.scalar(select(FinancialYear).where(
        FinancialYear.organisation_id == year.organisation_id, FinancialYear.start_date > year.start_date)
        .order_by(FinancialYear.start_date).limit(1))


def rebuild_all(session: Session) -> int:
    """Score every year again (a rule-set revision, ``db check --repair``); the rows written."""
    rules = scorecard_rules(session)[0]
    session.execute(delete(_TABLE))
    return sum(rescore(session, year, None, rules) for year in session.scalars(
        select(FinancialYear).order_by(FinancialYear.organisation_id, FinancialYear.start_date)))


# ---------------------------------------------------------------- noting changes


@dataclass
class Noted:
    """What the transaction changed so far: KPIs by id, whole years by id, or everything."""

    kpis: set[str] = field(default_factory=set)
    years: set[str] = field(default_factory=set)
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.kpis or self.years)


def _noted(session: Session) -> Noted:
    noted = session.info.get(_NOTED)
    if noted is None:
        noted = session.info[_NOTED] = Noted()
    return noted


def note_kpis(session: Session, kpi_ids: Iterable[str]) -> None:
    """Score these KPIs again before the transaction commits."""
    _noted(session).kpis.update(kpi_id for kpi_id in kpi_ids if kpi_id)


def note_rows(session: Session, rows: Iterable[tuple[type, Mapping[str, Any]]]) -> None:
    """Note the KPIs of rows a bulk writer inserts with Core statements (model, column values)."""
    for model, values in rows:
        if model is Kpi:
            note_kpis(session, [values["id"]])
        elif model in (KpiTarget, PeriodActual):
            note_kpis(session, [values["kpi_id"]])
        elif model is RuleSet:
            _noted(session).everything = True


def note_package(session: Session, parsed: Mapping[str, Iterable[Any]]) -> None:
    """Note what an imported sync package's rows (table name → rows with ``plain`` values) change."""
    if "rule_set" in parsed:
        _noted(session).everything = True
    note_kpis(session, (row.plain.get("id") for row in parsed.get("kpi", ())))
    for table in ("kpi_target", "period_actual"):
        note_kpis(session, (row.plain.get("kpi_id") for row in parsed.get(table, ())))
    _noted(session).years.update(row.plain.get("financial_year_id") for row in parsed.get("reporting_period", ()))


def _stored_digest(session: Session) -> str | None:
    """The rules digest the stored rows were scored with (all alike: a change of rules rescores all), or None."""
    return session.scalar(select(_TABLE.c.rules_digest).limit(1))


def _after_flush(session: Session, _context: Any) -> None:
    noted = _noted(session)
    for state in (session.new, session.dirty, session.deleted):
        for record in state:
            if isinstance(record, Kpi):
                noted.kpis.add(record.id)
            elif isinstance(record, (KpiTarget, PeriodActual)):
                noted.kpis.add(record.kpi_id)
            elif isinstance(record, RuleSet):
                noted.everything = True
            elif isinstance(record, ReportingPeriod) and record not in session.dirty:
                noted.years.add(record.financial_year_id)  # a quarter added or removed: the year's count
    noted.kpis.discard(None)
    noted.years.discard(None)


def _before_commit(session: Session) -> None:
    if not session.info.get(_NOTED):
        return
    session.flush()
    noted = session.info.pop(_NOTED)
    write_noted(session, noted)
    session.info.pop(_NOTED, None)  # the writing itself notes nothing that needs scoring again


def write_noted(session: Session, noted: Noted) -> None:
    """Score again what ``noted`` names, and the following years whose projections read it, each once."""
    rules = scorecard_rules(session)[0]
    if noted.everything and _stored_digest(session) != rules_digest(rules):
        rebuild_all(session)
        return
    wanted: dict[str, set[str] | None] = {year_id: None for year_id in noted.years}  # None: the whole year
    for year_id, kpi_id in session.execute(select(Kpi.financial_year_id, Kpi.id).where(
            Kpi.id.in_(list(noted.kpis)))) if noted.kpis else ():
        _want(wanted, year_id, {kpi_id})
    for year_id, kpi_ids in list(wanted.items()):
        year = session.get(FinancialYear, year_id)
        following = None if year is None else _following_year(session, year)
        if following is None:
            continue
        if kpi_ids is None:
            _want(wanted, following.id, None)
        else:
            references = select(Kpi.reference).where(Kpi.id.in_(list(kpi_ids)))
            _want(wanted, following.id, set(session.scalars(select(Kpi.id).where(
                Kpi.financial_year_id == following.id, Kpi.reference.in_(references)))))
    for year_id, kpi_ids in sorted(wanted.items()):
        year = session.get(FinancialYear, year_id)
        if year is not None and (kpi_ids is None or kpi_ids):
            rescore(session, year, None if kpi_ids is None or len(kpi_ids) > WHOLE_YEAR_ABOVE else kpi_ids, rules)


def _want(wanted: dict[str, set[str] | None], year_id: str, kpi_ids: set[str] | None) -> None:
    """Add ``kpi_ids`` of ``year_id`` (None: the whole year) to what is scored again."""
    if year_id in wanted and wanted[year_id] is None:
        return
    wanted[year_id] = None if kpi_ids is None else (wanted.get(year_id) or set()) | kpi_ids


def _after_soft_rollback(session: Session, previous: Any) -> None:
    """The whole transaction rolled back: nothing it noted was written. A savepoint's rollback keeps the
    notes (the rest of the transaction may still commit; scoring a KPI again that did not change is harmless)."""
    if not previous.nested and previous.parent is None:
        session.info.pop(_NOTED, None)


def watch(sessions: sessionmaker) -> None:
    """Keep the stored results of every session ``sessions`` makes in step with its writes."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "before_commit", _before_commit)
    event.listen(sessions, "after_soft_rollback", _after_soft_rollback)


def build_if_stale(session: Session) -> bool:
    """Build every row when a migration left the database without them; whether it did.

    The marker is looked for with a Core query: an app opening a database that needs nothing built
    does not configure the ORM's mappers before its first screen (tests/ui/test_app.py).
    """
    settings = table_of(InstallationSetting)
    if session.execute(select(settings.c.key).where(settings.c.key == STALE)).first() is None:
        return False
    rebuild_all(session)
    session.execute(delete(settings).where(settings.c.key == STALE))
    session.commit()
    return True
