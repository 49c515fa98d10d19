"""Conflicts name their records as officials know them, not by table and id."""

from __future__ import annotations

from pmsdesk.services import kpis
from pmsdesk.sync.conflicts import record_label


def test_a_kpi_its_target_and_an_unknown_record_are_named(session, system, small_org, kpi_in_technical):
    q2 = small_org.quarter_ids[1]
    target = kpis.set_period_target(session, system, kpi_in_technical.id, q2, {"value": 40})
    name = kpi_in_technical.name
    assert record_label(session, "kpi", kpi_in_technical.id) == f"KPI TS01 {name}"
    assert record_label(session, "kpi_target", target.id) == f"Q2 target of TS01 {name}"
    assert record_label(session, "risk", "0123456789abcdef") == "risk 01234567"
    assert record_label(session, "kpi", "gone-0000") == "KPI gone-000 (not in this database)"
