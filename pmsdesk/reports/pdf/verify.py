"""``report verify``: does a printed document still match the database?

The fingerprint is read from the PDF's metadata (``pmsdesk-fingerprint:…``
in the Keywords, which ReportLab writes uncompressed, so no PDF library is
needed); if another program rewrote the file, the footer text is searched
with pypdf when it is installed. A fingerprint typed from a paper copy works
too. The document is then collected again from its stored parameters and its
data hash compared with the one recorded when it was printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pmsdesk.i18n import ENGLISH, _, in_language
from pmsdesk.services.documents import find_issued_document
from pmsdesk.services.errors import ServiceError

from .base import ReportError, ReportRequest
from .fingerprint import KEYWORD_PREFIX, PATTERN, data_hash, normalise
from .kinds import collect

MATCHES = "matches"
CHANGED = "changed"
UNKNOWN = "unknown"

_KEYWORD = re.compile(re.escape(KEYWORD_PREFIX).encode() + rb"([0-9A-Z]{5}-[0-9A-Z]{5})")


@dataclass(frozen=True)
class Verification:
    outcome: str
    fingerprint: str
    message: str
    kind: str | None = None
    title: str | None = None
    parameters: dict[str, Any] | None = None
    generated_at: datetime | None = None
    generated_by: str | None = None


def fingerprint_in_pdf(path: Path) -> str | None:
    """The fingerprint of a pmsdesk PDF, or None if the file carries none."""
    raw = path.read_bytes()
    found = _KEYWORD.search(raw)
    if found:
        return found.group(1).decode("ascii")
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    try:
        reader = PdfReader(str(path))
        keywords = (reader.metadata or {}).get("/Keywords") or ""
        if KEYWORD_PREFIX in keywords:
            return normalise(keywords.split(KEYWORD_PREFIX, 1)[1][:11])
        text = reader.pages[0].extract_text() if reader.pages else ""
    except Exception:  # noqa: BLE001 - any unreadable PDF simply has no fingerprint we can find
        return None
    # The footer names it in the document's language ("fingerprint" in English): the code alone is enough.
    match = re.search(r"fingerprint\s+" + PATTERN.pattern, text or "") or PATTERN.search(text or "")
    return f"{match.group(1)}-{match.group(2)}" if match else None


def fingerprint_of(target: str) -> str:
    """A fingerprint from a PDF path or typed code; ReportError says which it could not read."""
    path = Path(target)
    if path.is_file():
        found = fingerprint_in_pdf(path)
        if found is None:
            raise ReportError(_("{0}: no pmsdesk document fingerprint found in this file").format(target))
        return found
    code = normalise(target)
    if code is None:
        raise ReportError(_("{0}: not a PDF file and not a fingerprint like K7Q2M-9XD4T").format(target))
    return code


def verify_document(session: Session, fingerprint: str) -> Verification:
    """Compare the data behind ``fingerprint`` when printed with the database today."""
    issued = find_issued_document(session, fingerprint)
    if issued is None:
        return Verification(UNKNOWN, fingerprint, _(
                "{0} was not issued from this database: it may come from another office, or be forged").format(fingerprint))
    facts = dict(kind=issued.kind, title=issued.title, parameters=dict(issued.parameters),
                 generated_at=issued.generated_at, generated_by=issued.generated_by)
    printed = _("{0}, printed {1:%d %b %Y %H:%M} UTC").format(issued.title, issued.generated_at)
    fields = {k: v for k, v in issued.parameters.items() if k != "kind"}
    try:
        request = ReportRequest(issued.kind, **fields)
        with in_language(request.language or ENGLISH):  # the words it was printed in, whoever checks it
            content = collect(session, request)
    except (ReportError, ServiceError, TypeError) as error:
        return Verification(CHANGED, fingerprint, _(
                "{0}: its data can no longer be read ({1})").format(printed, error), **facts)
    if data_hash(content.data) == issued.data_hash:
        return Verification(MATCHES, fingerprint, _("{0}: matches the current data").format(printed), **facts)
    return Verification(CHANGED, fingerprint, _(
            "{0}: the data has changed since it was printed; print it again for the current figures").format(printed), **facts)
