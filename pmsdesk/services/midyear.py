"""The mid-year (MFMA s72) recommendation on an adjustments budget, kept with the financial year.

Section 72(3) of the Municipal Finance Management Act has the accounting officer's mid-year
assessment recommend whether an adjustments budget is needed, with revised projections where it is.
pmsdesk cannot work that out from the SDBIP alone, so the recommendation is captured as words (on the
Reports screen, beside the mid-year report) and printed in the report.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import FinancialYear, Organisation

from .actor import Actor, Permission
from .errors import NotFound, PermissionDenied, ValidationError
from .records import change_record, transaction
from .validation import Invalid, text

RECOMMENDATION_LENGTH = 8000
#: Who may write it: the PMS officer who prepares the report, or the approver (the accounting officer).
WRITERS = (Permission.MANAGE_KPIS, Permission.APPROVE)


def financial_year(session: Session, organisation_code: str, year_label: str) -> FinancialYear:
    """The organisation's year called ``year_label``; NotFound names what is missing."""
    found = session.scalar(select(FinancialYear).join(Organisation, Organisation.id == FinancialYear.organisation_id)
                           .where(Organisation.code == organisation_code, FinancialYear.label == year_label))
    if found is None:
        raise NotFound(_("{0} has no financial year {1}").format(organisation_code, year_label))
    return found


def adjustments_recommendation(session: Session, organisation_code: str, year_label: str) -> str | None:
    return financial_year(session, organisation_code, year_label).adjustments_recommendation


def may_write(actor: Actor) -> bool:
    return any(actor.can(permission) for permission in WRITERS)


def save_adjustments_recommendation(session: Session, actor: Actor, organisation_code: str, year_label: str,
                                    words: Any) -> str | None:
    """Store the recommendation (blank clears it); returns it as stored. Refused, with nothing written,
    for an actor who neither manages KPIs nor approves, or for text over the length allowed."""
    if not may_write(actor):
        raise PermissionDenied(_("{0} may not record the mid-year recommendation: it takes a PMS officer or an "
                                 "approver.").format(actor.username))
    year = financial_year(session, organisation_code, year_label)
    try:
        cleaned = text(RECOMMENDATION_LENGTH)(words)
    except Invalid as error:
        raise ValidationError.single("adjustments_recommendation", str(error)) from None
    if cleaned == year.adjustments_recommendation:
        return cleaned
    with transaction(session):
        change_record(session, actor, year, {"adjustments_recommendation": cleaned},
                      reason="mid-year adjustments-budget recommendation (MFMA s72(3))")
    return cleaned
