"""The SDBIP import screen's database work, run inside ``Operations.run``; results come back frozen.

No Qt here: the work calls ``pmsdesk.importers.import_sdbip``, which writes all or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from pmsdesk.importers import ImportOptions, ImportReport, import_sdbip
from pmsdesk.importers.columns import FIELDS
from pmsdesk.importers.problems import WARNING
from pmsdesk.importers.templates import save_template
from pmsdesk.progress import Progress, no_progress
from pmsdesk.services.actor import Actor
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.wording import count_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


#: A flag reads "E (Quarter 1 Target): 'lots' is not a number target; ...".
_FLAG = re.compile(r"^(?P<column>[A-Z]{1,3} \([^)]*\)): (?P<reason>.*)$", re.DOTALL)
_LABEL = re.compile(r"^[A-Z]{1,3} \((?P<heading>.*)\)$", re.DOTALL)
ERROR, WARNING_KIND, FLAG, GUESS, CHANGE = QT_TR_NOOP("Error"), QT_TR_NOOP(
        "Warning"), QT_TR_NOOP("Flag"), QT_TR_NOOP("Guess"), QT_TR_NOOP("Change")
#: (field key, plain words) for the mapping combo boxes, in the order exports write them.
FIELD_CHOICES: tuple[tuple[str, str], ...] = tuple((f.key, f.heading) for f in FIELDS)


@dataclass(frozen=True)
class ProblemRow:
    """One line of the problems table: an error stops its row; a warning or flag does not."""

    kind: str
    sheet: str | None
    row: int | None
    column: str | None
    reason: str


def problem_rows(report: ImportReport) -> tuple[ProblemRow, ...]:
    """Errors and warnings, then each imported row's flags (doubtful cells), in workbook order."""
    rows = [ProblemRow(WARNING_KIND if p.severity == WARNING else ERROR, p.sheet, p.row, p.column, p.message)
            for p in report.problems]
    for outcome in report.rows:
        if outcome["action"] == "failed":
            continue
        if outcome["action"] == "updated" and outcome.get("message"):
            rows.append(ProblemRow(CHANGE, outcome["sheet"], outcome["row"], None,
                                   f"{outcome['reference']}: {outcome['message']}"))
        for name, why in outcome.get("guesses", {}).items():
            rows.append(ProblemRow(GUESS, outcome["sheet"], outcome["row"], None,
                                   f"{name.replace('_', ' ')}: {why}"))
        for flag in outcome.get("flags", ()):
            match = _FLAG.match(flag)
            column, reason = (match["column"], match["reason"]) if match else (None, flag)
            rows.append(ProblemRow(FLAG, outcome["sheet"], outcome["row"], column, reason))
    sheets = {entry["sheet"]: index for index, entry in enumerate(report.sheets)}
    return tuple(sorted(rows, key=lambda r: (sheets.get(r.sheet, -1), r.row or 0)))


@dataclass(frozen=True)
class ColumnRow:
    """One workbook column and the KPI field it maps to (None: not imported, ``note`` says why)."""

    sheet: str
    column: str  # 'E (Q1 Plan)'
    heading: str  # 'Q1 Plan', the key a mapping correction uses
    field: str | None
    note: str = ""


def column_rows(report: ImportReport) -> tuple[ColumnRow, ...]:
    """Every column of every sheet read, left to right, from the report's sheet entries."""
    rows = []
    for entry in report.sheets:
        found = [(label, key, "") for key, label in entry.get("columns", {}).items()]
        found += [(label, None, why) for label, why in entry.get("ignored_columns", {}).items()]
        for label, key, note in found:
            match = _LABEL.match(label)
            if match:
                rows.append(ColumnRow(entry["sheet"], label, match["heading"], key, note))
    sheets = [entry["sheet"] for entry in report.sheets]
    return tuple(sorted(rows, key=lambda r: (sheets.index(r.sheet), len(r.column.split(" ")[0]), r.column)))


@dataclass(frozen=True)
class ImportOutcome:
    """What a preview found or an import did: counts, and every problem with its cell."""

    file: str
    organisation: str
    year: str
    dry_run: bool
    written: bool
    created: int
    updated: int
    unchanged: int
    failed: int
    flags: int
    errors: int
    warnings: int
    problems: tuple[ProblemRow, ...]
    columns: tuple[ColumnRow, ...] = ()
    #: 'quarterly targets: 248 of 250 KPIs, 992 cells' per field read, so a lost column shows at once.
    recovered: tuple[str, ...] = ()

    @classmethod
    def of(cls, report: ImportReport) -> ImportOutcome:
        errors = len(report.errors)
        return cls(report.file, report.organisation, report.year, report.dry_run, report.written,
                   report.count("created"), report.count("updated"), report.count("unchanged"),
                   report.count("failed"), report.flags, errors, len(report.problems) - errors,
                   problem_rows(report), column_rows(report), tuple(report.recovered_lines()))

    def summary(self) -> str:
        """'Preview of sdbip.xlsx for 2025/26: 3 KPIs to create, 1 row with errors, 0 flags.'"""
        parts = [f"{count_of(self.created, 'KPI')} {'to create' if self.dry_run else 'created'}"]
        if self.updated:
            parts.append(f"{count_of(self.updated, 'KPI')} {'to update' if self.dry_run else 'updated'}")
        parts.append(QCoreApplication.translate("ImportOutcome", "{0} with errors").format(count_of(self.failed, 'row')))
        parts.append(count_of(self.flags, "flag"))
        if self.warnings:
            parts.append(count_of(self.warnings, "warning"))
        counts = ", ".join(parts)
        if self.dry_run:
            return QCoreApplication.translate("ImportOutcome",
                    "Preview of {0} for {1} {2}: {3}. Nothing was "
                    "written yet.").format(self.file, self.organisation, self.year, counts)
        if self.written:
            return QCoreApplication.translate("ImportOutcome",
                    "Imported {0} into {1} {2}: {3}.").format(self.file, self.organisation, self.year, counts)
        return (QCoreApplication.translate("ImportOutcome",
                "Nothing was imported from {0}: {1} found. Fix the rows "
                "listed below, or tick 'Import the valid rows only'.").format(self.file, count_of(self.errors, 'error')))


def run_import(session: Session, actor: Actor, path: str | Path, year_label: str | None, *,
               dry_run: bool, accept_valid_rows: bool = False, template: str | None = None,
               mapping: dict[str, str] | None = None, update_existing: bool = False,
               include_hidden: bool = False, progress: Progress = no_progress) -> ImportOutcome:
    """A dry run (nothing written) or the import itself; WorkbookError when the file is unusable.

    ``template`` names a saved mapping; ``mapping`` (heading → field key or 'ignore') corrects it.
    """
    options = ImportOptions(year_label=year_label or None, dry_run=dry_run, accept_valid_rows=accept_valid_rows,
                            template=template or None, mapping=dict(mapping or {}),
                            update_existing=update_existing, include_hidden=include_hidden)
    return ImportOutcome.of(import_sdbip(session, actor, path, options, progress=progress))


def save_mapping(session: Session, actor: Actor, name: str, mapping: dict[str, str]) -> str:
    """Create or replace the named template; returns its name as stored."""
    return save_template(session, actor, name, mapping).name
