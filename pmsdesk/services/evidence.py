"""Portfolio of evidence: files attached to actuals, stored once per content hash."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import PureWindowsPath

from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import EvidenceContent, EvidenceFile, PeriodActual

from .actor import Actor, Permission
from .errors import LockedRecord, ValidationError
from .records import add_record, get_or_fail, remove_record, transaction

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class StoredContent:
    name: str
    sha256: str
    size: int
    media_type: str


def store_evidence_content(session: Session, original_name: str, content: bytes) -> StoredContent:
    """Check a file and store its bytes once per content hash (inside the caller's transaction).

    Shared by every record that carries evidence (actuals, PEPMIS progress
    entries), so the size limit, naming and deduplication are one rule.
    """
    name = PureWindowsPath(original_name or "").name  # strips both \\ and / folders
    if not name:
        raise ValidationError.single("original_name", _("the file needs a name"))
    if not content:
        raise ValidationError.single("content", _("{0} is empty").format(name))
    if len(content) > MAX_EVIDENCE_BYTES:
        raise ValidationError.single("content", _("{0} is larger than {1} MB").format(name, MAX_EVIDENCE_BYTES // 2 ** 20))
    digest = hashlib.sha256(content).hexdigest()
    if session.get(EvidenceContent, digest) is None:
        session.add(EvidenceContent(sha256=digest, size=len(content), data=content))
        session.flush()  # before any row that points at it
    return StoredContent(name, digest, len(content), mimetypes.guess_type(name)[0] or "application/octet-stream")


def _editable_evidence_of(session: Session, actor: Actor, actual: PeriodActual, doing: str) -> None:
    """Evidence changes with the value: only while the actual is a draft or returned, in an open period.

    Once submitted, a verifier reviews the value against exactly these files, so a
    submitted, verified or approved actual's evidence is locked like its value; a
    PMS officer reopens it (with a reason) to correct it.
    """
    actor.require(Permission.CAPTURE_ACTUALS, actual.kpi.responsible_unit_id)
    if actual.period.is_closed:
        raise LockedRecord(_("The period {0} is closed; ask the PMS officer to reopen it.").format(actual.period.label))
    if actual.status.value not in {"draft", "returned"}:
        raise LockedRecord(_(
                "Evidence cannot be {0} a {1} actual; ask the PMS officer to reopen it "
                "first.").format(doing, actual.status.value))


def attach_evidence(
    session: Session, actor: Actor, actual_id: str, original_name: str, content: bytes
) -> EvidenceFile:
    """Attach a file to an editable actual; identical bytes are stored only once."""
    actual = get_or_fail(session, PeriodActual, actual_id, "actual")
    _editable_evidence_of(session, actor, actual, "added to")
    with transaction(session):
        stored = store_evidence_content(session, original_name, content)
        record = EvidenceFile(
            actual_id=actual.id,
            content_sha256=stored.sha256,
            original_name=stored.name,
            size=stored.size,
            media_type=stored.media_type,
            uploaded_by=actor.username,
        )
        return add_record(session, actor, record)


def remove_evidence(session: Session, actor: Actor, evidence_id: str, reason: str | None = None) -> None:
    """Take a wrongly attached file off an editable actual; the audit trail keeps its name, hash and who removed it.

    The stored bytes stay (another record may share them, and the audit trail's
    hash still names them); only the attachment goes.
    """
    record = get_or_fail(session, EvidenceFile, evidence_id, "evidence file")
    _editable_evidence_of(session, actor, record.actual, "removed from")
    with transaction(session):
        remove_record(session, actor, record, reason=(reason or "").strip() or None)


def read_evidence(session: Session, evidence_id: str) -> bytes:
    """The file's bytes, checked against their hash so silent corruption is caught."""
    record = get_or_fail(session, EvidenceFile, evidence_id, "evidence file")
    content = session.get(EvidenceContent, record.content_sha256)
    if content is None:
        raise ValidationError.single(
            "content", _("the stored bytes of {0} are missing from this database; attach it again").format(record.original_name)
        )
    if hashlib.sha256(content.data).hexdigest() != record.content_sha256:
        raise ValidationError.single(
            "content", _("the stored bytes of {0} do not match their hash").format(record.original_name)
        )
    return content.data
