"""The development plan tab of the agreements screen, driven like an official: rows typed into a draft,
a wrong row named by row and column with nothing saved, only the status changeable once signed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from pmsdesk.models import DevelopmentAction, DevelopmentStatus
from pmsdesk.services import agreements
from pmsdesk.services.actor import Actor
from pmsdesk.ui.agreements.development_panel import COLUMNS, STATUS
from pmsdesk.ui.agreements.view import DEVELOPMENT_TAB

from .test_agreements import WORKED, type_into_cell, view, year  # noqa: F401  (fixtures)

GAP, ACTION, TIME = COLUMNS.index("competency_gap"), COLUMNS.index("development_action"), COLUMNS.index("time_frame")


@pytest.fixture
def draft_id(seeded_database, seeded, year):  # noqa: F811
    with seeded_database.session() as session:
        lindiwe = agreements.people_of(session, seeded.organisation_id)[0]
        return agreements.create_agreement(session, Actor.system(), lindiwe.id, seeded.year_id,
                                           {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA"}, WORKED).id


def stored(database) -> list[tuple[str, str | None, DevelopmentStatus]]:
    with database.session() as session:
        return [(row.competency_gap, row.time_frame, row.status) for row in
                session.scalars(select(DevelopmentAction).order_by(DevelopmentAction.position))]


def test_rows_typed_into_a_draft_are_saved_and_a_wrong_row_is_named(qtbot, view, draft_id, seeded_database):  # noqa: F811
    view.open_agreement(draft_id)
    panel = view.development
    view.tabs.setCurrentIndex(DEVELOPMENT_TAB)
    assert panel.add.isEnabled() and panel.table.rowCount() == 0
    qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    type_into_cell(qtbot, panel.table, 0, GAP, "Financial Management: s71 statements")
    type_into_cell(qtbot, panel.table, 0, ACTION, "MFMA short course")
    type_into_cell(qtbot, panel.table, 0, TIME, "By 31 March 2026")
    qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    type_into_cell(qtbot, panel.table, 1, ACTION, "Mentoring by the CFO")
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert panel.messages.general.text() == "Row 2, Skills or performance gap: is required."
    assert stored(seeded_database) == []
    type_into_cell(qtbot, panel.table, 1, GAP, "People management")  # completed from the competency framework
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert stored(seeded_database) == [("Financial Management: s71 statements", "By 31 March 2026",
                                        DevelopmentStatus.PLANNED), ("People Management", None, DevelopmentStatus.PLANNED)]
    assert panel.intro.text().startswith("Saved: 2 row(s).")


def test_once_signed_only_the_status_changes(qtbot, view, draft_id, seeded_database):  # noqa: F811
    system = Actor.system()
    with seeded_database.session() as session:
        from pmsdesk.services import development_plans

        development_plans.save_development_plan(session, system, draft_id, [
            {"competency_gap": "People management", "development_action": "Coaching"}])
        agreements.sign_agreement(session, system, draft_id, date(2025, 7, 28), "Parys")
    view.open_agreement(draft_id)
    panel = view.development
    assert panel.signed and not panel.add.isEnabled() and not panel.remove.isEnabled()
    assert not panel.table.item(0, GAP).flags() & Qt.ItemFlag.ItemIsEditable
    status = panel.table.cellWidget(0, STATUS)
    status.setCurrentIndex(status.findData("completed"))
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert stored(seeded_database) == [("People management", None, DevelopmentStatus.COMPLETED)]
