"""Printed forms and workbooks in the language the reader chooses, through the core gettext layer."""

from __future__ import annotations

import io
import threading
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pmsdesk import i18n
from pmsdesk.db import open_database
from pmsdesk.reports.excel.export import export_workbook
from pmsdesk.reports.pdf.base import ReportError, ReportRequest
from pmsdesk.reports.pdf.issue import issue_report, preview_report
from pmsdesk.reports.pdf.verify import MATCHES, verify_document
from pmsdesk.reports.samples import SAMPLES
from pmsdesk.services.actor import Actor
from tests.i18n_support import catalogues  # noqa: F401 - a fixture

from .conftest import flat, print_report

#: (demo, kind, person, Kiswahili headings that must be printed, English headings that must not be).
FORMS = [
    ("tz", "opras-form", "Baraka",
     ["Sehemu ya 1: Maelezo Binafsi", "Mtumishi anayepimwa", "Msimamizi", "Ukurasa 1 kati ya"],
     ["Section 1: Personal information", "Name of appraisee", "Page 1 of", "DRAFT"]),
    ("tz", "pepmis", "Rehema",
     ["Taarifa ya Tathmini ya Utendaji Kazi wa Mtumishi (PEPMIS)", "Kazi ndogo zilizopangwa, maendeleo na alama",
      "Alama za kipindi na za mwaka"],
     ["PEPMIS employee performance report", "Assigned sub-tasks, progress and marks", "Period and annual scores"]),
    ("tz", "pepmis-summary", None, ["Alama za watumishi", "Mpango wa Utendaji Kazi wa Taasisi wa Mwaka"],
     ["Employees' scores", "Sub-task weights"]),
    ("ke", "ke-contract", "Wanjiru",
     ["Mkataba wa Utendaji Kazi", "Kiambatisho: Jedwali la Mkataba wa Utendaji", "Kiashiria cha utendaji"],
     ["Performance Contract", "Annex: Performance contract matrix", "Performance indicator"]),
    ("ke", "spas-form", None,
     ["Taarifa ya Tathmini ya Utendaji wa Watumishi (SPAS)", "Shabaha za utendaji zilizokubaliwa", "Sahihi"],
     ["Staff Performance Appraisal Report", "Agreed performance targets", "Signatures"]),
]


@pytest.mark.parametrize(("demo", "kind", "person", "kiswahili", "english"), FORMS, ids=[f[1] for f in FORMS])
def test_each_tanzanian_and_kenyan_form_prints_in_kiswahili(demo_files, tmp_path, catalogues, demo, kind,  # noqa: F811
                                                            person, kiswahili, english):
    printed = print_report(demo_files[demo], tmp_path / f"{kind}.pdf", kind, person=person, language="sw")
    text = flat(printed.text)
    assert [heading for heading in kiswahili if heading not in text] == []
    assert [heading for heading in english if heading in text] == []
    assert printed.issued.parameters["language"] == "sw"


def test_a_kiswahili_form_verifies_against_its_data_whatever_language_the_checker_reads(demo_files, tmp_path,
                                                                                       catalogues):  # noqa: F811
    printed = print_report(demo_files["tz"], tmp_path / "opras.pdf", "opras-form", person="Baraka", language="sw")
    database = open_database(demo_files["tz"], upgrade=False, create=False)
    try:
        with database.session() as session:
            assert verify_document(session, printed.issued.fingerprint).outcome == MATCHES
    finally:
        database.dispose()


def test_an_english_document_keeps_its_parameters_as_before(demo_files, tmp_path, catalogues):  # noqa: F811
    printed = print_report(demo_files["tz"], tmp_path / "opras.pdf", "opras-form", person="Baraka")
    assert "language" not in printed.issued.parameters
    assert "Section 1: Personal information" in flat(printed.text)


def test_a_refusal_is_in_the_readers_words_not_the_documents(demo_files, tmp_path, catalogues):  # noqa: F811
    database = open_database(demo_files["tz"], upgrade=False, create=False)
    try:
        with database.session() as session, pytest.raises(ReportError, match="--person NAME_OR_ID is needed"):
            issue_report(session, Actor.system("tester"), ReportRequest("opras-form", language="sw"),
                         tmp_path / "none.pdf")
    finally:
        database.dispose()
    assert not (tmp_path / "none.pdf").exists()


def test_the_scorecard_workbook_reads_back_with_afrikaans_column_titles(demo_files, tmp_path, catalogues):  # noqa: F811
    out = tmp_path / "telkaart.xlsx"
    database = open_database(demo_files["za"], upgrade=False, create=False)
    try:
        with database.session() as session:
            export_workbook(session, Actor.system("tester"), ReportRequest("scorecard-workbook", language="af"), out)
    finally:
        database.dispose()
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["Telkaart", "Opsomming"]
    titles = [row for row in book["Telkaart"].iter_rows(values_only=True) if row and row[0] == "KPI-verw."][0]
    assert {"KPI-verw.", "Direktoraat", "Teiken", "Werklik", "Prestasie %", "Rede vir afwyking"} <= set(titles)
    assert "Target" not in titles and "Directorate" not in titles
    assert i18n.current_language() == "en"


def test_two_reports_one_after_the_other_keep_their_own_language(demo_files, tmp_path, catalogues):  # noqa: F811
    kiswahili = print_report(demo_files["tz"], tmp_path / "sw.pdf", "opras-form", person="Baraka", language="sw")
    english = print_report(demo_files["tz"], tmp_path / "en.pdf", "opras-form", person="Baraka", language="en")
    assert "Sehemu ya 1: Maelezo Binafsi" in flat(kiswahili.text)
    assert "Section 1: Personal information" in flat(english.text) and "Sehemu ya" not in english.text
    assert i18n.current_language() == "en" and i18n._("Signature") == "Signature"


def test_a_report_in_a_background_thread_leaves_the_windows_language_alone(demo_files, tmp_path,
                                                                            catalogues):  # noqa: F811
    """The window's worker prints in Kiswahili while the window itself reads Afrikaans."""
    i18n.set_language("af")
    inside, release, seen = threading.Event(), threading.Event(), {}

    def worker() -> None:
        with i18n.in_language("sw"):
            seen["worker"] = i18n._("Signature")
            inside.set()
            release.wait(10)
            seen["worker after"] = i18n._("Signature")
        seen["worker outside"] = i18n._("Signature")
        seen["printed"] = flat(print_report(demo_files["tz"], tmp_path / "bg.pdf", "opras-form", person="Baraka",
                                            language="sw").text)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(10)
    seen["window"] = i18n._("Signature")  # while the worker is inside its Kiswahili block
    release.set()
    thread.join(60)
    assert seen["worker"] == seen["worker after"] == "Sahihi"
    assert seen["window"] == "Handtekening" and seen["worker outside"] == "Handtekening"  # a new thread: the process's
    assert "Sehemu ya 1: Maelezo Binafsi" in seen["printed"]
    assert i18n.current_language() == "af"


def test_the_block_puts_the_language_back_when_the_rendering_fails(catalogues):  # noqa: F811
    with pytest.raises(RuntimeError), i18n.in_language("sw"):
        assert i18n._("Signature") == "Sahihi"
        raise RuntimeError("the printer ran out of paper")
    assert i18n.current_language() == "en" and i18n._("Signature") == "Signature"


#: Every kind but the longest three (annual, indicator descriptions, evidence index: the same blocks, more pages).
PSEUDO_SAMPLES = [sample for sample in SAMPLES
                  if sample[2].kind not in ("annual", "indicator-descriptions", "evidence-index")]


@pytest.mark.parametrize(("file_name", "demo", "request_"), PSEUDO_SAMPLES, ids=[s[0] for s in PSEUDO_SAMPLES])
def test_every_document_draws_in_a_language_whose_every_word_differs(demo_files, file_name, demo, request_):
    """The pseudo-language stretches every string: a heading looked up by its English text, or a status
    compared with a translated word, fails here; a string left unmarked shows up unbracketed."""
    database = open_database(demo_files[demo], upgrade=False, create=False)
    try:
        with database.session() as session:
            pdf = preview_report(session, Actor.system("tester"), replace(request_, language=i18n.PSEUDO))
    finally:
        database.dispose()
    text = flat("\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "[Þåĝé 1 öf" in text and "Page 1 of" not in text
    assert i18n.current_language() == "en"
