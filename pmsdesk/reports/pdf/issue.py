"""Generating a document: collect, fingerprint, render, register, then put the file in place.

The PDF is written to a temporary file beside the target and moved into place
only after the register entry is committed, so a failure never leaves a
half-written PDF or a printed document that ``report verify`` cannot find.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from pmsdesk.collector import collector_paused
from pmsdesk.i18n import ENGLISH, N_, _, current_language, in_language
from pmsdesk.progress import Progress, no_progress
from pmsdesk.services.actor import Actor
from pmsdesk.services.documents import record_issued_document
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.installation import demo_notice
from pmsdesk.services.organisation_details import organisation_logo

from ..files import written_atomically
from .base import ReportContent, ReportError, ReportRequest
from .document import PageFacts, build_pdf
from .fingerprint import data_hash, new_fingerprint
from .kinds import collect

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssuedReport:
    path: Path
    kind: str
    title: str
    fingerprint: str
    data_hash: str
    pages: int
    draft_reason: str | None
    parameters: dict
    seconds: float


@dataclass(frozen=True)
class DocumentMarks:
    """What the database adds to every page: the organisation's logo, and DEMO for a demo database."""

    logo: bytes | None = None
    notice: str | None = None


def document_marks(session: Session, organisation_id: str | None) -> DocumentMarks:
    notice = demo_notice(session)
    return DocumentMarks(organisation_logo(session, organisation_id), _(notice) if notice else None)


def render(content: ReportContent, out, *, fingerprint: str, generated_by: str | None,
           generated_at: datetime | None = None, marks: DocumentMarks = DocumentMarks()) -> int:
    """Draw ``content`` into ``out`` (a path or binary file); returns the page count."""
    facts = PageFacts(
        organisation_name=content.organisation_name, organisation_code=content.organisation_code,
        title=content.title, period_text=content.period_text, fingerprint=fingerprint,
        generated_at=generated_at or datetime.now().astimezone(), generated_by=generated_by,
        watermark=content.watermark, logo=marks.logo, notice=marks.notice)
    return build_pdf(out, facts, content.story(), orientation=content.orientation)


def in_report_language(request: ReportRequest) -> ReportRequest:
    """``request`` naming the language it prints in: the one asked for, else the reader's; None for English,
    so an English document's stored parameters stay as they always were."""
    language = request.language or current_language()
    return replace(request, language=None if language == ENGLISH else language)


#: Printed where an issued document has its fingerprint: a preview is not in the register.
PREVIEW_FINGERPRINT = N_("none (preview, not issued)")


@collector_paused()  # see issue_report
def preview_report(session: Session, actor: Actor, request: ReportRequest, *,
                   progress: Progress = no_progress) -> bytes:
    """The PDF ``request`` asks for, for reading on screen: nothing is registered as issued."""
    request = in_report_language(request)
    progress(0, 2, _("Collecting the figures…"))
    reader = current_language()
    with in_language(request.language or ENGLISH):
        content = collect_for(session, request, reader)
        progress(1, 2, _("Drawing the {0}…").format(content.title))
        out = io.BytesIO()
        render(content, out, fingerprint=PREVIEW_FINGERPRINT, generated_by=actor.username,
               marks=document_marks(session, content.organisation_id))
    return out.getvalue()


@collector_paused()  # the story, the pages and the PDF's objects live until the file is written
def issue_report(session: Session, actor: Actor, request: ReportRequest, out_path: str | Path,
                 *, generated_at: datetime | None = None, progress: Progress = no_progress) -> IssuedReport:
    """Make the document ``request`` asks for at ``out_path`` and register its fingerprint.

    Collected and drawn in the request's language (else the reader's), in this thread only.
    """
    request = in_report_language(request)
    reader = current_language()
    with in_language(request.language or ENGLISH):
        return _issue(session, actor, request, Path(out_path), generated_at, progress, reader)


def collect_for(session: Session, request: ReportRequest, reader: str) -> ReportContent:
    """``collect`` in the document's language; a refusal ("--person is needed …") is for the person who
    asked, so it is collected once more in ``reader``'s language to say it in their words."""
    try:
        return collect(session, request)
    except (ReportError, ServiceError):
        with in_language(reader):
            collect(session, request)
        raise


def _issue(session: Session, actor: Actor, request: ReportRequest, target: Path,
           generated_at: datetime | None, progress: Progress, reader: str) -> IssuedReport:
    started = time.perf_counter()
    progress(0, 3, _("Collecting the figures…"))
    content = collect_for(session, request, reader)
    content.request = replace(content.request, language=request.language)
    fingerprint = new_fingerprint()
    digest = data_hash(content.data)
    try:
        with written_atomically(target) as temporary:
            progress(1, 3, _("Drawing the {0}…").format(content.title))
            pages = render(content, temporary, fingerprint=fingerprint, generated_by=actor.username,
                           generated_at=generated_at, marks=document_marks(session, content.organisation_id))
            parameters = content.request.parameters()
            progress(2, 3, _("Registering its fingerprint…"))
            record_issued_document(session, actor, fingerprint=fingerprint, kind=content.kind,
                                   title=content.title, parameters=parameters, data_hash=digest,
                                   organisation_id=content.organisation_id)
    except BaseException as error:
        log.warning("report %s to %s not issued: %s", request.kind, target, error)
        raise
    log.info("issued %s %s (%d pages) to %s", content.kind, fingerprint, pages, target)
    return IssuedReport(target, content.kind, content.title, fingerprint, digest, pages,
                        content.draft_reason, parameters, round(time.perf_counter() - started, 3))
