"""``pmsdesk report``: print a PDF report from the database, or verify a printed one.

    pmsdesk report KIND --db DB --out FILE.pdf [--year 2025/26] [--period Q2]
                   [--org CODE] [--unit CODE] [--person NAME_OR_ID] [--as-of YYYY-MM-DD] [--language sw] [--json]
    pmsdesk report verify FILE.pdf|FINGERPRINT --db DB [--json]

Every document is registered with its fingerprint so ``verify`` can say
whether a printed copy still matches the data (exit 0), or the data has
changed or the document is unknown here (exit 1).
"""

from __future__ import annotations

import argparse
import re
from datetime import date

from pmsdesk.db import default_database_path, open_database
from pmsdesk.reports.catalogue import AS_OF_KINDS, CHOICES, PDF_KINDS, refuse_unused, report_kind
from pmsdesk.reports.files import write_error_message
from pmsdesk.reports.pdf.base import ReportError, ReportRequest
from pmsdesk.services.actor import Permission
from pmsdesk.services.errors import ServiceError

from .common import (
    EXIT_FAILED,
    EXIT_OK,
    UserError,
    add_db_option,
    add_json_option,
    add_language_option,
    emit,
    reader,
    signed_in,
    writable_output,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="print a PDF report, or verify a printed one",
        description="Print a PDF report from the database (A4, fingerprinted), or check that a "
        "printed report still matches the data.")
    kinds = parser.add_subparsers(title="report kinds", metavar="KIND", dest="report_kind",
                                  required=True)
    for entry in PDF_KINDS:
        kind, summary = entry.key, entry.summary
        sub = kinds.add_parser(kind, help=summary, description=f"Print the {summary}.")
        add_db_option(sub)
        sub.add_argument("--out", required=True, metavar="FILE.pdf", help="PDF file to write")
        sub.add_argument("--year", metavar="YYYY/YY", help="financial year, e.g. 2025/26 "
                         "(default: the latest with data)")
        sub.add_argument("--period", metavar="Q", help="quarter, e.g. Q2 (default: the latest "
                         "with actuals)")
        sub.add_argument("--org", metavar="CODE", help="organisation code (default: the only one)")
        sub.add_argument("--unit", metavar="CODE", help="directorate or department code")
        sub.add_argument("--person", metavar="NAME_OR_ID", help="whose agreement (name or id)")
        sub.add_argument("--as-of", metavar="YYYY-MM-DD", dest="as_of",
                         help="decide statuses as on this day, e.g. 2026-08-31: a quarter whose reporting "
                              "deadline had not passed then is awaiting (default: today; "
                              + ", ".join(sorted(AS_OF_KINDS)) + " only)")
        sub.add_argument("--user", metavar="NAME",
                         help="sign in so the report register names you as who printed it "
                              "(optional: printing changes no data)")
        add_language_option(sub)
        add_json_option(sub)
        sub.set_defaults(handler=run_report, kind=kind)
    verify = kinds.add_parser("verify", help="check a printed report against the database",
                              description="Read the fingerprint of a pmsdesk PDF (or take one "
                              "typed from paper) and say whether the document matches the data "
                              "in the database today. Exit 0 when it matches, 1 otherwise.")
    verify.add_argument("document", metavar="FILE.pdf|FINGERPRINT")
    add_db_option(verify)
    add_json_option(verify)
    verify.set_defaults(handler=run_verify)


def period_number(text: str | None) -> int | None:
    if text is None:
        return None
    match = re.fullmatch(r"\s*[Qq]?\s*(\d{1,2})\s*", text)
    if not match or not 1 <= int(match.group(1)) <= 12:
        raise UserError(f"--period: expected a quarter such as Q2, got {text!r}")
    return int(match.group(1))


def _request(args: argparse.Namespace) -> ReportRequest:
    given = {name for name in CHOICES if getattr(args, name) is not None}
    try:
        refuse_unused(report_kind(args.kind), given)
    except ReportError as error:
        raise UserError(str(error)) from None
    if not args.out.lower().endswith(".pdf"):
        raise UserError(f"--out: {args.out!r} should be a .pdf file")
    return ReportRequest(args.kind, year=args.year, period=period_number(args.period),
                         organisation=args.org, unit=args.unit, person=args.person,
                         as_of=as_of_day(args.kind, args.as_of), language=args.language)


def as_of_day(kind: str, text: str | None) -> str | None:
    """``--as-of`` as an ISO day, refused in words for a kind it does not change or a day that is not one."""
    if text is None:
        return None
    if kind not in AS_OF_KINDS:
        raise UserError(f"--as-of does not apply to the {kind} report: only {', '.join(sorted(AS_OF_KINDS))} "
                        "decide statuses by the day")
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UserError(f"--as-of: {text!r} is not a day such as 2026-08-31 (year-month-day)") from None


def run_report(args: argparse.Namespace) -> int:
    from pmsdesk.reports.pdf.issue import issue_report

    request = _request(args)
    writable_output(args.out)
    target = args.db or default_database_path()
    database = open_database(target, upgrade=False, create=False)
    try:
        with database.session() as session:
            actor = signed_in(session, args, Permission.READ) if args.user else reader()
            issued = issue_report(session, actor, request, args.out)
    except (ReportError, ServiceError) as error:
        raise UserError(str(error)) from None
    except OSError as error:
        raise UserError(f"--out: {write_error_message(args.out, error)}") from None
    finally:
        database.dispose()
    state = f"DRAFT: {issued.draft_reason}" if issued.draft_reason else "final"
    emit(args, {"path": str(issued.path), "kind": issued.kind, "title": issued.title,
                "fingerprint": issued.fingerprint, "data_hash": issued.data_hash,
                "pages": issued.pages, "draft": issued.draft_reason is not None,
                "draft_reason": issued.draft_reason, "parameters": issued.parameters,
                "seconds": issued.seconds},
         f"Wrote {issued.path}: {issued.title} ({issued.pages} page(s), {state}); "
         f"fingerprint {issued.fingerprint}, {issued.seconds} s.")
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    from pmsdesk.reports.pdf.verify import MATCHES, fingerprint_of, verify_document

    target = args.db or default_database_path()
    try:
        fingerprint = fingerprint_of(args.document)
    except ReportError as error:
        raise UserError(str(error)) from None
    database = open_database(target, upgrade=False, create=False)
    try:
        with database.session() as session:
            result = verify_document(session, fingerprint)
    finally:
        database.dispose()
    emit(args, {"outcome": result.outcome, "fingerprint": result.fingerprint,
                "message": result.message, "kind": result.kind, "title": result.title,
                "parameters": result.parameters, "generated_at": result.generated_at,
                "generated_by": result.generated_by},
         f"{result.outcome.upper()}: {result.message}")
    return EXIT_OK if result.outcome == MATCHES else EXIT_FAILED
