"""From the window: the Import SDBIP screen offers every workbook format and an .xls or .ods imports as the .xlsx."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pmsdesk.ui.importing import SdbipImportView
from tests.importers.workbooks import SMALL_SDBIP_KPIS, imported_kpis, small_sdbip


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_an_xls_or_ods_sdbip_imports_from_the_window_as_the_xlsx_does(qtbot, operations, actor_named, monkeypatch,
                                                                       seeded_database, tmp_path, suffix):
    workbook = small_sdbip(tmp_path / f"Mkhondo SDBIP.{suffix}")
    offered = []

    def choose(parent, caption, folder, filters):
        offered.append(filters)
        return str(workbook), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    view = SdbipImportView(operations, actor_named("admin"))
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.ui.choose, Qt.MouseButton.LeftButton)
    view.ui.year.clear()
    qtbot.keyClicks(view.ui.year, "2026/27")

    qtbot.mouseClick(view.ui.preview, Qt.MouseButton.LeftButton)
    assert view.previewed is not None and view.previewed.created == 3 and not view.previewed.errors
    qtbot.mouseClick(view.ui.import_button, Qt.MouseButton.LeftButton)

    assert view.ui.summary.text().startswith(f"Imported Mkhondo SDBIP.{suffix}")
    with seeded_database.session() as session:
        assert imported_kpis(session) == SMALL_SDBIP_KPIS
    first_filter = offered[0].split(";;")[0]
    assert all(f"*.{format}" in first_filter for format in ("xlsx", "xlsm", "xls", "ods", "csv"))
