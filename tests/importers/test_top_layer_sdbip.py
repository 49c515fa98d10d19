"""The real Mkhondo rows as a top-layer SDBIP: every KPI row and every quarterly target cell is accounted for.

The layout is the one a real published SDBIP used when every quarterly target was lost: headings
'KPI NO', 'Q1 Deliverable target', 'Q1 Financial target', …, numbered KPA titles and the header
repeated under each of them.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.importers.values import is_placeholder
from pmsdesk.models import DataQualityFlag, Kpa, Kpi, KpiTarget, ReportingPeriod

from .workbooks import TOP_LAYER_QUARTERS, mkhondo_top_layer_workbook


def test_every_kpi_row_and_quarterly_target_is_imported_or_reported(session, system, municipality, tmp_path):
    path = tmp_path / "Mkhondo top layer SDBIP 2016-17.xlsx"
    csv_rows = mkhondo_top_layer_workbook(path)
    report = import_sdbip(session, system, path, ImportOptions(organisation_code="MP303", year_label="2016/17"))

    assert report.written and not report.errors, [str(p) for p in report.errors]
    actions = Counter(row["action"] for row in report.rows)
    assert actions["created"] == len(csv_rows) == 186
    sections = actions["kpa_heading"]  # the first title stands above the header the importer found
    assert sections >= 5 and actions["header"] == sections - 1  # the headings again under every other title
    assert not [p for p in report.problems if "not imported" in p.message]  # no column dropped

    periods = {p.id: int(p.label[-1]) for p in session.scalars(select(ReportingPeriod))}
    flagged = {(f.entity_id, f.field) for f in session.scalars(select(DataQualityFlag))}
    typed_cells = stored_or_flagged = 0
    for data in csv_rows:
        kpi = session.scalar(select(Kpi).where(Kpi.reference == data["kpi_ref_number"]))
        targets = {periods[t.period_id]: t for t in session.scalars(select(KpiTarget).where(KpiTarget.kpi_id == kpi.id))}
        for quarter, column in enumerate(TOP_LAYER_QUARTERS, start=1):
            if is_placeholder(data[column]):
                assert quarter not in targets or targets[quarter].value is None
                continue
            typed_cells += 1
            target = targets.get(quarter)
            kept = target is not None and (target.value is not None or target.value_text is not None)
            stored_or_flagged += kept or (target is not None and (target.id, "value") in flagged)
    assert typed_cells == stored_or_flagged == report.recovered["quarterly targets"]["cells"]
    assert report.recovered["quarterly targets"]["of"] == 186

    kpas = {k.name for k in session.scalars(select(Kpa))}
    assert "Basic Service Delivery" in kpas and not [name for name in kpas if name[:1].isdigit()]
