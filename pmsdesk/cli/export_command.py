"""``pmsdesk export register|actuals-template|scorecard`` and ``pmsdesk import-actuals``.

Formatted workbooks for officials who live in Excel; the register and the
actuals template import back (``import-sdbip --update-existing`` and
``import-actuals``).
"""

from __future__ import annotations

import argparse

from pmsdesk.db import default_database_path, open_database
from pmsdesk.importers import WorkbookError
from pmsdesk.reports.errors import ReportError
from pmsdesk.reports.excel.export import export_workbook
from pmsdesk.reports.files import write_error_message
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.services.actor import Permission
from pmsdesk.services.errors import ServiceError

from .common import (
    EXIT_OK,
    UserError,
    add_db_option,
    add_json_option,
    add_language_option,
    add_user_option,
    emit,
    reader,
    require_user,
    signed_in,
    workbook_to_read,
    writable_output,
)

KINDS = ("register", "actuals-template", "scorecard")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="export the KPI register, an actuals template or the scorecard to Excel",
        description="Write a formatted Excel workbook: the KPI register (re-importable with import-sdbip "
                    "--update-existing), an actuals template for a directorate to fill in offline "
                    "(import it back with import-actuals), or the scorecard with traffic lights.")
    parser.add_argument("kind", choices=KINDS, help="what to export")
    add_db_option(parser)
    parser.add_argument("--year", metavar="LABEL", help="financial year such as 2025/26 (default: the latest)")
    parser.add_argument("--org", metavar="CODE", help="organisation code (needed when the database has several)")
    parser.add_argument("--unit", metavar="CODE", help="only this directorate or unit and the units below it")
    parser.add_argument("--period", type=int, metavar="N", help="quarter number (actuals template: default the "
                        "first open quarter with KPIs still to report; scorecard: default the latest reported)")
    parser.add_argument("--out", required=True, metavar="FILE.xlsx", help="where to write the workbook")
    add_language_option(parser)
    add_json_option(parser)
    parser.set_defaults(handler=run_export)

    back = subparsers.add_parser(
        "import-actuals", help="import a filled-in actuals template",
        description="Save the actuals typed into an exported actuals template. Every row is checked; "
                    "nothing is saved unless all rows are fine. Submitted, verified and approved values "
                    "cannot be changed this way, and a user may only capture their own units' actuals.")
    back.add_argument("file", metavar="FILE.xlsx")
    add_db_option(back)
    back.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")
    add_user_option(back)
    add_json_option(back)
    back.set_defaults(handler=run_import_actuals)


#: The command line's kind names → the catalogue's (the scorecard PDF is ``pmsdesk report scorecard``).
CATALOGUE_KEYS = {"register": "register", "actuals-template": "actuals-template", "scorecard": "scorecard-workbook"}


def run_export(args: argparse.Namespace) -> int:
    out = writable_output(args.out)
    request = ReportRequest(CATALOGUE_KEYS[args.kind], year=args.year, period=args.period,
                            organisation=args.org, unit=args.unit, language=args.language)
    database = open_database(args.db or default_database_path())
    try:
        with database.session() as session:
            try:
                exported = export_workbook(session, reader(), request, out)
            except (ReportError, ServiceError) as error:
                raise UserError(str(error)) from None
            except OSError as error:
                raise UserError(write_error_message(out, error)) from None
    finally:
        database.dispose()
    emit(args, {"kind": args.kind, "file": str(out), "organisation": exported.organisation, "year": exported.year,
                "kpis": exported.kpis},
         f"Wrote {out}: {args.kind} of {exported.organisation} {exported.year}, {exported.kpis} KPIs.")
    return EXIT_OK


def run_import_actuals(args: argparse.Namespace) -> int:
    from pmsdesk.importers.actuals import import_actuals

    require_user(args, Permission.CAPTURE_ACTUALS)
    path = workbook_to_read(args.file)
    database = open_database(args.db or default_database_path())
    try:
        with database.session() as session:
            actor = signed_in(session, args, Permission.CAPTURE_ACTUALS)
            try:
                report = import_actuals(session, actor, path, dry_run=args.dry_run)
            except (WorkbookError, ServiceError) as error:
                raise UserError(str(error)) from None
    finally:
        database.dispose()
    verb = "would be saved" if args.dry_run or not report.written else "saved"
    lines = [f"{report.file} → {report.organisation} {report.year} {report.period}: {len(report.saved)} actuals "
             f"{verb}, {report.unchanged} unchanged, {report.empty} left empty."]
    lines += [f"  error: {problem}" for problem in report.problems]
    emit(args, report.as_dict(), "\n".join(lines))
    if report.problems:
        raise UserError(f"{path.name}: nothing saved: {len(report.problems)} problem(s) listed above "
                        f"(first: {report.problems[0]})")
    return EXIT_OK
