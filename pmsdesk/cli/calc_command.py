"""``pmsdesk calc``: score one JSON case and print the result as JSON.

A what-if calculator for officials and the way the scoring engine is tested
from outside. Input formats: the README, section "What-if calculator".
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pmsdesk.cli.common import EXIT_OK, UserError
from pmsdesk.scoring import ScoringInputError, default_rule_set, validate_rule_set
from pmsdesk.scoring.cases import run_ke_case, run_opras_case, run_s56_case, run_sdbip_case
from pmsdesk.scoring.rules import default_rule_set_codes

KINDS: dict[str, tuple[str, Callable[[Any, Mapping[str, Any]], dict[str, Any]]]] = {
    "sdbip": ("za_sdbip", run_sdbip_case),
    "s56": ("za_s56", run_s56_case),
    "ke-pc": ("ke_pc", run_ke_case),
    "opras": ("tz_opras", run_opras_case),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calc",
        help="score one JSON case (a KPI, an S56 assessment, a Kenyan contract, an OPRAS form)",
        description="Read one JSON case and print the result as JSON. Formats and examples: "
        "the README (section What-if calculator).",
    )
    parser.add_argument("kind", choices=sorted(KINDS), help="what the case is")
    parser.add_argument(
        "--rules",
        metavar="NAME",
        help=f"rule set: one of {', '.join(default_rule_set_codes())} or a JSON rule-set "
        "file (default: the usual one for KIND)",
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help="JSON file with the case, or - for standard input (default)")
    # argparse gives an optional positional nothing once an option follows it, so
    # `calc ke-pc --rules ke_spas case.json` would leave FILE over: main() hands it back.
    parser.set_defaults(handler=run, trailing_positional="file")


def _load_json(source: str, what: str) -> Any:
    try:
        if source == "-":
            raw = sys.stdin.read()
            source = "standard input"
        else:
            raw = Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot read {what} {source}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{what} in {source} is not JSON text (it holds bytes that are not UTF-8)") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise UserError(f"{what} in {source} is not valid JSON: {error.msg} at line "
                        f"{error.lineno} column {error.colno}") from None


def _rules(name: str | None, kind: str) -> Mapping[str, Any]:
    if name is None:
        return default_rule_set(KINDS[kind][0])
    if name.endswith(".json") or Path(name).is_file():
        rules = _load_json(name, "rule set")
        validate_rule_set(rules)
        return rules
    return default_rule_set(name)


def run(args: argparse.Namespace) -> int:
    try:
        rules = _rules(args.rules, args.kind)
        case = _load_json(args.file, "case")
        result = KINDS[args.kind][1](case, rules)
    except ScoringInputError as error:
        raise UserError(str(error)) from None
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK
