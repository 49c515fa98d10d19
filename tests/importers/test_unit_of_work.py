"""records.unit_of_work: many service calls, one commit; a caught failure undoes only its own block."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk.models import Kpa, Kpi
from pmsdesk.services import framework, kpis
from pmsdesk.services.errors import ValidationError
from pmsdesk.services.records import transaction, unit_of_work
from tests.conftest import number_kpi


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_an_error_leaving_the_unit_rolls_every_service_call_back(session, system, small_org):
    with pytest.raises(ValidationError):
        with unit_of_work(session):
            kpis.create_kpi(session, system, small_org.year_id, number_kpi("A1"))
            framework.create_kpa(session, system, small_org.organisation_id, {"code": "LED", "name": "LED",
                                                                             "scope": "national"})
            kpis.create_kpi(session, system, small_org.year_id, number_kpi("A1"))  # duplicate reference
    assert _count(session, Kpi) == 0 and _count(session, Kpa) == 1


def test_a_caught_failure_keeps_the_other_blocks(session, system, small_org):
    with unit_of_work(session):
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("A1"))
        with pytest.raises(ValidationError):
            with transaction(session):  # a caller's block grouping two calls: undone together
                kpis.create_kpi(session, system, small_org.year_id, number_kpi("A2"))
                kpis.create_kpi(session, system, small_org.year_id, number_kpi("A3", direction="sideways"))
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("A4"))
    session.expire_all()
    assert sorted(session.scalars(select(Kpi.reference))) == ["A1", "A4"]


def test_nothing_is_committed_before_the_unit_ends(database, session, system, small_org):
    with unit_of_work(session):
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("A1"))
        with database.session() as other:
            assert _count(other, Kpi) == 0
    with database.session() as other:
        assert _count(other, Kpi) == 1


def test_units_do_not_nest(session):
    with unit_of_work(session), pytest.raises(RuntimeError):
        with unit_of_work(session):
            pass
