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
from pmsdesk.models import DataQualityFlag, Kpi, KpiTarget, PeriodActual
from pmsdesk.models.base import utcnow
from pmsdesk.scoring.plausibility import is_implausible
from pmsdesk.scoring.rules import setting

from .actor import Actor, Permission
from .errors import NotFound, ValidationError
from .records import add_record, get_or_fail, transaction
from .rule_sets import get_rule_set

ENTITY, FIELD, SOURCE_PREFIX = "period_actual", "value", "confirmed value "
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
        select(DataQualityFlag.entity_id, DataQualityFlag.source)
        .join(PeriodActual, PeriodActual.id == DataQualityFlag.entity_id)
        .join(Kpi, Kpi.id == PeriodActual.kpi_id)
        .where(DataQualityFlag.entity == ENTITY, DataQualityFlag.field == FIELD,
               DataQualityFlag.source.startswith(SOURCE_PREFIX),
               Kpi.financial_year_id.in_(list(year_ids)))
        .order_by(DataQualityFlag.raised_at))
    found: dict[str, float] = {}
    for actual_id, source in rows:
        try:
            found[actual_id] = float(source.removeprefix(SOURCE_PREFIX))
        except ValueError:
            continue
    return found


def confirm_actual_value(session: Session, actor: Actor, actual_id: str, note: str) -> DataQualityFlag:
    """Confirm that a held actual's value is right, so scores count it; ``note`` says how it was checked."""
    actual = get_or_fail(session, PeriodActual, actual_id, "actual")
    kpi = session.get(Kpi, actual.kpi_id)
    actor.require(Permission.MANAGE_KPIS, kpi.responsible_unit_id)
    if not note or not note.strip():
        raise ValidationError.single("note", _("say how the value was checked (e.g. the evidence seen)"))
    target = session.scalar(select(KpiTarget.value).where(
        KpiTarget.kpi_id == actual.kpi_id, KpiTarget.period_id == actual.period_id))
    if not is_implausible(kpi.measure_type, target, actual.value, held_ratio(session)):
        raise ValidationError.single(
            "actual", _("{0}'s value is not held for checking; only a held value needs confirming").format(kpi.reference))
    if confirmed_values(session, [kpi.financial_year_id]).get(actual.id) == actual.value:
        raise ValidationError.single("actual", _("{0}'s value {1:g} is already confirmed").format(kpi.reference, actual.value))
    with transaction(session):
        return add_record(session, actor, DataQualityFlag(
            entity=ENTITY, entity_id=actual.id, field=FIELD, problem=note.strip(),
            source=f"{SOURCE_PREFIX}{actual.value!r}", resolved_at=utcnow(), resolved_by=actor.username),
            reason="value held for checking confirmed")
