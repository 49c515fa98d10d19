"""The small parts every document relies on: fingerprints, emblem initials, fonts, watermarks."""

from __future__ import annotations

from sqlalchemy import update

from pmsdesk.db import open_database
from pmsdesk.models import Assessment, AssessmentStatus
from pmsdesk.reports.pdf.emblem import initials
from pmsdesk.reports.pdf.fingerprint import PATTERN, data_hash, new_fingerprint, normalise
from pmsdesk.reports.pdf.fonts import font_set

from .conftest import print_report


def test_fingerprints_are_short_unambiguous_and_different():
    codes = {new_fingerprint() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert PATTERN.fullmatch(code) and normalise(code) == code
        assert not set(code) & set("ILOU")


def test_the_data_hash_ignores_key_order_but_not_values():
    assert data_hash({"a": 1, "b": [1, 2]}) == data_hash({"b": [1, 2], "a": 1})
    assert data_hash({"a": 1}) != data_hash({"a": 1.5})


def test_emblem_initials_skip_small_words_and_brackets():
    assert initials("Ngwathe Local Municipality") == "NLM"
    assert initials("Murang'a County Government") == "MCG"
    assert initials("Head office (HEAD-OFFICE)") == "HO"
    assert initials("Department of Health") == "DH"


def test_a_unicode_font_is_registered():
    fonts = font_set()
    assert fonts.unicode, f"no Unicode font found (using {fonts.source})"


def test_a_final_assessment_prints_without_a_watermark(demo_copy, tmp_path):
    database_file = demo_copy("za")
    database = open_database(database_file, upgrade=False, create=False)
    with database.session() as session:
        session.execute(update(Assessment).values(status=AssessmentStatus.FINAL))
        session.commit()
    database.dispose()
    printed = print_report(database_file, tmp_path / "final.pdf", "assessment", person="Sipho")
    assert printed.issued.draft_reason is None
    assert "DRAFT" not in printed.text
    assert "Sipho Nkosi" in printed.text


def test_a_directorate_report_holds_only_its_kpis(demo_files, tmp_path):
    printed = print_report(demo_files["za"], tmp_path / "ts.pdf", "quarterly", unit="TS",
                           period=1)
    assert "Quarterly performance report: Technical Services" in printed.text
    assert "TS01" in printed.text and "BTO01" not in printed.text
    assert printed.issued.parameters["unit"] == "TS"
