"""A typing slip never prints as a triumph: it is held for checking until confirmed or corrected.

The demo's current year has a few actuals 100 times too large (the slips data quality
catches). Before issue 20 the Q-report printed one as 10,392.2% "Extremely well met".
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear, Kpi, KpiTarget, PeriodActual, ReportingPeriod, Role
from pmsdesk.services import data_quality
from pmsdesk.services.actor import ROLE_PERMISSIONS, Actor, RoleGrant
from pmsdesk.services.errors import PermissionDenied, ValidationError
from pmsdesk.services.held_values import confirm_actual_value

from .conftest import print_report

HUGE_PERCENT = re.compile(r"\b\d{1,3}(?:,\d{3})+(?:\.\d)?%|\b\d{4,}(?:\.\d)?%")
OFFICER = Actor("pms-officer", (RoleGrant(Role.PMS_OFFICER),),
                {p: None for p in ROLE_PERMISSIONS[Role.PMS_OFFICER]})
VERIFIER = Actor("verifier", (RoleGrant(Role.VERIFIER),),
                 {p: None for p in ROLE_PERMISSIONS[Role.VERIFIER]})


def _a_slip(session):
    """(actual id, KPI reference, quarter number) of a counted actual 10x or more its target."""
    rows = session.execute(
        select(PeriodActual.id, Kpi.reference, ReportingPeriod.number, PeriodActual.value,
               KpiTarget.value, PeriodActual.status)
        .join(Kpi, Kpi.id == PeriodActual.kpi_id)
        .join(ReportingPeriod, ReportingPeriod.id == PeriodActual.period_id)
        .join(FinancialYear, FinancialYear.id == Kpi.financial_year_id)
        .join(KpiTarget, (KpiTarget.kpi_id == Kpi.id) & (KpiTarget.period_id == ReportingPeriod.id))
        .where(FinancialYear.label == "2025/26", ReportingPeriod.number <= 2,
               Kpi.measure_type != "yes_no", KpiTarget.value > 0)
        .order_by(Kpi.reference))
    for actual_id, reference, number, value, target, status in rows:
        if value is not None and value >= 10 * target and status in ("verified", "approved"):
            return actual_id, reference, number
    pytest.fail("the demo has no counted typing slip in 2025/26 Q1-Q2")


def _row_of(text: str, reference: str) -> str:
    start = text.index(f"\n{reference} ")
    return " ".join(text[start:start + 300].split())


def test_a_slip_prints_held_for_checking_until_a_pms_officer_confirms_it(demo_copy, tmp_path):
    path = demo_copy("za")
    database = open_database(path, upgrade=False, create=False)
    with database.session() as session:
        actual_id, reference, quarter = _a_slip(session)
    database.dispose()

    before = print_report(path, tmp_path / "held.pdf", "quarterly", period=quarter)
    assert not HUGE_PERCENT.search(before.text), "a slip printed as a huge achievement"
    assert "Held for checking" in _row_of(before.text, reference)
    assert before.issued.kind == "quarterly"

    database = open_database(path, upgrade=False, create=False)
    with database.session() as session:
        with pytest.raises(ValidationError, match="note"):
            confirm_actual_value(session, OFFICER, actual_id, "  ")
        with pytest.raises(PermissionDenied):
            confirm_actual_value(session, VERIFIER, actual_id, "seen")
        confirm_actual_value(session, OFFICER, actual_id, "Checked against the job cards: right.")
        with pytest.raises(ValidationError, match="already confirmed"):
            confirm_actual_value(session, OFFICER, actual_id, "again")
        year_id = session.scalar(select(Kpi.financial_year_id).join(
            PeriodActual, PeriodActual.kpi_id == Kpi.id).where(PeriodActual.id == actual_id))
        problems = data_quality.find_problems(session, OFFICER, year_id)
        assert not any(p.record_id == actual_id and p.kind.name == "IMPLAUSIBLE_ACTUAL"
                       for p in problems)
    database.dispose()

    after = print_report(path, tmp_path / "confirmed.pdf", "quarterly", period=quarter)
    assert "Held for checking" not in _row_of(after.text, reference)
