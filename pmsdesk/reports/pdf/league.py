"""The head-office league table: every organisation's scores for the same year and quarter.

Organisations are ranked by their year-to-date score (the weighted mean
achievement of their measured KPIs, highest first); an organisation with no
measured KPI is listed last, unranked. Every organisation is scored with the
same rule set and to the same quarter, so the ranks compare like with like.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.models import (
    ActualStatus, FinancialYear, InstallationSetting, Organisation, PeriodActual, PeriodKind,
    ReportingPeriod,
)
from pmsdesk.scorecard import DEFAULT_RULES, latest_reported_period, load_year, resolve_rules, score_year

from .base import ReportContent, ReportError, ReportRequest
from .blocks import data_table, heading, light_cell, spacer
from .charts import score_bars
from .document import LANDSCAPE, frame_width
from .sdbip_blocks import score_text
from .styles import NOT_MEASURED, para

CHART_ROWS = 40


def collect(session: Session, request: ReportRequest) -> ReportContent:
    label = request.year or _latest_label(session)
    years = list(session.scalars(select(FinancialYear).where(FinancialYear.label == label)))
    if not years:
        labels = sorted(set(session.scalars(select(FinancialYear.label))))
        raise ReportError(f"--year: no organisation has a financial year {label!r}; the years are "
                          f"{', '.join(labels) or 'none'}")
    rules, source = resolve_rules(session, DEFAULT_RULES)
    inputs = [load_year(session, year) for year in years]
    period = request.period or max(latest_reported_period(i) for i in inputs)
    for each in inputs:
        if period not in each.period_labels:
            raise ReportError(f"--period: {each.organisation_code} has no quarter {period} in {label}")
    cards = [score_year(i, rules, period, rule_set_source=source) for i in inputs]
    pending = _pending(session, label, period)
    colours = {b["code"]: b.get("colour") for b in (*rules["body"]["bands"], rules["body"]["not_measured"])}
    rows = sorted((_row(card, pending, colours) for card in cards),
                  key=lambda r: (r["ytd_score"] is None, -(r["ytd_score"] or 0), r["code"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank if row["ytd_score"] is not None else None
    office = session.get(InstallationSetting, "office_code")
    office_name = f"Head office ({office.value})" if office else "Head office"
    not_approved = sum(r["not_approved"] for r in rows)
    quarter = cards[0].period_label
    data = {"year": label, "period": period, "rows": rows,
            "rule_set": {"code": rules["code"], "revision": rules["revision"]}}
    return ReportContent(
        kind=request.kind, title=f"League table of organisations {label}",
        period_text=f"{quarter} {label}", organisation_id=None, organisation_code=None,
        organisation_name=office_name,
        request=ReportRequest(request.kind, year=label, period=period), data=data,
        draft_reason=(f"{not_approved} actual(s) up to {quarter} are not approved yet"
                      if not_approved else None),
        story=lambda: story(data, quarter, rules["name"]), orientation=LANDSCAPE)


def _latest_label(session: Session) -> str:
    row = session.execute(select(FinancialYear.label, func.count()).join(
        ReportingPeriod, ReportingPeriod.financial_year_id == FinancialYear.id).join(
        PeriodActual, PeriodActual.period_id == ReportingPeriod.id).group_by(FinancialYear.label)
        .order_by(FinancialYear.label.desc()).limit(1)).first()
    if row is None:
        raise ReportError("the database holds no reported actuals to rank")
    return row[0]


def _pending(session: Session, label: str, period: int) -> Counter[str]:
    """Actuals up to ``period`` that are not approved, per organisation id (one query)."""
    rows = session.execute(
        select(FinancialYear.organisation_id, func.count())
        .join(ReportingPeriod, ReportingPeriod.financial_year_id == FinancialYear.id)
        .join(PeriodActual, PeriodActual.period_id == ReportingPeriod.id)
        .where(FinancialYear.label == label, ReportingPeriod.kind == PeriodKind.QUARTER,
               ReportingPeriod.number <= period, PeriodActual.status != ActualStatus.APPROVED)
        .group_by(FinancialYear.organisation_id))
    codes = dict(session.execute(select(Organisation.id, Organisation.code)).all())
    return Counter({codes[org_id]: count for org_id, count in rows})


def _row(card, pending: Counter[str], colours: dict[str, Any]) -> dict[str, Any]:
    ytd = card.year_to_date.organisation
    met = sum(1 for line in card.lines if line.result and line.result.year_to_date.met)
    not_met = sum(1 for line in card.lines if line.result and line.result.year_to_date.met is False)
    return {"code": card.organisation_code, "name": card.organisation_name, "kpis": len(card.lines),
            "measured": ytd.measured, "period_score": card.period.organisation.score,
            "ytd_score": ytd.score, "category": ytd.category_name,
            "colour": colours.get(ytd.category) or NOT_MEASURED, "met": met, "not_met": not_met,
            "not_reported": ytd.left_out_by_reason.get("not_reported", 0),
            "at_risk": len(card.at_risk), "not_approved": pending.get(card.organisation_code, 0)}


def story(data: dict[str, Any], quarter: str, rules_name: str) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    rows = data["rows"]
    header = ["Rank", "Organisation", "Code", "KPIs", "Measured", f"{quarter} score", "YTD score",
              "YTD traffic light", "Met", "Not met", "Not reported", "At risk", "Not approved"]
    body, colours = [], []
    for index, row in enumerate(rows):
        body.append([str(row["rank"] or "–"), row["name"], row["code"], str(row["kpis"]),
                     str(row["measured"]), score_text(row["period_score"]),
                     score_text(row["ytd_score"]), light_cell(row["category"]), str(row["met"]),
                     str(row["not_met"]), str(row["not_reported"]), str(row["at_risk"]),
                     str(row["not_approved"])])
        colours.append((7, index, row["colour"]))
    shares = (0.04, 0.235, 0.07, 0.045, 0.065, 0.065, 0.065, 0.12, 0.045, 0.055, 0.07, 0.05, 0.075)
    out: list[Flowable] = [
        para(f"League Table {data['year']}: performance to {quarter}", "title"),
        para(f"{len(rows)} organisations ranked by year-to-date score · traffic lights: "
             f"{rules_name} ({data['rule_set']['code']} revision {data['rule_set']['revision']})",
             "subtitle"),
        data_table(header, body, [s * width for s in shares],
                   right_align=(0, 3, 4, 5, 6, 8, 9, 10, 11, 12), cell_colours=colours),
        spacer(2),
        para("Score: weighted mean achievement of the measured KPIs (KPIs not measured or not "
             "reported are left out and counted). Met / not met / not reported: KPIs year to "
             "date. Not approved: actuals up to the quarter still awaiting approval.", "note"),
        *heading("Year-to-date scores"),
        score_bars([(f"{r['name']}", r["ytd_score"], r["colour"]) for r in rows[:CHART_ROWS]],
                   width * 0.8, label_chars=40),
    ]
    if len(rows) > CHART_ROWS:
        out.append(para(f"The chart shows the first {CHART_ROWS} of {len(rows)} organisations.", "note"))
    return out
