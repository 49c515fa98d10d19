"""``pmsdesk db check``'s part for the stored scored results: equal to a fresh scoring, or repaired.

Every year is scored afresh and compared with what is stored, row by row and
column by column; a difference is named by organisation, year, KPI and quarter.
``--repair`` replaces every stored row by the fresh ones, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from pmsdesk.models import FinancialYear, InstallationSetting, Kpi, Organisation, ScoredResult

from .scored_results import STALE, fresh_rows, rebuild_all, scorecard_rules

_TABLE = cast(Table, ScoredResult.__table__)
_KEY = ("kpi_id", "period_number", "boundary")
_COMPARED = tuple(column.name for column in _TABLE.columns if column.name not in ("id", *_KEY))


def _keyed(rows: Sequence[Mapping[str, Any]]) -> dict[tuple, Mapping[str, Any]]:
    return {tuple(row[name] for name in _KEY): row for row in rows}


def _where(names: Mapping[str, str], year: str, key: tuple) -> str:
    kpi_id, period, boundary = key
    variant = "" if boundary == period else f" (quarters after Q{boundary} still open)"
    return f"{names.get(kpi_id, kpi_id)} {year} Q{period}{variant}"


def differences(session: Session, limit: int = 200) -> list[str]:
    """What the stored scored results get wrong against a fresh scoring; [] when they agree."""
    problems: list[str] = []
    if session.get(InstallationSetting, STALE) is not None:
        problems.append("scored results: not built since the upgrade (run 'pmsdesk db check --repair')")
    rules = scorecard_rules(session)[0]
    names = {kpi_id: f"{code} KPI {reference}" for kpi_id, code, reference in session.execute(
        select(Kpi.id, Organisation.code, Kpi.reference).join(Organisation, Organisation.id == Kpi.organisation_id))}
    years = list(session.scalars(select(FinancialYear).order_by(FinancialYear.organisation_id,
                                                                FinancialYear.start_date)))
    known = {year.id for year in years}
    for year in years:
        stored = _keyed([dict(row._mapping) for row in session.execute(
            select(_TABLE).where(_TABLE.c.financial_year_id == year.id))])
        lowest = {(row["kpi_id"], row["period_number"]): row["lowest"] for row in stored.values()}
        fresh = _keyed(fresh_rows(session, year, rules, lowest=lowest))
        for key in sorted(fresh.keys() | stored.keys(), key=str):
            where = _where(names, year.label, key)
            if key not in stored:
                problems.append(f"scored results: {where} is missing")
            elif key not in fresh:
                problems.append(f"scored results: {where} is stored but scores nothing now")
            else:
                wrong = [name for name in _COMPARED if stored[key][name] != fresh[key][name]]
                if wrong:
                    problems.append(f"scored results: {where} differs from a fresh scoring in {', '.join(wrong)}")
            if len(problems) >= limit:
                return problems
    orphans = session.scalar(select(_TABLE.c.id).where(_TABLE.c.financial_year_id.not_in(known)).limit(1))
    if orphans is not None:
        problems.append("scored results: rows of a financial year that no longer exists")
    return problems


def repair(session: Session) -> int:
    """Replace every stored row by a fresh scoring and commit; the number of rows written."""
    written = rebuild_all(session)
    marker = session.get(InstallationSetting, STALE)
    if marker is not None:
        session.delete(marker)
    session.commit()
    return written
