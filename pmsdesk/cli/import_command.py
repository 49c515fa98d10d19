"""``pmsdesk import-sdbip``: bring an SDBIP workbook into a financial year, all or nothing.

The command signs in (``--user``, password from ``PMSDESK_PASSWORD`` or a
prompt) as someone who may manage KPIs; the importer checks each row's unit.
"""

from __future__ import annotations

import argparse

from pmsdesk.db import default_database_path, open_database
from pmsdesk.importers import ImportOptions, ImportReport, WorkbookError, import_sdbip
from pmsdesk.importers.templates import save_template
from pmsdesk.services.actor import Permission
from pmsdesk.services.errors import ServiceError

from .common import (
    EXIT_FAILED,
    EXIT_OK,
    UserError,
    add_db_option,
    add_json_option,
    add_user_option,
    emit,
    require_user,
    signed_in,
    workbook_to_read,
)

SHOWN_PROBLEMS = 40


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        heading, sep, field = pair.rpartition("=")
        if not sep or not heading.strip():
            raise UserError(f"--map takes HEADING=FIELD (for example 'first_quarter_actual=target_q1'), got {pair!r}")
        mapping[heading.strip()] = field.strip()
    return mapping


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-sdbip", help="import an SDBIP workbook (.xlsx, .xls, .ods, .csv) into a financial year",
        description="Import the KPIs of an SDBIP workbook: finds the header row below title rows, maps "
                    "columns by name, reads KPA heading rows, keeps unreadable cells as text with a "
                    "data-quality flag. Nothing is written unless every row can be imported "
                    "(or --accept-valid-rows is given).")
    parser.add_argument("file", metavar="FILE", help="the workbook: .xlsx, .xlsm, .xls, .ods or .csv")
    add_db_option(parser)
    parser.add_argument("--year", metavar="LABEL", help="financial year such as 2025/26 (created if missing; "
                        "default: the latest year)")
    parser.add_argument("--org", metavar="CODE", help="organisation code (needed when the database has several)")
    parser.add_argument("--sheet", action="append", default=[], metavar="NAME",
                        help="import only this sheet (repeatable; default: every sheet with a KPI header)")
    parser.add_argument("--dry-run", action="store_true", help="report exactly what would be imported; write nothing")
    parser.add_argument("--accept-valid-rows", action="store_true",
                        help="import the rows that are fine even if others have problems")
    parser.add_argument("--include-hidden", action="store_true",
                        help="also read hidden rows and columns (each is named in the report); by default they "
                             "are left out with a warning, as an official hides what is withdrawn")
    parser.add_argument("--update-existing", action="store_true",
                        help="update KPIs whose reference is already in the year (not those in a signed "
                             "agreement); without it such rows are refused")
    parser.add_argument("--template", metavar="NAME", help="use a saved column mapping")
    parser.add_argument("--map", action="append", default=[], metavar="HEADING=FIELD",
                        help="map a heading to a KPI field, or to 'ignore' (repeatable)")
    parser.add_argument("--save-template", metavar="NAME",
                        help="save the --template and --map mapping under this name for next time")
    add_user_option(parser)
    add_json_option(parser)
    parser.set_defaults(handler=run)


def summary(report: ImportReport) -> str:
    """The human report: counts, then every problem with its sheet, row and column."""
    verb = "would be" if report.dry_run else ("were" if report.written else "would have been")
    lines = [f"{report.file} → {report.organisation} {report.year}: "
             f"{report.count('created')} KPIs {verb} created, {report.count('updated')} updated, "
             f"{report.count('unchanged')} unchanged, {report.count('failed')} refused; "
             f"{report.flags} data-quality flags."]
    for sheet in report.sheets:
        if "skipped" in sheet:
            lines.append(f"  sheet '{sheet['sheet']}': skipped ({sheet['skipped'][:120]})")
        else:
            lines.append(f"  sheet '{sheet['sheet']}': header on row {sheet['header_row']}, "
                         f"{sheet['rows']} rows below it")
    if report.recovered:
        lines.append("  read from the workbook:")
        lines += [f"    {line}" for line in report.recovered_lines()]
    if report.created:
        lines.append("  new records: " + ", ".join(f"{c['kind']} {c['name']}" for c in report.created[:20]))
    for problem in report.problems[:SHOWN_PROBLEMS]:
        lines.append(f"  {problem.severity}: {problem}")
    if len(report.problems) > SHOWN_PROBLEMS:
        lines.append(f"  … {len(report.problems) - SHOWN_PROBLEMS} more (use --json to see all)")
    if report.dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    require_user(args, Permission.MANAGE_KPIS)
    path = workbook_to_read(args.file)
    target = args.db or default_database_path()
    database = open_database(target)
    try:
        with database.session() as session:
            actor = signed_in(session, args, Permission.MANAGE_KPIS)
            options = ImportOptions(organisation_code=args.org, year_label=args.year, sheets=tuple(args.sheet),
                                    dry_run=args.dry_run, accept_valid_rows=args.accept_valid_rows,
                                    update_existing=args.update_existing, include_hidden=args.include_hidden,
                                    template=args.template,
                                    mapping=_mapping(args.map))
            try:
                if args.save_template and not args.dry_run:
                    from pmsdesk.importers.templates import load_template

                    base = load_template(session, args.template) if args.template else {}
                    save_template(session, actor, args.save_template, base | dict(options.mapping))
                report = import_sdbip(session, actor, path, options)
            except (WorkbookError, ServiceError) as error:
                raise UserError(f"{path.name}: {error}" if not str(error).startswith(path.name) else str(error)) \
                    from None
    finally:
        database.dispose()
    emit(args, report.as_dict(), summary(report))
    if report.errors and not report.written and not report.dry_run:
        raise UserError(f"{path.name}: nothing imported: {len(report.errors)} problem(s) listed above "
                        f"(first: {report.errors[0]}). Fix them, or import the valid rows with --accept-valid-rows")
    return EXIT_FAILED if report.dry_run and report.errors else EXIT_OK
