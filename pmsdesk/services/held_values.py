"""Values held for checking: a PMS officer confirms an implausible actual so that it counts.

An actual ten or more times its target (the rule set's
``held_for_checking_ratio``) is left out of every score and printed "Held for
checking" (see :mod:`pmsdesk.scoring.plausibility`). It counts again when it is
corrected, or when a PMS officer confirms that exact value here: the
confirmation is stored as a resolved data-quality flag on the actual, naming
the value confirmed, and audited. A later change of the value needs a new
confirmation.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import Kpi, KpiTarget, PeriodActual
from pmsdesk.scoring.plausibility import is_implausible
from pmsdesk.scoring.rules import setting

from .actor import Actor, Permission
from .errors import NotFound, ValidationError
from .records import change_record, get_or_fail, transaction
from .rule_sets import get_rule_set

SCORECARD_RULES = "za_sdbip"


def held_ratio(session: Session) -> float | None:
    """The ratio of the stored scorecard rule set (or the shipped one) at which values are held."""
    from pmsdesk.scoring import default_rule_set

    try:
        rules = get_rule_set(session, SCORECARD_RULES)
    except NotFound:
        rules = default_rule_set(SCORECARD_RULES)
    return setting(rules, "held_for_checking_ratio")


def confirmed_values(session: Session, year_ids: Collection[str]) -> dict[str, float]:
    """Actual id → the value a PMS officer confirmed, for the actuals of ``year_ids``."""
    rows = session.execute(
        select(PeriodActual.id, PeriodActual.confirmed_value)
        .join(Kpi, Kpi.id == PeriodActual.kpi_id)
        .where(PeriodActual.confirmed_value.is_not(None), Kpi.financial_year_id.in_(list(year_ids))))
    return {actual_id: value for actual_id, value in rows if value is not None}


def confirm_actual_value(session: Session, actor: Actor, actual_id: str, note: str) -> PeriodActual:
    """Confirm that a held actual's value is right, so scores count it; ``note`` says how it was checked.

    The confirmation is written on the actual (value confirmed, by whom, the note) and audited, so it
    travels to head office with the actual and its scores there agree with the office's.
    """
    actual = get_or_fail(session, PeriodActual, actual_id, "actual")
    kpi = session.get(Kpi, actual.kpi_id)
    assert kpi is not None  # an actual's KPI is a foreign key
    actor.require(Permission.MANAGE_KPIS, kpi.responsible_unit_id)
    if not note or not note.strip():
        raise ValidationError.single("note", _("say how the value was checked (e.g. the evidence seen)"))
    target = session.scalar(select(KpiTarget.value).where(
        KpiTarget.kpi_id == actual.kpi_id, KpiTarget.period_id == actual.period_id))
    if not is_implausible(kpi.measure_type, target, actual.value, held_ratio(session)):
        raise ValidationError.single(
            "actual", _("{0}'s value is not held for checking; only a held value needs confirming").format(kpi.reference))
    if actual.confirmed_value is not None and actual.confirmed_value == actual.value:
        raise ValidationError.single("actual", _("{0}'s value {1:g} is already confirmed").format(kpi.reference, actual.value))
    with transaction(session):
        return change_record(session, actor, actual, {
            "confirmed_value": actual.value, "confirmed_by": actor.username, "confirmation_note": note.strip()},
            reason="value held for checking confirmed")
