"""Importing a staff list: officials, their posts, units and supervisors, all or nothing.

Reading and parsing are apart: :func:`parse_staff_rows` takes plain rows of
cell values (from :func:`pmsdesk.importers.workbook.read_sheets` today, from
any other reader tomorrow) and names every problem by row and column; only a
list without problems is written, in one unit of work. An employee number
already in the database updates that official; a new one adds a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import Person, Unit
from pmsdesk.services import people
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.errors import ValidationError
from pmsdesk.services.records import unit_of_work

from .problems import ImportProblem, WorkbookError
from .workbook import column_label, read_sheets

SHEET = "Staff"
#: Heading → field, in the template's order; only "Full name" must be present.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Employee number", "employee_number"),
    ("Full name", "full_name"),
    ("Position title", "position_title"),
    ("Grade", "grade"),
    ("Senior manager", "is_senior_manager"),
    ("Unit", "unit"),
    ("Supervisor's employee number", "supervisor"),
    ("E-mail", "email"),
)
REQUIRED_HEADING = "Full name"
_HEADER_SEARCH_ROWS = 10
_YES, _NO = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}


class StaffListRefused(Exception):
    """The list has problems; nothing was written. ``problems`` locate each one."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


@dataclass
class StaffRow:
    """One official as the sheet gives them; ``unit`` and ``supervisor`` are resolved when written."""

    row: int
    values: dict[str, Any]
    columns: dict[str, str] = field(default_factory=dict)  # field → column label, for messages


@dataclass(frozen=True)
class StaffImportResult:
    added: int
    updated: int


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # employee numbers typed as numbers
    text = str(value).strip()
    return text or None


def _header(rows: Sequence[Sequence[Any]], sheet: str) -> tuple[int, dict[str, int]]:
    """The 1-based header row and field → 1-based column; WorkbookError when there is none."""
    wanted = {heading.casefold(): name for heading, name in COLUMNS}
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS], start=1):
        found = {wanted[text.casefold()]: column for column, cell in enumerate(row, start=1)
                 if (text := _text(cell)) and text.casefold() in wanted}
        if "full_name" in found:
            return index, found
    raise WorkbookError(f"sheet '{sheet}' has no header row: none of its first {_HEADER_SEARCH_ROWS} rows has a "
                        f"'{REQUIRED_HEADING}' heading. Export the staff list template and copy your rows into it")


def parse_staff_rows(rows: Sequence[Sequence[Any]], sheet: str, units: dict[str, str],
                     known_numbers: set[str]) -> tuple[list[StaffRow], list[ImportProblem]]:
    """The officials in ``rows`` and every problem, each with its row and column.

    ``units`` maps unit codes and names (case-folded) to ids; ``known_numbers``
    are employee numbers already in the database (case-folded), which a
    supervisor may name as well as the numbers in the sheet.
    """
    header, columns = _header(rows, sheet)
    headings = {name: heading for heading, name in COLUMNS}
    labels = {name: column_label(column, headings[name]) for name, column in columns.items()}
    parsed: list[StaffRow] = []
    problems: list[ImportProblem] = []

    def problem(row: int, name: str, message: str) -> None:
        problems.append(ImportProblem(message, sheet, row, labels.get(name)))

    first_row_of: dict[str, int] = {}
    for number, cells in enumerate(rows[header:], start=header + 1):
        raw = {name: _text(cells[column - 1]) if column <= len(cells) else None for name, column in columns.items()}
        if not any(raw.values()):
            continue
        values: dict[str, Any] = {key: raw.get(key) for key in ("full_name", "employee_number", "position_title",
                                                                "grade", "email")}
        if values["full_name"] is None:
            problem(number, "full_name", "the full name is empty; every official needs one")
        employee = values["employee_number"]
        if employee is not None:
            if employee.casefold() in first_row_of:
                problem(number, "employee_number", f"employee number {employee} is also on row "
                                                   f"{first_row_of[employee.casefold()]}; each official needs their own")
            else:
                first_row_of[employee.casefold()] = number
        senior = (raw.get("is_senior_manager") or "").casefold()
        if senior not in _YES | _NO:
            problem(number, "is_senior_manager", f"write Yes or No, not {raw['is_senior_manager']!r}")
        values["is_senior_manager"] = senior in _YES
        if unit := raw.get("unit"):
            if unit.casefold() not in units:
                problem(number, "unit", f"no unit called {unit!r}; use a unit's code or name from the Plans screen")
            values["unit_id"] = units.get(unit.casefold())
        values["supervisor"] = raw.get("supervisor")
        parsed.append(StaffRow(number, values, labels))
    numbers_here = set(first_row_of)
    for staff in parsed:
        boss = staff.values["supervisor"]
        if boss is None:
            continue
        if boss.casefold() == (staff.values["employee_number"] or "").casefold():
            problem(staff.row, "supervisor", "an official cannot be their own supervisor")
        elif boss.casefold() not in numbers_here | known_numbers:
            problem(staff.row, "supervisor", f"no official with employee number {boss} in this list or in pmsdesk")
    if not parsed and not problems:
        problems.append(ImportProblem("the sheet has a header row but no officials below it", sheet, header))
    return parsed, problems


def read_staff_list(path: str | Path) -> tuple[str, list[list[Any]]]:
    """The staff sheet (or the first sheet) of the workbook at ``path``, as rows of values."""
    grids = read_sheets(path, None)
    if not grids:
        raise WorkbookError(f"{Path(path).name} holds no sheets")
    grid = next((g for g in grids if g.name.casefold() == SHEET.casefold()), grids[0])
    return grid.name, grid.rows


def import_staff_list(session: Session, actor: Actor, organisation_id: str, path: str | Path) -> StaffImportResult:
    """Read, check and write the staff list at ``path``; StaffListRefused (nothing written) on any problem."""
    actor.require(Permission.MANAGE_FRAMEWORK)
    sheet, rows = read_staff_list(path)
    return apply_staff_rows(session, actor, organisation_id, sheet, rows)


def apply_staff_rows(session: Session, actor: Actor, organisation_id: str, sheet: str,
                     rows: Sequence[Sequence[Any]]) -> StaffImportResult:
    units: dict[str, str] = {}
    for unit_id, code, name in session.execute(select(Unit.id, Unit.code, Unit.name)
                                               .where(Unit.organisation_id == organisation_id)):
        units[code.casefold()] = units[name.casefold()] = unit_id
    existing = {number.casefold(): person_id for person_id, number in session.execute(
        select(Person.id, Person.employee_number).where(Person.organisation_id == organisation_id,
                                                        Person.employee_number.is_not(None))) if number is not None}
    parsed, problems = parse_staff_rows(rows, sheet, units, set(existing))
    if problems:
        raise StaffListRefused(problems)
    added = updated = 0
    with unit_of_work(session):
        ids: dict[str, str] = dict(existing)
        for staff in parsed:  # people first, supervisors once everyone exists
            person_id = existing.get((staff.values["employee_number"] or "").casefold())
            current = people.get_official(session, organisation_id, person_id).values() if person_id else {}
            saved = _save(session, actor, organisation_id, person_id, sheet, staff, {**current, **_fields(staff)})
            added, updated = (added + 1, updated) if person_id is None else (added, updated + 1)
            if staff.values["employee_number"]:
                ids[staff.values["employee_number"].casefold()] = saved.id
            staff.values["person_id"] = saved.id
        for staff in parsed:
            boss = staff.values["supervisor"]
            if boss is None:
                continue
            values = people.get_official(session, organisation_id, staff.values["person_id"]).values()
            _save(session, actor, organisation_id, staff.values["person_id"], sheet, staff,
                  {**values, "supervisor_id": ids[boss.casefold()]})
    return StaffImportResult(added, updated)


def _fields(staff: StaffRow) -> dict[str, Any]:
    """The row's values for save_official; a unit left empty keeps an existing official's unit."""
    keys = ["full_name", "employee_number", "position_title", "grade", "email", "is_senior_manager"]
    return {key: staff.values.get(key) for key in keys + (["unit_id"] if "unit_id" in staff.values else [])}


def _save(session: Session, actor: Actor, organisation_id: str, person_id: str | None, sheet: str, staff: StaffRow,
          values: dict[str, Any]) -> people.Official:
    """Save one row; a service refusal becomes the row's problems (and, raised, undoes the whole list)."""
    try:
        return people.save_official(session, actor, organisation_id, person_id, values)
    except ValidationError as error:
        raise StaffListRefused([ImportProblem(message, sheet, staff.row, staff.columns.get(name, name))
                                for name, message in error.problems.items()]) from None
