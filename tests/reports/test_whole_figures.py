"""A figure is never broken across lines in a printed table: a column too narrow for its widest figure is
set smaller instead ('180,000,00 / 0' and '157,754,045. / 08' were printed before)."""

from __future__ import annotations

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear, Kpi, KpiTarget, PeriodActual, ReportingPeriod
from pmsdesk.reports.pdf.blocks import MIN_FIGURE_SIZE, data_table

from .conftest import print_report

LONG = ("157,754,045.08", "180,000,000", "R 4,500,000.50", "-12,345,678.9%")


def _printed_lines(tmp_path, rows, widths) -> list[str]:
    path = tmp_path / "figures.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([data_table(("KPI", "Target", "Actual"), rows, widths)])
    return [line.strip() for page in PdfReader(str(path)).pages for line in page.extract_text().splitlines()]


def test_long_figures_in_a_narrow_column_stay_whole(tmp_path) -> None:
    rows = [[f"FIN0{n}", figure, figure] for n, figure in enumerate(LONG)]
    lines = _printed_lines(tmp_path, rows, [30 * mm, 16 * mm, 60 * mm])
    text = " ".join(lines)
    for figure in LONG:
        assert text.count(figure) == 2, (figure, lines)


def test_words_still_wrap_beside_a_shrunk_figure(tmp_path) -> None:
    rows = [["A reason for deviation that is long enough to wrap over several lines", "12", "1,000,000"]]
    lines = _printed_lines(tmp_path, rows, [30 * mm, 20 * mm, 12 * mm])
    assert "1,000,000" in " ".join(lines) and len(lines) > 4
    assert MIN_FIGURE_SIZE >= 5  # below it a figure is unreadable on paper: the column must be widened


def test_a_quarterly_report_keeps_a_huge_amount_whole(demo_copy, tmp_path) -> None:
    file = demo_copy("za")
    database = open_database(file, upgrade=False, create=False)
    with database.session() as session:
        year = session.scalar(select(FinancialYear).where(FinancialYear.label == "2025/26"))
        q1 = session.scalar(select(ReportingPeriod).where(ReportingPeriod.financial_year_id == year.id,
                                                          ReportingPeriod.label == "Q1"))
        kpi = session.scalar(select(Kpi).join(KpiTarget, KpiTarget.kpi_id == Kpi.id)
                             .where(Kpi.financial_year_id == year.id, Kpi.measure_type == "currency",
                                    KpiTarget.period_id == q1.id).limit(1))
        session.scalar(select(KpiTarget).where(KpiTarget.kpi_id == kpi.id, KpiTarget.period_id == q1.id)).value = \
            157_754_045.08
        kpi.annual_target = 180_000_000_00.0
        actual = session.scalar(select(PeriodActual).where(PeriodActual.kpi_id == kpi.id,
                                                           PeriodActual.period_id == q1.id))
        actual.value = 123_456_789.12
        session.commit()
    database.dispose()
    printed = print_report(file, tmp_path / "quarterly.pdf", "quarterly", period=1, year="2025/26")
    text = printed.text.replace("\u00a0", " ")  # South Africa writes rands as R1 234 567 (pmsdesk.vocabulary)
    for figure in ("R157 754 045.08", "R18 000 000 000", "R123 456 789.12"):
        assert figure in text, figure
