"""The demo data makes sense to an official of its country (issue #23, deliverable 5).

Indicators belong to the department that delivers them, the plan's name and period agree,
counts are whole in every quarter and every criteria level, and the senior managers hold
the indicators of their own department.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo
from pmsdesk.demo.profiles import PROFILES
from pmsdesk.models import AgreementItem, Kpi, KpiTarget, MeasureType, PerformanceAgreement, Person, Plan, Position, Unit

#: Words in a KPI's name → words one of which the responsible unit's name must hold.
DELIVERED_BY = {
    r"\broads?\b(?! safety)|bridges|culverts|\bgraded": ("Roads", "Technical", "Works"),
    r"immunised|deliveries|medicines|antenatal|dispensar|health facilit": ("Health",),
    r"classrooms|desks|school": ("Education",),
    r"borehole|piped water|seedlings": ("Water", "Technical"),
    r"farmers|livestock|fertiliser|warehouse": ("Agriculture",),
    r"revenue collected|pending bills|budget estimates|absorption|creditors|debt collection": ("Finance", "Budget", "Treasury"),
}


@pytest.fixture(scope="module", params=sorted(PROFILES))
def demo(request, tmp_path_factory):
    database = open_database(tmp_path_factory.mktemp(request.param) / "demo.sqlite")
    build_demo(database, profile=request.param, seed=3)
    with database.session() as session:
        yield PROFILES[request.param], session
    database.dispose()


def _unit_names(session) -> dict[str, str]:
    return dict(session.execute(select(Unit.id, Unit.name)).all())


def test_every_indicator_belongs_to_the_department_that_delivers_it(demo):
    profile, session = demo
    units = _unit_names(session)
    checked = 0
    for name, unit_id in session.execute(select(Kpi.name, Kpi.responsible_unit_id)):
        for pattern, owners in DELIVERED_BY.items():
            if re.search(pattern, name, re.IGNORECASE):
                assert any(owner in units[unit_id] for owner in owners), f"{name!r} is held by {units[unit_id]!r}"
                checked += 1
    assert checked > 10, profile.code


def test_senior_managers_hold_their_own_departments_indicators(demo):
    profile, session = demo
    units = _unit_names(session)
    rows = session.execute(
        select(Position.title, Position.unit_id, Kpi.responsible_unit_id, Kpi.name)
        .join(Person, Person.position_id == Position.id)
        .join(PerformanceAgreement, PerformanceAgreement.person_id == Person.id)
        .join(AgreementItem, AgreementItem.agreement_id == PerformanceAgreement.id)
        .join(Kpi, Kpi.id == AgreementItem.kpi_id)).all()
    for title, unit_id, kpi_unit_id, kpi_name in rows:
        assert kpi_unit_id == unit_id, f"{title} ({units[unit_id]}) holds {kpi_name!r} of {units[kpi_unit_id]}"
    titles = dict(session.execute(select(Position.title, Position.unit_id)
                                  .where(Position.is_senior_manager.is_(True))).all())
    for title, unit_id in titles.items():
        department = units[unit_id].split(",")[0].split(" and ")[0]
        assert title in profile.senior_titles[:1] or any(
            word in title for word in (department, "Engineer", "Technical")), (title, units[unit_id])


def test_the_plans_name_and_period_agree(demo):
    _profile, session = demo
    for title, start, end in session.execute(select(Plan.title, Plan.start_year, Plan.end_year)):
        calendar, financial = f"{start}–{end}", f"{start}/{str(start + 1)[-2:]}–{end - 1}/{str(end)[-2:]}"
        assert title.endswith((calendar, financial)), (title, start, end)
        assert len(re.findall(r"\d{4}", title)) == 2, title


def test_counted_targets_are_whole_numbers_in_every_quarter_and_criteria_level(demo):
    profile, session = demo
    counts = {kpi_id for kpi_id, annual in session.execute(
        select(Kpi.id, Kpi.annual_target).where(Kpi.measure_type == MeasureType.NUMBER))
        if annual is not None and float(annual).is_integer()}
    values = session.execute(select(KpiTarget.kpi_id, KpiTarget.value).where(KpiTarget.value.is_not(None))).all()
    fractions = [(kpi_id, value) for kpi_id, value in values if kpi_id in counts and not float(value).is_integer()]
    assert counts and not fractions, fractions[:5]
    levels = session.execute(select(AgreementItem.kpi_id, AgreementItem.criteria_good, AgreementItem.criteria_poor)
                             .where(AgreementItem.kpi_id.in_(counts))).all()
    assert all(float(level).is_integer() for _kpi, *found in levels for level in found if level is not None), \
        profile.code


def test_quarter_targets_of_counts_add_up_to_the_annual_target(demo):
    _profile, session = demo
    annual = dict(session.execute(select(Kpi.id, Kpi.annual_target).where(
        Kpi.measure_type == MeasureType.NUMBER, Kpi.calculation_type == "accumulative")).all())
    sums: dict[str, float] = {}
    for kpi_id, value in session.execute(select(KpiTarget.kpi_id, KpiTarget.value).where(
            KpiTarget.kpi_id.in_(annual), KpiTarget.value.is_not(None))):
        sums[kpi_id] = sums.get(kpi_id, 0.0) + value
    assert sums and all(abs(sums[k] - annual[k]) < 1e-6 for k in sums)
