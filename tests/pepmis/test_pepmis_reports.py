"""The printed PEPMIS reports, read back with pypdf: every section, the scores and the DRAFT mark."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from pmsdesk.reports.pdf.base import ReportError, ReportRequest
from pmsdesk.reports.pdf.issue import issue_report, preview_report
from pmsdesk.services import pepmis


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def worked(session, council, plan):
    """Amina's Q1: three sub-tasks marked (overall 78.3), progress with evidence, an appeal waiting."""
    hr, ids = council.actors["hr"], []
    for index, marks in enumerate([(80, 70), (60, 60), (90, 90)]):
        assignment = pepmis.assign_sub_task(session, hr, plan.sub_task_ids[index], council.employee_id,
                                            council.quarter_ids[0], council.supervisor_id)
        pepmis.mark_sub_task(session, council.actors["juma"], assignment.id, {
            "quantitative_mark": marks[0], "qualitative_mark": marks[1], "marked_on": "2025-10-05"})
        ids.append(assignment.id)
    pepmis.add_progress(session, council.actors["amina"], ids[0], {
        "entry_date": "2025-07-11", "text": "Clinics held in Ilembo and Inyala", "percent_done": 20},
        evidence=("clinic-register.pdf", b"%PDF register"))
    return ids


def test_the_employee_report_prints_every_section(session, council, worked):
    text = _text(preview_report(session, council.actors["hr"], ReportRequest("pepmis", organisation="TZ-MBY", person="Amina")))
    for expected in ["PEPMIS employee performance report", "Taarifa ya Tathmini ya Utendaji Kazi wa Mtumishi",
                     "Amina Mushi", "CHK-10234", "Health Officer", "Juma Said", "Mbeya District Council",
                     "1. Employee (Mtumishi)", "2. Assigned sub-tasks, progress and marks",
                     "Period Q1: sub-tasks and marks", "T1.1 Run monthly outreach clinics", "36 clinics",
                     "Period Q1: task scores", "70.5", "78.3", "Performance above average (Juu ya wastani)",
                     "Clinics held in Ilembo and Inyala", "clinic-register.pdf",
                     "3. Period and annual scores", "Annual score", "4. Signatures", "Supervisor (Msimamizi)",
                     "NOT found"]:
        assert expected in text, f"{expected!r} missing from the PEPMIS report"
    assert "DRAFT" not in text


def test_a_waiting_appeal_prints_the_report_as_a_draft(session, council, worked):
    pepmis.lodge_appeal(session, council.actors["amina"], worked[2], {
        "grounds": "DHIS2 log shows reports on time", "lodged_on": "2025-10-10"})
    text = _text(preview_report(session, council.actors["hr"], ReportRequest("pepmis", organisation="TZ-MBY", person="Amina")))
    assert "DHIS2 log shows reports on time" in text and "pending" in text
    assert "DRAFT" in text


def test_the_institution_summary_lists_employees_and_the_plan(session, council, worked, tmp_path):
    issued = issue_report(session, council.actors["hr"], ReportRequest("pepmis-summary", organisation="TZ-MBY"),
                          tmp_path / "summary.pdf")
    text = _text(issued.path.read_bytes())
    for expected in ["PEPMIS institution summary", "Amina Mushi", "78.3", "Institution (taasisi)", "3 of 3",
                     "Sub-tasks", "marked", "Progress", "entries",
                     "2. Annual institutional performance plan", "Raise child immunisation coverage", "T1.1 (70%)"]:
        assert expected in text, f"{expected!r} missing from the summary"
    assert issued.pages >= 1


def test_a_person_without_sub_tasks_is_named_in_the_refusal(session, council, worked):
    with pytest.raises(ReportError, match="'Juma' has no PEPMIS sub-tasks in 2025/26; sub-tasks are assigned to "
                                          "Amina Mushi"):
        preview_report(session, council.actors["hr"], ReportRequest("pepmis", organisation="TZ-MBY", person="Juma"))
