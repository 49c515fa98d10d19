"""``pmsdesk pepmis``: the Tanzanian PEPMIS steps without the window, one service call each.

plan → task → sub-task → assign → progress → mark → appeal / decide, and
``scores`` to read the result. Records are named as a person types them:
task and sub-task codes, the employee's name, the period label (Q1…).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pmsdesk.services import pepmis
from pmsdesk.services.actor import Permission
from pmsdesk.services.errors import NotFound
from pmsdesk.services.people import get_official, save_official
from pmsdesk.services.pepmis import lookup

from .common import EXIT_OK, add_db_option, add_json_option, add_user_option, database_session, emit, signed_in

#: step → (help, the options it takes as (flag, keyword arguments))
STEPS: dict[str, tuple[str, tuple[tuple[str, dict[str, Any]], ...]]] = {
    "plan": ("create the year's institutional plan", (("--title", {"required": True}),)),
    "task": ("add a task to the plan", (("--code", {"required": True}), ("--title", {"required": True}),
                                         ("--weight", {"required": True, "type": float}))),
    "sub-task": ("add a sub-task to a task", (("--task", {"required": True}), ("--code", {"required": True}),
                                               ("--title", {"required": True}),
                                               ("--weight", {"required": True, "type": float}), ("--target", {}))),
    "assign": ("give an employee a sub-task for a period", (
        ("--sub-task", {"required": True}), ("--person", {"required": True}), ("--period", {"required": True}),
        ("--supervisor", {}))),
    "progress": ("enter progress on an assigned sub-task", (
        ("--sub-task", {"required": True}), ("--person", {"required": True}), ("--period", {"required": True}),
        ("--date", {"required": True}), ("--text", {"required": True}),
        ("--percent", {"required": True, "type": float}), ("--evidence", {"metavar": "FILE"}), ("--reference", {}))),
    "mark": ("the supervisor's marks (0-100) of an assigned sub-task", (
        ("--sub-task", {"required": True}), ("--person", {"required": True}), ("--period", {"required": True}),
        ("--quantitative", {"required": True, "type": float}), ("--qualitative", {"required": True, "type": float}),
        ("--date", {"required": True}), ("--comment", {}))),
    "appeal": ("lodge the employee's appeal against the marks", (
        ("--sub-task", {"required": True}), ("--person", {"required": True}), ("--period", {"required": True}),
        ("--grounds", {"required": True}), ("--date", {"required": True}))),
    "decide": ("record the outcome of the waiting appeal", (
        ("--sub-task", {"required": True}), ("--person", {"required": True}), ("--period", {"required": True}),
        ("--outcome", {"required": True, "choices": ("upheld", "dismissed")}), ("--decision", {"required": True}),
        ("--date", {"required": True}), ("--quantitative", {"type": float}), ("--qualitative", {"type": float}))),
    "link-account": ("say which employee a sign-in account belongs to (own progress; never marks own sub-tasks)",
                     (("--account", {"required": True, "metavar": "USERNAME"}), ("--person", {"required": True}))),
    "scores": ("each employee's period and annual scores", ()),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("pepmis", help="Tanzanian PEPMIS: plan, assign, progress, marks, appeals",
                                   description="PEPMIS / PIPMIS steps for a Tanzanian organisation.")
    steps = parser.add_subparsers(title="steps", metavar="STEP", dest="pepmis_step", required=True)
    for step, (summary, options) in STEPS.items():
        sub = steps.add_parser(step, help=summary, description=summary[:1].upper() + summary[1:] + ".")
        sub.add_argument("--org", metavar="CODE", help="the organisation (default: the only Tanzanian one)")
        sub.add_argument("--year", metavar="LABEL", help="the financial year (default: the latest)")
        for flag, keywords in options:
            sub.add_argument(flag, **keywords)
        add_db_option(sub)
        add_user_option(sub)
        add_json_option(sub)
        sub.set_defaults(handler=run)


def _assignment(session, plan, organisation, year, args):
    return lookup.find_assignment(session, lookup.find_sub_task(plan, args.sub_task),
                                  lookup.find_person(session, organisation, args.person),
                                  lookup.find_period(session, year, args.period))


def _write(session, actor, args) -> str:
    """Do the step; returns what was done, in words."""
    organisation, year = lookup.find_year(session, args.org, args.year)
    step = args.pepmis_step
    if step == "link-account":
        person = lookup.find_person(session, organisation, args.person)
        official = get_official(session, organisation.id, person.id)
        save_official(session, actor, organisation.id, person.id, {**official.values(), "username": args.account})
        return f"Account {args.account} belongs to {person.full_name}."
    if step == "plan":
        pepmis.create_plan(session, actor, organisation.id, year.id, {"title": args.title})
        return f"PEPMIS plan for {year.label} created."
    plan = lookup.find_plan(session, year)
    if step == "task":
        pepmis.add_task(session, actor, plan.id, {"code": args.code, "title": args.title, "weight": args.weight})
        return f"Task {args.code} added ({args.weight:g}%)."
    if step == "sub-task":
        pepmis.add_sub_task(session, actor, lookup.find_task(plan, args.task).id, {
            "code": args.code, "title": args.title, "weight": args.weight, "target": args.target})
        return f"Sub-task {args.code} added to {args.task} ({args.weight:g}%)."
    if step == "assign":
        supervisor = args.supervisor and lookup.find_person(session, organisation, args.supervisor, "--supervisor").id
        pepmis.assign_sub_task(session, actor, lookup.find_sub_task(plan, args.sub_task).id,
                               lookup.find_person(session, organisation, args.person).id,
                               lookup.find_period(session, year, args.period).id, supervisor)
        return f"{args.sub_task} assigned to {args.person} for {args.period}."
    assignment = _assignment(session, plan, organisation, year, args)
    if step == "progress":
        evidence = (Path(args.evidence).name, Path(args.evidence).read_bytes()) if args.evidence else None
        pepmis.add_progress(session, actor, assignment.id, {
            "entry_date": args.date, "text": args.text, "percent_done": args.percent,
            "evidence_reference": args.reference}, evidence)
        return f"Progress of {args.date} entered ({args.percent:g}% done)."
    if step == "mark":
        pepmis.mark_sub_task(session, actor, assignment.id, {
            "quantitative_mark": args.quantitative, "qualitative_mark": args.qualitative,
            "mark_comment": args.comment, "marked_on": args.date})
        return f"Marks saved: quantitative {args.quantitative:g}, qualitative {args.qualitative:g}."
    if step == "appeal":
        pepmis.lodge_appeal(session, actor, assignment.id, {"grounds": args.grounds, "lodged_on": args.date})
        return "Appeal lodged."
    waiting = [appeal for appeal in assignment.appeals if appeal.outcome is None]
    if not waiting:
        raise NotFound(f"no appeal of {args.person} on {args.sub_task} in {args.period} is waiting")
    pepmis.decide_appeal(session, actor, waiting[-1].id, args.outcome, {
        "decision": args.decision, "decided_on": args.date, "revised_quantitative_mark": args.quantitative,
        "revised_qualitative_mark": args.qualitative})
    return f"Appeal {args.outcome}."


def _scores(session, args) -> tuple[list[dict[str, Any]], str]:
    _, year = lookup.find_year(session, args.org, args.year)
    summary = pepmis.institution_summary(session, year.id)
    rows: list[dict[str, Any]] = [{"person": e.person_name, "periods": {p.period_label: p.score.overall for p in e.periods},
             "annual": e.annual, "band": pepmis.band_words(e.annual_band)} for e in summary.employees]
    lines = [f"PEPMIS {summary.year_label}, {summary.organisation_name}"]
    for row in rows:
        periods = ", ".join(f"{label} {'—' if score is None else f'{score:.1f}'}"
                            for label, score in row["periods"].items())
        annual = "—" if row["annual"] is None else f"{row['annual']:.1f}"
        lines.append(f"  {row['person']}: {periods}; annual {annual} {row['band']}")
    return rows, "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    with database_session(args) as session:
        data: list[dict[str, Any]] | dict[str, Any]
        if args.pepmis_step == "scores":
            data, text = _scores(session, args)
        else:
            # Any signed-in user; each PEPMIS service checks what that user's role allows.
            text = _write(session, signed_in(session, args, Permission.READ), args)
            data = {"step": args.pepmis_step, "done": text}
    emit(args, data, text)
    return EXIT_OK
