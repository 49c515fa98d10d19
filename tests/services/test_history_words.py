"""A KPI's history reads as sentences: which quarter's target, from what to what, no field names or ids."""

from __future__ import annotations

import re

from pmsdesk.models import Role
from pmsdesk.services import actuals, history, kpis
from pmsdesk.services.actor import Actor


def test_a_target_change_names_the_quarter_and_both_values(session, system, kpi_in_technical, small_org):
    q2 = small_org.quarter_ids[1]
    kpis.set_period_target(session, system, kpi_in_technical.id, q2, {"value": 40})
    kpis.set_period_target(session, Actor.system("pmsofficer"), kpi_in_technical.id, q2, {"value": 45},
                           revision_reason="adjustment budget")

    last = history.kpi_history(session, kpi_in_technical.id)[-1]

    assert last.changes == "Q2 target changed from 40 to 45"
    assert last.sentence().startswith("Q2 target changed from 40 to 45 by pmsofficer on ")
    assert last.sentence().endswith(": adjustment budget")


def test_no_raw_field_names_ids_or_none_appear(session, system, people, kpi_in_technical, small_org):
    q1 = small_org.quarter_ids[0]
    kpis.update_kpi(session, system, kpi_in_technical.id, {"annual_target": 999},
                    reason="Adjustment budget")
    actual = actuals.save_actual(session, people[Role.CAPTURER], kpi_in_technical.id, q1, {"value": 1240})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)

    entries = history.kpi_history(session, kpi_in_technical.id)
    text = "\n".join(f"{entry.action} {entry.record} {entry.changes}" for entry in entries)

    assert "annual target changed from " in text and "to 999" in text
    assert "Q1 actual captured: 1,240" in text and "Q1 actual submitted for verification" in text
    assert not re.search(r"[a-z]+_[a-z]+|None|'|[0-9a-f]{8}-[0-9a-f]{4}", text), text
