"""The staff list template: the import's headings, the officials already held, and the units to choose from.

Filled in and given back to :mod:`pmsdesk.importers.staff`; officials already
in pmsdesk are listed so the same file corrects them (matched by employee number).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.importers.staff import COLUMNS, SHEET
from pmsdesk.models import Organisation, Unit
from pmsdesk.services.people import list_officials

from .cells import body_style, choice_list, header_row, mark_if_demo, put, title_rows

WIDTHS = (16, 30, 34, 10, 14, 30, 20, 30)
UNITS_SHEET = "Units"


def export_staff_template(session: Session, organisation_id: str, path: str | Path) -> int:
    """Write the template to ``path``; returns how many officials it lists."""
    organisation = session.get_one(Organisation, organisation_id)
    officials = [o for o in list_officials(session, organisation_id) if o.retired_on is None]
    numbers = {o.id: o.employee_number for o in officials}
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    header = title_rows(sheet, [f"{organisation.name}: staff list",
                                "One official per row. Full name is required; Unit is a unit's code or name "
                                f"(see the {UNITS_SHEET} sheet); Supervisor is their employee number. "
                                f"Exported {datetime.now():%Y-%m-%d %H:%M}."], len(COLUMNS))
    header_row(sheet, header, [heading for heading, _name in COLUMNS], WIDTHS, freeze_column=2)
    for row, official in enumerate(officials, start=header + 1):
        values = (official.employee_number, official.full_name, official.position_title, official.grade,
                  "Yes" if official.is_senior_manager else "No", official.unit_name,
                  numbers.get(official.supervisor_id) if official.supervisor_id else None, official.email)
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
    body_style(sheet, header + 1, header + max(len(officials), 1), len(COLUMNS))
    edit_to = header + len(officials) + 500
    choice_list(book, sheet, "Senior manager", ["Yes", "No"], 5, header + 1, edit_to)
    units = book.create_sheet(UNITS_SHEET)
    header_row(units, 1, ["Code", "Unit"], [12, 50])
    for row, (code, name) in enumerate(session.execute(select(Unit.code, Unit.name).where(
            Unit.organisation_id == organisation_id).order_by(Unit.code)), start=2):
        put(units, row, 1, code)
        put(units, row, 2, name)
    mark_if_demo(book, session)
    book.save(path)
    return len(officials)
