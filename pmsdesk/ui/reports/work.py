"""The Reports screen's work, run inside ``Operations.run``; no Qt here.

Each function takes the work's own session, so it can run on the worker thread.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from pmsdesk.importers.actuals import ActualsReport, import_actuals
from pmsdesk.reports.catalogue import PDF, report_kind
from pmsdesk.reports.choices import ReportChoices, organisation_code_of, organisation_id_of, report_choices
from pmsdesk.reports.excel.export import ExportedWorkbook, export_workbook
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import IssuedReport, issue_report, preview_report
from pmsdesk.services.actor import Actor


def load_choices(session: Session, actor: Actor, organisation_id: str, year_label: str,
                 organisation_code: str | None = None) -> ReportChoices:
    """The choices for the top bar's organisation, or the one called ``organisation_code`` (head office)."""
    if organisation_code:
        organisation_id = organisation_id_of(session, organisation_code) or organisation_id
    return report_choices(session, actor, organisation_id, year_label)


def preview(session: Session, actor: Actor, request: ReportRequest) -> bytes:
    """The document as it would print, not registered as issued."""
    return preview_report(session, actor, request)


def for_organisation(session: Session, request: ReportRequest, organisation_id: str | None) -> ReportRequest:
    """``request`` naming the organisation by code, for screens that know only its id."""
    if organisation_id is None or request.organisation is not None:
        return request
    return replace(request, organisation=organisation_code_of(session, organisation_id))


def save(session: Session, actor: Actor, request: ReportRequest, out: str | Path) -> IssuedReport | ExportedWorkbook:
    """Write the PDF (registered with its fingerprint) or the workbook at ``out``, whole or not at all."""
    if report_kind(request.kind).output == PDF:
        return issue_report(session, actor, request, out)
    return export_workbook(session, actor, request, out)


def issue_for_printing(session: Session, actor: Actor, request: ReportRequest) -> tuple[IssuedReport, bytes]:
    """Issue the document (so a printed copy can be verified by its fingerprint) and return its bytes."""
    with tempfile.TemporaryDirectory(prefix="pmsdesk-print-") as folder:
        issued = issue_report(session, actor, request, Path(folder) / "document.pdf")
        return issued, issued.path.read_bytes()


def import_filled_template(session: Session, actor: Actor, path: str | Path, *, dry_run: bool) -> ActualsReport:
    return import_actuals(session, actor, path, dry_run=dry_run)
