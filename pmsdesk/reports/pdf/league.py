"""The head-office league table: every organisation's scores for the same year and quarter.

The rows come from :func:`pmsdesk.sync.consolidation.consolidate` and the columns from
:mod:`pmsdesk.sync.league_columns`, exactly as the Head office screen shows them, so the
printed table and the screen agree figure by figure. Organisations are ranked on what the
rule set names (``league_rank_on``); one without the year or quarter is listed last, unranked,
with the reason.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import FinancialYear, InstallationSetting, PeriodActual, ReportingPeriod
from pmsdesk.scorecard import DEFAULT_RULES, resolve_rules
from pmsdesk.scoring import SdbipRules
from pmsdesk.services.actor import Actor
from pmsdesk.sync.consolidation import League, consolidate
from pmsdesk.sync.league_columns import LEAGUE_COLUMNS, explanations

from .base import ReportContent, ReportError, ReportRequest
from .blocks import data_table, heading, light_cell, spacer
from .charts import score_bars
from .document import LANDSCAPE, frame_width
from .styles import NOT_MEASURED, para

CHART_ROWS = 40
LIGHT = next(index for index, column in enumerate(LEAGUE_COLUMNS) if column.key == "light")


def collect(session: Session, request: ReportRequest) -> ReportContent:
    label = request.year or _latest_label(session)
    if session.scalar(select(FinancialYear.id).where(FinancialYear.label == label).limit(1)) is None:
        labels = sorted(set(session.scalars(select(FinancialYear.label))))
        raise ReportError(_(
                "--year: no organisation has a financial year {0!r}; the years "
                "are {1}").format(label, ', '.join(labels) or 'none'))
    league = consolidate(session, Actor.system("report"), label, period_number=request.period)
    if league.period_number is None:
        raise ReportError(_("no organisation has a quarter to rank in {0}").format(label))
    rules, _source = resolve_rules(session, DEFAULT_RULES)
    colours = {light.code: light.colour for light in SdbipRules.of(rules).categories()}
    office = session.get(InstallationSetting, "office_code")
    office_name = _("Head office ({0})").format(office.value) if office else _("Head office")
    quarter = league.period_label or f"Q{league.period_number}"
    data = {"year": label, "period": league.period_number, "rank_on": league.rank_on, "rule_set": league.rule_set,
            "rows": [_row(row, colours) for row in league.rows]}
    return ReportContent(
        kind=request.kind, title=_("League table of organisations {0}").format(label),
        period_text=f"{quarter} {label}", organisation_id=None, organisation_code=None,
        organisation_name=office_name,
        request=ReportRequest(request.kind, year=label, period=league.period_number), data=data,
        draft_reason=(_("{0} actual(s) up to {1} are not approved yet").format(league.not_approved, quarter)
                      if league.not_approved else None),
        story=lambda: story(league, data, quarter), orientation=LANDSCAPE)


def _latest_label(session: Session) -> str:
    row = session.execute(select(FinancialYear.label, func.count()).join(
        ReportingPeriod, ReportingPeriod.financial_year_id == FinancialYear.id).join(
        PeriodActual, PeriodActual.period_id == ReportingPeriod.id).group_by(FinancialYear.label)
        .order_by(FinancialYear.label.desc()).limit(1)).first()
    if row is None:
        raise ReportError(_("the database holds no reported actuals to rank"))
    return row[0]


def _row(row, colours: dict[str, Any]) -> dict[str, Any]:
    """One organisation's printed cells (the screen's texts) and the colour of its traffic light."""
    lit = row.problem is None and row.reported_in_period
    return {"code": row.organisation_code, "name": row.organisation_name, "rank": row.rank,
            "cells": [column.text(row) for column in LEAGUE_COLUMNS],
            "ytd_achieved_percent": row.achieved_percent,
            "colour": (colours.get(row.category) if lit else None) or NOT_MEASURED}


def story(league: League, data: dict[str, Any], quarter: str) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    rows = data["rows"]
    body, colours = [], []
    for index, row in enumerate(rows):
        cells: list[object] = list(row["cells"])
        cells[LIGHT] = light_cell(row["cells"][LIGHT])
        body.append(cells)
        colours.append((LIGHT, index, row["colour"]))
    ranked_on = (_("share of year-to-date targets achieved") if data["rank_on"] == "targets_achieved"
                 else _("year-to-date weighted mean achievement"))
    rule_set = data["rule_set"]
    out: list[Flowable] = [
        para(_("League Table {0}: performance to {1}").format(data['year'], quarter), "title"),
        para(_(
                "{0} organisations ranked by {1} · traffic lights: {2} ({3} revision {4})").format(len(rows),
                ranked_on,
                rule_set['name'],
                rule_set['code'],
                rule_set['revision']), "subtitle"),
        data_table([column.heading for column in LEAGUE_COLUMNS], body,
                   [column.share * width for column in LEAGUE_COLUMNS],
                   right_align=[index for index, column in enumerate(LEAGUE_COLUMNS) if column.numeric],
                   cell_colours=colours),
        spacer(2),
        para(explanations(), "note"),
    ]
    if league.silent:
        out.append(para(_(
                "Nothing reported for {0} by {1} organisation(s): their year-to-date "
                "figures stand as of the quarters they did report.").format(quarter, len(league.silent)), "note"))
    out += [
        *heading(_("Year-to-date targets achieved")),
        score_bars([(row["name"], row["ytd_achieved_percent"], row["colour"]) for row in rows[:CHART_ROWS]],
                   width * 0.8, label_chars=40, axis_title=_("Year-to-date targets achieved (% of targets due)")),
    ]
    if len(rows) > CHART_ROWS:
        out.append(para(_("The chart shows the first {0} of {1} organisations.").format(CHART_ROWS, len(rows)), "note"))
    return out
