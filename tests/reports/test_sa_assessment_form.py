"""The Section 56/57 assessment: KPI results behind each KPA rating, the R805 evaluation panel, and a
bonus band with its conditions only on the final annual review."""

from __future__ import annotations

import re
from datetime import date

import pytest

from pmsdesk.db import open_database
from pmsdesk.services import assessments
from pmsdesk.services.actor import Actor
from pmsdesk.services.assessments import RatingValues

from .conftest import flat, print_report, signed_agreement_of


@pytest.fixture(scope="module")
def forms(demo_files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("assessments")
    return {who: flat(print_report(demo_files["za"], folder / f"{who}.pdf", "assessment", person=who).text)
            for who in ("Thandiwe", "Sipho")}


def test_each_kpa_rating_is_followed_by_its_kpi_results(forms):
    text = forms["Sipho"]
    assert "KPI results behind each KPA rating" in text
    assert "Year-to-date results up to Q2" in text
    assert "Basic Service Delivery: rating 3; 2 KPIs, targets achieved" in text  # his directorate's top layer
    for heading in ("Annual target", "Target to date", "Actual to date", "Status"):
        assert heading in text
    # The demo's figures: annual target, target to date, actual to date, then the status in words.
    assert re.search(r"TS01 Number of households with access to basic water in Ward 1 [\d,]+ [\d,]+ [\d,]+ "
                     r"KPI (not met|almost met|met|well met)", text)


def test_the_panel_signs_as_r805_names_it_for_each_post(forms):
    director, manager = forms["Sipho"], forms["Thandiwe"]
    for member in ("Municipal Manager (chairperson)", "Chairperson of the performance audit committee",
                   "Member of the mayoral or executive committee", "Municipal manager of another municipality"):
        assert member in director, member
    assert "ward committee" not in director
    assert "Executive Mayor or Mayor (chairperson)" in manager
    assert "Member of a ward committee nominated by the Executive Mayor or Mayor" in manager
    assert "Chairperson of the evaluation panel" not in director + manager


def test_a_mid_year_review_prints_no_bonus_band(forms):
    text = forms["Thandiwe"]
    assert "Not applicable: a bonus is decided only on the final annual assessment" in text
    assert "Bonus of" not in text and "Conditions of a performance bonus" not in text


def test_the_final_annual_review_prints_the_band_and_its_conditions(demo_copy, tmp_path):
    copy_file = demo_copy("za")
    database = open_database(copy_file, upgrade=False, create=False)
    try:
        with database.session() as session:
            actor = Actor.system("panel")
            agreement = signed_agreement_of(session, "Sipho Nkosi")
            annual = assessments.start_assessment(session, actor, agreement.id, assessments.FINAL_REVIEW)
            ratings = {line.item_id: RatingValues(5, None, None) for line in annual.ratings}
            assessments.save_ratings(session, actor, annual.id, ratings)
            assessments.finalise_assessment(session, actor, annual.id, date(2026, 8, 20))
    finally:
        database.dispose()
    text = flat(print_report(copy_file, tmp_path / "annual.pdf", "assessment", person="Sipho").text)
    assert "Annual review" in text and "Year-to-date results up to Q4" in text
    assert "Bonus of 10-14% of the annual package" in text
    assert "Conditions of a performance bonus" in text
    assert "after the council has approved this assessment (Municipal Systems Act s57(4B))" in text
