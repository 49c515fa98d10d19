"""The quarterly report gives each KPI's baseline, ward, required portfolio of evidence and the files
submitted with the quarter's actual, before the sign-off; a directorate's report only its own KPIs."""

from __future__ import annotations

import re

import pytest

from .conftest import flat, print_report


@pytest.fixture(scope="module")
def quarterly(demo_files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("quarterly")
    return print_report(demo_files["za"], folder / "q2.pdf", "quarterly", period=2, year="2025/26")


def test_baseline_ward_and_evidence_are_printed_per_kpi(quarterly):
    text = flat(quarterly.text)
    section = text[text.index("5. Baseline, ward and portfolio of evidence per KPI"):text.index("Sign-off")]
    for heading in ("Baseline", "Ward", "Portfolio of evidence required", "Evidence submitted"):
        assert heading in section, heading
    assert re.search(r"BTO01 % of capital budget spent \d+% – Section 71 reports 1: section_71_reports_q2\.pdf",
                     section)  # baseline, no ward, evidence required, the file submitted
    assert re.search(r"COM01 Number of households with weekly refuse removal in Ward 1 [\d,]+ Ward 1 Refuse "
                     r"collection schedule (none|\d+: )", section)
    assert len(re.findall(r"\b[A-Z]{2,4}\d{2,3} ", section)) >= 250


def test_the_sign_off_still_closes_the_report(quarterly):
    assert "Sign-off" in quarterly.pages[-1]


def test_a_directorates_report_lists_only_its_kpis(demo_files, tmp_path):
    text = flat(print_report(demo_files["za"], tmp_path / "ts.pdf", "quarterly", period=2, year="2025/26",
                             unit="TS").text)
    section = text[text.index("4. Baseline, ward and portfolio of evidence per KPI"):text.index("Sign-off")]
    assert "TS01 " in section and "BTO01 " not in section
