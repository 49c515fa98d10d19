"""The scorecard: an organisation's (or directorate's) performance on two pages.

For managers and council members who want the picture, not the detail: the
overall score for the quarter and year to date, KPIs per traffic light, scores
by KPA, directorate and strategic objective, and the KPIs at risk.
"""

from __future__ import annotations

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.wording import count_of

from .base import ReportContent, ReportRequest
from .blocks import data_table, facts_table, heading, spacer, titled
from .document import PORTRAIT, frame_width
from .quarterly import counting_note
from .sdbip_blocks import headline_facts, kpa_chart, light_counts_table, rollup_table
from .sdbip_data import SdbipScope, load_scope
from .styles import para

#: The scorecard is a summary: the quarterly report has every KPI.
AT_RISK_SHOWN = 25


def collect(session: Session, request: ReportRequest) -> ReportContent:
    scope = load_scope(session, request)
    card = scope.card
    return ReportContent(
        kind=request.kind, title=_("Scorecard: {0}").format(scope.scope_name),
        period_text=f"{card.period_label} {card.financial_year}",
        organisation_id=scope.organisation.id, organisation_code=scope.organisation.code,
        organisation_name=scope.organisation.name, request=scope.resolved(request.kind),
        data=scope.data(details=False), draft_reason=scope.draft_reason(), story=lambda: story(scope),
        orientation=PORTRAIT)


def story(scope: SdbipScope) -> list[Flowable]:
    card = scope.card
    width = frame_width(PORTRAIT)
    out: list[Flowable] = [
        para(_("Scorecard {0} {1}").format(card.period_label, card.financial_year), "title"),
        para(f"{scope.scope_name} · {count_of(len(card.lines), 'KPI')}", "subtitle"),
        facts_table([
            *headline_facts(scope),
            (_("At risk of missing the year-end target"), count_of(len(card.at_risk), "KPI")),
        ], width, label_share=0.35),
        para(_("Targets achieved X of Y counts every KPI with a target due whose reporting "
             "deadline has passed; a target not reported counts as not achieved. The weighted "
             "mean achievement is the second figure (a KPI not reported counts at 0%); KPIs "
             "awaiting their report, held for checking or not measured are left out of both "
             "and counted."), "note"),
        *heading(_("KPIs per traffic light")),
        light_counts_table(scope, width * 0.55),
        spacer(3),
        kpa_chart(scope, width, title=_("By key performance area, {0}").format(card.period_label)),
        *titled(_("Scores by key performance area"), rollup_table(
            scope, _("Key performance area"), card.period.by_kpa, width,
            other=card.year_to_date.by_kpa), width),
    ]
    if scope.unit is None:
        out += titled(_("Scores by directorate"), rollup_table(
            scope, _("Directorate"), card.period.by_directorate, width,
            other=card.year_to_date.by_directorate), width)
    out += titled(_("Scores by strategic objective"), rollup_table(
        scope, _("Strategic objective"), card.period.by_objective, width,
        other=card.year_to_date.by_objective), width)
    risky = [line for line in card.lines if line.projection and line.projection.at_risk]
    out += heading(_("At risk of missing the year-end target ({0})").format(len(risky)))
    if risky:
        shown = risky[:AT_RISK_SHOWN]
        out.append(data_table([_("Ref"), _("Key performance indicator"), _("Projection")],
                              [[line.reference, line.name, line.projection.reason if line.projection else ""] for line in shown],
                              [width * 0.08, width * 0.37, width * 0.55]))
        if len(risky) > len(shown):
            out.append(para(_("… and {0} more; the quarterly report lists every KPI.").format(len(risky) - len(shown)), "note"))
    else:
        out.append(para(_("No KPI is projected to miss its year-end target."), "body"))
    out.append(spacer(2))
    out.append(para(counting_note(scope), "note"))
    return out
