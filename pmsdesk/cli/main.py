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
import logging
import os
import sys
from collections.abc import Callable, Sequence

from pmsdesk import __version__
from pmsdesk.cli.common import EXIT_FAILED, EXIT_USER_ERROR, UserError, add_db_option
from pmsdesk.db import DatabaseError
from pmsdesk.i18n import set_language_from_environment
from pmsdesk.logs import DEFAULT_LEVEL, LEVELS, log_path, setup_logging
from pmsdesk.services.errors import ServiceError

log = logging.getLogger("pmsdesk.cli")


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
    parser.add_argument("--version", action=_ShowVersion, help="show the version and where the log file is, then exit")
    parser.add_argument("--log-level", choices=LEVELS, default=DEFAULT_LEVEL, type=str.upper,
                        help=f"how much to write to the log file (default {DEFAULT_LEVEL})")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation end to end in a temporary folder, then exit")
    add_db_option(parser)
    parser.set_defaults(db=None)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in (init_command, demo_command, db_command, import_command, export_command, score_command, calc_command,
                   report_command, pepmis_command, package_command, keys_command, audit_command, backup_command):
        module.register(subparsers)
    return parser


class _ShowVersion(argparse.Action):
    """``--version``: the version and the log file's path, as support asks for both."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"pmsdesk {__version__}\nlog file: {log_path()}")
        parser.exit()


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
        setup_logging()
        return _reporting_errors(lambda: _open_window(db_target), db_target)
    parser = build_parser()
    args, extra = parser.parse_known_args(arguments)
    trailing = getattr(args, "trailing_positional", None)
    if trailing and len(extra) == 1 and not extra[0].startswith("--") and getattr(args, trailing) == "-":
        setattr(args, trailing, extra.pop())
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    setup_logging(args.log_level)
    handler = getattr(args, "handler", None)
    if args.self_test:
        from pmsdesk.selftest import run_self_test
        from pmsdesk.ui.smoke import SMOKE_STEPS  # the window check; Qt loads only here

        return run_self_test(SMOKE_STEPS)
    log.info("pmsdesk %s: %s", __version__, " ".join(arguments))
    if handler is None:
        return _reporting_errors(lambda: _open_window(args.db), args.db)
    set_language_from_environment()  # refusals in PMSDESK_LANGUAGE, English when unset; the window: per user
    return _reporting_errors(lambda: _waiting_for_the_lock(lambda: handler(args)), args.db)


def _waiting_for_the_lock(command: Callable[[], int]) -> int:
    """Run a command again while another pmsdesk holds the file's write lock (every command is all-or-nothing)."""
    from pmsdesk.db import WAITING_MESSAGE, retry_while_busy

    return retry_while_busy(command, on_wait=lambda: print(f"pmsdesk: {WAITING_MESSAGE}", file=sys.stderr, flush=True))


def _open_window(db_target: str | None) -> int:
    from pmsdesk.ui.app import run_app  # imported late: the CLI must run without a display

    return run_app(db_target)


def _reporting_errors(command: Callable[[], int], database: str | None) -> int:
    """Run ``command``; a user's mistake is one line on stderr (exit 2), a bug one line and the log (exit 1)."""
    try:
        return command()
    except (UserError, DatabaseError, ServiceError) as error:
        log.warning("refused (%s): %s", type(error).__name__, error)
        return _say(f"pmsdesk: error: {error}", EXIT_USER_ERROR)
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return _say("pmsdesk: stopped (Ctrl+C); what was not committed was rolled back.", 130)
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        from pmsdesk.failures import bad_input_message, unexpected_message

        if message := bad_input_message(error, database):
            log.warning("bad input: %s", message, exc_info=error)
            return _say(f"pmsdesk: error: {message}", EXIT_USER_ERROR)
        return _say(f"pmsdesk: {unexpected_message(error)}", EXIT_FAILED)


def _say(line: str, code: int) -> int:
    print(" ".join(line.split()), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
