"""Two people editing the same record at once: the second save is refused, never silently lost.

Every travelling row carries a version counter (``SyncedMixin``); SQLAlchemy
adds ``WHERE version = <the version read>`` to each UPDATE and raises
StaleDataError when someone else saved in between. This module turns that
into a service error that says what happened and what to do. Edits that meet
in sync packages instead go to the sync conflict queue (``pmsdesk.sync``).
"""

from __future__ import annotations

import re

from sqlalchemy.orm.exc import StaleDataError

from .errors import ServiceError

#: What people call the rows of each table, for the message.
RECORD_WORDS = {
    "kpi": "KPI",
    "kpi_target": "target",
    "period_actual": "actual",
    "evidence_file": "evidence file",
    "performance_agreement": "performance agreement",
    "agreement_item": "agreement item",
    "assessment_rating": "assessment rating",
    "reporting_period": "reporting period",
    "financial_year": "financial year",
    "strategic_objective": "strategic objective",
    "user_account": "user account",
    "rule_set": "rule set",
}


class EditConflict(ServiceError):
    """Someone else saved the record after it was read here; this change was not written."""

    def __init__(self, table: str | None) -> None:
        self.table = table
        what = RECORD_WORDS.get(table or "", (table or "record").replace("_", " "))
        super().__init__(
            f"Someone else saved this {what} while you were editing it, so your change was not saved. "
            f"Reload the {what} to see their change, then make yours again."
        )


_TABLE_IN_MESSAGE = re.compile(r"on table '([^']+)'")


def edit_conflict(error: StaleDataError) -> EditConflict:
    """The service error for SQLAlchemy's StaleDataError (its message names the table)."""
    found = _TABLE_IN_MESSAGE.search(str(error))
    return EditConflict(found.group(1) if found else None)
