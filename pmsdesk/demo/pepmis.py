"""The Tanzanian demo's PEPMIS year: the council's plan, four employees' sub-tasks, progress, marks, an appeal.

Built through the PEPMIS services (so every row is validated and audited) in
one unit of work after the organisation's rows: Q1 and Q2 are marked, Q3 has
progress only, and one Q1 appeal was upheld. OPRAS agreements stay as they are.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import ReportingPeriod
from pmsdesk.services import pepmis
from pmsdesk.services.actor import Actor
from pmsdesk.services.people import save_official
from pmsdesk.services.records import transaction

#: (code, title, weight, sub-tasks of (code, title, weight, target))
TASKS = (
    ("T1", "Improve maternal and child health services", 40, (
        ("T1.1", "Hold monthly outreach immunisation clinics", 60, "36 clinics"),
        ("T1.2", "Supervise the 12 dispensaries quarterly", 40, "48 supervision visits"))),
    ("T2", "Raise primary school pass rates", 35, (
        ("T2.1", "Run remedial classes for Standard VII", 50, "20 schools"),
        ("T2.2", "Inspect schools and follow up the findings", 50, "60 inspections"))),
    ("T3", "Increase own-source revenue collection", 25, (
        ("T3.1", "Register and bill service levy payers", 100, "1,200 payers billed"),)),
)
#: (name, post, unit index, sub-tasks); the head of the council supervises them.
STAFF = (
    ("Amina Mollel", "Nursing Officer", 1, ("T1.1", "T1.2")),
    ("Joseph Kimaro", "Ward Education Officer", 2, ("T2.1", "T2.2")),
    ("Rehema Swai", "Revenue Officer", 5, ("T3.1",)),
)
#: (quantitative, qualitative) marks per staff member and quarter (Q1, Q2); Q3 is not marked yet.
MARKS = (((85, 80), (90, 85)), ((70, 65), (75, 70)), ((55, 60), (65, 70)))


def add_pepmis_year(session: Session, actor: Actor, organisation_id: str, financial_year_id: str,
                    unit_ids: list[str], head_person_id: str) -> None:
    """The current year's PEPMIS plan and work for the first demo organisation (inside build_demo's unit of work)."""
    with transaction(session):
        plan = pepmis.create_plan(session, actor, organisation_id, financial_year_id,
                                  {"title": "Institutional performance plan 2025/26"})
        sub_task_ids: dict[str, str] = {}
        for code, title, weight, subs in TASKS:
            task = pepmis.add_task(session, actor, plan.id, {"code": code, "title": title, "weight": weight})
            for sub_code, sub_title, sub_weight, target in subs:
                sub_task_ids[sub_code] = pepmis.add_sub_task(session, actor, task.id, {
                    "code": sub_code, "title": sub_title, "weight": sub_weight, "target": target}).id
        quarters = list(session.scalars(select(ReportingPeriod).where(
            ReportingPeriod.financial_year_id == financial_year_id).order_by(ReportingPeriod.start_date)))[:3]
        for (name, post, unit, codes), marks in zip(STAFF, MARKS):
            person = save_official(session, actor, organisation_id, None, {
                "full_name": name, "position_title": post, "unit_id": unit_ids[unit], "supervisor_id": head_person_id})
            for number, quarter in enumerate(quarters):
                for code in codes:
                    _work_quarter(session, actor, sub_task_ids[code], person.id, quarter,
                                  marks[number] if number < len(marks) else None, code)


def _work_quarter(session: Session, actor: Actor, sub_task_id: str, person_id: str, quarter: ReportingPeriod,
                  marks: tuple[int, int] | None, code: str) -> None:
    assignment = pepmis.assign_sub_task(session, actor, sub_task_id, person_id, quarter.id)  # their supervisor
    for week in range(0, 12, 3):  # an entry every third week keeps the demo readable
        day = quarter.start_date + timedelta(days=7 * week + 4)
        pepmis.add_progress(session, actor, assignment.id, {
            "entry_date": day, "text": f"{code}: work of the week of {day.isoformat()} done as planned",
            "percent_done": min(100, 25 * (week // 3 + 1)), "evidence_reference": f"File {code}/{day:%m%d}"})
    if marks is None:
        return
    marked_on = quarter.end_date + timedelta(days=5)
    pepmis.mark_sub_task(session, Actor.system("demo-supervisor"), assignment.id, {
        "quantitative_mark": marks[0], "qualitative_mark": marks[1], "marked_on": marked_on,
        "mark_comment": "Targets of the quarter reached" if marks[0] >= 70 else "Below the quarter's target"})
    if code == "T3.1" and quarter.number == 1:
        appeal = pepmis.lodge_appeal(session, actor, assignment.id, {
            "grounds": "Levy payers billed in September were not counted", "lodged_on": marked_on + timedelta(days=3)})
        pepmis.decide_appeal(session, Actor.system("demo-appeals-committee"), appeal.id, "upheld", {
            "decision": "Billing register confirms 310 payers; marks revised", "decided_on": marked_on + timedelta(days=10),
            "revised_quantitative_mark": 70, "revised_qualitative_mark": 65})
