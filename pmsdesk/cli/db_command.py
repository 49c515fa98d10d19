"""``pmsdesk db upgrade|check|copy``: schema upgrades, integrity checks, copies between databases."""

from __future__ import annotations

import argparse

from sqlalchemy import text

from pmsdesk.db import (
    DatabaseError,
    database_url,
    default_database_path,
    head_revision,
    make_engine,
    open_database,
    schema_status,
    sqlite_path,
    upgrade_schema,
)
from pmsdesk.db_copy import copy_database
from pmsdesk.services.actor import Permission
from pmsdesk.services.scored_results_check import differences, repair

from .common import (
    EXIT_FAILED,
    EXIT_OK,
    UserError,
    add_db_option,
    add_json_option,
    add_user_option,
    emit,
    signed_in,
    writable_output,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="upgrade or check a database",
                                   description="Upgrade a database's schema or check its integrity.")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="back up, then upgrade the schema to this version",
                                 description="Back up the database, then upgrade its schema.")
    check = actions.add_parser("check", help="check integrity, schema version and stored scored results",
                               description="Check the database's integrity, foreign keys and schema version, "
                                           "and that the stored scored results equal a fresh scoring.")
    check.add_argument("--repair", action="store_true",
                       help="rebuild the stored scored results from the figures (one transaction), then check")
    for sub, handler in ((upgrade, run_upgrade), (check, run_check)):
        add_db_option(sub)
        add_json_option(sub)
        sub.set_defaults(handler=handler)
    copy = actions.add_parser(
        "copy", help="copy every row into another database (SQLite <-> PostgreSQL)",
        description="Copy a whole database, evidence and audit trail included, into an empty database: "
                    "a SQLite file or postgresql://user@host/dbname (password from ~/.pgpass or PGPASSWORD). "
                    "The target's schema is created by the migrations; all of it happens in one "
                    "transaction, so a failed copy leaves the target as it was.")
    copy.add_argument("--from", dest="source", metavar="PATH_OR_URL", required=True, help="database to copy")
    copy.add_argument("--to", dest="target", metavar="PATH_OR_URL", required=True,
                      help="empty database to copy into (a missing SQLite file is created)")
    copy.add_argument("--replace", action="store_true",
                      help="delete what the target holds first (a SQLite target is backed up before); "
                           "needs --user, an administrator of the target")
    add_user_option(copy)
    add_json_option(copy)
    copy.set_defaults(handler=run_copy)


def _existing_target(args: argparse.Namespace) -> str:
    target = str(args.db or default_database_path())
    path = sqlite_path(database_url(target))
    if path is not None and not path.exists():
        raise UserError(f"no database at {path}")
    return target


def run_upgrade(args: argparse.Namespace) -> int:
    target = str(args.db or default_database_path())
    path = sqlite_path(database_url(target))
    if path is not None and not path.exists():  # as `keys init` and the app do: a new file is a new database
        writable_output(path, "--db")
        open_database(path).dispose()
        emit(args, {"database": target, "from": None, "to": head_revision(), "backup": None, "created": True},
             f"Created {path}: an empty pmsdesk database at schema {head_revision()}.")
        return EXIT_OK
    engine = make_engine(database_url(target))
    try:
        before = schema_status(engine).current
        backup = upgrade_schema(engine)
        after = schema_status(engine).current
    finally:
        engine.dispose()
    message = (f"Schema already at {after}; nothing to do." if before == after
               else f"Upgraded {target} from {before or 'empty'} to {after}." + (f" Backup: {backup}" if backup else ""))
    emit(args, {"database": target, "from": before, "to": after, "backup": backup}, message)
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    target = _existing_target(args)
    try:
        database = open_database(target, upgrade=False)
    except DatabaseError as error:
        status = None
        engine = make_engine(database_url(target))
        try:
            status = schema_status(engine)
        except Exception:  # not even readable: report the original problem
            pass
        finally:
            engine.dispose()
        result = {"database": target, "ok": False, "problems": [str(error)],
                  "schema": status.current if status else None, "expected_schema": status.head if status else None}
        emit(args, result, f"{target}: NOT OK\n  {error}")
        return EXIT_FAILED
    problems: list[str] = []
    try:
        with database.engine.connect() as connection:
            if database.engine.dialect.name == "sqlite":
                integrity = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
                if integrity != ["ok"]:
                    problems.extend(f"integrity: {line}" for line in integrity)
                for table, rowid, parent, _ in connection.execute(text("PRAGMA foreign_key_check")):
                    problems.append(f"foreign key: {table} row {rowid} points at a missing {parent}")
        status = schema_status(database.engine)
        repaired = None
        with database.session() as session:
            if getattr(args, "repair", False):
                repaired = repair(session)
            problems.extend(differences(session))
    finally:
        database.dispose()
    result = {"database": target, "ok": not problems, "schema": status.current,
              "expected_schema": status.head, "problems": problems, "scored_results_rebuilt": repaired}
    text_out = f"{target}: {'OK' if not problems else 'NOT OK'} (schema {status.current})"
    if repaired is not None:
        text_out += f"\n  Rebuilt the stored scored results: {repaired} rows."
    if problems:
        text_out += "\n" + "\n".join(f"  {problem}" for problem in problems[:50])
    emit(args, result, text_out)
    return EXIT_OK if not problems else EXIT_FAILED


def run_copy(args: argparse.Namespace) -> int:
    target_file = sqlite_path(database_url(args.target))
    if args.replace and (target_file is None or target_file.exists()):  # a restore: only its administrator may
        target = open_database(args.target, upgrade=False, create=False)
        try:
            with target.session() as session:
                signed_in(session, args, Permission.RESTORE)
        finally:
            target.dispose()
    report = copy_database(args.source, args.target, replace=args.replace)
    width = max(len(name) for name in report.tables)
    lines = [f"Copied {report.source} to {report.target} (schema {report.schema}) in {report.seconds} s."]
    if report.replaced_rows:
        lines.append(f"Deleted the {report.replaced_rows} rows the target held first."
                     + (f" Backup: {report.backup}" if report.backup else ""))
    lines += [f"  {name:<{width}}  {count:>9}" for name, count in report.tables.items()]
    lines.append(f"  {'total':<{width}}  {report.total_rows:>9}   row counts match the source; "
                 f"audit chain {report.audit_chain}.")
    emit(args, report.as_dict(), "\n".join(lines))
    return EXIT_OK
