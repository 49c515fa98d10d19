"""PEPMIS / PIPMIS for Tanzanian LGAs: the institution's plan, employees' sub-tasks, marks, appeals.

Writes: :mod:`.plans` (plan, tasks, sub-tasks, weights) and :mod:`.work`
(assignments, progress entries, supervisor marks, appeals). Reads and scores:
:mod:`.reads`. Every write checks permission, validates, audits and commits
in one transaction; a refusal leaves the database as it was.
"""

from .plans import (
    PLAN_FIELDS,
    SUB_TASK_FIELDS,
    TASK_FIELDS,
    add_sub_task,
    add_task,
    create_plan,
    update_sub_task,
    update_task,
    weight_problems,
)
from .reads import (
    AssignmentRow,
    EmployeeReport,
    PlanOutline,
    ScreenState,
    annual_report,
    assignments_of,
    band_words,
    employee_report,
    institution_summary,
    pepmis_rules,
    plan_outline,
    screen_state,
    uses_pepmis,
)
from .work import add_progress, assign_sub_task, decide_appeal, lodge_appeal, mark_sub_task

__all__ = [
    "PLAN_FIELDS", "SUB_TASK_FIELDS", "TASK_FIELDS", "AssignmentRow", "EmployeeReport", "PlanOutline",
    "add_progress", "add_sub_task", "add_task", "annual_report", "assign_sub_task", "assignments_of",
    "create_plan", "decide_appeal", "employee_report", "institution_summary", "lodge_appeal",
    "mark_sub_task", "pepmis_rules", "plan_outline", "update_sub_task", "update_task", "uses_pepmis",
    "weight_problems", "ScreenState", "band_words", "screen_state",
]
