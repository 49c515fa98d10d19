"""The demo can never pass for real: its PDFs and workbooks say so; a real database's never do.

Printouts carry the organisation's own logo when it has one.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear, Organisation
from pmsdesk.reports.excel.register import export_register
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
from pmsdesk.services.actor import Actor
from pmsdesk.services.installation import DEMO_NOTICE, is_demo_database
from pmsdesk.services.organisation_details import set_organisation_logo

from .conftest import print_report


def images_on(pdf) -> int:
    page = PdfReader(str(pdf)).pages[0]
    return len(page.images)


def test_a_demo_pdf_and_workbook_say_demo_data(demo_files, tmp_path):
    printed = print_report(demo_files["za"], tmp_path / "q2.pdf", "quarterly", period=2)
    assert all(DEMO_NOTICE in page for page in printed.pages)
    database = open_database(demo_files["za"], upgrade=False, create=False)
    try:
        with database.session() as session:
            assert is_demo_database(session)
            year = session.scalar(select(FinancialYear).order_by(FinancialYear.start_date.desc()))
            export_register(session, year, tmp_path / "register.xlsx")
    finally:
        database.dispose()
    book = load_workbook(tmp_path / "register.xlsx")
    sheet = book["KPI register"]
    assert sheet.oddHeader.center.text == DEMO_NOTICE
    assert sheet["A1"].value.startswith(f"{DEMO_NOTICE} · ")
    assert book.properties.title == DEMO_NOTICE


def test_a_real_database_prints_no_demo_notice_and_its_own_logo(database, tmp_path):
    system = Actor.system("tester")
    with database.session() as session:
        assert not is_demo_database(session)
        organisation = session.scalar(select(Organisation))
        plain = issue_report(session, system, ReportRequest("quarterly", period=1), tmp_path / "plain.pdf")
        logo = io.BytesIO()
        Image.new("RGB", (400, 300), "#1f4e78").save(logo, "PNG")
        set_organisation_logo(session, system, organisation.id, logo.getvalue())
        with_logo = issue_report(session, system, ReportRequest("quarterly", period=1), tmp_path / "logo.pdf")
        year = session.scalar(select(FinancialYear))
        export_register(session, year, tmp_path / "register.xlsx")

    text = " ".join(page.extract_text() for page in PdfReader(str(plain.path)).pages)
    assert "DEMO" not in text and organisation.name in text
    assert images_on(with_logo.path) == images_on(plain.path) + 1, "the logo is drawn in the header"
    sheet = load_workbook(tmp_path / "register.xlsx")["KPI register"]
    assert not sheet.oddHeader.center.text and "DEMO" not in sheet["A1"].value
