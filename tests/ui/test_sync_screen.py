"""The sync screen: this office's identity, exporting and importing packages."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from pmsdesk.models import Kpi, SyncConflict
from pmsdesk.services.actor import Actor
from pmsdesk.sync.keys import set_office_code
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.sync import SyncView


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
    assert sync_view.ui.conflict_count.text() == "No open conflicts."


def test_exporting_writes_the_package_and_lists_it(sync_view, monkeypatch, tmp_path):
    out = tmp_path / "to-hq.pmspkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(out), ""))
    sync_view.ui.receiver.setText("za-hq")
    sync_view.ui.full.setChecked(True)

    sync_view.ui.export_button.click()

    assert out.exists()
    [message] = sync_view.result_messages()
    assert message.startswith("to-hq.pmspkg: full package 1 for ZA-HQ")


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
    assert titles[-2:] == ["Import SDBIP", "Sync"]
    assert verifier.sync is None and verifier.importing is None


def test_keeping_the_incoming_version_closes_the_conflict(sync_view, seeded_database):
    with seeded_database.session() as session:
        kpi = session.scalar(select(Kpi).where(Kpi.reference == "KPI 1"))
        session.add(SyncConflict(entity="kpi", row_id=kpi.id, peer_office="ZA-HQ", package_id="p1",
                                 reason="both offices renamed the KPI", local_values={"name": kpi.name},
                                 incoming_values={"name": "Households with basic water"}, kept="local"))
        session.commit()
    sync_view.reload()
    assert sync_view.ui.conflict_count.text() == "1 conflict waiting for a decision"
    assert not sync_view.ui.keep_incoming.isEnabled()

    sync_view.ui.conflicts.selectRow(0)
    sync_view.ui.keep_incoming.click()

    assert sync_view.ui.conflict_count.text() == "No open conflicts."
    with seeded_database.session() as session:
        assert session.scalar(select(Kpi.name).where(Kpi.reference == "KPI 1")) == "Households with basic water"
