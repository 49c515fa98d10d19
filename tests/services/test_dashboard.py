"""The dashboard's figures: lights by directorate and KPA, work waiting, at-risk reasons, trends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pmsdesk.models import Role
from pmsdesk.services import actuals, kpis, worklists, years
from pmsdesk.services.actor import Actor
from pmsdesk.services.dashboard import dashboard, opening_quarter
from pmsdesk.services.errors import PermissionDenied, ValidationError
from tests.conftest import number_kpi

ON_TIME = datetime(2025, 10, 1, tzinfo=UTC)


@pytest.fixture
def quarter_one(session, system, people, small_org):
    """Q1 of 2025/26: three KPIs due, one value in each review state but approved.

    TS01 reported 50 against 100 (submitted), TS02 120 against 100 (verified),
    BTO01 not reported.
    """
    q1 = small_org.quarter_ids[0]
    made = {}
    for reference, unit in (("TS01", small_org.technical_id), ("TS02", small_org.technical_id),
                            ("BTO01", small_org.finance_id)):
        kpi = kpis.create_kpi(session, system, small_org.year_id,
                              number_kpi(reference, responsible_unit_id=unit, kpa_id=small_org.kpa_id))
        for period_id in small_org.quarter_ids:
            kpis.set_period_target(session, system, kpi.id, period_id, {"value": 100})
        made[reference] = kpi.id
    for reference, value in (("TS01", 50), ("TS02", 120)):
        actual = actuals.save_actual(session, people[Role.CAPTURER], made[reference], q1, {"value": value})
        actuals.submit_actual(session, people[Role.CAPTURER], actual.id, now=ON_TIME)
        made[f"{reference} actual"] = actual.id
    actuals.verify_actual(session, people[Role.VERIFIER], made["TS02 actual"])
    return made


def test_counts_work_waiting_in_the_quarter(session, system, small_org, quarter_one):
    shown = dashboard(session, system, small_org.year_id, small_org.quarter_ids[0])
    work = shown.work
    assert (work.due, work.awaiting_submission, work.awaiting_verification, work.awaiting_approval,
            work.approved) == (3, 1, 1, 1, 0)
    assert shown.period_label == "Q1"
    later = dashboard(session, system, small_org.year_id, small_org.quarter_ids[1]).work
    assert (later.due, later.awaiting_submission, later.awaiting_verification) == (3, 3, 0)


def test_an_approval_moves_a_value_from_awaiting_approval_to_approved(session, system, people, small_org,
                                                                      quarter_one):
    actuals.approve_actual(session, people[Role.APPROVER], quarter_one["TS02 actual"])
    work = dashboard(session, system, small_org.year_id, small_org.quarter_ids[0]).work
    assert (work.awaiting_approval, work.approved) == (0, 1)


def test_traffic_lights_by_directorate_and_kpa(session, system, small_org, quarter_one):
    lights = dashboard(session, system, small_org.year_id, small_org.quarter_ids[0]).quarter
    by_directorate = {bar.label: {s.key: s.count for s in bar.segments if s.count}
                      for bar in lights.by_directorate.bars}
    # TS01's value is only submitted (the shipped rules count verified and approved values) and
    # BTO01 has none: Q1's deadline has long passed, so both are not reported, never left out.
    assert by_directorate == {"Budget and Treasury": {"not_reported": 1},
                              "Technical Services": {"not_reported": 1, "well_met": 1}}
    assert [bar.label for bar in lights.by_kpa.bars] == ["Basic Service Delivery"]
    assert lights.by_kpa.bars[0].total == 3
    assert lights.counts["not_reported"] == 2 and lights.counts["well_met"] == 1


def test_the_dashboard_leads_with_targets_achieved_x_of_y(session, system, small_org, quarter_one):
    lights = dashboard(session, system, small_org.year_id, small_org.quarter_ids[0]).quarter
    assert (lights.organisation.achieved, lights.organisation.targets) == (1, 3)
    assert lights.organisation.not_reported == 2
    assert {name: (r.achieved, r.targets) for name, r in lights.directorates.items()} == {
        "Budget and Treasury": (0, 1), "Technical Services": (1, 2)}
    assert set(lights.kpas) == {"Basic Service Delivery"}


def test_the_at_risk_list_says_why(session, system, small_org, quarter_one):
    shown = dashboard(session, system, small_org.year_id, small_org.quarter_ids[0])
    reasons = {kpi.reference: kpi.reason for kpi in shown.at_risk}
    assert list(reasons) == ["BTO01", "TS01"]
    assert reasons["BTO01"].startswith("Q1 actual not reported. At risk: nothing has been reported")
    risk = shown.at_risk[1]
    assert risk.kpi_id == quarter_one["TS01"] and risk.directorate == "Technical Services"
    assert risk.reason.startswith("Q1 actual not reported. At risk:")  # submitted, not verified


def test_the_at_risk_reason_gives_the_quarters_figures(session, system, people, small_org, quarter_one):
    actuals.verify_actual(session, people[Role.VERIFIER], quarter_one["TS01 actual"])
    risk = next(kpi for kpi in dashboard(session, system, small_org.year_id,
                                         small_org.quarter_ids[0]).at_risk if kpi.reference == "TS01")
    assert risk.reason.startswith("Q1 actual 50 against target 100. At risk:")
    assert "against a target of 400" in risk.reason


def test_a_trend_has_every_quarter_with_the_light_of_each_actual(session, system, small_org, quarter_one):
    trends = dashboard(session, system, small_org.year_id, small_org.quarter_ids[0]).trends
    assert [kpi.reference for kpi in trends.kpis] == ["BTO01", "TS01", "TS02"]
    quarters = trends.quarters(quarter_one["TS02"])
    assert [(q.label, q.target, q.actual, q.category) for q in quarters] == [
        ("Q1", 100, 120, "well_met"), ("Q2", 100, None, None), ("Q3", 100, None, None),
        ("Q4", 100, None, None)]
    assert trends.chart(quarter_one["TS02"]).points[0].category_label == "Well met"


def test_a_reader_limited_to_a_unit_sees_only_its_kpis(session, people, small_org, quarter_one):
    shown = dashboard(session, people[Role.CAPTURER], small_org.year_id, small_org.quarter_ids[0])
    assert shown.work.due == 2
    assert [bar.label for bar in shown.quarter.by_directorate.bars] == ["Technical Services"]
    assert [kpi.reference for kpi in shown.trends.kpis] == ["TS01", "TS02"]


def test_someone_who_may_not_read_is_refused(session, small_org, quarter_one):
    with pytest.raises(PermissionDenied, match="may not read"):
        dashboard(session, Actor("nobody"), small_org.year_id, small_org.quarter_ids[0])


def test_a_period_of_another_year_is_refused_by_name(session, system, small_org, quarter_one):
    other = years.create_financial_year(session, system, small_org.organisation_id, 2026)
    other_q1 = years.quarters(session, other.id)[0]
    with pytest.raises(ValidationError) as refused:
        dashboard(session, system, small_org.year_id, other_q1.id)
    assert refused.value.problems == {"period": f"{other_q1.label} is not a quarter of 2025/26; "
                                                "choose one of the year's quarters"}


def test_the_dashboard_opens_on_the_latest_ended_quarter_with_reported_values(session, small_org, quarter_one):
    quarters = worklists.quarters(session, small_org.year_id)
    after_q3 = quarters[2].end_date + timedelta(days=1)
    assert opening_quarter(session, quarters, after_q3).label == "Q1"
    assert opening_quarter(session, quarters, quarters[0].end_date).label == "Q1", "nothing ended: the first"
