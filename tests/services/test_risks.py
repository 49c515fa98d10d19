"""The risk register: listing with filters, validated and version-checked edits, closing with a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, Risk, Role
from pmsdesk.services import kpis, risks
from pmsdesk.services.edit_conflicts import EditConflict
from pmsdesk.services.errors import PermissionDenied, ValidationError
from pmsdesk.services.risks import RiskBand
from tests.conftest import number_kpi


@pytest.fixture
def finance_kpi(session, system, small_org):
    return kpis.create_kpi(session, system, small_org.year_id,
                           number_kpi("BTO01", responsible_unit_id=small_org.finance_id))


@pytest.fixture
def register(session, system, small_org, kpi_in_technical, finance_kpi):
    """Three risks: extreme on the technical KPI, low on the finance KPI, medium and closed on none."""
    org = small_org.organisation_id
    made = {
        "flood": risks.create_risk(session, system, org, {"title": "Floods wash away new pipes",
                                                           "kpi_id": kpi_in_technical.id,
                                                           "likelihood": 4, "impact": 5}),
        "audit": risks.create_risk(session, system, org, {"title": "Late audit file", "kpi_id": finance_kpi.id,
                                                           "likelihood": 1, "impact": 2}),
        "strike": risks.create_risk(session, system, org, {"title": "Strike", "likelihood": 2, "impact": 3}),
    }
    risks.close_risk(session, system, made["strike"].id, "Agreement signed", expected_version=1)
    return made


def titles(rows) -> list[str]:
    return [row.title for row in rows]


def test_risks_are_listed_highest_rating_first_and_filtered(session, system, small_org, register, finance_kpi):
    org = small_org.organisation_id
    rows = risks.list_risks(session, system, org)
    assert [(row.title, row.rating, row.band) for row in rows] == [
        ("Floods wash away new pipes", 20, RiskBand.EXTREME), ("Strike", 6, RiskBand.MEDIUM),
        ("Late audit file", 2, RiskBand.LOW)]
    assert rows[0].kpi_reference == "TS01" and rows[0].unit_name == "Technical Services"
    assert titles(risks.list_risks(session, system, org, is_open=False)) == ["Strike"]
    assert titles(risks.list_risks(session, system, org, kpi_id=finance_kpi.id)) == ["Late audit file"]
    assert titles(risks.list_risks(session, system, org, unit_id=small_org.technical_id)) == [
        "Floods wash away new pipes"]
    assert titles(risks.list_risks(session, system, org, band=RiskBand.MEDIUM)) == ["Strike"]


def test_bands_cover_every_rating():
    assert [risks.band_of(rating) for rating in (1, 4, 5, 9, 10, 16, 20, 25)] == [
        RiskBand.LOW, RiskBand.LOW, RiskBand.MEDIUM, RiskBand.MEDIUM, RiskBand.HIGH, RiskBand.HIGH,
        RiskBand.EXTREME, RiskBand.EXTREME]
    assert [risks.band_range(band) for band in RiskBand] == ["1–4", "5–9", "10–16", "17–25"]


def test_an_update_is_validated_field_by_field_and_writes_nothing_when_wrong(session, system, register):
    flood = register["flood"]
    before = session.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(ValidationError) as refused:
        risks.update_risk(session, system, flood.id, {"likelihood": 6, "title": " ", "impact": "high"},
                          expected_version=flood.version)
    assert set(refused.value.problems) == {"likelihood", "title", "impact"}
    assert refused.value.problems["likelihood"] == "must be at most 5, got 6"
    session.expire_all()
    assert (flood.likelihood, flood.title) == (4, "Floods wash away new pipes")
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_an_update_is_audited(session, system, register):
    flood = register["flood"]
    risks.update_risk(session, system, flood.id, {"likelihood": 2, "mitigation": "Raise the pipe bridge"},
                      expected_version=1)
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "risk")
                            .order_by(AuditEvent.id.desc())).first()
    assert event.new_values == {"likelihood": 2, "mitigation": "Raise the pipe bridge"}
    assert event.old_values == {"likelihood": 4, "mitigation": None}


def test_a_save_over_someone_elses_newer_save_is_refused(session, system, register):
    flood = register["flood"]
    risks.update_risk(session, system, flood.id, {"impact": 3}, expected_version=1)
    with pytest.raises(EditConflict, match="Someone else saved this risk"):
        risks.update_risk(session, system, flood.id, {"impact": 1}, expected_version=1)
    assert session.get(Risk, flood.id).impact == 3


def test_a_risk_links_only_to_a_kpi_of_its_organisation(session, system, register):
    with pytest.raises(ValidationError) as refused:
        risks.update_risk(session, system, register["flood"].id, {"kpi_id": "no-such-kpi"}, expected_version=1)
    assert "kpi_id" in refused.value.problems


def test_closing_and_reopening_need_a_reason_that_is_audited(session, system, register):
    strike = register["strike"]
    with pytest.raises(ValidationError) as refused:
        risks.reopen_risk(session, system, strike.id, "", expected_version=strike.version)
    assert "reason" in refused.value.problems
    risks.reopen_risk(session, system, strike.id, "Union gave notice again", expected_version=strike.version)
    assert strike.is_open
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "risk")
                            .order_by(AuditEvent.id.desc())).first()
    assert (event.new_values, event.reason) == ({"is_open": True}, "Union gave notice again")


def test_a_capturer_manages_only_the_risks_of_their_unit(session, people, register):
    capturer = people[Role.CAPTURER]
    risks.update_risk(session, capturer, register["flood"].id, {"impact": 4}, expected_version=1)
    with pytest.raises(PermissionDenied):
        risks.update_risk(session, capturer, register["audit"].id, {"impact": 4}, expected_version=1)
    with pytest.raises(PermissionDenied):
        risks.update_risk(session, capturer, register["flood"].id, {"kpi_id": register["audit"].kpi_id},
                          expected_version=2)
    with pytest.raises(PermissionDenied):
        risks.close_risk(session, people[Role.VERIFIER], register["flood"].id, "Done", expected_version=2)
