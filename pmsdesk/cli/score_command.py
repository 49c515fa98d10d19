"""``pmsdesk score``: an organisation's scorecard for a financial year, from the database."""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping

from sqlalchemy import select

from pmsdesk.db import default_database_path, open_database
from pmsdesk.models import FinancialYear, Organisation
from pmsdesk.scorecard import (
    DEFAULT_RULES,
    Scorecard,
    build_scorecard,
    resolve_rules,
)
from pmsdesk.scorecard_loading import quarter_rows
from pmsdesk.scorecard_stored import scorecard_for_year
from pmsdesk.scoring import Rollup, headline, to_jsonable
from pmsdesk.services.errors import NotFound, ValidationError

from .common import EXIT_OK, UserError, add_db_option, add_json_option, emit

DESCRIPTION = """\
Print an organisation's scorecard for a financial year: the score and traffic
light of every KPA and directorate for the period and year to date, how many
KPIs fall in each traffic light, how many were left out as not measured or not
reported, and the KPIs at risk of missing their year-end target, with reasons.

Which organisation: --org CODE. Without it, a database with one organisation
shows that one; a head-office database with several shows one line per
organisation (score, KPIs met and not met, KPIs at risk), so they can be
compared (about 0.15 s an organisation: under a minute for 257); then ask for
one with --org.

Actuals count once submitted (verified or not); drafts and returned values
count as not reported. The report says how many counted values are unverified.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "score", help="print an organisation's scorecard from the database",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_db_option(parser)
    parser.add_argument("--year", required=True, metavar="YYYY/YY",
                        help="financial year, as labelled in the database (e.g. 2025/26)")
    parser.add_argument("--period", metavar="Q",
                        help="quarter to score, e.g. Q2 or 2 (default: the latest with actuals)")
    parser.add_argument("--org", metavar="CODE",
                        help="organisation code (default: the only one, or a line for each)")
    parser.add_argument("--rules", metavar="CODE", default=DEFAULT_RULES,
                        help=f"SDBIP rule set for the traffic lights (default: {DEFAULT_RULES}; "
                        "the latest stored revision, else the shipped default)")
    add_json_option(parser)
    parser.set_defaults(handler=run)


def period_number(text: str | None) -> int | None:
    if text is None:
        return None
    match = re.fullmatch(r"\s*[Qq]?\s*(\d{1,2})\s*", text)
    if not match:
        raise UserError(f"--period: expected a quarter such as Q2, got {text!r}")
    return int(match.group(1))


def run(args: argparse.Namespace) -> int:
    target = args.db or default_database_path()
    database = open_database(target, upgrade=False, create=False)
    try:
        with database.session() as session:
            number = period_number(args.period)
            codes = list(session.scalars(select(Organisation.code).order_by(Organisation.code)))
            if not codes:
                raise UserError(f"{target} holds no organisation; build one with 'pmsdesk demo'")
            if args.org or len(codes) == 1:
                card = build_scorecard(session, args.org or codes[0], args.year,
                                       period_number=number, rules_code=args.rules)
                emit(args, to_jsonable(card), render_scorecard(card))
            else:
                cards = _every_organisation(session, args.year, number, args.rules)
                emit(args, {"financial_year": args.year,
                            "organisations": [summary(card) for card in cards]},
                     render_league(cards, args.year))
    except (NotFound, ValidationError) as error:
        raise UserError(str(error)) from None
    finally:
        database.dispose()
    return EXIT_OK


def _every_organisation(session, year_label: str, number: int | None,
                        rules_code: str) -> list[Scorecard]:
    years = list(session.scalars(
        select(FinancialYear).join(Organisation, Organisation.id == FinancialYear.organisation_id)
        .where(FinancialYear.label == year_label).order_by(Organisation.code)))
    if not years:
        labels = sorted(set(session.scalars(select(FinancialYear.label))))
        raise UserError(f"no organisation has a financial year {year_label!r}; the years are "
                        f"{', '.join(labels) or 'none'}")
    rules, source = resolve_rules(session, rules_code)
    cards = []
    for year in years:  # read from the stored scored results (scored afresh where they cannot say)
        quarters = quarter_rows(session, year)
        if number is not None and number not in {row.number for row in quarters}:
            raise UserError(f"{year_label} has no period {number}; it has "
                            f"{', '.join(row.label for row in quarters)}")
        cards.append(scorecard_for_year(session, year, rules, number, rule_set_source=source))
    return cards


# ---------------------------------------------------------------- text output


def _light(rollup: Rollup) -> str:
    return rollup.category_name.removeprefix("KPI ")


def _score(rollup: Rollup) -> str:
    return "-" if rollup.score is None else f"{rollup.score:.1f}%"


def _rows(title: str, rollups: Mapping[str, Rollup], ytd: Mapping[str, Rollup]) -> list[str]:
    lines = [title]
    for group, rollup in rollups.items():
        other = ytd[group]
        lines.append(f"  {group[:40]:<40} {headline.x_of_y(rollup):>20} {rollup.not_reported:>4} "
                     f"{_score(rollup):>8} {_light(rollup):<20} {headline.x_of_y(other):>20} "
                     f"{_score(other):>8}")
    return lines


def render_scorecard(card: Scorecard) -> str:
    period, ytd = card.period, card.year_to_date
    rules = card.rule_set
    left_out = ", ".join(f"{n} {status}" for status, n in card.actuals.left_out.items())
    head = [
        f"{card.organisation_name} ({card.organisation_code}): scorecard {card.financial_year}, "
        f"{card.period_label}",
        f"Rules: {rules['code']} revision {rules['revision']} ({rules['source']})",
        f"Actuals counted up to {card.period_label}: {card.actuals.counted} "
        f"({card.actuals.unverified} not yet verified)"
        + (f"; left out as not reported: {left_out}" if left_out else ""),
        f"{card.period_label}: {headline.headline(period.organisation)}",
        f"Year to date: {headline.headline(ytd.organisation)}",
        "",
        f"  {'':<40} {'Targets achieved':>20} {'n/r':>4} {'Mean':>8} {'':<20} "
        f"{'YTD achieved':>20} {'YTD mean':>8}",
    ]
    body = _rows("Organisation", {"All KPIs": period.organisation},
                 {"All KPIs": ytd.organisation})
    body += _rows("By KPA", period.by_kpa, ytd.by_kpa)
    body += _rows("By directorate", period.by_directorate, ytd.by_directorate)
    lights = ["", f"Traffic lights{'':<26} {card.period_label:>6} {'YTD':>6}"]
    for code, count in period.categories.items():
        name = card.category_names.get(code, code)
        lights.append(f"  {name:<38} {count:>6} {ytd.categories.get(code, 0):>6}")
    reasons = ", ".join(f"{n} {reason.replace('_', ' ')}"
                        for reason, n in period.organisation.left_out_by_reason.items())
    lights.append(f"Left out of the {card.period_label} scores: {reasons or 'none'}.")
    risk = ["", f"At risk of missing the year-end target ({len(card.at_risk)}):"]
    for line in card.lines:
        if line.projection is not None and line.projection.at_risk:
            risk.append(f"  {line.reference:<8} {line.name[:70]}")
            risk.append(f"  {'':<8} {line.projection.reason}")
    if card.problems:
        risk += ["", f"Could not be scored ({len(card.problems)}):"]
        risk += [f"  {problem}" for problem in card.problems]
    return "\n".join(line.rstrip() for line in head + body + lights + risk)


def summary(card: Scorecard) -> dict:
    """One organisation's line of the head-office overview, as plain values."""
    return to_jsonable({
        "organisation_code": card.organisation_code,
        "organisation_name": card.organisation_name,
        "period": card.period_label,
        "targets_achieved": card.period.organisation.achieved,
        "targets": card.period.organisation.targets,
        "targets_achieved_percent": card.period.organisation.achieved_percent,
        "not_reported": card.period.organisation.not_reported,
        "score": card.period.organisation.score,
        "category": card.period.organisation.category,
        "year_to_date_score": card.year_to_date.organisation.score,
        "categories": card.period.categories,
        "met": sum(1 for line in card.lines if line.result and line.result.period.met is True),
        "not_met": sum(1 for line in card.lines if line.result and line.result.period.met is False),
        "left_out": card.period.organisation.left_out_by_reason,
        "at_risk": len(card.at_risk),
        "unverified_actuals": card.actuals.unverified,
        "rule_set": card.rule_set,
    })


def render_league(cards: list[Scorecard], year_label: str) -> str:
    lines = [f"Scorecards {year_label}: {len(cards)} organisations "
             "(use --org CODE for one in full)",
             "",
             f"{'Code':<8} {'Organisation':<40} {'Period':>6} {'Targets achieved':>20} "
             f"{'Not rep.':>8} {'Mean':>8} {'YTD mean':>8} {'At risk':>7}"]
    for card in cards:
        whole = card.period.organisation
        lines.append(
            f"{card.organisation_code:<8} {card.organisation_name[:40]:<40} "
            f"{card.period_label:>6} {headline.x_of_y(whole):>20} {whole.not_reported:>8} "
            f"{_score(whole):>8} {_score(card.year_to_date.organisation):>8} "
            f"{len(card.at_risk):>7}")
    rules = cards[0].rule_set
    lines += ["", f"Rules: {rules['code']} revision {rules['revision']} ({rules['source']})"]
    return "\n".join(lines)
