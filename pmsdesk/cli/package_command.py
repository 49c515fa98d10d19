"""``pmsdesk package export|import|verify|conflicts|resolve|league``: sync packages from the command line."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import time

from pmsdesk.db import DatabaseError, database_url, default_database_path, open_database, sqlite_path
from pmsdesk.services.actor import Permission
from pmsdesk.services.errors import DatabaseBusy, ServiceError
from pmsdesk.sync import PackageRefused, device_key, export_package, read_package
from pmsdesk.sync.apply import check_addressed_and_trusted
from pmsdesk.sync.conflicts import open_conflicts, resolve_conflict
from pmsdesk.sync.consolidation import league_table
from pmsdesk.sync.league_columns import achieved, percent, traffic_light
from pmsdesk.sync.refusals import import_recorded

from .common import (
    EXIT_OK,
    EXIT_USER_ERROR,
    UserError,
    add_db_option,
    add_json_option,
    add_user_option,
    database_session,
    emit,
    reader,
    require_user,
    signed_in,
    writable_output,
)
from .keys_command import add_keys_dir_option


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("package", help="export, verify and import sync packages",
                                   description="Signed sync packages between offices and head office.")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write the next package for an office",
                                description="Write a signed package with what changed since OFFICE last acknowledged.")
    export.add_argument("--to", required=True, metavar="OFFICE", help="receiving office code")
    export.add_argument("--full", action="store_true", help="everything, to rebuild the receiver from nothing")
    export.add_argument("--out", required=True, metavar="FILE", help="package file to write (.pmspkg)")
    export.add_argument("--cover", metavar="FILE.pdf", help="also print the cover sheet with the key fingerprint")
    add_keys_dir_option(export)
    cover = actions.add_parser("cover", help="print a package's cover sheet (PDF)",
                               description="Write the cover sheet of a package: sender, receiver, counts and the "
                                           "key fingerprint to compare on first contact. Writes nothing else.")
    cover.add_argument("file", metavar="FILE")
    cover.add_argument("--out", required=True, metavar="FILE.pdf")
    imp = actions.add_parser("import", help="verify and apply packages",
                             description="Verify and apply packages, each in one transaction (all or nothing).")
    imp.add_argument("files", nargs="+", metavar="FILE")
    verify = actions.add_parser("verify", help="check a package without importing it",
                                description="Print the manifest and whether the package is intact and from a "
                                            "trusted sender. Writes nothing.")
    verify.add_argument("file", metavar="FILE")
    conflicts = actions.add_parser("conflicts", help="list conflicts waiting for a decision",
                                   description="List the open sync conflicts.")
    resolve = actions.add_parser("resolve", help="decide a conflict",
                                 description="Keep the local or the incoming version of a conflicting record.")
    resolve.add_argument("conflict_id")
    resolve.add_argument("--keep", required=True, choices=("local", "incoming"))
    league = actions.add_parser("league", help="rank the organisations in this database by score",
                                description="League table of organisations by year-to-date score (head office).")
    league.add_argument("--year", required=True, help="financial year label, e.g. 2025/26")
    league.add_argument("--period", type=int, help="score as of this quarter (default: the latest reported)")
    handlers = ((export, run_export), (cover, run_cover), (imp, run_import), (verify, run_verify), (conflicts, run_conflicts),
                (resolve, run_resolve), (league, run_league))
    for sub in (export, imp, resolve):
        add_user_option(sub)
    for sub, handler in handlers:
        add_db_option(sub)
        add_json_option(sub)
        sub.set_defaults(handler=handler)


def run_export(args: argparse.Namespace) -> int:
    writable_output(args.out)
    if args.cover:
        writable_output(args.cover, "--cover")
    with database_session(args) as session:
        actor = signed_in(session, args, Permission.EXCHANGE_PACKAGES)
        key = device_key(session, args.keys_dir)
        summary = export_package(session, actor, key, args.to, args.out, full=args.full)
    if args.cover:
        _write_cover(summary.path, args.cover)
    rows = sum(summary.counts.values())
    emit(args, dataclasses.asdict(summary),
         f"Wrote {summary.path}: package {summary.sequence} for {summary.receiver}, {rows} records, "
         f"{summary.evidence_files} evidence file(s), {summary.bytes / 1024:.1f} KB.")
    return EXIT_OK


def _write_cover(package_path: str, out: str) -> str:
    from pmsdesk.reports.pdf.cover_sheet import write_cover_sheet

    try:
        package = read_package(package_path)
    except PackageRefused as error:
        raise UserError(str(error)) from None
    return str(write_cover_sheet(package, out))


def run_cover(args: argparse.Namespace) -> int:
    writable_output(args.out)
    written = _write_cover(args.file, args.out)
    emit(args, {"package": args.file, "cover": written}, f"Wrote the cover sheet {written}.")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    results, refused = [], 0
    started = time.perf_counter()
    require_user(args, Permission.EXCHANGE_PACKAGES)
    readable = []
    for path in args.files:  # a file that is no package is refused before anyone signs in: nothing is written
        try:
            read_package(path)
        except PackageRefused as error:
            refused += 1
            results.append({"file": path, "ok": False, "reason": error.reason, "message": str(error)})
        else:
            readable.append(path)
    with database_session(args) if readable else contextlib.nullcontext() as session:
        actor = signed_in(session, args, Permission.EXCHANGE_PACKAGES) if session is not None else None
        for path in _in_sequence(readable):
            assert session is not None and actor is not None  # a readable package opened the database
            try:
                summary = import_recorded(session, actor, path)  # a refusal stays on record
                results.append({"file": path, "ok": True, **dataclasses.asdict(summary), "message": summary.message})
            except DatabaseBusy:
                raise  # not the package's fault: the command waits and runs again
            except ServiceError as error:
                refused += 1
                reason = getattr(error, "reason", "refused")
                results.append({"file": path, "ok": False, "reason": reason, "message": str(error)})
    seconds = round(time.perf_counter() - started, 2)
    text = "\n".join(("" if result["ok"] else "REFUSED: ") + result["message"] for result in results)
    emit(args, {"packages": results, "refused": refused, "seconds": seconds}, text)
    return EXIT_OK if not refused else EXIT_USER_ERROR


def _in_sequence(files: list[str]) -> list[str]:
    """Sender then sequence number, so a batch copied off a USB stick applies in order."""
    def key(path: str):
        try:
            manifest = read_package(path).manifest
        except PackageRefused:
            return ("", 0)
        return (manifest.sender_office, manifest.sequence)
    return sorted(files, key=key) if len(files) > 1 else files


def run_verify(args: argparse.Namespace) -> int:
    try:
        package = read_package(args.file)
    except PackageRefused as error:
        emit(args, {"file": args.file, "intact": False, "reason": error.reason, "message": str(error)},
             f"NOT INTACT: {error}")
        return EXIT_USER_ERROR
    trusted, trust_message = None, "no database to check the sender against"
    target = args.db or default_database_path()
    path = sqlite_path(database_url(str(target)))
    if path is None or path.exists():
        try:  # never upgrades or creates: verifying writes nothing
            database = open_database(target, upgrade=False, create=False)
        except DatabaseError as error:
            database, trust_message = None, f"cannot check the sender: {error}"
        if database is not None:
            try:
                with database.session() as session:
                    check_addressed_and_trusted(session, package)
                    trusted, trust_message = True, "from a trusted sender, addressed to this office"
            except ServiceError as error:
                trusted, trust_message = False, str(error)
            finally:
                database.dispose()
    manifest = dataclasses.asdict(package.manifest)
    manifest.pop("members")
    data = {"file": args.file, "intact": True, "trusted": trusted, "trust": trust_message,
            "package_id": package.package_id, "fingerprint": package.fingerprint, "manifest": manifest}
    lines = [f"{args.file}: intact (signature and every hash match).",
             f"  from {package.manifest.sender_office} (key {package.fingerprint}) to "
             f"{package.manifest.receiver_office}, package {package.manifest.sequence} "
             f"(covers {package.manifest.covers_from}–{package.manifest.sequence}), created {package.manifest.created_at}",
             f"  {sum(package.manifest.counts.values())} records, {len(package.evidence)} evidence file(s)",
             f"  {'TRUSTED' if trusted else 'NOT TRUSTED' if trusted is False else 'trust unknown'}: {trust_message}"]
    emit(args, data, "\n".join(lines))
    return EXIT_OK if trusted is not False else EXIT_USER_ERROR


def run_conflicts(args: argparse.Namespace) -> int:
    with database_session(args, create=False) as session:
        rows = [{"id": c.id, "entity": c.entity, "row_id": c.row_id, "peer": c.peer_office, "reason": c.reason,
                 "kept": c.kept, "detected_at": c.detected_at, "local": c.local_values,
                 "incoming": c.incoming_values} for c in open_conflicts(session, reader())]
    text = "\n".join(f"{r['id']}  {r['entity']} {r['row_id']} from {r['peer']}: {r['reason']} (kept {r['kept']})"
                     for r in rows) or "No open conflicts."
    emit(args, rows, text)
    return EXIT_OK


def run_resolve(args: argparse.Namespace) -> int:
    with database_session(args) as session:
        # Any signed-in user: the service asks for the permission the record's kind needs.
        conflict = resolve_conflict(session, signed_in(session, args, Permission.READ), args.conflict_id, args.keep)
        data = {"id": conflict.id, "status": conflict.status, "resolution": conflict.resolution}
    emit(args, data, f"Conflict {data['id']} resolved: kept the {args.keep} version.")
    return EXIT_OK


def run_league(args: argparse.Namespace) -> int:
    with database_session(args, create=False) as session:
        rows = league_table(session, reader(), args.year, period_number=args.period)
    text = "\n".join(  # the words and figures of the Head office screen and the printed league table
        f"{row.rank or '-':>4}  {row.organisation_code:<12} {row.organisation_name[:40]:<40} {achieved(row):>20} "
        f"{percent(row.score):>7}  {traffic_light(row)}" for row in rows) or "No organisations."
    emit(args, [dataclasses.asdict(row) for row in rows], text)
    return EXIT_OK
