"""The one-page SDBIP the window and command-line tests use imports the same from every format."""

from __future__ import annotations

import pytest

from pmsdesk.importers import ImportOptions, import_sdbip

from .formats import FORMATS
from .workbooks import SMALL_SDBIP_KPIS, imported_kpis, small_sdbip


@pytest.mark.parametrize("suffix", [s for s in FORMATS if s != "csv"])
def test_the_small_sdbip_imports_the_same_from_every_format(session, system, municipality, tmp_path, suffix):
    report = import_sdbip(session, system, small_sdbip(tmp_path / f"sdbip.{suffix}"),
                          ImportOptions(organisation_code="MP303", year_label="2026/27"))
    assert report.written and not report.errors and report.flags == 0  # 95% read as 95 in .xls too, unflagged
    assert imported_kpis(session) == SMALL_SDBIP_KPIS
    assert {"sheet": "Working", "skipped": "hidden sheet"} in report.sheets
