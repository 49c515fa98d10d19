"""The service-provider register screen, driven like a PMS officer: a provider typed in and saved from the
keyboard, a wrong field named beside it with nothing written, a quarter rated with the mouse, and each role
seeing the register but only those who manage providers writing to it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, Role, ServiceProvider, ServiceProviderAssessment
from pmsdesk.services import service_providers, users
from pmsdesk.services.actor import Actor
from pmsdesk.ui.providers import ServiceProvidersView

from .conftest import password_of

WATER = {"name": "Mvula Water Tankers CC", "services": "Water tankering to informal settlements",
         "contract_reference": "T21/2025", "start_date": "2025-07-01", "end_date": "2027-06-30"}


@pytest.fixture
def tankers(seeded_database, seeded) -> str:
    with seeded_database.session() as session:
        return service_providers.create_service_provider(session, Actor.system(), seeded.organisation_id, WATER).id


@pytest.fixture
def view_for(qtbot, seeded_year, operations, actor_named, seeded_database):
    def view_for(username: str = "admin") -> ServiceProvidersView:
        if username == "pmsofficer":
            with seeded_database.session() as session:
                users.create_user(session, Actor.system(), {"username": username, "full_name": "PMS Officer"},
                                  password_of(username), [(Role.PMS_OFFICER, None)])
        view = ServiceProvidersView(operations, actor_named(username))
        qtbot.addWidget(view)
        view.resize(1366, 700)
        view.show()
        with qtbot.waitActive(view):  # shortcuts reach the active window only
            view.activateWindow()
        view.show_year(seeded_year)
        return view

    return view_for


def names(view: ServiceProvidersView) -> list[str]:
    return [view.model.row_at(row).name for row in range(view.model.rowCount())]


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_provider_is_typed_in_and_saved_from_the_keyboard(qtbot, view_for, seeded_database):
    view = view_for("pmsofficer")
    ui = view.editor.ui
    assert view.count_label.text() == "0 service providers with contracts in 2025/26"
    for box, text in ((ui.name, "Thabo Waste Removal (Pty) Ltd"), (ui.contract_reference, "T12/2025"),
                      (ui.contract_value, "4 850 000"), (ui.start_date, "2025-07-01"), (ui.end_date, "2027-06-30")):
        qtbot.keyClicks(box, text)
    qtbot.keyClicks(ui.services, "Refuse collection in wards 1 to 9")
    ui.unit.setFocus()
    qtbot.keyClicks(ui.unit, "Tech")  # a combo box chooses by the letters typed
    assert ui.unit.currentText() == "Technical Services"
    assert view.unsaved_changes() == "a new service provider not saved yet"
    qtbot.keyClick(ui.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: names(view) == ["Thabo Waste Removal (Pty) Ltd"])  # a shortcut clicks after an animation
    assert view.editor.provider is not None and view.editor.provider.unit_name == "Technical Services"
    assert view.unsaved_changes() is None
    with seeded_database.session() as session:
        stored = session.scalars(select(ServiceProvider)).one()
        assert (stored.contract_value, str(stored.end_date)) == (4_850_000.0, "2027-06-30")
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.entity == "service_provider")) == 1


def test_wrong_fields_are_named_beside_them_and_nothing_is_written(qtbot, view_for, seeded_database):
    view = view_for()
    ui = view.editor.ui
    qtbot.keyClicks(ui.name, "Roads CC")
    qtbot.keyClicks(ui.contract_value, "lots")
    qtbot.keyClicks(ui.start_date, "2025-07-01")
    qtbot.keyClicks(ui.end_date, "30 June")
    qtbot.mouseClick(ui.save, Qt.MouseButton.LeftButton)
    assert ui.messages.text_of("services") == "Is required."
    assert ui.messages.text_of("contract_value") == "Must be a number, got 'lots'."
    assert ui.messages.text_of("end_date").startswith("Must be a date like 2025-06-30")
    assert ui.messages.fields["end_date"].isVisibleTo(view)
    assert count(seeded_database, ServiceProvider) == 0


def test_a_quarter_is_rated_with_the_mouse_and_a_poor_rating_asks_for_a_corrective_action(
        qtbot, view_for, tankers, seeded_database):
    view = view_for()
    ui = view.editor.ui
    view.table.selectRow(0)
    assert ui.name.text() == "Mvula Water Tankers CC" and ui.assessment.isEnabled()
    ui.quarter.setCurrentIndex(ui.quarter.findText("Q2"))
    ui.rating.setCurrentIndex(ui.rating.findText("2 Poor"))
    qtbot.keyClicks(ui.comment, "Two late deliveries to Extension 4")
    qtbot.keyClicks(ui.assessed_by, "Water services manager")
    qtbot.keyClicks(ui.assessed_on, "2026-01-09")
    qtbot.mouseClick(ui.save_assessment, Qt.MouseButton.LeftButton)
    assert ui.assessment_messages.text_of("corrective_action") == (
        "Is required for a rating of 2 Poor: say what will be done.")
    assert count(seeded_database, ServiceProviderAssessment) == 0
    qtbot.keyClicks(ui.corrective_action, "Penalty applied; route plan by 31 January")
    qtbot.mouseClick(ui.save_assessment, Qt.MouseButton.LeftButton)
    row = view.model.row_at(0)
    assert view.model.index(0, 3).data() == "–" and view.model.index(0, 4).data() == "2"  # Q1, Q2
    assert row.assessment_of(2).corrective_action == "Penalty applied; route plan by 31 January"
    assert ui.quarter.currentText() == "Q2" and ui.comment.toPlainText() == "Two late deliveries to Extension 4"
    ui.quarter.setCurrentIndex(ui.quarter.findText("Q1"))
    assert ui.rating.currentIndex() == 0 and ui.comment.toPlainText() == ""


@pytest.mark.parametrize("username", ["viewer", "capturer", "verifier", "approver"])
def test_every_role_sees_the_register_but_only_those_who_manage_providers_may_write(view_for, tankers, username):
    view = view_for(username)
    assert names(view) == ["Mvula Water Tankers CC"]
    view.table.selectRow(0)
    ui = view.editor.ui
    assert ui.name.text() == "Mvula Water Tankers CC"
    assert not ui.save.isEnabled() and not ui.new.isEnabled() and not ui.save_assessment.isEnabled()


def test_the_search_narrows_the_register(qtbot, view_for, tankers):
    view = view_for("pmsofficer")
    assert view.editor.ui.save.isEnabled()
    qtbot.keyClicks(view.search, "tanker")
    assert view.count_label.text() == "1 of 1 service provider"
    view.search.clear()
    qtbot.keyClicks(view.search, "refuse")
    assert view.filter.rowCount() == 0
