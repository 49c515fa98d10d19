"""The annual performance report (Municipal Systems Act s46): every KPI against its target, its revisions,
the previous year and next year's target, with the reason and the measures taken."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear, Kpi, KpiTarget, ReportingPeriod

from .conftest import flat, print_report


@pytest.fixture(scope="module")
def reports(demo_files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("annual")
    return {year: flat(print_report(demo_files["za"], folder / f"{year[:4]}.pdf", "annual", year=year).text)
            for year in ("2024/25", "2025/26")}


def references(demo_file, year_label: str) -> list[str]:
    database = open_database(demo_file, upgrade=False, create=False)
    try:
        with database.session() as session:
            year = session.scalar(select(FinancialYear).where(FinancialYear.label == year_label))
            return list(session.scalars(select(Kpi.reference).where(Kpi.financial_year_id == year.id,
                                                                    Kpi.is_active.is_(True))))
    finally:
        database.dispose()


def test_every_kpi_is_printed_not_only_those_missed(reports, demo_files):
    text = reports["2025/26"]
    wanted = references(demo_files["za"], "2025/26")
    printed = set(re.findall(r"\b[A-Z]{2,4}\d{2,3}\b", text))
    assert len(wanted) == 250 and not set(wanted) - printed
    assert "Performance of every KPI against its target and the previous year" in text
    for heading in ("Previous year actual", "Annual target", "Revised targets", "Actual", "Status",
                    "Reason for deviation", "Measures taken to improve", "Next year target"):
        assert heading in text, heading


def test_previous_and_next_year_are_named_and_compared(reports):
    later, earlier = reports["2025/26"], reports["2024/25"]
    assert "Previous year: 2024/25. Next year: not yet planned." in later
    assert "Previous year: none recorded. Next year: 2025/26." in earlier
    # TS100: % complete; 2024/25 year-end 78.69%, 2025/26 target 69%
    assert re.search(r"TS100 % of completion of the Ward 15 sports facility % complete 78\.69% 69% – ", later)
    assert re.search(r"TS100 % of completion of the Ward 15 sports facility % complete – \d+% – [\d.]+% \S+ \S+ .*?69%",
                     earlier)


def test_each_service_provider_prints_with_its_quarterly_ratings_comments_and_corrective_actions(reports):
    later, earlier = reports["2025/26"], reports["2024/25"]
    for text in (later, earlier):
        assert "Performance of external service providers" in text
        assert "ratings on the scale 5 Excellent, 4 Good, 3 Satisfactory, 2 Poor, 1 Very poor" in text
        for heading in ("Service provider and contract", "Quarter", "Rating", "Comment", "Corrective action",
                        "Assessed by"):
            assert heading in text, heading
    # 2024/25: the security contract ran that year only; its last quarter was rated 1 with what was done.
    assert "Sentinel Protection Services Guarding of municipal offices, depots and water works" in earlier
    assert "Contract NLM/T04/2024, 2024-07-01 to 2025-06-30; value R3 720 000" in earlier
    assert re.search(r"Q4 1 Very poor Repeated absences; contract not renewed\. Contract ended 30 June 2025; "
                     r"new tender NLM/T02/2025 awarded\. Contract Management Unit \(SCM\), "
                     r"2025-07-10", earlier)
    assert re.search(r"Q3 2 Poor Compactor truck out of service for three weeks; backlog in wards 5 to 8\. "
                     r"Penalty of R42 000 applied under clause 14", earlier)
    assert "Lesedi Revenue Services" not in earlier and "Sentinel Protection Services" not in later
    # 2025/26: the meter readers' contract starts; its third quarter is not assessed yet.
    assert "Managed by Technical Services, Sipho Nkosi" in later
    assert "Lesedi Revenue Services (Pty) Ltd Meter reading and data cleansing of the billing system" in later
    assert ("Q1 3 Satisfactory Readings 91% of meters; estimates above the 5% target. Reading routes rebalanced; "
            "progress report monthly.") in later
    assert "Lesedi Revenue Services (Pty) Ltd Q3 Not assessed" in later
    assert "4 service providers from the register" not in later and "3 service providers from the register" in later


def test_a_revised_quarterly_target_prints_with_its_original_in_the_annual_report(demo_copy, tmp_path):
    file = demo_copy("za")
    database = open_database(file, upgrade=False, create=False)
    with database.session() as session:
        year = session.scalar(select(FinancialYear).where(FinancialYear.label == "2025/26"))
        q3 = session.scalar(select(ReportingPeriod).where(ReportingPeriod.financial_year_id == year.id,
                                                          ReportingPeriod.label == "Q3"))
        target, reference = session.execute(select(KpiTarget, Kpi.reference).join(Kpi, Kpi.id == KpiTarget.kpi_id)
                                            .where(KpiTarget.period_id == q3.id, Kpi.measure_type == "number",
                                                   KpiTarget.value > 10).limit(1)).one()
        target.original_value, target.value = target.value, target.value + 7
        revised, original = target.value, target.original_value
        session.commit()
    database.dispose()
    text = flat(print_report(file, tmp_path / "annual.pdf", "annual", year="2025/26").text)
    assert f"Q3 {revised:,.0f} (original {original:,.0f})" in text
    assert re.search(rf"{reference} .*?Q3 {revised:,.0f} \(original", text)
