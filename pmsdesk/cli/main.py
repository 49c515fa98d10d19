"""Entry point of the ``pmsdesk`` console script.

With no subcommand it opens the desktop app. Each subcommand module exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a
function ``(args) -> int``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from pmsdesk import __version__
from pmsdesk.cli import (
    audit_command,
    backup_command,
    calc_command,
    db_command,
    demo_command,
    export_command,
    import_command,
    keys_command,
    package_command,
    report_command,
    score_command,
)
from pmsdesk.cli.common import EXIT_USER_ERROR, UserError, add_db_option
from pmsdesk.db import DatabaseError
from pmsdesk.services.errors import ServiceError

SUBCOMMANDS = (
    demo_command,
    db_command,
    import_command,
    export_command,
    score_command,
    calc_command,
    report_command,
    package_command,
    keys_command,
    audit_command,
    backup_command,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmsdesk",
        description="Offline performance management: plans, KPIs, quarterly reporting, scoring.",
    )
    parser.add_argument("--version", action="version", version=f"pmsdesk {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation end to end in a temporary folder, then exit")
    add_db_option(parser)
    parser.set_defaults(db=None)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    trailing = getattr(args, "trailing_positional", None)
    if trailing and len(extra) == 1 and not extra[0].startswith("--") and getattr(args, trailing) == "-":
        setattr(args, trailing, extra.pop())
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    handler = getattr(args, "handler", None)
    if args.self_test:
        from pmsdesk.selftest import run_self_test
        from pmsdesk.ui.smoke import SMOKE_STEPS  # the window check; Qt loads only here

        return run_self_test(SMOKE_STEPS)
    try:
        if handler is None:
            from pmsdesk.ui.app import run_app  # imported late: the CLI must run without a display

            return run_app(args.db)
        return handler(args)
    except (UserError, DatabaseError, ServiceError) as error:
        print(f"pmsdesk: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
