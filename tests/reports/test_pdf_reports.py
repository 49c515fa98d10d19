"""Every report kind, printed from the demo databases and read back as text and as images."""

from __future__ import annotations

import re

import pytest
from PIL import Image, ImageStat

from .conftest import print_report, render_pages

#: kind, database, request fields, text that must appear, whether DRAFT is expected.
CASES = {
    "agreement": ("za", {"person": "thohoyandou"},
                  ["Performance Agreement", "Thandiwe Ṱhohoyandou-Mokoena", "Municipal Manager",
                   "Annexure A: Performance plan", "Annexure B: Personal development plan",
                   "Witness 1", "Witness 2", "Signed at Parys", "Core competency requirement",
                   "Basic Service Delivery", "MM01"], False),
    "ke-contract": ("ke", {"person": "Wanjiru Kamau"},
                    ["Performance Contract", "Murang'a County Government",
                     "Number of County Assembly bills submitted", "Very Good",
                     "Composite score"], True),
    "opras-form": ("tz", {"person": "Baraka"},
                   ["Open Performance Review and Appraisal", "Moshi District Council",
                    "Attributes of good performance", "Integrity", "Overall performance"], True),
    "assessment": ("za", {"person": "Thandiwe"},
                   ["Performance Assessment", "Mid-year review", "3.950", "3.500", "3.860",
                    "128.67%", "Not applicable: a bonus is"], True),
    "quarterly": ("za", {"period": 1},
                  ["Quarterly Performance Report: Q1 2025/26", "Number of council meetings held",
                   "Reason for deviation", "Corrective measure", "Scores by directorate",
                   "Technical Services", "Targets achieved, Q1", "Targets achieved"], False),
    "mid-year": ("za", {}, ["Mid-year Budget and Performance Assessment 2025/26",
                            "section 72", "Targets not achieved or not reported", "at risk",
                            "Targets achieved"], True),
    "annual": ("za", {"year": "2024/25"}, ["Annual Performance Report 2024/25", "section 46",
                                            "Performance of every KPI against its target",
                                            "Targets achieved"], False),
    "scorecard": ("za", {"period": 2}, ["Scorecard Q2 2025/26", "Targets achieved, year to date",
                                         "Weighted mean achievement",
                                         "Scores by strategic objective"], True),
    "league-table": ("ho", {}, ["League Table 2025/26", "Ngwathe Local Municipality",
                                "Thulamela Local Municipality", "ranked by share of year-to-date "
                                "targets achieved", "Year-to-date targets achieved"],
                     True),
}


@pytest.fixture(scope="module")
def printed(demo_files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    return {kind: print_report(demo_files[db], folder / f"{kind}.pdf", kind, **fields)
            for kind, (db, fields, _, _) in CASES.items()}


@pytest.mark.parametrize("kind", CASES)
def test_the_report_says_what_it_should(kind, printed):
    document = printed[kind]
    for expected in CASES[kind][2]:
        assert expected in document.text, f"{expected!r} missing from the {kind} report"


@pytest.mark.parametrize("kind", CASES)
def test_every_page_is_numbered_and_carries_the_fingerprint(kind, printed):
    document = printed[kind]
    total = len(document.pages)
    assert total == document.issued.pages
    for number, page in enumerate(document.pages, start=1):
        assert f"Page {number} of {total}" in page
        assert f"Document fingerprint {document.issued.fingerprint}" in page
        assert "Generated " in page


@pytest.mark.parametrize("kind", CASES)
def test_draft_watermark_only_while_data_is_not_final(kind, printed):
    document = printed[kind]
    expected = CASES[kind][3]
    assert ("DRAFT" in document.text) is expected
    assert (document.issued.draft_reason is not None) is expected


@pytest.mark.parametrize("kind", CASES)
def test_pdftoppm_renders_pages_that_are_not_blank(kind, printed, tmp_path):
    images = render_pages(printed[kind].issued.path, tmp_path)
    assert images
    for number, image in enumerate(images):
        with Image.open(image) as picture:
            grey = picture.convert("L")
            width, height = grey.size
            body = grey.crop((0, height // 6, width, height * 5 // 6))
            assert ImageStat.Stat(body).stddev[0] > 5, f"{image.name}: nothing drawn in the body"
            if number == 0:
                assert ImageStat.Stat(body).mean[0] < 250, f"{image.name} is nearly empty"


def test_long_tables_repeat_their_header_on_every_page(printed):
    pages = printed["quarterly"].pages
    evidence = next(n for n, p in enumerate(pages) if "Baseline, ward and portfolio of evidence per KPI" in p)
    kpi_pages = [p for p in pages[2:evidence] if re.search(r"\b(MM|TS|CS|BTO|COM|PED)\d{2}\b", p)]
    assert len(kpi_pages) >= 3
    for page in kpi_pages:
        assert "Key performance indicator" in page and "Reason for deviation" in page
    evidence_pages = [p for p in pages[evidence:] if re.search(r"\b(MM|TS|CS|BTO|COM|PED)\d{2}\b", p)]
    assert len(evidence_pages) >= 3
    for page in evidence_pages:
        assert "Portfolio of evidence required" in page and "Evidence submitted" in page


def test_wide_reports_are_landscape_and_forms_portrait(printed):
    from pypdf import PdfReader

    def size(kind: str, page: int = 0) -> tuple[float, float]:
        box = PdfReader(str(printed[kind].issued.path)).pages[page].mediabox
        return float(box.width), float(box.height)

    assert size("quarterly")[0] > size("quarterly")[1]
    assert size("ke-contract")[0] < size("ke-contract")[1], "the contract's front matter is portrait"
    assert size("ke-contract", -1)[0] > size("ke-contract", -1)[1], "its matrix annex is landscape"
    assert size("opras-form")[0] < size("opras-form")[1]
    agreement_pages = len(printed["agreement"].pages)
    assert size("agreement")[0] < size("agreement")[1]
    assert size("agreement", agreement_pages - 1)[0] > size("agreement", agreement_pages - 1)[1]


def test_the_draft_reason_names_what_is_not_final(printed):
    assert "not final" in printed["assessment"].issued.draft_reason
    assert "not approved" in printed["mid-year"].issued.draft_reason
