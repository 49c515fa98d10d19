"""When each year's agreement was concluded, and whether late (Municipal Systems Act s57(2)(b))."""

from __future__ import annotations

from datetime import date

import pytest

from pmsdesk.services import agreements
from pmsdesk.services import people as people_service
from pmsdesk.ui.agreements.wording import concluded_text

ITEMS = [{"kind": "kpa", "title": "Basic Service Delivery", "weight": 100},
         {"kind": "ccr", "title": "Financial Management", "weight": 100}]


@pytest.mark.parametrize(("start", "due"), [
    (date(2025, 7, 1), date(2025, 7, 31)), (date(2026, 1, 1), date(2026, 1, 31)),
    (date(2025, 12, 1), date(2025, 12, 31)), (date(2025, 4, 1), date(2025, 4, 30)),
])
def test_the_agreement_is_due_within_one_month_of_the_year_start(start, due):
    assert agreements.conclusion_due(start) == due


def _agreement(session, system, small_org, name):
    person = people_service.create_person(session, system, small_org.organisation_id, {"full_name": name})
    return agreements.create_agreement(session, system, person.id, small_org.year_id,
                                       {"kind": "za_s56", "rule_set_code": "za_s56", "title": f"PA {name}"}, ITEMS)


def test_the_list_shows_when_each_was_concluded_and_flags_the_late_ones(session, system, small_org):
    on_time = _agreement(session, system, small_org, "Anele On-Time")
    agreements.sign_agreement(session, system, on_time.id, date(2025, 7, 28), "Parys")
    late = _agreement(session, system, small_org, "Bongani Late")
    agreements.sign_agreement(session, system, late.id, date(2025, 9, 2), "Parys")
    agreements.amend_agreement(session, system, late.id, "adjustments budget", ITEMS)
    _agreement(session, system, small_org, "Carla Pending")
    rows = {row.employee: row for row in agreements.list_agreements(session, small_org.organisation_id,
                                                                    small_org.year_id)}
    due = rows["Anele On-Time"].due_on
    assert due == agreements.conclusion_due(due.replace(day=1))
    assert rows["Bongani Late"].version == 1 and rows["Bongani Late"].concluded_on == date(2025, 9, 2)
    texts = {name: concluded_text(row, today=date(2025, 8, 15)) for name, row in rows.items()}
    assert texts == {"Anele On-Time": "28 Jul 2025", "Bongani Late": "2 Sep 2025 (late)",
                     "Carla Pending": f"not yet (due {due.day} Jul 2025, late)"}
    assert concluded_text(rows["Carla Pending"], today=date(2025, 7, 10)) == f"not yet (due {due.day} Jul 2025)"
