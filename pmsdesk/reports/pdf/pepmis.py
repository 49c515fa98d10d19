"""The Tanzanian PEPMIS reports an LGA's HR officer prints: per employee, and per institution.

``pepmis``: one employee's year: for each period their assigned sub-tasks with
weights, targets, progress, the supervisor's quantitative and qualitative marks
(0-100), task and period scores with the band (English and Kiswahili), the
progress entries and appeals, the annual score and signature lines.
``pepmis-summary``: every employee's period and annual scores and the plan's tasks.
Headings carry the Kiswahili term beside the English one where FORMS.md section 5.3
gives it (Mtumishi, Msimamizi, Alama, Uzito, Rufaa, Taasisi …); the others are English only. A report with marks
still missing or an appeal waiting is printed as a DRAFT.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.models import FinancialYear, Organisation, PepmisAssignment, PepmisPlan, PepmisSubTask, PepmisTask, Person
from pmsdesk.services import pepmis as service
from pmsdesk.services.pepmis.reads import plan_outline
from pmsdesk.wording import a_date, plain_number

from .base import ReportContent, ReportError, ReportRequest, financial_year, folded, organisation
from .blocks import data_table, facts_table, heading, signature_blocks, titled
from .document import LANDSCAPE, PORTRAIT, frame_width
from .styles import para

SUMMARY_KIND = "pepmis-summary"


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


_band = service.band_words
#: An appeal's outcome as stored (``services.pepmis.work.OUTCOMES``) or still open, for the catalogue.
APPEAL_OUTCOMES = (N_("upheld"), N_("dismissed"), N_("pending"))


def _year_with_plan(session: Session, org: Organisation, label: str | None) -> FinancialYear:
    planned = set(session.scalars(select(PepmisPlan.financial_year_id).where(PepmisPlan.organisation_id == org.id)))
    if not planned:
        raise ReportError(_("{0} has no PEPMIS plan; set one up on the PEPMIS screen first").format(org.code))
    return financial_year(session, org, label, lambda years: next(
        (year for year in reversed(years) if year.id in planned), None))


def _person(session: Session, year: FinancialYear, text: str | None) -> Person:
    """The employee with assigned sub-tasks in the year, by id or (part of) their name."""
    assigned = (select(PepmisAssignment.person_id).join(PepmisSubTask).join(PepmisTask).join(PepmisPlan)
                .where(PepmisPlan.financial_year_id == year.id))
    people = list(session.scalars(select(Person).where(Person.id.in_(assigned)).order_by(Person.full_name)))
    names = ", ".join(p.full_name for p in people) or "nobody"
    if not text:
        if len(people) == 1:
            return people[0]
        raise ReportError(_("--person NAME_OR_ID is needed: sub-tasks are assigned to {0}").format(names))
    wanted = folded(text)
    found = [p for p in people if p.id == text.strip()] or [p for p in people if folded(p.full_name) == wanted] \
        or [p for p in people if wanted and wanted in folded(p.full_name)]
    if len(found) != 1:
        problem = _("matches more than one person") if found else _("has no PEPMIS sub-tasks")
        raise ReportError(_(
                "--person: {0!r} {1} in {2}; sub-tasks are assigned to {3}").format(text, problem, year.label, names))
    return found[0]


def collect(session: Session, request: ReportRequest) -> ReportContent:
    org = organisation(session, request.organisation)
    year = _year_with_plan(session, org, request.year)
    if request.kind == SUMMARY_KIND:
        summary = service.institution_summary(session, year.id)
        outline = plan_outline(session, year.id)
        data = {"summary": asdict(summary), "tasks": [asdict(task) for task in outline.tasks]}
        unmarked = sum(p.score.unmarked for e in summary.employees for p in e.periods)
        return ReportContent(
            kind=request.kind, title=_("PEPMIS institution summary {0}").format(year.label),
            period_text=_("Financial year {0}").format(year.label), organisation_id=org.id, organisation_code=org.code,
            organisation_name=org.name,
            request=ReportRequest(request.kind, year=year.label, organisation=org.code), data=data,
            draft_reason=_("{0} assigned sub-tasks are not marked yet").format(unmarked) if unmarked else None,
            story=lambda: summary_story(data), orientation=LANDSCAPE)
    person = _person(session, year, request.person)
    report = asdict(service.employee_report(session, year.id, person.id))
    unmarked = sum(p["score"]["unmarked"] for p in report["periods"])
    waiting = sum(1 for p in report["periods"] for r in p["rows"] for a in r["appeals"] if a["outcome"] is None)
    reasons = [text for count, text in ((unmarked, _("{0} sub-tasks not marked").format(unmarked)),
                                        (waiting, _("{0} appeals waiting").format(waiting))) if count]
    return ReportContent(
        kind=request.kind, title=_(
                "PEPMIS report: {0}").format(person.full_name), period_text=_("Financial year {0}").format(year.label),
        organisation_id=org.id, organisation_code=org.code, organisation_name=org.name,
        request=ReportRequest(request.kind, year=year.label, organisation=org.code, person=person.id),
        data=report, draft_reason="; ".join(reasons) or None, story=lambda: employee_story(report),
        orientation=PORTRAIT)


def _period_tables(period: dict[str, Any], width: float) -> list[Flowable]:
    rows = period["rows"]
    sub_tasks = data_table(
        [_("Task"), _("Sub-task"), _("Weight (uzito) %"), _("Target"), _("Done %"), _("Quantitative"), _("Qualitative"),
         _("Mark (alama)"), _("Appeal")],
        [[r["task_code"], f"{r['sub_task_code']} {r['sub_task_title']}", plain_number(r["sub_task_weight"]),
          r["target"] or "", "" if r["percent_done"] is None else plain_number(r["percent_done"]),
          _score(r["quantitative"]), _score(r["qualitative"]), _score(r["mark"]),
          _(r["appeals"][-1]["outcome"] or "pending") if r["appeals"] else ""] for r in rows],
        [width * s for s in (0.05, 0.27, 0.08, 0.13, 0.07, 0.115, 0.105, 0.09, 0.09)], right_align=(2, 4, 5, 6, 7))
    score = period["score"]
    task_rows = [[f"{t['code']} {t['title']}", plain_number(t["weight"]), _score(t["score"]),
                  _("{0} of {1}").format(t['marked'], t['marked'] + t['unmarked'])] for t in score["tasks"]]
    task_rows.append([_("Period score (alama ya kipindi)"), "100", _score(score["overall"]), _band(score["band"])])
    tasks = data_table([_("Task"), _("Weight %"), _("Score"), _("Sub-tasks marked / band")], task_rows,
                       [width * s for s in (0.5, 0.12, 0.12, 0.26)], right_align=(1, 2),
                       total_rows=(len(task_rows) - 1,))
    out = [*titled(_("Period {0}: sub-tasks and marks").format(period['period_label']), sub_tasks, width, "h2"),
           *titled(_("Period {0}: task scores").format(period['period_label']), tasks, width, "h2")]
    entries = [[a_date(e["entry_date"]), r["sub_task_code"], plain_number(e["percent_done"]), e["text"],
                e["evidence"] or ""] for r in rows for e in r["progress"]]
    if entries:
        out += titled(_("Period {0}: progress entries (maendeleo)").format(period['period_label']), data_table(
            [_("Date"), _("Sub-task"), _("Done %"), _("Progress"), _("Evidence")], entries,
            [width * s for s in (0.13, 0.1, 0.09, 0.46, 0.22)], right_align=(2,)), width, "h2")
    appeals = [[r["sub_task_code"], a_date(a["lodged_on"]), a["grounds"], _(a["outcome"] or "pending"),
                a["decision"] or ""] for r in rows for a in r["appeals"]]
    if appeals:
        out += titled(_("Period {0}: appeals (rufaa)").format(period['period_label']), data_table(
            [_("Sub-task"), _("Lodged"), _("Grounds"), _("Outcome"), _("Decision")], appeals,
            [width * s for s in (0.1, 0.13, 0.32, 0.11, 0.34)]), width, "h2")
    return out


def employee_story(report: dict[str, Any]) -> list[Flowable]:
    width = frame_width(PORTRAIT)
    out: list[Flowable] = [
        para(_("PEPMIS employee performance report"), "title"),
        para(_("Taarifa ya Tathmini ya Utendaji Kazi wa Mtumishi — financial year ") + report["year_label"], "subtitle"),
        *heading(_("1. Employee (Mtumishi)")),
        facts_table([(_("Name"), report["person_name"]), (_("Check number"), report["employee_number"]),
                     (_("Post"), report["position"]), (_("Supervisor (Msimamizi)"), report["supervisor_name"]),
                     (_("Institution (Taasisi)"), report["organisation_name"]),
                     (_("Institutional plan"), report["plan_title"])], width),
        *heading(_("2. Assigned sub-tasks, progress and marks")),
    ]
    for period in report["periods"]:
        out += _period_tables(period, width)
    rows = [[p["period_label"], _score(p["score"]["overall"]), _band(p["score"]["band"])] for p in report["periods"]]
    rows.append([_("Annual score (alama ya mwaka)"), _score(report["annual"]), _band(report["annual_band"])])
    out += titled(_("3. Period and annual scores"), data_table(
        [_("Period"), _("Score (0-100)"), _("Band")], rows, [width * 0.4, width * 0.2, width * 0.4], right_align=(1,),
        total_rows=(len(rows) - 1,)), width)
    rules = report["rule_set"]
    out.append(para(_(
            "Scored by rule set {0} revision {1}: {2}").format(rules['code'], rules['revision'], rules['description']),
                    "note"))
    out.append(signature_blocks([(_("Employee (Mtumishi)"), report["person_name"]),
                                 (_("Supervisor (Msimamizi)"), report["supervisor_name"])], width,
                                title=_("4. Signatures")))
    return out


def summary_story(data: dict[str, Any]) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    summary = data["summary"]
    labels = summary["period_labels"]
    rows = []
    for employee in summary["employees"]:
        by_label = {p["period_label"]: p["score"]["overall"] for p in employee["periods"]}
        assigned = [row for period in employee["periods"] for row in period["rows"]]
        marked = sum(1 for row in assigned if row["mark"] is not None)
        entries = sum(len(row["progress"]) for row in assigned)
        rows.append([employee["person_name"], employee["position"] or "", _("{0} of {1}").format(marked, len(assigned)),
                     str(entries), *[_score(by_label.get(label)) for label in labels], _score(employee["annual"]),
                     _band(employee["annual_band"])])
    rows.append([_("Institution (taasisi)"), "", "", "", *["" for _label in labels], _score(summary["institution_score"]),
                 _band(summary["institution_band"])])
    share = 0.3 / max(1, len(labels) + 1)
    widths = [width * 0.2, width * 0.16, width * 0.09, width * 0.07, *[width * share] * (len(labels) + 1),
              width * 0.18]
    numbers = tuple(range(2, 5 + len(labels)))
    out: list[Flowable] = [
        para(_("PEPMIS institution summary"), "title"),
        para(_("Tathmini ya Utendaji Kazi wa Watumishi — {0}, {1}").format(summary['organisation_name'], summary['year_label']),
             "subtitle"),
        *titled(_("1. Employees' scores (alama za watumishi)"), data_table(
            [_("Employee"), _(
                    "Post"), _("Sub-tasks marked"), _("Progress entries"), *labels, _("Annual"), _("Band")], rows, widths,
            right_align=numbers,
            total_rows=(len(rows) - 1,)), width),
    ]
    tasks = [[t["code"], t["title"], plain_number(t["weight"]), str(len(t["sub_tasks"])),
              "; ".join(f"{s['code']} ({plain_number(s['weight'])}%)" for s in t["sub_tasks"])] for t in data["tasks"]]
    out += titled(_(
            "2. Annual institutional performance plan (Mpango wa Utendaji Kazi wa Taasisi wa "
            "Mwaka): {0}").format(summary['plan_title']), data_table(
        [_("Task"), _("Title"), _("Weight %"), _("Sub-tasks"), _("Sub-task weights")], tasks,
        [width * s for s in (0.08, 0.42, 0.1, 0.1, 0.3)], right_align=(2, 3)), width)
    rules = summary["rule_set"]
    out.append(para(_(
            "Institution score = mean of the employees' "
            "annual scores. Rule set {0} revision {1}: {2}").format(rules['code'], rules['revision'], rules['description']),
        "note"))
    return out
