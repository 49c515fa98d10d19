"""A Tanzanian council's People screen records the particulars the OPRAS form's section 1 asks for; a date
that is not one is named and nothing is written; the printed form carries them."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pmsdesk.models import Organisation, Person
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
from pmsdesk.services import agreements, register
from pmsdesk.services.actor import Actor
from pmsdesk.ui.people import PeopleView

PARTICULARS = {"gender": "Female", "date_of_birth": "1984-03-21", "qualification": "BSc Civil Engineering",
               "substantive_post": "Civil Engineer II", "first_appointed_on": "2009-07-01",
               "post_appointed_on": "2021-01-15", "terms_of_service": "Permanent and pensionable"}


def test_opras_particulars_are_typed_checked_kept_and_printed(qtbot, seeded_database, operations, actor_named,
                                                             seeded, monkeypatch, tmp_path):
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    with seeded_database.session() as session:
        session.get(Organisation, seeded.organisation_id).country = "TZ"
        session.commit()
        year = register.list_financial_years(session, seeded.organisation_id)[0]
    view = PeopleView(operations, actor_named("admin"))
    qtbot.addWidget(view)
    view.resize(1024, 600)
    view.show()
    view.show_year(year)
    form = view.form
    qtbot.mouseClick(view.add, Qt.MouseButton.LeftButton)
    assert form.particulars["gender"].isVisible(), "a Tanzanian council's people have the OPRAS particulars"
    qtbot.keyClicks(form.full_name, "Neema Mushi")
    for key, text in PARTICULARS.items():
        qtbot.keyClicks(form.particulars[key], "21/03/1984" if key == "date_of_birth" else text)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert form.form.messages.text_of("date_of_birth") == "Must be a date like 2025-06-30, got '21/03/1984'."
    with seeded_database.session() as session:
        assert session.query(Person).filter_by(full_name="Neema Mushi").count() == 0, "nothing written"
    form.particulars["date_of_birth"].selectAll()
    qtbot.keyClicks(form.particulars["date_of_birth"], PARTICULARS["date_of_birth"])
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    with seeded_database.session() as session:
        person = session.query(Person).filter_by(full_name="Neema Mushi").one()
        assert (person.gender, person.date_of_birth, person.terms_of_service) == (
            "Female", date(1984, 3, 21), "Permanent and pensionable")
        system = Actor.system("tester")
        draft = agreements.create_agreement(session, system, person.id, seeded.year_id, {
            "kind": "tz_opras", "rule_set_code": "tz_opras", "title": "OPRAS"},
            [{"kind": "objective", "title": "Inspect projects", "weight": 100},
             {"kind": "attribute", "title": "Ability to work in a team", "weight": 100}])
        out = tmp_path / "opras.pdf"
        issue_report(session, system, ReportRequest("opras-form", person=draft.person_id), out)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(out)).pages)
    for words in ("Gender Female", "Academic qualification BSc Civil Engineering", "Substantive post Civil Engineer II",
                  "Date of first appointment 1 Jul 2009", "Date of appointment to present post 15 Jan 2021",
                  "Date of birth 21 Mar 1984", "Terms of service Permanent and pensionable"):
        assert words in text, words
