"""The Plans screen: the framework tree, edited in place by those allowed to, read-only for the rest."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import select

from pmsdesk.models import Plan, StrategicObjective, Unit
from pmsdesk.services import entities, register
from pmsdesk.services.actor import Actor
from pmsdesk.ui.plans import PlansView


@pytest.fixture
def plans_for(qtbot, seeded_database, operations, actor_named, seeded):
    """The Plans screen of the seeded municipality as the named user sees it."""

    def plans_for(username: str) -> PlansView:
        view = PlansView(operations, actor_named(username))
        qtbot.addWidget(view)
        view.show()
        with qtbot.waitActive(view):
            view.activateWindow()
        with seeded_database.session() as session:
            view.show_year(register.list_financial_years(session, seeded.organisation_id)[0])
        return view

    return plans_for


def choose(view: PlansView, label: str) -> None:
    items = view.tree.findItems(label, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert items, f"no {label!r} in the tree"
    view.tree.setFocus()
    view.tree.setCurrentItem(items[0])


def retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def unit_named(database, code: str) -> Unit | None:
    with database.session() as session:
        return session.scalar(select(Unit).where(Unit.code == code))


def test_renaming_a_unit_saves_with_ctrl_s(qtbot, plans_for, seeded_database):
    view = plans_for("admin")
    choose(view, "TS Technical Services")
    name = view.pages["unit"].inputs["name"]
    retype(qtbot, name, "Infrastructure Services")
    assert view.unsaved_changes() == "Unsaved changes to the unit TS Technical Services"
    qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.status.text() != "")  # a shortcut clicks its button after a short animation

    assert unit_named(seeded_database, "TS").name == "Infrastructure Services"
    assert view.tree.currentItem().text(0) == "TS Infrastructure Services"
    assert view.status.text() == "Saved the unit."
    assert view.unsaved_changes() is None


def test_an_objective_is_added_to_a_new_plan(qtbot, plans_for, seeded_database):
    view = plans_for("admin")
    choose(view, "Plans (IDP, strategic plans)")
    qtbot.mouseClick(view.add_child_button, Qt.MouseButton.LeftButton)
    page = view.pages["plan"]
    qtbot.keyClicks(page.inputs["title"], "IDP 2022-2027")  # QTest types ASCII only
    page.inputs["end_year"].setValue(2027)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.tree.currentItem().text(0) == "IDP 2022-2027 (2022–2027)"

    qtbot.keyClick(view.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert view.heading.text() == "<b>New strategic objective</b> in IDP 2022-2027 (2022–2027)"
    page = view.pages["strategic_objective"]
    qtbot.keyClicks(page.inputs["code"], "SO1")
    qtbot.keyClicks(page.inputs["title"], "Every household has clean water")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

    assert view.tree.currentItem().text(0) == "SO1 Every household has clean water"
    assert view.tree.currentItem().parent().text(0) == "IDP 2022-2027 (2022–2027)"
    with seeded_database.session() as session:
        objective = session.scalar(select(StrategicObjective))
        assert session.get(Plan, objective.plan_id).title == "IDP 2022-2027"


def test_a_missing_code_is_named_beside_the_field_and_nothing_is_added(qtbot, plans_for, seeded_database):
    view = plans_for("admin")
    choose(view, "TS Technical Services")
    qtbot.mouseClick(view.add_child_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.pages["unit"].inputs["name"], "Water")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

    assert view.pages["unit"].form.messages.text_of("code") == "Is required."
    assert view.status.text() == "Not saved: correct the fields marked in red."
    assert unit_named(seeded_database, "Water") is None
    with seeded_database.session() as session:
        assert session.scalar(select(Unit).where(Unit.name == "Water")) is None


def test_a_unit_with_kpis_is_not_deleted(qtbot, plans_for, seeded_database, monkeypatch):
    view = plans_for("admin")
    choose(view, "TS Technical Services")
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("Restructured", True))
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)

    assert view.status.text() == ("The unit is still used by other records (16 KPIs and 1 user role); "
                                  "move or remove those first.")
    assert unit_named(seeded_database, "TS") is not None


def test_an_unused_kpa_is_deleted_with_its_reason(qtbot, plans_for, seeded_database, monkeypatch):
    view = plans_for("admin")
    choose(view, "Key performance areas")
    qtbot.mouseClick(view.add_child_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.pages["kpa"].inputs["code"], "LED")
    qtbot.keyClicks(view.pages["kpa"].inputs["name"], "Local Economic Development")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("Added by mistake", True))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)

    assert view.status.text() == "Deleted the KPA LED Local Economic Development."
    assert not view.tree.findItems("LED Local Economic Development", Qt.MatchFlag.MatchRecursive)


def test_a_reader_sees_the_framework_read_only_and_the_service_refuses_a_save(qtbot, plans_for, seeded_database):
    view = plans_for("viewer")
    choose(view, "TS Technical Services")
    name = view.pages["unit"].inputs["name"]
    assert name.isReadOnly() and not view.save_button.isVisible()
    assert not view.add_child_button.isVisible() and not view.delete_button.isVisible()
    assert view.notice.text().startswith("Read only")

    name.setText("Mine now")  # as if the form had been left editable
    view.save()
    assert view.status.text() == "viewer may not manage the strategic framework."
    assert unit_named(seeded_database, "TS").name == "Technical Services"


def test_a_stale_edit_is_refused_with_a_clear_message(qtbot, plans_for, seeded_database):
    view = plans_for("admin")
    choose(view, "CORP Corporate Services")
    with seeded_database.session() as session:
        corporate = session.scalar(select(Unit.id).where(Unit.code == "CORP"))
        entities.update_entity(session, Actor.system("colleague"), "unit", corporate, {"name": "Corporate Affairs"})
    retype(qtbot, view.pages["unit"].inputs["name"], "Corporate and Shared Services")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

    assert view.status.text().startswith("Someone else saved this unit while you were editing it")
    assert unit_named(seeded_database, "CORP").name == "Corporate Affairs"


def test_leaving_a_changed_record_asks_first(qtbot, plans_for, monkeypatch):
    view = plans_for("admin")
    choose(view, "TS Technical Services")
    retype(qtbot, view.pages["unit"].inputs["name"], "Engineering")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))

    choose(view, "CORP Corporate Services")
    assert view.tree.currentItem().text(0) == "TS Technical Services"
    assert view.pages["unit"].inputs["name"].text() == "Engineering"
    choose(view, "CORP Corporate Services")
    assert view.pages["unit"].inputs["name"].text() == "Corporate Services"
    assert view.unsaved_changes() is None
