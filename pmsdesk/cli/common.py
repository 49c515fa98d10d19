"""What every subcommand shares: user errors, --db / --json options, output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session


class UserError(Exception):
    """A mistake in what the user asked for: printed as one line, exit code 2."""


EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USER_ERROR = 2


def add_db_option(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    # SUPPRESS: a subcommand without --db keeps the value given before it (`pmsdesk --db F audit log`).
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        required=required,
        default=argparse.SUPPRESS,
        help="SQLite file path or database URL (default: the database in your data folder)",
    )


def writable_output(value: str | Path, option: str = "--out") -> Path:
    """``value`` as a file the command may write, checked before anything is done or recorded."""
    out = Path(value)
    if out.is_dir():
        raise UserError(f"{option}: {out} is a folder; give the path of a file to write.")
    if not out.parent.is_dir():
        raise UserError(f"{option}: cannot write {out}: the folder {out.parent} does not exist.")
    return out


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print ``data`` as JSON when --json was given, else the human ``text``."""
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        print(text)


@contextmanager
def database_session(args: argparse.Namespace, **open_options: Any) -> Iterator[Session]:
    """A session on the database named by --db (or the default one), closed and disposed afterwards.

    Service refusals need no handling here: ``main`` prints them as one line with exit code 2.
    """
    from pmsdesk.db import default_database_path, open_database

    database = open_database(args.db or default_database_path(), **open_options)
    try:
        with database.session() as session:
            yield session
    finally:
        database.dispose()
