"""Bad packages at head office, through the window: each a plain message on the Sync screen, nothing written
(apart from the refused attempt on record, which the Head office screen lists)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from pmsdesk.demo.offices import build_office
from pmsdesk.models import AuditEvent
from pmsdesk.services.actor import Actor
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.head_office import HeadOfficeView
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.sync import SyncView
from tests.sync.conftest import head_backend, head_template, pair, pair_template  # noqa: F401 - fixtures
from tests.sync.helpers import Installation, new_installation
from tests.sync.test_refusal_records import everything_but_refusals, package_after_a_gap

YEAR = FinancialYearSummary("y", "o", "2025/26", date(2025, 7, 1), date(2026, 6, 30))


def sync_screen(qtbot, installation: Installation, monkeypatch) -> SyncView:
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(installation.keys))
    view = SyncView(ImmediateOperations(installation.database), Actor.system("analyst"))
    qtbot.addWidget(view)
    view.show_year(None)
    return view


def import_in_window(view: SyncView, monkeypatch, *paths) -> list[str]:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(p) for p in paths], ""))
    view.ui.import_button.click()
    return view.result_messages()


def refusals_listed(qtbot, installation: Installation) -> list:
    view = HeadOfficeView(ImmediateOperations(installation.database), Actor.system("analyst"))
    qtbot.addWidget(view)
    view.show_year(YEAR)
    return [view.refusals_model.row_at(row) for row in range(view.refusals_model.rowCount())]


def test_a_package_for_another_head_office(qtbot, pair, monkeypatch, tmp_path):
    package = pair.office.export("PROVINCE-HQ", tmp_path / "KE-001-to-PROVINCE-HQ-0002.pmspkg")
    view = sync_screen(qtbot, pair.head, monkeypatch)
    before = everything_but_refusals(pair.head)

    [message] = import_in_window(view, monkeypatch, package.path)

    assert message == ("KE-001-to-PROVINCE-HQ-0002.pmspkg: refused. KE-001-to-PROVINCE-HQ-0002.pmspkg is addressed "
                       "to PROVINCE-HQ, but this installation is HEAD-OFFICE; give it to PROVINCE-HQ.")
    assert everything_but_refusals(pair.head) == before
    [listed] = refusals_listed(qtbot, pair.head)
    assert (listed.sender, listed.reason) == ("KE-001", "Addressed to another office")


def test_a_package_twice(qtbot, pair, monkeypatch):
    view = sync_screen(qtbot, pair.head, monkeypatch)
    import_in_window(view, monkeypatch, pair.first_package)
    before = everything_but_refusals(pair.head)
    with pair.head.database.session() as session:
        events = session.scalar(select(func.count()).select_from(AuditEvent))

    messages = import_in_window(view, monkeypatch, pair.first_package)

    assert messages[-1] == "ke001-1.pmspkg: package 1 from KE-001 was already imported; nothing changed."
    assert everything_but_refusals(pair.head) == before
    with pair.head.database.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events  # not even a refusal


def test_a_package_with_a_gap_is_refused_naming_the_missing_numbers(qtbot, pair, monkeypatch, tmp_path):
    restored, second = package_after_a_gap(pair, tmp_path)
    view = sync_screen(qtbot, restored, monkeypatch)
    before = everything_but_refusals(restored)

    [message] = import_in_window(view, monkeypatch, second)

    assert "is package 2 from KE-001 and needs package(s) 1 first; import those, or ask KE-001 for a full " \
        "package" in message
    assert everything_but_refusals(restored) == before
    [listed] = refusals_listed(qtbot, restored)
    assert (listed.sequence, listed.reason) == (2, "Earlier packages are missing")
    restored.discard()


@pytest.fixture
def impostor(pair, tmp_path) -> Installation:
    """A second computer calling itself KE-001, with its own key: the code is already trusted for another key."""
    folder = tmp_path / "impostor"
    folder.mkdir()
    shutil.copyfile(pair.office.path, folder / "office.sqlite")
    other = Installation(folder / "office.sqlite", folder / "other-keys", "KE-001")
    other.export("HEAD-OFFICE", tmp_path / "KE-001-to-HEAD-OFFICE-0002.pmspkg", full=True)
    yield other
    other.close()


def test_a_fingerprint_that_does_not_match(qtbot, pair, impostor, monkeypatch, tmp_path):
    view = sync_screen(qtbot, pair.head, monkeypatch)
    before = everything_but_refusals(pair.head)

    import_in_window(view, monkeypatch, tmp_path / "KE-001-to-HEAD-OFFICE-0002.pmspkg")
    dialog = view.trust_dialog
    dialog.entry.setText(pair.office.key().fingerprint)  # the real KE-001's cover sheet, not this key's
    dialog.confirm_button.click()

    assert dialog.isVisible()
    assert dialog.messages.text_of("fingerprint").startswith(f"Does not match the key ({impostor.key().fingerprint})")
    assert everything_but_refusals(pair.head) == before


def test_a_package_from_an_office_whose_code_another_key_already_uses(qtbot, pair, impostor, monkeypatch, tmp_path):
    view = sync_screen(qtbot, pair.head, monkeypatch)
    view_messages = import_in_window(view, monkeypatch, tmp_path / "KE-001-to-HEAD-OFFICE-0002.pmspkg")
    assert "which this office does not trust yet" in view_messages[-1]
    before = everything_but_refusals(pair.head)
    dialog = view.trust_dialog

    dialog.entry.setText(impostor.key().fingerprint)  # compared, and it is this computer's key
    dialog.confirm_button.click()

    assert dialog.isVisible()
    assert "KE-001 already has a trusted key" in dialog.messages.text_of("office")
    assert "revoke the old key first" in dialog.messages.text_of("office")
    assert everything_but_refusals(pair.head) == before


def test_a_package_whose_organisation_code_another_office_already_uses(qtbot, pair, monkeypatch, tmp_path):
    head = pair.head
    head.import_(pair.first_package)
    second = new_installation(tmp_path / "second", "office", "KE-002",
                              build=lambda database: build_office(database, 0, profile="ke-county", seed=7, areas=1))
    package = second.export("HEAD-OFFICE", tmp_path / "KE-002-to-HEAD-OFFICE-0001.pmspkg")
    head.trust(second)
    view = sync_screen(qtbot, head, monkeypatch)
    before = everything_but_refusals(head)

    [message] = import_in_window(view, monkeypatch, package.path)

    assert "from KE-002 has the same code as" in message and "already held here by office KE-001" in message
    assert "nothing was imported" in message and "UNIQUE" not in message
    assert everything_but_refusals(head) == before
    [listed] = refusals_listed(qtbot, head)
    assert listed.reason == "Its organisation code is already used here by another office"
    second.close()


def test_trusting_a_new_office_for_a_package_that_is_then_refused_leaves_it_untrusted_and_says_so(
        qtbot, pair, monkeypatch, tmp_path):
    pair.head.import_(pair.first_package)
    second = new_installation(tmp_path / "second", "office", "KE-002",
                              build=lambda database: build_office(database, 0, profile="ke-county", seed=7, areas=1))
    package = second.export("HEAD-OFFICE", tmp_path / "KE-002-to-HEAD-OFFICE-0001.pmspkg")
    fingerprint = second.key().fingerprint
    second.close()
    view = sync_screen(qtbot, pair.head, monkeypatch)
    before = everything_but_refusals(pair.head)
    import_in_window(view, monkeypatch, package.path)  # first contact: not trusted yet

    view.trust_dialog.entry.setText(fingerprint)  # compared and right, but its organisation code is taken
    view.trust_dialog.confirm_button.click()

    message = view.result_messages()[-1]
    assert "has the same code as" in message and "already held here by office KE-001" in message
    assert f"The key of KE-002 ({fingerprint}) was trusted for this package only and is no longer trusted" in message
    assert [view.keys.model.row_at(row).office for row in range(view.keys.model.rowCount())] == ["KE-001"]
    after = everything_but_refusals(pair.head)
    assert after["rows"] == before["rows"] and after["keys"] == before["keys"]
