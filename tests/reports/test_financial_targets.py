"""The quarterly SDBIP report prints each KPI's financial target (the quarter's budget projection) beside its
deliverable target, as the SDBIP itself does, and totals them in the summary; without any, no empty column."""

from __future__ import annotations

from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear, Kpi, KpiTarget, ReportingPeriod

from .conftest import print_report


def _set_projections(file, amounts: list[float]) -> list[str]:
    """Give the first KPIs' Q2 targets these financial targets; returns their references."""
    database = open_database(file, upgrade=False, create=False)
    with database.session() as session:
        year = session.scalar(select(FinancialYear).where(FinancialYear.label == "2025/26"))
        q2 = session.scalar(select(ReportingPeriod).where(ReportingPeriod.financial_year_id == year.id,
                                                          ReportingPeriod.label == "Q2"))
        rows = session.execute(select(KpiTarget, Kpi.reference).join(Kpi, Kpi.id == KpiTarget.kpi_id)
                               .where(KpiTarget.period_id == q2.id, Kpi.is_active.is_(True))
                               .order_by(Kpi.reference).limit(len(amounts))).all()
        for (target, _), amount in zip(rows, amounts, strict=True):
            target.budget_projection = amount
        session.commit()
        references = [reference for _, reference in rows]
    database.dispose()
    return references


def test_the_quarters_financial_targets_are_printed_and_totalled(demo_copy, tmp_path):
    file = demo_copy("za")
    references = _set_projections(file, [1_250_000, 480_000.5])
    text = " ".join(print_report(file, tmp_path / "quarterly.pdf", "quarterly", period=2, year="2025/26").text.split())

    assert "Financial targets, Q2 R 1,730,000.5 planned to be spent by the end of the quarter, on 2 of" in text
    assert "Financial target" in text and "it is shown, not scored" in text
    for reference, amount in zip(references, ("1,250,000", "480,000.5"), strict=True):
        assert reference in text and amount in text


def test_no_financial_column_when_the_sdbip_has_no_financial_targets(demo_files, tmp_path):
    text = print_report(demo_files["za"], tmp_path / "quarterly.pdf", "quarterly", period=2, year="2025/26").text
    assert "Financial target" not in text and "Target" in text
