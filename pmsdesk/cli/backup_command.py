"""``pmsdesk backup`` and ``pmsdesk restore``: copies taken and put back safely."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmsdesk.backups import DEFAULT_KEEP, BackupError, backups_of, create_backup, restore
from pmsdesk.db import database_url, default_database_path, known_revisions, sqlite_path

from .common import EXIT_OK, UserError, add_db_option, add_json_option, emit


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="back up a database now",
                                   description="Back up a SQLite database into backups/ beside it, "
                                               "keeping the newest --keep backups.")
    backup.add_argument("--keep", type=int, default=DEFAULT_KEEP, help=f"backups to keep (default {DEFAULT_KEEP})")
    backup.add_argument("--list", action="store_true", help="list the existing backups instead")
    restore_parser = subparsers.add_parser(
        "restore", help="restore a database from a backup",
        description="Check a backup's integrity, back up the current database, then restore the backup.")
    restore_parser.add_argument("file", metavar="FILE", help="the backup file to restore")
    for parser, handler in ((backup, run_backup), (restore_parser, run_restore)):
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
    try:
        made = create_backup(path, "manual", keep=args.keep)
    except BackupError as error:
        raise UserError(str(error)) from None
    emit(args, {"database": str(path), "backup": str(made)}, f"Backed up {path} to {made}")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    path = _sqlite_file(args)
    try:
        safety = restore(Path(args.file), path, known_revisions=known_revisions())
    except BackupError as error:
        raise UserError(str(error)) from None
    message = f"Restored {path} from {args.file}."
    if safety:
        message += f" The database as it was is kept in {safety}."
    emit(args, {"database": str(path), "restored_from": args.file, "previous": str(safety) if safety else None},
         message)
    return EXIT_OK
