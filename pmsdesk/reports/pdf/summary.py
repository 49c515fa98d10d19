"""Mid-year (MFMA section 72) and annual (MSA section 46) performance summaries.

Both are year-to-date views: the mid-year assessment at the end of Q2, the
annual performance report at the end of Q4. Each gives the overall picture
(KPIs per traffic light, a chart by KPA, scores by KPA and directorate). The
mid-year report lists every KPI not met with its reason and corrective measure
and the KPIs at risk of missing their year-end targets, with the projection
behind each; the annual report prints every KPI against its target, its
revisions, the previous year and next year's target (:mod:`.annual_kpis`).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.scoring import headline
from pmsdesk.scoring.kpi_result import Outcome
from pmsdesk.wording import count_of, plain_number

from .annual_kpis import annual_rows, every_kpi_section
from .base import ReportContent, ReportError, ReportRequest
from .blocks import data_table, heading, spacer, titled
from .document import LANDSCAPE, PORTRAIT, NextPageTemplate, frame_width
from .quarterly import counting_note
from .sdbip_blocks import (
    KPI_HEADER,
    KPI_SHARES,
    kpa_chart,
    kpi_rows,
    light_counts_table,
    rollup_table,
    score_text,
    sign_off,
)
from .sdbip_data import SdbipScope, load_scope
from .service_providers import service_providers_section
from .styles import para

KINDS = {
    "mid-year": (2, N_("Mid-year Budget and Performance Assessment"),
                 N_("section 72 of the Local Government: Municipal Finance Management Act, 2003")),
    "annual": (4, N_("Annual Performance Report"),
               N_("section 46 of the Local Government: Municipal Systems Act, 2000")),
}


def collect(session: Session, request: ReportRequest) -> ReportContent:
    quarter, title, law = KINDS[request.kind]
    title, law = _(title), _(law)
    if request.period is not None and request.period != quarter:
        raise ReportError(_(
                "--period does not apply to a {0} report: it always covers the year to the end "
                "of Q{1}").format(request.kind, quarter))
    scope = load_scope(session, request, quarter=quarter)
    card = scope.card
    annual = annual_rows(session, scope) if request.kind == "annual" else None
    recommendation = scope.year.adjustments_recommendation if request.kind == "mid-year" else None
    if annual is not None:
        data: Any = {"sdbip": scope.data(), "annual": annual}
    elif recommendation:  # a report printed before one was recorded keeps its data hash
        data = {"sdbip": scope.data(), "adjustments_recommendation": recommendation}
    else:
        data = scope.data()
    return ReportContent(
        kind=request.kind, title=f"{title}: {scope.scope_name}",
        period_text=_("{0}, year to {1}").format(card.financial_year, card.period_label),
        organisation_id=scope.organisation.id, organisation_code=scope.organisation.code,
        organisation_name=scope.organisation.name, request=scope.resolved(request.kind), data=data,
        draft_reason=scope.draft_reason(),
        story=lambda: story(scope, title, law, request.kind, annual, recommendation), orientation=PORTRAIT)


def _overview(scope: SdbipScope) -> str:
    card = scope.card
    whole = card.year_to_date.organisation
    parts = [_(
            "Targets achieved {0}, year to {1}, of {2}").format(headline.x_of_y(whole),
            card.period_label,
            count_of(len(card.lines), 'KPI')), headline.not_reported(whole)]
    if headline.left_out(whole):
        parts.append(_("left out: {0}").format(headline.left_out(whole)))
    return ("; ".join(part for part in parts if part)
            + _(
                    ". The weighted mean achievement is {0} ({1}). {2} are projected to miss "
                    "the year-end target.").format(score_text(whole.score),
                    whole.category_name,
                    count_of(len(card.at_risk), 'KPI')))


def story(scope: SdbipScope, title: str, law: str, kind: str, annual: dict[str, Any] | None = None,
          recommendation: str | None = None) -> list[Flowable]:
    card = scope.card
    width = frame_width(PORTRAIT)
    out: list[Flowable] = [
        para(f"{title} {card.financial_year}", "title"),
        para(_("{0} · year to the end of {1} · in terms of {2}").format(scope.scope_name, card.period_label, law),
             "subtitle"),
        NextPageTemplate(LANDSCAPE),
        *heading(_("1. Overview")),
        para(_overview(scope), "body"),
        light_counts_table(scope, width * 0.5, period=False),
        spacer(3),
        kpa_chart(scope, width, year_to_date=True,
                  title=_("KPIs per traffic light by KPA, year to date")),
        para(counting_note(scope), "note"),
        *titled(_("2. Year-to-date scores by key performance area"),
                rollup_table(scope, _("Key performance area"), card.year_to_date.by_kpa, width), width),
    ]
    if scope.unit is None:
        out += titled(_("3. Year-to-date scores by directorate"),
                      rollup_table(scope, _("Directorate"), card.year_to_date.by_directorate, width),
                      width)
    if annual is not None:
        number = 3 if scope.unit is not None else 4
        out += every_kpi_section(annual, scope, number)
        out += service_providers_section(annual["service_providers"], scope, number + 1)
    else:
        out += _not_met(scope)
    if kind == "mid-year":
        out += _at_risk(scope)
        out += _adjustments(recommendation)
    out += [spacer(6), sign_off(scope, frame_width(LANDSCAPE))]
    return out


def _not_met(scope: SdbipScope) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    lines = [line for line in scope.card.lines if line.result is not None
             and line.result.year_to_date.outcome in (Outcome.NOT_ACHIEVED, Outcome.NOT_REPORTED)]
    out: list[Flowable] = [*heading(_(
            "Targets not achieved or not reported, year to {0} ({1})").format(scope.card.period_label, len(lines))),
                           para(_("Targets and actuals are year to date under each KPI's calculation "
                                "type; reasons and corrective measures are those reported for the "
                                "latest quarter. A target not reported counts as not achieved."),
                                "note")]
    if not lines:
        return out + [para(_("Every KPI with a target due achieved its year-to-date target."), "body")]
    rows, colours = kpi_rows(scope, lines, year_to_date=True)
    for row, line in zip(rows, lines):
        if line.result is not None:  # the lines listed here were all scored
            row[4], row[5] = _figure(line.result.year_to_date.target), _figure(line.result.year_to_date.actual)
    out.append(data_table(KPI_HEADER, rows, [s * width for s in KPI_SHARES],
                          right_align=(3, 4, 5, 6), cell_colours=colours))
    return out


def _figure(value: Any) -> str:
    return "" if value is None else plain_number(round(value, 2))


def _adjustments(recommendation: str | None) -> list[Flowable]:
    """The accounting officer's recommendation on an adjustments budget (MFMA s72(3)), as recorded."""
    out = heading(_("Recommendation on an adjustments budget"))
    if not recommendation:
        return out + [para(_("No recommendation has been recorded for this year. Section 72(3) of the Municipal "
                           "Finance Management Act requires the assessment to recommend whether an adjustments "
                           "budget is necessary, with revised projections of revenue and expenditure where it is; "
                           "record it on the Reports screen beside this report."), "note")]
    return out + [para(paragraph, "body") for paragraph in recommendation.split("\n") if paragraph.strip()] + [
        para(_("Made in terms of section 72(3) of the Municipal Finance Management Act, 2003."), "small")]


def _at_risk(scope: SdbipScope) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    lines = [line for line in scope.card.lines if line.projection and line.projection.at_risk]
    out = heading(_("KPIs at risk of missing the year-end target ({0})").format(len(lines)))
    if not lines:
        return out + [para(_("No KPI is projected to miss its year-end target."), "body")]
    rows = [[line.reference, line.name, line.groups.get("directorate", ""),
             line.projection.reason if line.projection else ""] for line in lines]
    out.append(data_table([_("Ref"), _("Key performance indicator"), _("Directorate"), _("Projection")], rows,
                          [width * s for s in (0.06, 0.32, 0.17, 0.45)]))
    return out
