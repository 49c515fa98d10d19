"""Entry point of the ``pmsdesk`` console script.

With no subcommand it opens the desktop app. Each subcommand module exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a
function ``(args) -> int``. The subcommands (and with them openpyxl,
ReportLab, Alembic, the importers and sync) are imported only when the
command line names more than ``--db``: opening the window does not wait
for them (1.2-1.4 s of CPU on a slow laptop).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from pmsdesk import __version__
from pmsdesk.cli.common import EXIT_USER_ERROR, UserError, add_db_option
from pmsdesk.db import DatabaseError
from pmsdesk.services.errors import ServiceError


def build_parser() -> argparse.ArgumentParser:
    from pmsdesk.cli import (
        audit_command,
        backup_command,
        calc_command,
        db_command,
        demo_command,
        export_command,
        import_command,
        init_command,
        keys_command,
        package_command,
        pepmis_command,
        report_command,
        score_command,
    )

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
    for module in (init_command, demo_command, db_command, import_command, export_command, score_command, calc_command,
                   report_command, pepmis_command, package_command, keys_command, audit_command, backup_command):
        module.register(subparsers)
    return parser


def window_only(arguments: Sequence[str]) -> tuple[bool, str | None]:
    """Whether the command line only opens the window (nothing, ``--db F`` or ``--db=F``), and its ``--db``."""
    match list(arguments):
        case []:
            return True, None
        case ["--db", target] if not target.startswith("-"):
            return True, target
        case [word] if word.startswith("--db="):
            return True, word.removeprefix("--db=")
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    opens_window, db_target = window_only(arguments)
    if opens_window:
        return _reporting_errors(lambda: _open_window(db_target))
    parser = build_parser()
    args, extra = parser.parse_known_args(arguments)
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
    if handler is None:
        return _reporting_errors(lambda: _open_window(args.db))
    return _reporting_errors(lambda: _waiting_for_the_lock(lambda: handler(args)))


def _waiting_for_the_lock(command: Callable[[], int]) -> int:
    """Run a command again while another pmsdesk holds the file's write lock (every command is all-or-nothing)."""
    from pmsdesk.db import WAITING_MESSAGE, retry_while_busy

    return retry_while_busy(command, on_wait=lambda: print(f"pmsdesk: {WAITING_MESSAGE}", file=sys.stderr, flush=True))


def _open_window(db_target: str | None) -> int:
    from pmsdesk.ui.app import run_app  # imported late: the CLI must run without a display

    return run_app(db_target)


def _reporting_errors(command: Callable[[], int]) -> int:
    """Run ``command``; a user's mistake is one line on stderr, not a traceback."""
    try:
        return command()
    except (UserError, DatabaseError, ServiceError) as error:
        print(f"pmsdesk: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
