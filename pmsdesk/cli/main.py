"""Entry point of the ``pmsdesk`` console script.

With no subcommand it opens the desktop app. Each subcommand module exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a
function ``(args) -> int``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pmsdesk import __version__
from pmsdesk.cli import audit_command, backup_command, calc_command, db_command, demo_command, report_command
from pmsdesk.cli import keys_command, package_command
from pmsdesk.cli.common import EXIT_USER_ERROR, UserError, add_db_option
from pmsdesk.db import DatabaseError
from pmsdesk.services.errors import ServiceError

SUBCOMMANDS = (demo_command, db_command, calc_command, audit_command, backup_command, report_command, package_command, keys_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmsdesk",
        description="Offline performance management: plans, KPIs, quarterly reporting, scoring.",
    )
    parser.add_argument("--version", action="version", version=f"pmsdesk {__version__}")
    add_db_option(parser)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from pmsdesk.ui.app import run_app  # imported late: the CLI must run without a display

            return run_app(args.db)
        return handler(args)
    except (UserError, DatabaseError, ServiceError) as error:
        print(f"pmsdesk: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
