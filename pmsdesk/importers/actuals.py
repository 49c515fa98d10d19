"""Reading a filled-in actuals template back: each row saved with ``actuals.save_actual``.

All or nothing, like the SDBIP import: every row is tried (one savepoint
each) so the report lists every problem, then the whole unit is committed
only if none had one. The services decide who may capture which unit's
actuals and refuse submitted, verified or approved values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import ENGLISH, _, in_language
from pmsdesk.models import FinancialYear, Kpi, MeasureType, Organisation, PeriodActual, PeriodKind, ReportingPeriod
from pmsdesk.services import actuals
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.records import transaction, unit_of_work

from .problems import ImportProblem, WorkbookError
from .values import clean_text, is_placeholder, read_quantity
from .workbook import SheetGrid, column_label, read_workbook

log = logging.getLogger(__name__)

META_SHEET, SHEET, KIND = "pmsdesk", "Actuals", "actuals-template"
TEXT_COLUMNS = {"Narrative": "narrative", "Reason for deviation": "deviation_reason",
                "Corrective measure": "corrective_measure"}
#: The columns the import reads, by their English titles (a template in another language: see ``_titles``).
READ_COLUMNS = ("KPI id", "Actual", *TEXT_COLUMNS)


@dataclass
class ActualsReport:
    file: str
    organisation: str
    year: str
    period: str
    dry_run: bool
    written: bool = False
    saved: list[str] = field(default_factory=list)
    unchanged: int = 0
    empty: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "organisation": self.organisation, "year": self.year, "period": self.period,
                "dry_run": self.dry_run, "written": self.written, "saved": self.saved,
                "unchanged": self.unchanged, "empty": self.empty, "problems": [p.as_dict() for p in self.problems]}


def _meta(book: dict[str, SheetGrid], name: str) -> dict[str, Any]:
    if META_SHEET not in book or SHEET not in book:
        raise WorkbookError(f"{name} is not a pmsdesk actuals template (no '{META_SHEET}' and '{SHEET}' sheets); "
                            "export one with 'pmsdesk export actuals-template'")
    meta = {row[0]: row[1] if len(row) > 1 else None for row in book[META_SHEET].rows if row and row[0]}
    if meta.get("kind") != KIND:
        raise WorkbookError(f"{name} is not a pmsdesk actuals template")
    return meta


def _value(kpi: Kpi, raw: Any) -> dict[str, Any]:
    """The actual in a cell as save_actual takes it; ValueError says what to type instead."""
    if is_placeholder(raw):
        return {"value": None, "value_date": None}
    reading = read_quantity(raw)
    if kpi.measure_type in (MeasureType.YES_NO, MeasureType.TEXT_MILESTONE):
        if reading.yes_no or (reading.number in (0.0, 1.0) and reading.text is None):
            return {"value": reading.number, "value_date": None}
        raise ValueError(f"'{clean_text(raw)}' is not Yes or No")
    if kpi.measure_type == MeasureType.DATE:
        if reading.day is not None:
            return {"value": None, "value_date": reading.day}
        raise ValueError(f"'{clean_text(raw)}' is not a date; type it like 2025-09-30")
    if reading.number is not None and reading.text is None:
        return {"value": reading.number, "value_date": None}
    raise ValueError(f"'{clean_text(raw)}' is not a number")


def _same(existing: PeriodActual | None, values: dict[str, Any]) -> bool:
    if existing is None:
        return all(v is None for v in values.values())
    return all(getattr(existing, key) == value for key, value in values.items())


def _titles(language: str | None) -> dict[str, str]:
    """Each column the import reads → its title as a template made in ``language`` writes it (None: English)."""
    with in_language(language or ENGLISH):
        return {heading: clean_text(_(heading)) for heading in READ_COLUMNS}


def import_actuals(session: Session, actor: Actor, path: str | Path, *, dry_run: bool = False) -> ActualsReport:
    """Save every changed row of a filled-in template; nothing is written if any row has a problem."""
    path = Path(path)
    book = read_workbook(path)
    meta = _meta(book, path.name)
    organisation = session.scalar(select(Organisation).where(Organisation.code == meta.get("organisation")))
    year = None if organisation is None else session.scalar(select(FinancialYear).where(
        FinancialYear.organisation_id == organisation.id, FinancialYear.label == meta.get("financial_year")))
    period = None if year is None else session.scalar(select(ReportingPeriod).where(
        ReportingPeriod.financial_year_id == year.id, ReportingPeriod.kind == PeriodKind.QUARTER,
        ReportingPeriod.number == meta.get("period")))
    if organisation is None or year is None or period is None:
        raise WorkbookError(f"{path.name} is for {meta.get('organisation')} {meta.get('financial_year')} "
                            f"{meta.get('period_label')}, which is not in this database")
    report = ActualsReport(path.name, organisation.code, year.label, period.label, dry_run)
    grid = book[SHEET]
    header = int(meta.get("header_row") or 4)
    written = {clean_text(v): i for i, v in enumerate(grid.rows[header - 1], start=1) if v is not None}
    found = {h: written.get(title, written.get(h)) for h, title in _titles(meta.get("language")).items()}
    headings = {h: index for h, index in found.items() if index is not None}
    missing = [h for h in READ_COLUMNS if h not in headings]
    if missing:
        raise WorkbookError(f"sheet '{SHEET}' row {header}: the column(s) {', '.join(missing)} are missing; "
                            "export a fresh template")
    kpis = {k.id: k for k in session.scalars(select(Kpi).where(Kpi.financial_year_id == year.id))}
    existing = {a.kpi_id: a for a in session.scalars(select(PeriodActual).where(PeriodActual.period_id == period.id))}

    def problem(row: int, heading: str | None, message: str) -> None:
        column = column_label(headings[heading], heading) if heading else None
        report.problems.append(ImportProblem(message, SHEET, row, column))

    class _Rollback(Exception):
        pass

    try:
        with unit_of_work(session):
            for row in range(header + 1, len(grid.rows) + 1):
                cells = {h: grid.value(row, i) for h, i in headings.items()}
                kpi = kpis.get(clean_text(cells["KPI id"] or ""))
                if kpi is None:
                    if any(not is_placeholder(cells.get(h)) for h in ("Actual", *TEXT_COLUMNS)):
                        problem(row, "KPI id", "this row is not a KPI of the year; do not add or edit the hidden "
                                "first column, export a fresh template instead")
                    continue
                try:
                    values = _value(kpi, cells["Actual"])
                except ValueError as error:
                    problem(row, "Actual", f"{kpi.reference}: {error}")
                    continue
                values |= {name: clean_text(cells[h]) if not is_placeholder(cells[h]) else None
                           for h, name in TEXT_COLUMNS.items()}
                if _same(existing.get(kpi.id), values):
                    report.unchanged += existing.get(kpi.id) is not None
                    report.empty += existing.get(kpi.id) is None
                    continue
                try:
                    with transaction(session):
                        actuals.save_actual(session, actor, kpi.id, period.id, values)
                    report.saved.append(kpi.reference)
                except ValidationError as error:
                    for name, message in error.problems.items():
                        heading = next((h for h, n in TEXT_COLUMNS.items() if n == name), "Actual")
                        problem(row, heading, f"{kpi.reference}: {name.replace('_', ' ')} {message}")
                except ServiceError as error:
                    problem(row, "Actual", f"{kpi.reference}: {error}")
            if dry_run or report.problems:
                raise _Rollback
    except _Rollback:
        pass
    else:
        report.written = True
    log.log(logging.WARNING if report.problems else logging.INFO,
            "actuals import of %s (%s %s %s) by %s: %s, %d saved, %d problem(s)%s", path.name, organisation.code,
            year.label, period.label, actor.username, "written" if report.written else "nothing written",
            len(report.saved), len(report.problems),
            "".join(f"; row {problem.row}: {problem.message}" for problem in report.problems[:5]))
    return report
