"""SDBIP reports end with a sign-off block in the organisation's own words, and print a revised target with
its original beside it (an adjustment budget's revision is what the Auditor-General asks about)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear, Kpi, KpiTarget, ReportingPeriod

from .conftest import print_report


@pytest.mark.parametrize(("database", "kind", "accounting_officer", "tabled_before"), [
    ("za", "quarterly", "Municipal Manager (accounting officer)", "Submitted to the council on"),
    ("za", "mid-year", "Municipal Manager (accounting officer)", "Submitted to the council on"),
    ("ke", "quarterly", "County Secretary", "Submitted to the County Assembly on"),
    ("tz", "quarterly", "District Executive Director", "Submitted to the Full Council on"),
])
def test_the_report_ends_with_a_sign_off_in_the_countrys_words(demo_files, tmp_path, database, kind,
                                                               accounting_officer, tabled_before):
    printed = print_report(demo_files[database], tmp_path / f"{kind}.pdf", kind)
    last = printed.pages[-1]
    assert "Sign-off" in last and accounting_officer in last and tabled_before in last
    assert "Prepared by" in last


def test_a_revised_target_prints_with_its_original(demo_copy, tmp_path):
    file = demo_copy("za")
    database = open_database(file, upgrade=False, create=False)
    with database.session() as session:
        year = session.scalar(select(FinancialYear).where(FinancialYear.label == "2025/26"))
        q2 = session.scalar(select(ReportingPeriod).where(ReportingPeriod.financial_year_id == year.id,
                                                          ReportingPeriod.label == "Q2"))
        target = session.scalar(select(KpiTarget).join(Kpi, Kpi.id == KpiTarget.kpi_id).where(
            KpiTarget.period_id == q2.id, Kpi.measure_type == "number", KpiTarget.value > 10).limit(1))
        target.original_value, target.value = target.value, target.value + 7
        revised, original = target.value, target.original_value
        session.commit()
    database.dispose()
    text = print_report(file, tmp_path / "quarterly.pdf", "quarterly", period=2, year="2025/26").text
    assert f"{revised:,.0f} (revised; original {original:,.0f})" in " ".join(text.split())
