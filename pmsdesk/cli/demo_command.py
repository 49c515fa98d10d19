"""``pmsdesk demo``: build a deterministic demo database."""

from __future__ import annotations

import argparse
import dataclasses

from pmsdesk.db import default_database_path, open_database
from pmsdesk.demo import DemoError, build_demo
from pmsdesk.demo.profiles import PROFILES

from .common import EXIT_OK, UserError, add_db_option, add_json_option, emit


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a demo database",
        description="Create a realistic, deterministic demo database in a new file.",
    )
    add_db_option(parser)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="za-municipality",
                        help="country profile (default: za-municipality)")
    parser.add_argument("--orgs", type=_positive, default=1, help="number of organisations (default 1)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")
    add_json_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    target = args.db or default_database_path()
    database = open_database(target)
    try:
        summary = build_demo(database, profile=args.profile, orgs=args.orgs, seed=args.seed)
    except DemoError as error:
        raise UserError(str(error)) from None
    finally:
        database.dispose()
    emit(
        args,
        {"database": str(target), **dataclasses.asdict(summary)},
        f"Demo database {target}: {summary.organisations} organisation(s), {summary.kpis} KPIs, "
        f"{summary.actuals} actuals, {summary.users} users ({summary.seconds} s).",
    )
    return EXIT_OK
