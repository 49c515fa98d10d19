"""Invariants the database itself protects, even against code that skips the services."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from pmsdesk.models import (
    AgreementItem,
    AssessmentRating,
    CalculationType,
    Direction,
    Kpi,
    KpiTarget,
    MeasureType,
    Risk,
)


def _raw_kpi(small_org, reference: str, **overrides) -> Kpi:
    values = dict(
        organisation_id=small_org.organisation_id, financial_year_id=small_org.year_id, reference=reference,
        name="Test KPI", measure_type=MeasureType.NUMBER, calculation_type=CalculationType.ACCUMULATIVE,
        direction=Direction.HIGHER_IS_BETTER,
    )
    return Kpi(**(values | overrides))


def test_kpi_reference_is_unique_within_organisation_and_year(session, small_org):
    session.add(_raw_kpi(small_org, "TS01"))
    session.commit()
    session.add(_raw_kpi(small_org, "TS01"))
    with pytest.raises(IntegrityError):
        session.commit()


@pytest.mark.parametrize("weight", [-1, 100.5])
def test_kpi_weight_outside_0_to_100_is_refused(session, small_org, weight):
    session.add(_raw_kpi(small_org, "TS02", weight=weight))
    with pytest.raises(IntegrityError):
        session.commit()


def test_unknown_calculation_type_is_refused_by_the_database(session, small_org):
    from sqlalchemy import text

    session.add(_raw_kpi(small_org, "TS03"))
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(text("UPDATE kpi SET calculation_type = 'average-ish' WHERE reference = 'TS03'"))


def test_foreign_keys_are_enforced(session, small_org):
    session.add(KpiTarget(kpi_id="no-such-kpi", period_id=small_org.quarter_ids[0], value=1.0))
    with pytest.raises(IntegrityError):
        session.commit()


@pytest.mark.parametrize("likelihood", [0, 6])
def test_risk_likelihood_is_1_to_5(session, small_org, likelihood):
    session.add(Risk(organisation_id=small_org.organisation_id, title="x", likelihood=likelihood, impact=3))
    with pytest.raises(IntegrityError):
        session.commit()


def test_assessment_rating_outside_1_to_5_is_refused(session):
    session.add(AssessmentRating(assessment_id="a", item_id="b", rating=6.0))
    with pytest.raises(IntegrityError):
        session.commit()


def test_agreement_item_weight_is_a_percentage(session):
    session.add(AgreementItem(agreement_id="a", kind="kpa", title="x", weight=120.0))
    with pytest.raises(IntegrityError):
        session.commit()


def test_travelling_rows_carry_uuid_origin_and_version(session, small_org):
    kpi = _raw_kpi(small_org, "TS04")
    session.add(kpi)
    session.commit()
    assert len(kpi.id) == 36 and kpi.id.count("-") == 4
    assert kpi.origin_office == "LOCAL"
    assert kpi.version == 1
    kpi.name = "Renamed"
    session.commit()
    assert kpi.version == 2


def test_an_update_of_a_stale_copy_fails_instead_of_overwriting(database, small_org):
    with database.session() as first:
        first.add(_raw_kpi(small_org, "TS05"))
        first.commit()
    with database.session() as first, database.session() as second:
        mine = first.scalar(select(Kpi).where(Kpi.reference == "TS05"))
        theirs = second.scalar(select(Kpi).where(Kpi.reference == "TS05"))
        theirs.name = "Their edit"
        second.commit()
        mine.name = "My edit"
        with pytest.raises(StaleDataError):
            first.commit()
