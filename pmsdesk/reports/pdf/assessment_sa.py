"""What a Section 56/57 assessment prints beyond the ratings: the KPI results behind each KPA rating,
the evaluation panel, and the conditions attached to a bonus.

The KPI results are the employee's performance-plan KPIs (Annexure A) scored year to date by the
same scorecard the SDBIP reports use, up to the review's quarter (mid-year: Q2, annual: Q4), so the
panel reads the targets, actuals and statuses the quarterly reports showed. The panel members are
the ``za_s56`` rule set's ``agreement.panels`` for the employee's post (R805: the municipal manager's
panel differs from a director's).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.scoring.kpi_result import Outcome
from pmsdesk.scoring.rules import setting
from pmsdesk.services.assessments import FINAL_REVIEW
from pmsdesk.wording import count_of, plain_number

from .agreement import post_of
from .agreement_data import plan_kpis
from .base import ReportRequest
from .blocks import bullet_list, data_table, heading, titled
from .sdbip_data import load_scope
from .styles import para

#: The outcomes that count in "targets achieved X of Y" (a target was due).
DUE = (Outcome.ACHIEVED, Outcome.NOT_ACHIEVED, Outcome.NOT_REPORTED)
#: The quarter a review looks back from.
REVIEW_QUARTERS = {"Mid-year review": 2, FINAL_REVIEW: 4}

#: Printed under the bonus band of a final annual assessment (Municipal Systems Act s57(4B); R805 as
#: municipalities' agreements apply it).
BONUS_CONDITIONS = (
    N_("A bonus is paid only after the council has approved this assessment (Municipal Systems Act s57(4B))."),
    N_("It is a percentage of the all-inclusive annual remuneration package, pro rata for part of a year."),
    N_("It is paid within the budget and any upper limits for senior managers' remuneration the Minister sets."),
)


def sa_assessment_extras(session: Session, agreement: Any, facts: dict[str, Any],
                         assessment: dict[str, Any], rules: dict[str, Any], as_of: str | None = None) -> dict[str, Any]:
    """Plain data for :func:`kpi_results_section` and :func:`panel_parties`."""
    plan, _basis = plan_kpis(session, agreement, whole_organisation=post_of(facts) == "municipal_manager")
    quarter = REVIEW_QUARTERS.get(assessment["review_label"])
    results: dict[str | None, list[list[str]]] = {}
    if plan:
        scope = load_scope(session, ReportRequest("quarterly", year=facts["year"]["label"],
                                                  organisation=facts["organisation"]["code"], as_of=as_of),
                           quarter=quarter)
        lines = {line.reference: line for line in scope.card.lines}
        for kpi in plan:
            line = lines.get(kpi["reference"])
            figure = line.result.year_to_date if line is not None and line.result is not None else None
            row = [kpi["reference"], kpi["name"], kpi["annual_target"], _figure(figure.target if figure else None),
                   _figure(figure.actual if figure else None),
                   figure.category_name if figure else _("Not scored"), figure.outcome.value if figure else ""]
            results.setdefault(kpi["kpa_id"], []).append(row)
        quarter = scope.card.period_number
    text = setting(rules, "agreement")
    return {"kpi_results": {key or "": rows for key, rows in results.items()}, "results_quarter": quarter,
            "panel": text["panels"][post_of(facts)]}


def _figure(value: float | None) -> str:
    return "–" if value is None else plain_number(round(value, 2))


def kpi_results_section(facts: dict[str, Any], extras: dict[str, Any], ratings: dict[str, Any],
                        width: float) -> list[Flowable]:
    """Per KPA: its rating, then each KPI's year-to-date target, actual and status."""
    results = extras["kpi_results"]
    quarter = extras["results_quarter"]
    out: list[Flowable] = heading(_("KPI results behind each KPA rating"))
    if not any(results.values()):
        return out + [para(_("The employee is responsible for no SDBIP KPI in this year, so no KPI results "
                           "are printed; the KPA ratings rest on the panel's evidence alone."), "note")]
    out.append(para(_(
            "Year-to-date results up to Q{0} of the employee's performance-plan KPIs (Annexure A), as the "
            "SDBIP reports score them; a target not reported counts as not achieved.").format(quarter), "note"))
    header = [_(
            "Ref"), _("Key performance indicator"), _("Annual target"), _("Target to date"), _("Actual to date"), _("Status")]
    shares = (0.08, 0.4, 0.12, 0.12, 0.12, 0.16)
    for item in (i for i in facts["items"] if i["kind"] == "kpa"):
        rows = results.get(item["kpa_id"] or "", [])
        rating = ratings.get(item["id"], {}).get("rating")
        achieved = sum(1 for row in rows if row[-1] == Outcome.ACHIEVED)
        due = sum(1 for row in rows if row[-1] in DUE)
        title = (_(
                "{0}: rating {1}; {2}, targets achieved {3} of {4}").format(item['title'],
                '–' if rating is None else plain_number(rating),
                count_of(len(rows), 'KPI'),
                achieved,
                due))
        if not rows:
            out += [para(title, "h2"), para(_("No performance-plan KPI falls under this KPA."), "note")]
            continue
        out += titled(title, data_table(header, [row[:-1] for row in rows], [s * width for s in shares],
                                        right_align=(2, 3, 4)),
                      width, "h2")
    return out


def panel_parties(extras: dict[str, Any], employee: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Signature lines: the employee, then each member of the evaluation panel (names completed by hand)."""
    return [(_("Employee"), employee["name"]), *((member, None) for member in extras["panel"])]


def bonus_conditions() -> list[Flowable]:
    return [para(_("Conditions of a performance bonus"), "h2"), *bullet_list(BONUS_CONDITIONS)]
