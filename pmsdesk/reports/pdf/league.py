"""The head-office league table: every organisation's scores for the same year and quarter.

Organisations are ranked on what the rule set names (``league_rank_on``): by
default the share of year-to-date targets achieved (X of Y, a target not
reported counting as not achieved), else the weighted mean achievement; ties
go to the other figure. An organisation with no target due is listed last,
unranked. Every organisation is scored with the same rule set and to the same
quarter, so the ranks compare like with like.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.models import (
    ActualStatus,
    FinancialYear,
    InstallationSetting,
    Organisation,
    PeriodActual,
    PeriodKind,
    ReportingPeriod,
)
from pmsdesk.scorecard import DEFAULT_RULES, latest_reported_period, load_year, resolve_rules, score_year
from pmsdesk.scoring import SdbipRules, headline

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
    inputs = [load_year(session, year, rules=rules) for year in years]
    period = request.period or max(latest_reported_period(i) for i in inputs)
    for each in inputs:
        if period not in each.period_labels:
            raise ReportError(f"--period: {each.organisation_code} has no quarter {period} in {label}")
    cards = [score_year(i, rules, period, rule_set_source=source) for i in inputs]
    pending = _pending(session, label, period)
    book = SdbipRules.of(rules)
    colours = {light.code: light.colour for light in book.categories()}
    rows = rank_rows([_row(card, pending, colours) for card in cards], book.rank_on)
    office = session.get(InstallationSetting, "office_code")
    office_name = f"Head office ({office.value})" if office else "Head office"
    not_approved = sum(r["not_approved"] for r in rows)
    quarter = cards[0].period_label
    data = {"year": label, "period": period, "rows": rows, "rank_on": book.rank_on,
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


#: The two figures a league can rank on, each with the other as the tie-break.
RANK_KEYS = {"targets_achieved": ("ytd_achieved_percent", "ytd_score"),
             "weighted_achievement": ("ytd_score", "ytd_achieved_percent")}


def rank_rows(rows: list[dict[str, Any]], rank_on: str) -> list[dict[str, Any]]:
    """``rows`` best first on ``rank_on``, each with its ``rank``; those without the figure last."""
    first, second = RANK_KEYS[rank_on]
    ordered = sorted(rows, key=lambda r: (r[first] is None, -(r[first] or 0), -(r[second] or 0),
                                          r["code"]))
    for rank, row in enumerate(ordered, 1):
        row["rank"] = rank if row[first] is not None else None
    return ordered


def _row(card, pending: Counter[str], colours: dict[str, Any]) -> dict[str, Any]:
    ytd = card.year_to_date.organisation
    return {"code": card.organisation_code, "name": card.organisation_name, "kpis": len(card.lines),
            "ytd_achieved": ytd.achieved, "ytd_targets": ytd.targets,
            "ytd_achieved_percent": ytd.achieved_percent,
            "period_score": card.period.organisation.score,
            "ytd_score": ytd.score, "category": ytd.category_name,
            "colour": colours.get(ytd.category) or NOT_MEASURED,
            "not_achieved": ytd.not_achieved, "not_reported": ytd.not_reported,
            "left_out": ytd.left_out,
            "at_risk": len(card.at_risk), "not_approved": pending.get(card.organisation_code, 0)}


def story(data: dict[str, Any], quarter: str, rules_name: str) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    rows = data["rows"]
    header = ["Rank", "Organisation", "Code", "KPIs", "YTD targets achieved", "Not achieved",
              "Not reported", "Left out", "YTD mean", "YTD traffic light", f"{quarter} mean",
              "At risk", "Not approved"]
    body, colours = [], []
    for index, row in enumerate(rows):
        counts = {"achieved": row["ytd_achieved"], "not_achieved": row["not_achieved"],
                  "not_reported": row["not_reported"]}
        body.append([str(row["rank"] or "–"), row["name"], row["code"], str(row["kpis"]),
                     headline.x_of_y(counts), str(row["not_achieved"]), str(row["not_reported"]),
                     str(row["left_out"]), score_text(row["ytd_score"]), light_cell(row["category"]),
                     score_text(row["period_score"]), str(row["at_risk"]), str(row["not_approved"])])
        colours.append((9, index, row["colour"]))
    shares = (0.04, 0.2, 0.06, 0.04, 0.11, 0.06, 0.06, 0.05, 0.06, 0.11, 0.06, 0.05, 0.07)
    ranked_on = ("share of year-to-date targets achieved" if data["rank_on"] == "targets_achieved"
                 else "year-to-date weighted mean achievement")
    out: list[Flowable] = [
        para(f"League Table {data['year']}: performance to {quarter}", "title"),
        para(f"{len(rows)} organisations ranked by {ranked_on} · traffic lights: "
             f"{rules_name} ({data['rule_set']['code']} revision {data['rule_set']['revision']})",
             "subtitle"),
        data_table(header, body, [s * width for s in shares],
                   right_align=(0, 3, 4, 5, 6, 7, 8, 10, 11, 12), cell_colours=colours),
        spacer(2),
        para("Targets achieved X of Y: KPIs with a target due year to date whose reporting "
             "deadline has passed; a target not reported counts as not achieved. Mean: weighted "
             "mean achievement of the same KPIs (not reported at 0%). Left out: awaiting report, "
             "held for checking or not measured. Not approved: actuals up to the quarter still "
             "awaiting approval.", "note"),
        *heading("Year-to-date targets achieved"),
        score_bars([(f"{r['name']}", r["ytd_achieved_percent"], r["colour"])
                    for r in rows[:CHART_ROWS]], width * 0.8, label_chars=40,
                   axis_title="Year-to-date targets achieved (% of targets due)"),
    ]
    if len(rows) > CHART_ROWS:
        out.append(para(f"The chart shows the first {CHART_ROWS} of {len(rows)} organisations.", "note"))
    return out
