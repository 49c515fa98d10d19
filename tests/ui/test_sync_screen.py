"""The sync screen: this office's identity, exporting, verifying and importing packages, trusting and
revoking office keys, and deciding conflicts (keep either version, or merge field by field)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, Kpi, SyncConflict, SyncTrustedKey, Unit
from pmsdesk.services.actor import Actor
from pmsdesk.sync.conflicts import HIDDEN_FIELDS
from pmsdesk.sync.keys import set_office_code, trust_key
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.sync import SyncView
from pmsdesk.ui.sync.conflicts_panel import DIFFERS_BACKGROUND, INCOMING, LOCAL
from pmsdesk.ui.sync.layout import REFUSED_TAB
from pmsdesk.ui.widgets.refusals import RefusalsModel
from pmsdesk.wording import plain_number
from tests.sync.helpers import new_installation


@pytest.fixture
def sync_view(qtbot, seeded_database, operations, actor_named, monkeypatch, tmp_path):
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    with seeded_database.session() as session:
        set_office_code(session, Actor.system(), "ZA-T01")
    view = SyncView(operations, actor_named("admin"))
    qtbot.addWidget(view)
    view.show_year(None)
    return view


def test_the_screen_shows_the_office_code_and_key_fingerprint(sync_view):
    assert sync_view.ui.office.text() == "ZA-T01"
    assert len(sync_view.ui.fingerprint.text().split("-")) == 4
    assert sync_view.conflicts.count.text() == "No open conflicts."


def test_exporting_writes_the_package_and_lists_it(sync_view, monkeypatch, tmp_path):
    out = tmp_path / "to-hq.pmspkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    sync_view.ui.receiver.setText("za-hq")
    sync_view.ui.full.setChecked(True)

    sync_view.ui.export_button.click()

    assert out.exists()
    [message] = sync_view.result_messages()
    assert message.startswith("to-hq.pmspkg: full package 1 for ZA-HQ")
    assert message.endswith("it carries everything this office holds (a full package).")


def test_a_package_for_a_code_nobody_has_is_asked_about_and_nothing_is_written(sync_view, monkeypatch, tmp_path):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: pytest.fail("no file dialog"))
    sync_view.ui.receiver.setText("ZA-HQ")

    sync_view.ui.export_button.click()

    assert "No office ZA-HQ is trusted here" in asked[0] and not list(tmp_path.glob("*.pmspkg"))


def test_each_package_is_named_by_sender_receiver_and_sequence_and_says_why_it_carries_what_it_does(
        sync_view, seeded_database, stranger, monkeypatch, tmp_path):
    _, key = stranger
    with seeded_database.session() as session:
        trust_key(session, Actor.system(), "ZA-T02", key.public_bytes, key.fingerprint)
    suggested = []

    def save_as(_parent, title, name, _filter):
        suggested.append((title, Path(name).name))
        return str(tmp_path / Path(name).name), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    sync_view.ui.receiver.setText("ZA-T02")

    sync_view.ui.export_button.click()
    sync_view.ui.export_button.click()  # ZA-T02 has not acknowledged package 1: it travels again

    assert [name for _, name in suggested] == ["ZA-T01-to-ZA-T02-0001.pmspkg", "ZA-T01-to-ZA-T02-0002.pmspkg"]
    assert "the first package for ZA-T02" in suggested[0][0]
    assert sync_view.result_messages()[-1].endswith(
        "it carries everything since package 1: ZA-T02 has not yet acknowledged package 1, so this package "
        "carries it again.")
    assert (tmp_path / "ZA-T01-to-ZA-T02-0002.pmspkg").exists()


def test_exporting_without_a_receiver_asks_for_one(sync_view, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: pytest.fail("no dialog expected"))

    sync_view.ui.export_button.click()

    assert "Type the code of the office" in sync_view.result_messages()[0]


def test_a_tampered_package_is_refused_with_its_reason(sync_view, monkeypatch, tmp_path):
    tampered = tmp_path / "x.pmspkg"
    tampered.write_bytes(b"\x00garbage\xff")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(tampered)], ""))

    sync_view.ui.import_button.click()

    [message] = sync_view.result_messages()
    assert message.startswith("x.pmspkg: refused.")
    assert sync_view.ui.office.text() == "ZA-T01"


def test_a_refused_import_stays_listed_with_what_to_do_and_the_tab_counts_it(sync_view, monkeypatch, tmp_path, qtbot):
    assert sync_view.ui.tabs.tabText(REFUSED_TAB) == "&Refused imports"
    tampered = tmp_path / "from-head-office.pmspkg"
    tampered.write_bytes(b"\x00garbage\xff")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(tampered)], ""))
    sync_view.ui.import_button.click()

    assert sync_view.ui.tabs.tabText(REFUSED_TAB) == "&Refused imports (1 still refused)"
    sync_view.show()
    sync_view.activateWindow()
    qtbot.waitUntil(sync_view.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or sync_view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert sync_view.ui.tabs.currentIndex() == REFUSED_TAB
    model = sync_view.refused_model
    assert model.rowCount() == 1
    row = [model.data(model.index(0, column), Qt.ItemDataRole.DisplayRole) for column in range(model.columnCount())]
    assert row[RefusalsModel.FILE] == "from-head-office.pmspkg" and row[RefusalsModel.NOW] == "still refused"
    assert row[RefusalsModel.REASON] and row[RefusalsModel.TODO], row


def test_the_screen_says_when_the_office_has_no_code(qtbot, seeded_database, operations, actor_named,
                                                      monkeypatch, tmp_path):
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    view = SyncView(operations, actor_named("admin"))
    qtbot.addWidget(view)

    view.show_year(None)

    assert view.ui.office.text() == "—"
    assert "no office code" in view.ui.setup_problem.text()


def test_the_screens_are_offered_to_administrators_only_among_the_seeded_roles(qtbot, seeded_database, operations,
                                                                               actor_named, monkeypatch, tmp_path):
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    admin = MainWindow(seeded_database, actor_named("admin"), operations)
    verifier = MainWindow(seeded_database, actor_named("verifier"), operations)
    qtbot.addWidget(admin)
    qtbot.addWidget(verifier)

    titles = [admin.navigation.item(row).text() for row in range(admin.navigation.count())]
    assert {"Import SDBIP", "Sync"} <= set(titles)
    assert not verifier.has_screen("sync") and not verifier.has_screen("importing")


@pytest.fixture
def stranger(tmp_path, migrated_file):
    """An office ZA-T02 this installation has never heard of, and its first package for ZA-T01."""
    folder = tmp_path / "stranger"
    folder.mkdir()
    shutil.copyfile(migrated_file, folder / "office.sqlite")
    office = new_installation(folder, "office", "ZA-T02")
    package = office.export("ZA-T01", tmp_path / "za-t02-1.pmspkg", full=True)
    key = office.key()
    office.close()
    return package.path, key


def _trusted_count(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(SyncTrustedKey))


def test_importing_from_an_unknown_office_shows_its_fingerprint_and_trusts_it_once_compared(
        sync_view, seeded_database, stranger, monkeypatch):
    path, key = stranger
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(path)], ""))

    sync_view.ui.import_button.click()

    [message] = sync_view.result_messages()
    assert "ZA-T02" in message and key.fingerprint in message and "does not trust" in message
    dialog = sync_view.trust_dialog
    assert dialog.isVisible() and dialog.highlight.text() == key.fingerprint

    dialog.entry.setText("AAAA-BBBB-CCCC-DDDD")  # what a forged package's cover sheet would not match
    dialog.confirm_button.click()

    assert dialog.isVisible()
    assert "does not match" in dialog.messages.text_of("fingerprint").lower()
    assert _trusted_count(seeded_database) == 0

    dialog.entry.setText(key.fingerprint.lower())
    dialog.confirm_button.click()

    assert not dialog.isVisible()
    assert "refused" not in sync_view.result_messages()[-1]
    assert [sync_view.keys.model.row_at(row).office for row in range(sync_view.keys.model.rowCount())] == ["ZA-T02"]
    assert _trusted_count(seeded_database) == 1


def test_verifying_a_package_from_an_unknown_office_offers_to_trust_it(sync_view, stranger, monkeypatch):
    path, key = stranger
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))

    sync_view.ui.verify_button.click()

    assert sync_view.result_messages()[0].startswith("za-t02-1.pmspkg: intact, package 1 from ZA-T02 to ZA-T01")
    sync_view.trust_dialog.reject()
    assert sync_view.ui.trust_button.isEnabled()

    sync_view.ui.trust_button.click()

    assert sync_view.trust_dialog.isVisible() and sync_view.trust_dialog.highlight.text() == key.fingerprint


def test_revoking_a_key_needs_a_reason_and_is_shown_in_the_list(sync_view, seeded_database, stranger, qtbot):
    _, key = stranger
    with seeded_database.session() as session:
        trust_key(session, Actor.system(), "ZA-T02", key.public_bytes, key.fingerprint)
    sync_view.reload()
    sync_view.ui.tabs.setCurrentWidget(sync_view.keys)
    assert not sync_view.keys.revoke_button.isEnabled()
    sync_view.keys.table.selectRow(0)

    qtbot.keyClick(sync_view.keys.revoke_button, Qt.Key.Key_Space)
    dialog = sync_view.keys.dialog
    dialog.confirm_button.click()

    assert "say why" in dialog.messages.text_of("reason").lower() and dialog.isVisible()
    with seeded_database.session() as session:
        assert session.get(SyncTrustedKey, key.fingerprint).revoked_at is None

    qtbot.keyClicks(dialog.entry, "laptop stolen")
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)

    assert not dialog.isVisible()
    assert "laptop stolen" in sync_view.keys.model.row_at(0).revoked
    assert not sync_view.keys.revoke_button.isEnabled()


def _add_conflict(database, kept: str, incoming: dict, local: dict | None = None) -> str:
    with database.session() as session:
        kpi = session.scalar(select(Kpi).where(Kpi.reference == "KPI 1"))
        local = local or {"id": kpi.id, "name": kpi.name, "annual_target": kpi.annual_target, "version": 1}
        conflict = SyncConflict(entity="kpi", row_id=kpi.id, peer_office="ZA-HQ", package_id="p1",
                                reason="both offices changed the KPI", local_values=local,
                                incoming_values={**local, **incoming}, kept=kept)
        session.add(conflict)
        session.commit()
        return kpi.id


def _kpi(database, kpi_id: str) -> Kpi:
    with database.session() as session:
        return session.get(Kpi, kpi_id)


def _answer(monkeypatch, answer: QMessageBox.StandardButton) -> list[tuple[str, str]]:
    """Answer the confirmation before a decision; returns the (title, text) of each question asked."""
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, title, text, *args: asked.append((title, text))
                        or answer)
    return asked


def test_keeping_the_incoming_version_closes_the_conflict(sync_view, seeded_database, monkeypatch):
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    _add_conflict(seeded_database, "local", {"name": "Households with basic water"})
    sync_view.reload()
    assert sync_view.conflicts.count.text() == "1 conflict waiting for a decision"
    assert sync_view.ui.tabs.tabText(1) == "C&onflicts (1)"
    with seeded_database.session() as session:
        name = session.scalar(select(Kpi.name).where(Kpi.reference == "KPI 1"))
    assert sync_view.conflicts.model.row_at(0).label == f"KPI KPI 1 {name}"  # not 'kpi 6673e0eb'

    sync_view.conflicts.keep_incoming.click()

    [(title, text)] = asked
    assert title == "Keep ZA-HQ's version?"
    assert "• Name: Households with basic water (from ZA-HQ's version)" in text and "travels to ZA-HQ" in text
    assert sync_view.conflicts.count.text() == "No open conflicts."
    assert not sync_view.conflicts.keep_incoming.isEnabled()
    with seeded_database.session() as session:
        assert session.scalar(select(Kpi.name).where(Kpi.reference == "KPI 1")) == "Households with basic water"


def test_both_versions_are_side_by_side_with_the_differences_and_the_version_in_effect_marked(
        sync_view, seeded_database):
    _add_conflict(seeded_database, "incoming", {"name": "Households with basic water", "annual_target": 1500})
    sync_view.reload()
    panel = sync_view.conflicts
    table = panel.fields

    names = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert names == ["Name", "Annual target"]  # identity and bookkeeping are not for people to decide
    assert all(field not in names for field in HIDDEN_FIELDS)
    assert table.horizontalHeaderItem(INCOMING).text() == "Incoming from ZA-HQ (in effect)"
    assert table.horizontalHeaderItem(LOCAL).text() == "This office"
    assert "In effect now: the incoming version" in panel.in_effect.text()
    assert table.item(1, INCOMING).text() == "1,500"
    for row in range(table.rowCount()):
        assert table.item(row, LOCAL).background().color() == DIFFERS_BACKGROUND


def test_values_read_in_words_with_the_organisations_currency_and_who_changed_each_side(
        sync_view, seeded_database, monkeypatch):
    with seeded_database.session() as session:
        kpi = session.scalar(select(Kpi).where(Kpi.reference == "KPI 1"))
        unit = session.get(Unit, kpi.responsible_unit_id) if kpi.responsible_unit_id else session.scalars(
            select(Unit)).first()
        local = {"id": kpi.id, "measure_type": "number", "budget": 1000.0, "responsible_unit_id": None,
                 "annual_target_date": None, "is_active": True, "version": 1}
        unit_words = f"{unit.code} {unit.name}"
    _add_conflict(seeded_database, "local", {"measure_type": "currency", "budget": 236370104.0,
                                             "responsible_unit_id": unit.id, "annual_target_date": "2027-06-30",
                                             "is_active": False, "updated_at": "2026-11-30T08:15:00"}, local)
    sync_view.reload()
    panel = sync_view.conflicts
    table = panel.fields

    shown = {table.item(row, 0).text(): (table.item(row, LOCAL).text(), table.item(row, INCOMING).text())
             for row in range(table.rowCount())}
    assert shown["Budget"] == ("R1\u00a0000", "R236\u00a0370\u00a0104")  # not '236370104.0'
    assert shown["Measure type"] == ("Number", "Currency")
    assert shown["Responsible unit"] == ("—", unit_words)  # not an internal id
    assert shown["Annual target date"] == ("—", "30 Jun 2027")
    assert shown["Is active"] == ("Yes", "No")
    text = panel.in_effect.text()
    assert "KPI KPI 1 " in text and "Incoming version: Changed at ZA-HQ on 30 Nov 2026 08:15" in text
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)

    panel.keep_incoming.click()  # and then thinks better of it

    assert asked and panel.count.text() == "1 conflict waiting for a decision"
    with seeded_database.session() as session:
        assert session.scalars(select(SyncConflict)).one().status == "open"


def test_merging_takes_each_differing_field_from_the_chosen_side_and_is_audited(sync_view, seeded_database,
                                                                                monkeypatch):
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    kpi_id = _add_conflict(seeded_database, "local", {"name": "Households with basic water", "annual_target": 1500})
    before = _kpi(seeded_database, kpi_id)
    sync_view.reload()
    panel = sync_view.conflicts
    assert panel.merge_sides() == {"name": "local", "annual_target": "local"}  # starts from the version in effect

    panel.choose_side("name", "incoming")
    panel.merge.click()

    [(title, text)] = asked
    assert title == "Merge the chosen fields?"
    assert "• Name: Households with basic water (from ZA-HQ's version)" in text
    assert f"• Annual target: {plain_number(before.annual_target)} (from this office's version)" in text

    after = _kpi(seeded_database, kpi_id)
    assert (after.name, after.annual_target) == ("Households with basic water", before.annual_target)
    assert after.updated_at != before.updated_at  # the decision travels in the next package
    with seeded_database.session() as session:
        conflict = session.scalars(select(SyncConflict)).one()
        assert (conflict.status, conflict.resolution, conflict.resolved_by) == ("resolved", "merge", "admin")
        event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "sync_conflict")).one()
        assert event.new_values == {"choice": "merge", "merged": ["annual_target", "name"]}


def test_someone_who_may_not_change_kpis_is_told_and_the_conflict_stays_open(
        qtbot, seeded_database, operations, actor_named, monkeypatch, tmp_path):
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    kpi_id = _add_conflict(seeded_database, "local", {"name": "Households with basic water"})
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    view = SyncView(operations, actor_named("verifier"))
    qtbot.addWidget(view)
    view.show_year(None)

    view.conflicts.keep_incoming.click()

    assert not view.conflicts.problem.isHidden() and "verifier may not" in view.conflicts.problem.text()
    assert view.conflicts.count.text() == "1 conflict waiting for a decision"
    assert _kpi(seeded_database, kpi_id).name != "Households with basic water"


def test_a_first_package_from_head_office_is_trusted_as_head_office(sync_view, seeded_database, tmp_path,
                                                                   migrated_file, monkeypatch):
    folder = tmp_path / "head"
    folder.mkdir()
    shutil.copyfile(migrated_file, folder / "head.sqlite")
    head = new_installation(folder, "head", "HEAD-OFFICE", head_office=True)
    package = head.export("ZA-T01", tmp_path / "head-office-1.pmspkg", full=True)
    key = head.key()
    head.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(package.path)], ""))

    sync_view.ui.import_button.click()
    dialog = sync_view.trust_dialog
    assert "comes from head office <b>HEAD-OFFICE</b>" in dialog.findChild(QLabel).text()
    dialog.entry.setText(" ".join(key.fingerprint.split("-")).lower())  # typed from paper, spaces and all
    dialog.confirm_button.click()

    assert not dialog.isVisible()
    with seeded_database.session() as session:
        trusted = session.scalar(select(SyncTrustedKey).where(SyncTrustedKey.office_code == "HEAD-OFFICE"))
        assert trusted is not None and trusted.head_office
