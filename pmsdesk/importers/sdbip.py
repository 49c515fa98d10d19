"""``import_sdbip``: one SDBIP workbook into one organisation's financial year, all or nothing.

Stages: read the sheets, find each header, sort the rows, decide each KPI,
then write everything through the services inside one ``unit_of_work``.
The write stage also runs for a dry run, which then rolls back, so a dry
run reports exactly what an import would do, including every refusal the
services would make. Nothing is committed while any row has a problem
unless ``accept_valid_rows`` is set.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.collector import collector_paused
from pmsdesk.models import FinancialYear, Organisation
from pmsdesk.progress import Progress, no_progress
from pmsdesk.services import years
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.records import unit_of_work

from .apply import ApplyResult, SpecWriter
from .columns import FIELDS, find_header
from .kpi_values import KpiSpec, build_spec
from .problems import WARNING, ImportProblem, WorkbookError
from .rows import RowOutcome, SheetRows, parse_rows
from .templates import check_mapping, load_template
from .values import is_placeholder
from .workbook import column_label, read_sheets

log = logging.getLogger(__name__)

_YEAR_LABEL = re.compile(r"^\s*(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?\s*$")


@dataclass(frozen=True)
class ImportOptions:
    organisation_code: str | None = None
    year_label: str | None = None
    sheets: tuple[str, ...] = ()
    dry_run: bool = False
    accept_valid_rows: bool = False
    update_existing: bool = False
    #: Read hidden rows and columns too (each is then named in the report); by default they are left out.
    include_hidden: bool = False
    template: str | None = None
    #: Heading → field corrections on top of the template ('first quarter actual' → 'target_q1').
    mapping: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do) to every row of every sheet."""

    file: str
    organisation: str
    year: str
    dry_run: bool
    written: bool = False
    sheets: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    created: list[dict[str, str]] = field(default_factory=list)
    #: Per field (heading as exports write it): KPI rows that had it and, for quarter groups, cells read.
    recovered: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row["action"] == action)

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity != WARNING]

    @property
    def flags(self) -> int:
        return sum(len(row.get("flags", ())) for row in self.rows if row["action"] != "failed")

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "organisation": self.organisation, "year": self.year, "dry_run": self.dry_run,
                "written": self.written,
                "kpis": {action: self.count(action) for action in ("created", "updated", "unchanged", "failed")},
                "flags": self.flags, "created": self.created, "sheets": self.sheets,
                "problems": [p.as_dict() for p in self.problems], "rows": self.rows, "recovered": self.recovered}

    def recovered_lines(self) -> list[str]:
        """'quarterly targets: 248 of 250 KPIs, 992 cells' for each field any row had."""
        lines = []
        for name, counts in self.recovered.items():
            cells = f", {counts['cells']} cells" if "cells" in counts else ""
            lines.append(f"{name}: {counts['kpis']} of {counts['of']} KPIs{cells}")
        return lines


#: Quarter columns counted together in the report: (label, the field key before the quarter number).
QUARTER_GROUPS = (("quarterly targets", "target_q"), ("quarterly financial targets", "budget_q"))


def recovered_fields(specs: list[KpiSpec]) -> dict[str, dict[str, int]]:
    """How many KPI rows had each field, so an official sees at once that no column was lost."""
    total = len(specs)
    found: dict[str, dict[str, int]] = {}
    grouped = {f"{prefix}{quarter}" for _, prefix in QUARTER_GROUPS for quarter in (1, 2, 3, 4)}
    for column in FIELDS:
        if column.key in grouped:
            continue
        count = sum(1 for spec in specs if not is_placeholder(spec.draft.cells.get(column.key)))
        if count:
            found[column.heading] = {"kpis": count, "of": total}
    for label, prefix in QUARTER_GROUPS:
        keys = [f"{prefix}{quarter}" for quarter in (1, 2, 3, 4)]
        per_kpi = [sum(1 for key in keys if not is_placeholder(spec.draft.cells.get(key))) for spec in specs]
        if any(per_kpi):
            found[label] = {"kpis": sum(1 for n in per_kpi if n), "of": total, "cells": sum(per_kpi)}
    return found


class _RollBack(Exception):
    """Raised inside the unit of work to roll it back (a dry run, or problems not accepted)."""


def _organisation(session: Session, code: str | None) -> Organisation:
    if code:
        found = session.scalar(select(Organisation).where(Organisation.code == code))
        if found is None:
            raise WorkbookError(f"no organisation with code {code!r} in the database")
        return found
    organisations = list(session.scalars(select(Organisation).limit(2)))
    if len(organisations) != 1:
        raise WorkbookError("the database holds " + ("no organisation; create one first" if not organisations else
                            "several organisations; name one with --org CODE"))
    return organisations[0]


def _start_year(label: str) -> int:
    match = _YEAR_LABEL.match(label)
    if not match:
        raise WorkbookError(f"'{label}' is not a financial year; write it like 2025/26")
    return int(match[1])


def _year(session: Session, organisation: Organisation, label: str | None) -> tuple[FinancialYear | None, int]:
    """The year named (None with its start year when it still has to be created), or the latest one."""
    query = select(FinancialYear).where(FinancialYear.organisation_id == organisation.id)
    if label is None:
        latest = session.scalar(query.order_by(FinancialYear.start_date.desc()).limit(1))
        if latest is None:
            raise WorkbookError(f"{organisation.code} has no financial year yet; name one with --year 2025/26")
        return latest, latest.start_date.year
    start = _start_year(label)
    for year in session.scalars(query):
        if year.label == label.strip() or (year.start_date.year == start and
                                           year.start_date.month == organisation.year_start_month):
            return year, start
    return None, start


def _sheet_rows(path: Path, options: ImportOptions, template: Mapping[str, str],
                report: ImportReport, progress: Progress = no_progress) -> list[SheetRows]:
    parsed: list[SheetRows] = []
    progress(0, 0, f"Reading {path.name}…")
    for grid in read_sheets(path, list(options.sheets)):
        progress(0, 0, f"Reading sheet '{grid.name}' of {path.name}…")
        if grid.hidden and not options.sheets:
            report.sheets.append({"sheet": grid.name, "skipped": "hidden sheet"})
            continue
        try:
            header = find_header(grid, template, include_hidden=options.include_hidden)
        except WorkbookError as error:
            if options.sheets:
                raise
            report.sheets.append({"sheet": grid.name, "skipped": str(error)})
            report.problems.append(ImportProblem(f"skipped: {error}", grid.name, severity=WARNING))
            continue
        parsed.append(parse_rows(grid, header, include_hidden=options.include_hidden))
    if not parsed:
        raise WorkbookError(f"{path.name}: no sheet has a recognisable SDBIP header row; "
                            + "; ".join(s["skipped"] for s in report.sheets if "skipped" in s))
    return parsed


def _specs(parsed: list[SheetRows], report: ImportReport) -> list[KpiSpec]:
    specs: list[KpiSpec] = []
    seen: dict[str, tuple[str, int]] = {}
    for sheet in parsed:
        header = sheet.header
        report.sheets.append({
            "sheet": sheet.name, "header_row": header.row, "rows": sheet.rows_below_header,
            "columns": {key: header.column(key) for key in header.fields},
            "ignored_columns": {column_label(i, header.headings[i]): why for i, why in header.ignored.items()}})
        for index, why in header.ignored.items():
            report.problems.append(ImportProblem(f"not imported: {why}", sheet.name, header.row,
                                                 column_label(index, header.headings[index]), WARNING))
        for index in sorted(header.hidden_read):
            report.problems.append(ImportProblem("read from a hidden column (as asked); unhide it to check it",
                                                 sheet.name, header.row,
                                                 column_label(index, header.headings[index]), WARNING))
        report.problems.extend(sheet.problems)
        report.rows.extend(_outcome(o) for o in sheet.outcomes)
        for draft in sheet.drafts:
            spec = build_spec(draft)
            first = seen.get(spec.values.get("reference", "").casefold())
            if first is not None and spec.values.get("reference"):
                spec.problem(f"the reference {spec.values['reference']} is also used by sheet '{first[0]}' "
                             f"row {first[1]}; each KPI needs its own reference", "reference")
            elif spec.values.get("reference"):
                seen[spec.values["reference"].casefold()] = (draft.sheet, draft.row)
            specs.append(spec)
    return specs


def _outcome(outcome: RowOutcome) -> dict[str, Any]:
    return {"sheet": outcome.sheet, "row": outcome.row, "action": outcome.kind, "message": outcome.message}


@collector_paused()  # an import keeps what it builds until it ends: the collector's passes free nothing
def import_sdbip(session: Session, actor: Actor, path: str | Path, options: ImportOptions, *,
                 progress: Progress = no_progress) -> ImportReport:
    """Import an SDBIP workbook; raises WorkbookError (nothing written) when the file itself is unusable.

    Row problems do not raise: they are in ``report.problems`` and, unless
    ``accept_valid_rows``, nothing is written (``report.written`` is False).
    ``progress`` hears of each sheet and row written; Cancelled raised by it rolls everything back.
    """
    path = Path(path)
    actor.require(Permission.MANAGE_KPIS)
    organisation = _organisation(session, options.organisation_code)
    year, start_year = _year(session, organisation, options.year_label)
    template = load_template(session, options.template) if options.template else {}
    template = template | check_mapping(options.mapping)
    label = year.label if year else years.year_label(*_year_bounds(organisation, start_year))
    report = ImportReport(path.name, organisation.code, label, options.dry_run)
    specs = _specs(_sheet_rows(path, options, template, report, progress), report)
    report.recovered = recovered_fields(specs)
    for spec in specs:
        report.problems.extend(spec.problems)
    writable = [spec for spec in specs if not spec.problems]
    for spec in specs:
        if spec.problems:
            report.rows.append({"sheet": spec.draft.sheet, "row": spec.draft.row, "reference": spec.draft.reference,
                                "action": "failed", "message": "; ".join(p.message for p in spec.problems)})
    outcome = ApplyResult()
    try:
        with unit_of_work(session):
            if year is None:
                year = years.create_financial_year(session, actor, organisation.id, start_year)
                report.created.append({"kind": "financial_year", "code": year.label, "name": year.label})
            writer = SpecWriter(session, actor, organisation, year, source=path.name,
                                update_existing=options.update_existing)
            outcome = writer.write_all(writable, progress)
            report.problems.extend(outcome.problems)
            if options.dry_run or (report.errors and not options.accept_valid_rows):
                raise _RollBack
    except _RollBack:
        pass
    else:
        report.written = True
    report.created += [{"kind": c.kind, "code": c.code, "name": c.name} for c in outcome.created]
    report.rows += [{"sheet": r.sheet, "row": r.row, "reference": r.reference, "action": r.action,
                     "message": r.message, "flags": r.flags, "guesses": r.guesses} for r in outcome.rows]
    log.log(logging.WARNING if report.errors else logging.INFO,
             "SDBIP import of %s into %s %s: %s, %d row(s), %d problem(s)%s", path.name, organisation.code, label,
             "written" if report.written else "nothing written", len(report.rows), len(report.problems),
             "".join(f"; {problem.sheet} row {problem.row}: {problem.message}" for problem in report.problems[:5]))
    order = _sheet_order(report)
    report.rows.sort(key=lambda row: (order.get(row["sheet"], -1), row["row"]))
    report.problems.sort(key=lambda p: (order.get(p.sheet or "", -1), p.row or 0, p.severity))
    return report


def _year_bounds(organisation: Organisation, start_year: int) -> tuple[date, date]:
    """First and last day of the year starting in ``start_year`` (as years.create_financial_year lays it out)."""
    start = date(start_year, organisation.year_start_month, 1)
    next_start = date(start_year + 1, organisation.year_start_month, 1)
    return start, next_start - timedelta(days=1)


def _sheet_order(report: ImportReport) -> dict[str, int]:
    """Each sheet's place in the report (its first, should a name come twice); rows of no sheet sort first."""
    order: dict[str, int] = {}
    for index, sheet in enumerate(report.sheets):
        order.setdefault(sheet["sheet"], index)
    return order


def table_counts(session: Session) -> dict[str, int]:
    """Rows per table; tests and the CLI use it to show an import left the database alone."""
    from pmsdesk.models import Base

    return {table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables}
