"""The days a Section 56/57 agreement is due by, and recording the day it was made public.

The deadlines are rule-set data (``za_s56`` body ``deadlines``, with their sources in the rule set's
description), so a council that reads the law differently, or a later amendment of it, changes a figure
under Administration ▸ Rule sets, not the code.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import AgreementStatus, PerformanceAgreement
from pmsdesk.scoring.rules import setting

from .actor import Actor, Permission
from .agreement_rules import rules_for
from .errors import ValidationError
from .records import change_record, get_or_fail, transaction


def conclusion_due(year_start: date, months: int = 1) -> date:
    """The last day a Section 56/57 agreement may be concluded: within ``months`` month(s) after the financial
    year begins (Municipal Systems Act s57(2)(b); the rule set's ``deadlines``), e.g. 31 July for one month of
    a year from 1 July. A first appointment's 60 days from starting work (s57(2)(a)) are not checked:
    pmsdesk holds no starting date."""
    month = year_start.month - 1 + months
    following = year_start.replace(year=year_start.year + month // 12, month=month % 12 + 1)
    return following - timedelta(days=1)


def agreement_deadlines(session: Session, rule_set_code: str) -> dict[str, int]:
    """The ``deadlines`` of the agreement's rule set (the shipped ones where a stored rule set predates them)."""
    return dict(setting(rules_for(session, rule_set_code), "deadlines"))


def record_made_public(session: Session, actor: Actor, agreement_id: str, made_public_on: date,
                       today: date | None = None) -> PerformanceAgreement:
    """Record the day a signed agreement was made public (MFMA s53(3)(b)); a later call corrects it.

    Refused for a draft (only a signed text is published), for a day before the signing or after today.
    """
    actor.require(Permission.MANAGE_AGREEMENTS)
    agreement = get_or_fail(session, PerformanceAgreement, agreement_id, "agreement")
    if agreement.status == AgreementStatus.DRAFT or agreement.signed_on is None:
        raise ValidationError.single("made_public_on", _("only a signed agreement is made public; sign it first"))
    if not isinstance(made_public_on, date):
        raise ValidationError.single("made_public_on", _("give the day it was made public, e.g. 2025-08-12"))
    if made_public_on < agreement.signed_on:
        raise ValidationError.single("made_public_on", _(
            "{0:%d %b %Y} is before the agreement was signed ({1:%d %b %Y})").format(made_public_on, agreement.signed_on))
    if made_public_on > (today or date.today()):
        raise ValidationError.single("made_public_on", _("{0:%d %b %Y} is still to come").format(made_public_on))
    if agreement.made_public_on == made_public_on:
        return agreement
    with transaction(session):
        return change_record(session, actor, agreement, {"made_public_on": made_public_on},
                             reason="made public (MFMA s53(3)(b))")
