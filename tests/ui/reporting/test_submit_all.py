"""A capturer submits the quarter's ready drafts at once, after one question naming missing evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from pmsdesk.models import ActualStatus, Kpi, PeriodActual
from pmsdesk.services import actuals, kpis
from pmsdesk.services.actor import Actor

from ..helpers import open_screen, sign_in


def drafts(database, seeded, q2, actor) -> None:
    with database.session() as session:
        ids = {reference: session.scalar(select(Kpi.id).where(Kpi.financial_year_id == seeded.year_id,
                                                              Kpi.reference == reference))
               for reference in ("KPI 1", "KPI 3")}
        kpis.update_kpi(session, Actor.system(), ids["KPI 3"], {"required_evidence": "Site photographs"})
        actuals.save_actual(session, actor, ids["KPI 1"], q2, {"value": 300})
        actuals.save_actual(session, actor, ids["KPI 3"], q2, {"value": 4})


def statuses(database) -> dict[str, ActualStatus]:
    with database.session() as session:
        return dict(session.execute(select(Kpi.reference, PeriodActual.status).join(Kpi)).all())


def test_submit_all_ready_asks_once_names_missing_evidence_and_submits_every_draft(
        qtbot, seeded_database, operations, seeded, q2, actor_named, answers):
    drafts(seeded_database, seeded, q2, actor_named("capturer"))
    window = sign_in(qtbot, seeded_database, operations, "capturer")
    reporting = open_screen(window, "Quarterly reporting")
    assert reporting.periods.select_label("Q2")
    queued, asked = answers

    queued.append("Go back")
    qtbot.mouseClick(reporting.submit_all_button, Qt.MouseButton.LeftButton)
    assert asked[-1].startswith("Submit 2 drafts of Q2 for verification?\n"
                                "No evidence attached although the KPI requires it: KPI 3.")
    assert set(statuses(seeded_database).values()) == {ActualStatus.DRAFT}

    queued.append("Submit 2")
    reporting.submit_all_button.setFocus()
    qtbot.keyClick(reporting.submit_all_button, Qt.Key.Key_Space)
    assert statuses(seeded_database) == {"KPI 1": ActualStatus.SUBMITTED, "KPI 3": ActualStatus.SUBMITTED}
    assert reporting.deadline.text() == "Submitted 2 values of Q2."
    assert reporting.ready_rows() == []


def test_with_nothing_ready_nothing_is_asked(qtbot, seeded_database, operations, answers):
    window = sign_in(qtbot, seeded_database, operations, "capturer")
    reporting = open_screen(window, "Quarterly reporting")
    assert reporting.periods.select_label("Q2")
    reporting.submit_all_button.click()
    assert answers[1] == [] and reporting.deadline.text() == "No drafts with a value to submit in Q2."
