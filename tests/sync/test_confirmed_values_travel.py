"""A PMS officer's confirmation of a held value reaches head office with the actual, so both score it alike."""

from __future__ import annotations

from sqlalchemy import select, update

from pmsdesk.models import Kpi, KpiTarget, PeriodActual
from pmsdesk.services.held_values import confirm_actual_value, confirmed_values

from .helpers import SYSTEM


def _implausible_actual(session) -> tuple[str, str, float]:
    """An actual of a numeric KPI made 50 times its target, as a typing slip would: (actual, year, value)."""
    actual, target, year_id = session.execute(
        select(PeriodActual, KpiTarget.value, Kpi.financial_year_id)
        .join(Kpi, Kpi.id == PeriodActual.kpi_id)
        .join(KpiTarget, (KpiTarget.kpi_id == PeriodActual.kpi_id) & (KpiTarget.period_id == PeriodActual.period_id))
        .where(KpiTarget.value > 0, PeriodActual.value.is_not(None), Kpi.measure_type == "number")
        .order_by(PeriodActual.id).limit(1)).one()
    value = target * 50
    session.execute(update(PeriodActual).where(PeriodActual.id == actual.id).values(value=value))
    session.commit()
    return actual.id, year_id, value


def test_a_confirmed_value_is_confirmed_at_head_office_too(pair):
    pair.head.import_(pair.first_package)
    with pair.office.database.session() as session:
        actual_id, year_id, value = _implausible_actual(session)
        confirm_actual_value(session, SYSTEM, actual_id, "Seen the job cards: the figure is right.")
        assert confirmed_values(session, [year_id]) == {actual_id: value}
    pair.office.export("HEAD-OFFICE", pair.folder / "second.pmspkg")

    pair.head.import_(pair.folder / "second.pmspkg")

    with pair.head.database.session() as session:
        assert confirmed_values(session, [year_id]) == {actual_id: value}
        arrived = session.get(PeriodActual, actual_id)
        assert (arrived.confirmed_by, arrived.confirmation_note) == (SYSTEM.username,
                                                                     "Seen the job cards: the figure is right.")
