"""``pmsdesk backup`` and ``pmsdesk restore``: copies taken and put back safely."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from pmsdesk.backups import BACKUP_PERMISSION, DEFAULT_KEEP, BackupError, back_up_for, backups_of, check_backup
from pmsdesk.db import database_url, default_database_path, known_revisions, open_database, sqlite_path
from pmsdesk.restores import RestoreNeedsConfirmation, restore
from pmsdesk.services.actor import Actor, Permission

from .common import EXIT_OK, UserError, add_db_option, add_json_option, add_user_option, emit, signed_in


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="back up a database now",
                                   description="Back up a SQLite database into backups/ beside it, "
                                               "keeping the newest --keep backups.")
    backup.add_argument("--keep", type=int, default=DEFAULT_KEEP, help=f"backups to keep (default {DEFAULT_KEEP})")
    backup.add_argument("--list", action="store_true", help="list the existing backups instead")
    restore_parser = subparsers.add_parser(
        "restore", help="restore a database from a backup",
        description="Check a backup's integrity and compare it with the current database (organisation, "
                    "installation, audit trail); back up the current database and restore the backup under one "
                    "lock. A backup that differs is restored only with --force and --reason.")
    restore_parser.add_argument("file", metavar="FILE", help="the backup file to restore")
    restore_parser.add_argument("--force", action="store_true",
                                help="restore even though the backup differs from the database (needs --reason)")
    restore_parser.add_argument("--reason", help="why a differing backup must be restored (kept in the audit trail)")
    for parser, handler in ((backup, run_backup), (restore_parser, run_restore)):
        add_user_option(parser)
        add_db_option(parser)
        add_json_option(parser)
        parser.set_defaults(handler=handler)


def _sqlite_file(args: argparse.Namespace) -> Path:
    target = args.db or default_database_path()
    path = sqlite_path(database_url(target))
    if path is None:
        raise UserError("backup and restore work on SQLite files; use pg_dump for PostgreSQL")
    return path


def run_backup(args: argparse.Namespace) -> int:
    path = _sqlite_file(args)
    if args.list:
        found = [str(p) for p in backups_of(path)]
        emit(args, found, "\n".join(found) or f"No backups of {path} yet.")
        return EXIT_OK
    actor = _signed_in(args, path, None, BACKUP_PERMISSION)
    try:
        made = back_up_for(actor, path, keep=args.keep)
    except BackupError as error:
        raise UserError(str(error)) from None
    emit(args, {"database": str(path), "backup": str(made)}, f"Backed up {path} to {made}")
    return EXIT_OK


def _signed_in(args: argparse.Namespace, database: Path, backup: Path | None, permission: Permission) -> Actor:
    """Sign in to ``database``; with no database yet, to a scratch copy of ``backup`` (which stays untouched)."""
    if database.exists() and database.stat().st_size:
        return _sign_in_to(args, database, permission)
    if backup is None or not backup.is_file():
        raise UserError(f"no database at {database}")
    with tempfile.TemporaryDirectory(prefix="pmsdesk-restore-") as scratch:
        copy = Path(scratch) / "sign-in.sqlite"
        shutil.copyfile(backup, copy)
        return _sign_in_to(args, copy, permission)


def _sign_in_to(args: argparse.Namespace, path: Path, permission: Permission) -> Actor:
    opened = open_database(path, create=False)
    try:
        with opened.session() as session:
            return signed_in(session, args, permission)
    finally:
        opened.dispose()


def run_restore(args: argparse.Namespace) -> int:
    path = _sqlite_file(args)
    backup = Path(args.file)
    if args.force != bool(args.reason and args.reason.strip()):
        raise UserError("--force and --reason go together: say why a differing backup must be restored")
    try:
        check_backup(backup)  # a damaged backup is refused before the sign-in writes anything
    except BackupError as error:
        raise UserError(str(error)) from None
    actor = _signed_in(args, path, backup, Permission.RESTORE)
    try:
        result = restore(actor, backup, path, known_revisions=known_revisions(),
                         force_reason=args.reason if args.force else None)
    except RestoreNeedsConfirmation as error:
        raise UserError(f"{error} To restore it anyway: --force --reason \"why\".") from None
    except BackupError as error:
        raise UserError(str(error)) from None
    message = f"Restored {path} from {backup}."
    if result.differences:
        message += " Restored although it differs: " + "; ".join(result.differences) + "."
    if result.safety_copy:
        message += f" The database as it was is kept in {result.safety_copy}."
    emit(args, {"database": str(path), "restored_from": str(backup),
                "previous": str(result.safety_copy) if result.safety_copy else None,
                "differences": list(result.differences)}, message)
    return EXIT_OK
