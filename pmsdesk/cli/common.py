"""What every subcommand shares: user errors, --db / --json options, output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

if TYPE_CHECKING:  # the window starts through main, which imports this module: keep it light
    from pmsdesk.services.actor import Actor, Permission


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


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """``--language``: the words a printed form or workbook is made in (default: PMSDESK_LANGUAGE, else English)."""
    from pmsdesk.i18n import LANGUAGES

    parser.add_argument("--language", choices=sorted(LANGUAGES), metavar="CODE",
                        help="language of the document: " + ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
                        + " (default: PMSDESK_LANGUAGE, else English)")


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


PASSWORD_VARIABLE = "PMSDESK_PASSWORD"


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """``--user``: who a command that changes data signs in as."""
    parser.add_argument("--user", metavar="NAME",
                        help=f"sign in as this user (password from ${PASSWORD_VARIABLE} or a prompt); "
                             "needed by every command that changes data")


def require_user(args: argparse.Namespace, permission: Permission) -> None:
    """Refuse a writing command run without --user, before anything else is looked at."""
    if not getattr(args, "user", None):
        raise UserError(f"this command changes data: sign in with --user NAME (a user who may {permission.value}; "
                        f"the password comes from ${PASSWORD_VARIABLE} or a prompt)")


def workbook_to_read(value: str | Path) -> Path:
    """``value`` as a workbook worth signing in for: a missing, unreadable or unrecognisable file is refused
    before anyone signs in, so bad input leaves the database exactly as it was (not even a sign-in event)."""
    from pmsdesk.importers import WorkbookError
    from pmsdesk.importers.workbook import file_kind

    path = Path(value)
    try:
        file_kind(path)
    except WorkbookError as error:
        raise UserError(str(error)) from None
    return path


def signed_in(session: Session, args: argparse.Namespace, permission: Permission) -> Actor:
    """Sign in as ``--user`` and check ``permission``: no command changes data anonymously.

    The password comes from ``$PMSDESK_PASSWORD`` (scripts) or a prompt. A
    refused sign-in or a missing permission is a one-line error (exit 2); the
    sign-in itself is audited either way.
    """
    import getpass
    import os

    from pmsdesk.services.errors import ServiceError
    from pmsdesk.services.users import sign_in

    require_user(args, permission)
    password = os.environ.get(PASSWORD_VARIABLE, getattr(args, "_typed_password", None))
    if password is None:
        try:
            password = getpass.getpass(f"Password for {args.user}: ")
        except (EOFError, KeyboardInterrupt):
            raise UserError(f"no password given for {args.user}") from None
        args._typed_password = password  # a command run again after waiting for the lock does not ask twice
    try:
        actor = sign_in(session, args.user, password)
        actor.require_somewhere(permission)
    except ServiceError as error:
        raise UserError(str(error)) from None
    return actor


def reader() -> Actor:
    """Whoever runs a read-only command: may read, nothing else (no sign-in needed to read)."""
    import getpass

    from pmsdesk.models import Role
    from pmsdesk.services.actor import Actor, Permission, RoleGrant

    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some service accounts
        name = "command line"
    return Actor(name, (RoleGrant(Role.READ_ONLY),), {Permission.READ: None})
