"""Generating a document: collect, fingerprint, render, register, then put the file in place.

The PDF is written to a temporary file beside the target and moved into place
only after the register entry is committed, so a failure never leaves a
half-written PDF or a printed document that ``report verify`` cannot find.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from pmsdesk.collector import collector_paused
from pmsdesk.services.actor import Actor
from pmsdesk.services.documents import record_issued_document
from pmsdesk.services.organisation_details import organisation_logo
from pmsdesk.services.installation import demo_notice

from .base import ReportContent, ReportRequest
from .document import PageFacts, build_pdf
from .fingerprint import data_hash, new_fingerprint
from .kinds import collect


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


def _new_file_mode() -> int:
    """The mode an ordinary new file gets (mkstemp's files are private, 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@dataclass(frozen=True)
class DocumentMarks:
    """What the database adds to every page: the organisation's logo, and DEMO for a demo database."""

    logo: bytes | None = None
    notice: str | None = None


def document_marks(session: Session, organisation_id: str | None) -> DocumentMarks:
    return DocumentMarks(organisation_logo(session, organisation_id), demo_notice(session))


def render(content: ReportContent, out, *, fingerprint: str, generated_by: str | None,
           generated_at: datetime | None = None, marks: DocumentMarks = DocumentMarks()) -> int:
    """Draw ``content`` into ``out`` (a path or binary file); returns the page count."""
    facts = PageFacts(
        organisation_name=content.organisation_name, organisation_code=content.organisation_code,
        title=content.title, period_text=content.period_text, fingerprint=fingerprint,
        generated_at=generated_at or datetime.now().astimezone(), generated_by=generated_by,
        watermark=content.watermark, logo=marks.logo, notice=marks.notice)
    return build_pdf(out, facts, content.story(), orientation=content.orientation)


#: Printed where an issued document has its fingerprint: a preview is not in the register.
PREVIEW_FINGERPRINT = "none (preview, not issued)"


@collector_paused()  # see issue_report
def preview_report(session: Session, actor: Actor, request: ReportRequest) -> bytes:
    """The PDF ``request`` asks for, for reading on screen: nothing is registered as issued."""
    content = collect(session, request)
    out = io.BytesIO()
    render(content, out, fingerprint=PREVIEW_FINGERPRINT, generated_by=actor.username,
           marks=document_marks(session, content.organisation_id))
    return out.getvalue()


@collector_paused()  # the story, the pages and the PDF's objects live until the file is written
def issue_report(session: Session, actor: Actor, request: ReportRequest, out_path: str | Path,
                 *, generated_at: datetime | None = None) -> IssuedReport:
    """Make the document ``request`` asks for at ``out_path`` and register its fingerprint."""
    started = time.perf_counter()
    target = Path(out_path)
    content = collect(session, request)
    fingerprint = new_fingerprint()
    digest = data_hash(content.data)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".pmsdesk-", suffix=".pdf", dir=target.parent)
    os.close(handle)
    try:
        pages = render(content, temporary, fingerprint=fingerprint, generated_by=actor.username,
                       generated_at=generated_at, marks=document_marks(session, content.organisation_id))
        parameters = content.request.parameters()
        record_issued_document(session, actor, fingerprint=fingerprint, kind=content.kind,
                               title=content.title, parameters=parameters, data_hash=digest,
                               organisation_id=content.organisation_id)
        os.chmod(temporary, _new_file_mode())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return IssuedReport(target, content.kind, content.title, fingerprint, digest, pages,
                        content.draft_reason, parameters, round(time.perf_counter() - started, 3))
