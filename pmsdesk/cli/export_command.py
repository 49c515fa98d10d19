"""``pmsdesk export register|actuals-template|scorecard`` and ``pmsdesk import-actuals``.

Formatted workbooks for officials who live in Excel; the register and the
actuals template import back (``import-sdbip --update-existing`` and
``import-actuals``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.db import default_database_path, open_database
from pmsdesk.importers import WorkbookError
from pmsdesk.models import FinancialYear, Kpi, KpiTarget, Organisation, PeriodActual, PeriodKind, ReportingPeriod, Unit
from pmsdesk.services.actuals import EDITABLE_STATUSES
from pmsdesk.services.actor import Permission
from pmsdesk.services.errors import ServiceError

from .common import EXIT_OK, UserError, add_db_option, add_json_option, add_user_option, emit, signed_in

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


def _context(session: Session, args: argparse.Namespace) -> tuple[Organisation, FinancialYear, Unit | None]:
    if args.org:
        organisation = session.scalar(select(Organisation).where(Organisation.code == args.org))
        if organisation is None:
            raise UserError(f"no organisation with code {args.org!r}")
    else:
        found = list(session.scalars(select(Organisation).limit(2)))
        if len(found) != 1:
            raise UserError("name the organisation with --org CODE" if found else "the database has no organisation")
        organisation = found[0]
    years = select(FinancialYear).where(FinancialYear.organisation_id == organisation.id)
    year = session.scalar(years.where(FinancialYear.label == args.year) if args.year else
                          years.order_by(FinancialYear.start_date.desc()).limit(1))
    if year is None:
        labels = ", ".join(session.scalars(select(FinancialYear.label).where(
            FinancialYear.organisation_id == organisation.id))) or "none"
        raise UserError(f"{organisation.code} has no financial year {args.year or ''}; it has {labels}")
    unit = None
    if args.unit:
        unit = session.scalar(select(Unit).where(Unit.organisation_id == organisation.id, Unit.code == args.unit))
        if unit is None:
            raise UserError(f"{organisation.code} has no unit with code {args.unit!r}")
    return organisation, year, unit


def _period(session: Session, year: FinancialYear, number: int | None) -> ReportingPeriod:
    quarters = list(session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.financial_year_id == year.id, ReportingPeriod.kind == PeriodKind.QUARTER)
        .order_by(ReportingPeriod.number)))
    if number is not None:
        found = next((q for q in quarters if q.number == number), None)
        if found is None:
            raise UserError(f"{year.label} has no quarter {number}; it has {', '.join(q.label for q in quarters)}")
        return found
    # Default: the first open quarter with targets not yet reported (no actual, or a draft or returned one).
    for quarter in quarters:
        due = session.scalar(select(func.count()).select_from(KpiTarget).join(Kpi).where(
            KpiTarget.period_id == quarter.id, Kpi.is_active.is_(True),
            (KpiTarget.value.is_not(None)) | (KpiTarget.value_date.is_not(None)) | (KpiTarget.value_text.is_not(None))))
        done = session.scalar(select(func.count()).select_from(PeriodActual).where(
            PeriodActual.period_id == quarter.id, PeriodActual.status.not_in(EDITABLE_STATUSES)))
        if not quarter.is_closed and done < due:
            return quarter
    return quarters[-1]


def run_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.parent.is_dir():
        raise UserError(f"cannot write {out}: the folder {out.parent} does not exist")
    database = open_database(args.db or default_database_path())
    try:
        with database.session() as session:
            organisation, year, unit = _context(session, args)
            try:
                if args.kind == "register":
                    from pmsdesk.reports.excel.register import export_register

                    count = export_register(session, year, out, unit_id=unit.id if unit else None)
                elif args.kind == "actuals-template":
                    from pmsdesk.reports.excel.actuals_template import export_actuals_template

                    period = _period(session, year, args.period)
                    count = export_actuals_template(session, year, period, out, unit_id=unit.id if unit else None)
                else:
                    try:
                        from pmsdesk.reports.excel.scorecard import export_scorecard
                        count = export_scorecard(session, organisation.code, year.label, out,
                                                 period_number=args.period)
                    except ImportError as error:
                        raise UserError(f"the scorecard is not available in this pmsdesk ({error})") from None
            except ServiceError as error:
                raise UserError(str(error)) from None
            except OSError as error:
                raise UserError(f"cannot write {out}: {error.strerror}") from None
    finally:
        database.dispose()
    emit(args, {"kind": args.kind, "file": str(out), "organisation": organisation.code, "year": year.label,
                "kpis": count}, f"Wrote {out}: {args.kind} of {organisation.code} {year.label}, {count} KPIs.")
    return EXIT_OK


def run_import_actuals(args: argparse.Namespace) -> int:
    from pmsdesk.importers.actuals import import_actuals

    path = Path(args.file)
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
