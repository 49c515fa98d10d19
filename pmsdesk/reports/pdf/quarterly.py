"""The quarterly SDBIP performance report of an organisation or one directorate.

As tabled at council: a summary (KPIs per traffic light for the quarter and
year to date, a chart by KPA, scores by KPA and directorate), then every KPI
by KPA with its annual target, the quarter's target and actual, achievement,
traffic light, reason for deviation and corrective measure; then each KPI's
baseline, ward, required portfolio of evidence and the files submitted
(:mod:`.sdbip_evidence`); the sign-off. Landscape A4.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Table
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.wording import a_date, count_of

from .base import ReportContent, ReportRequest
from .blocks import data_table, facts_table, heading, spacer, titled
from .document import LANDSCAPE, frame_width
from .sdbip_blocks import (
    CURRENCIES,
    KPI_HEADER,
    KPI_HEADER_FINANCIAL,
    KPI_SHARES,
    KPI_SHARES_FINANCIAL,
    financial_fact,
    has_financial_targets,
    headline_facts,
    kpa_chart,
    kpi_rows,
    light_counts_table,
    rollup_table,
    sign_off,
)
from .sdbip_data import SdbipScope, load_scope
from .sdbip_evidence import evidence_rows, evidence_section
from .styles import para


def collect(session: Session, request: ReportRequest) -> ReportContent:
    scope = load_scope(session, request)
    card = scope.card
    evidence = evidence_rows(session, scope)
    return ReportContent(
        kind=request.kind,
        title=_("Quarterly performance report: {0}").format(scope.scope_name),
        period_text=f"{card.period_label} {card.financial_year}",
        organisation_id=scope.organisation.id, organisation_code=scope.organisation.code,
        organisation_name=scope.organisation.name, request=scope.resolved(request.kind),
        data={"sdbip": scope.data(), "evidence": evidence}, draft_reason=scope.draft_reason(),
        story=lambda: story(scope, evidence),
        orientation=LANDSCAPE)


def period_dates(scope: SdbipScope) -> str:
    for period in scope.year.periods:
        if period.kind.value == "quarter" and period.number == scope.card.period_number:
            return _("{0} to {1}").format(a_date(period.start_date), a_date(period.end_date))
    return ""


def counting_note(scope: SdbipScope) -> str:
    card = scope.card
    left = ", ".join(f"{n} {s}" for s, n in card.actuals.left_out.items())
    counted = " or ".join(sorted(s.value for s in scope.counted_statuses))
    labels = {p.number: p.label for p in scope.year.periods if p.kind.value == "quarter"}
    awaiting = ", ".join(labels.get(n, f"Q{n}") for n in card.awaiting_periods)
    return (_(
            "Actuals count once {0}: {1} counted up to {2}, of which {3} not yet verified").format(counted,
            card.actuals.counted,
            card.period_label,
            card.actuals.unverified)
            + (_("; {0} not counted").format(left) if left else "")
            + _(". A target whose reporting deadline has passed without a counted actual is "
            "'Not reported' and counts as not achieved")
            + (_("; {0} is still before its deadline, so its missing actuals are awaiting and left out").format(awaiting)
               if awaiting else "")
            + _(". An actual ten or more times its target is 'Held for checking' and left out until "
            "a PMS officer confirms it or it is corrected.")
            + _(
                    " Traffic lights: {0} ({1} revision {2}).").format(card.rule_set['name'],
                    card.rule_set['code'],
                    card.rule_set['revision']))


def story(scope: SdbipScope, evidence: list[list[str]] | None = None) -> list[Flowable]:
    card = scope.card
    width = frame_width(LANDSCAPE)
    financial = has_financial_targets(scope)
    facts = headline_facts(scope) + ([financial_fact(scope)] if financial else [])
    out: list[Flowable] = [
        para(_("Quarterly Performance Report: {0} {1}").format(card.period_label, card.financial_year), "title"),
        para(_(
                "{0} · Service Delivery and Budget Implementation Plan · {1} · {2}").format(scope.scope_name,
                period_dates(scope),
                count_of(len(card.lines), 'KPI')), "subtitle"),
        *heading(_("1. Summary")),
        facts_table(facts, width, label_share=0.3),
        spacer(2),
        _summary_row(scope, width),
        spacer(2),
        para(counting_note(scope), "note"),
        *titled(_("2. Scores by key performance area"), rollup_table(
            scope, _("Key performance area"), card.period.by_kpa, width,
            other=card.year_to_date.by_kpa), width, "h2"),
    ]
    if scope.unit is None:
        out += titled(_("3. Scores by directorate"), rollup_table(
            scope, _("Directorate"), card.period.by_directorate, width,
            other=card.year_to_date.by_directorate), width, "h2")
    out += heading(_("{0}. Performance per KPI").format('4' if scope.unit is None else '3'))
    currency = CURRENCIES.get(scope.organisation.country, "")
    out.append(para(_("Achievement is the quarter's actual against the quarter's target; a "
                    "quarter without a target is not measured, and a missing actual is shown as "
                    "not reported (counted as not achieved), never as zero.")
                    + (_(
                            " The financial target ({0}) is the money the SDBIP plans to have spent on the "
                            "KPI by the end of the quarter; it is shown, not scored.").format(currency)
                       if financial else ""), "note"))
    header, shares = (KPI_HEADER_FINANCIAL, KPI_SHARES_FINANCIAL) if financial else (KPI_HEADER, KPI_SHARES)
    by_kpa: dict[str, list] = {}
    for line in card.lines:
        by_kpa.setdefault(line.groups.get("kpa", "(none)"), []).append(line)
    for kpa in sorted(by_kpa):
        rows, colours = kpi_rows(scope, by_kpa[kpa], financial=financial)
        out += titled(f"{kpa} ({count_of(len(by_kpa[kpa]), 'KPI')})", data_table(
            header, rows, [s * width for s in shares], right_align=(3, 4, 5, 6, 7) if financial else (3, 4, 5, 6),
            cell_colours=colours), width, "h2")
    if card.problems:
        out += heading(_("KPIs that could not be scored"), "h2")
        out += [para(problem, "body") for problem in card.problems]
    if evidence is not None:
        out += evidence_section(evidence, card.period_label, 5 if scope.unit is None else 4)
    out += [spacer(6), sign_off(scope, width)]
    return out


def _summary_row(scope: SdbipScope, width: float) -> Table:
    left = width * 0.36
    chart = kpa_chart(scope, width - left - 12,
                      title=_("KPIs per traffic light by KPA, {0}").format(scope.card.period_label))
    table = Table([[light_counts_table(scope, left), chart]], colWidths=[left + 12, width - left - 12],
                  hAlign="LEFT")  # not translated
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),  # not translated
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0)])  # not translated
    return table
