"""A workbook for one directorate to fill in its actuals for one quarter offline.

The capturer types into the yellow columns only (the rest is protected, no
password: it prevents slips, not fraud). A hidden 'pmsdesk' sheet records
the organisation, year, period and the language the column titles are written
in, and a hidden first column the KPI ids, so ``pmsdesk import-actuals`` puts
each value back on the right KPI even if rows were sorted or the template was
made in Kiswahili. "Yes" and "No" stay English: the import reads them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _, current_language
from pmsdesk.models import (
    FinancialYear,
    Kpi,
    KpiTarget,
    MeasureType,
    Organisation,
    PeriodActual,
    ReportingPeriod,
    Unit,
)
from pmsdesk.services.actuals import EDITABLE_STATUSES

from .cells import EDITABLE_FILL, body_style, header_row, mark_if_demo, put, title_rows
from .register import _number_format, as_written, unit_subtree

META_SHEET = "pmsdesk"
SHEET = N_("Actuals")  # not translated: import-actuals finds the sheet by this name
KIND = "actuals-template"
HEADINGS = (N_("KPI id"), N_("KPI Ref"), N_("KPI"), N_("Unit of measure"), N_("Measure type"), N_("Target"),
            N_("Actual"), N_("Narrative"), N_("Reason for deviation"), N_("Corrective measure"), N_("Status"),
            N_("Reviewer comment"))
WIDTHS = (4, 10, 45, 20, 14, 16, 16, 35, 30, 30, 12, 30)
EDITABLE = ("Actual", "Narrative", "Reason for deviation", "Corrective measure")  # not translated
YES_NO_MEASURES = (MeasureType.YES_NO, MeasureType.TEXT_MILESTONE)
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")


def _actual_as_written(kpi: Kpi, actual: PeriodActual | None):
    if actual is None:
        return None
    if kpi.measure_type in YES_NO_MEASURES and actual.value is not None:
        return "Yes" if actual.value == 1 else "No"  # not translated
    return actual.value_date or actual.value


def export_actuals_template(session: Session, year: FinancialYear, period: ReportingPeriod, path: str | Path,
                            *, unit_id: str | None = None) -> int:
    """Write the template for ``period`` (optionally one unit and the units below it); returns the KPI count."""
    organisation = session.get_one(Organisation, year.organisation_id)
    unit = session.get(Unit, unit_id) if unit_id else None
    unit_ids = unit_subtree(session, unit_id) if unit_id else None
    kpis = [k for k in session.scalars(select(Kpi).where(Kpi.financial_year_id == year.id, Kpi.is_active.is_(True))
                                       .order_by(Kpi.reference))
            if unit_ids is None or k.responsible_unit_id in unit_ids]
    targets = {t.kpi_id: t for t in session.scalars(select(KpiTarget).where(KpiTarget.period_id == period.id))}
    actuals = {a.kpi_id: a for a in session.scalars(select(PeriodActual).where(PeriodActual.period_id == period.id))}

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    header = title_rows(sheet, [_("{0}: actuals for {1} {2}").format(organisation.name, period.label, year.label)
                                + (f" — {unit.name}" if unit else ""),
                                _("Fill in the yellow columns, save, and give the file back to the PMS office "
                                  "(pmsdesk import-actuals). Exported {0}.").format(f"{datetime.now():%Y-%m-%d %H:%M}")],
                        len(HEADINGS))
    header_row(sheet, header, [_(heading) for heading in HEADINGS], WIDTHS, freeze_column=3)
    sheet.column_dimensions["A"].hidden = True
    yes_no = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True, showErrorMessage=True,
                            error=_("Type Yes or No"))
    numbers = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
                             allow_blank=True, showErrorMessage=True, error=_("Type a number"))
    dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                           showErrorMessage=True, error=_("Type a date such as 2025-09-30"))
    for validation in (yes_no, numbers, dates):
        sheet.add_data_validation(validation)
    editable_columns = [HEADINGS.index(name) + 1 for name in EDITABLE]
    for row, kpi in enumerate(kpis, start=header + 1):
        target, actual = targets.get(kpi.id), actuals.get(kpi.id)
        number_format = _number_format(kpi.measure_type)
        target_value = as_written(kpi.measure_type, target.value, target.value_date, target.value_text) \
            if target else None
        values = (kpi.id, kpi.reference, kpi.name, kpi.unit_of_measure, kpi.measure_type.value, target_value,
                  _actual_as_written(kpi, actual), actual and actual.narrative, actual and actual.deviation_reason,
                  actual and actual.corrective_measure, actual.status.value if actual else _("not reported"),
                  actual and actual.review_comment)
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value, number_format)
        locked = actual is not None and actual.status not in EDITABLE_STATUSES
        for column in editable_columns:
            cell = sheet.cell(row, column)
            cell.fill = LOCKED_FILL if locked else EDITABLE_FILL
            cell.protection = Protection(locked=locked)
        actual_cell = f"G{row}"
        {MeasureType.DATE: dates, MeasureType.YES_NO: yes_no, MeasureType.TEXT_MILESTONE: yes_no}.get(
            kpi.measure_type, numbers).add(actual_cell)
    body_style(sheet, header + 1, header + max(len(kpis), 1), len(HEADINGS))
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for row, (key, value) in enumerate((("kind", KIND), ("organisation", organisation.code),
                                        ("financial_year", year.label), ("period", period.number),
                                        ("period_label", period.label), ("unit", unit.code if unit else None),
                                        ("header_row", header), ("language", current_language())), start=1):
        put(meta, row, 1, key)
        put(meta, row, 2, value)
    mark_if_demo(book, session)
    book.save(path)
    return len(kpis)
