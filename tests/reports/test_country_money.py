"""Amounts on paper carry the organisation's currency (issue #23): the quarterly report and the register workbook."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear, Kpi, MeasureType
from pmsdesk.reports.excel.register import export_register

from .conftest import print_report

AMOUNT = {"za": r"R\d{1,3}(\s\d{3}){2,}", "ke": r"KSh\s\d{1,3}(,\d{3}){2,}", "tz": r"TSh\s\d{1,3}(,\d{3}){2,}"}
FOREIGN = {"za": ("KSh", "TSh"), "ke": ("TSh",), "tz": ("KSh",)}


def test_the_quarterly_report_prints_amounts_in_the_countrys_currency(demo_files, tmp_path):
    for country in ("za", "ke", "tz"):
        printed = print_report(demo_files[country], tmp_path / f"{country}.pdf", "quarterly", period=2)
        assert re.search(AMOUNT[country], printed.text), country
        assert not any(other in printed.text for other in FOREIGN[country]), country


def test_the_register_workbook_formats_amounts_with_the_currency_and_keeps_the_numbers(demo_files, tmp_path):
    database = open_database(demo_files["ke"], upgrade=False, create=False)
    try:
        with database.session() as session:
            year = session.scalars(select(FinancialYear).order_by(FinancialYear.start_date.desc())).first()
            money_kpis = set(session.scalars(select(Kpi.reference).where(
                Kpi.financial_year_id == year.id, Kpi.measure_type == MeasureType.CURRENCY)))
            export_register(session, year, tmp_path / "register.xlsx")
    finally:
        database.dispose()
    sheet = load_workbook(tmp_path / "register.xlsx").active
    found = 0
    for row in sheet.iter_rows():
        if row[0].value in money_kpis:
            amounts = [cell for cell in row if isinstance(cell.value, float | int) and cell.value >= 1_000_000]
            assert amounts and all(cell.number_format == '"KSh "#,##0.00' for cell in amounts)
            found += 1
    assert found == len(money_kpis) > 0
