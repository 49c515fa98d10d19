"""Saving a KPI with its period targets from the editor: all of it, or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, Kpi, KpiTarget, Role
from pmsdesk.services import kpis
from pmsdesk.services.edit_conflicts import EditConflict
from pmsdesk.services.errors import PermissionDenied, ValidationError
from tests.conftest import number_kpi


def _counts(session) -> tuple[int, int, int]:
    return tuple(session.scalar(select(func.count()).select_from(model)) for model in (Kpi, KpiTarget, AuditEvent))


def test_a_new_kpi_is_saved_with_its_targets(session, system, small_org):
    q1, q2, q3, q4 = small_org.quarter_ids
    kpi = kpis.save_kpi_with_targets(session, system, small_org.year_id, None, number_kpi("TS01"),
                                     {q1: {"value": 100}, q2: {"value": 200}, q3: {}, q4: {"value": 400}})
    saved = kpis.kpi_for_editing(session, small_org.year_id, kpi.id)
    assert saved.values["annual_target"] == 400
    assert {period: values["value"] for period, values in saved.targets.items()} == {q1: 100, q2: 200, q4: 400}
    assert [period.label for period in saved.periods] == ["Q1", "Q2", "Q3", "Q4"]


def test_a_bad_target_writes_neither_the_kpi_nor_any_target(session, system, small_org):
    q1, q2, *_ = small_org.quarter_ids
    before = _counts(session)
    with pytest.raises(ValidationError) as raised:
        kpis.save_kpi_with_targets(session, system, small_org.year_id, None,
                                   number_kpi("TS01", calculation_type="zero", direction="lower", annual_target=0),
                                   {q1: {"value": 0}, q2: {"value": 5}})
    assert raised.value.problems == {kpis.target_field(q2, "value"): "a Zero-type KPI has targets of 0"}
    assert _counts(session) == before


def test_kpi_and_target_problems_are_reported_together(session, system, small_org):
    q1 = small_org.quarter_ids[0]
    before = _counts(session)
    with pytest.raises(ValidationError) as raised:
        kpis.save_kpi_with_targets(session, system, small_org.year_id, None,
                                   number_kpi("TS01", name="", annual_target="lots"), {q1: {"value": "ten"}})
    assert set(raised.value.problems) == {"name", "annual_target", kpis.target_field(q1, "value")}
    assert _counts(session) == before


def test_revising_a_target_needs_a_reason_and_keeps_the_first_value(session, system, small_org):
    q2 = small_org.quarter_ids[1]
    kpi = kpis.save_kpi_with_targets(session, system, small_org.year_id, None, number_kpi("TS01"), {q2: {"value": 200}})
    saved = kpis.kpi_for_editing(session, small_org.year_id, kpi.id)
    with pytest.raises(ValidationError, match="reason: changing the Q2 target"):
        kpis.save_kpi_with_targets(session, system, small_org.year_id, kpi.id, {"annual_target": 450},
                                   {q2: {"value": 250}}, expected_version=saved.version)
    session.expire_all()
    assert session.get(Kpi, kpi.id).annual_target == 400
    kpis.save_kpi_with_targets(session, system, small_org.year_id, kpi.id, {"annual_target": 450},
                               {q2: {"value": 250}}, reason="Adjustment budget", expected_version=saved.version)
    target = session.scalar(select(KpiTarget).where(KpiTarget.kpi_id == kpi.id))
    assert (target.value, target.original_value, target.revision_reason) == (250, 200, "Adjustment budget")
    assert session.get(Kpi, kpi.id).annual_target == 450


def test_saving_over_someone_elses_edit_is_refused(session, system, small_org):
    kpi = kpis.save_kpi_with_targets(session, system, small_org.year_id, None, number_kpi("TS01"), {})
    version = kpi.version
    kpis.update_kpi(session, system, kpi.id, {"weight": 5})
    with pytest.raises(EditConflict):
        kpis.save_kpi_with_targets(session, system, small_org.year_id, kpi.id, {"weight": 9}, {},
                                   expected_version=version)
    assert session.get(Kpi, kpi.id).weight == 5


def test_a_viewer_cannot_save_a_kpi(session, people, small_org):
    before = _counts(session)
    with pytest.raises(PermissionDenied):
        kpis.save_kpi_with_targets(session, people[Role.READ_ONLY], small_org.year_id, None, number_kpi("TS01"), {})
    assert _counts(session) == before
