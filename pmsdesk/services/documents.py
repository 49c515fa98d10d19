"""The register of issued documents: each printed report's fingerprint and data hash.

Recording a document is a write like any other: one transaction with its
audit event, so the audit trail shows who printed what and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import IssuedDocument

from .actor import Actor, Permission
from .audit import record_event, snapshot
from .errors import ValidationError
from .records import transaction


def record_issued_document(
    session: Session,
    actor: Actor,
    *,
    fingerprint: str,
    kind: str,
    title: str,
    parameters: Mapping[str, Any],
    data_hash: str,
    organisation_id: str | None,
) -> IssuedDocument:
    """Register a generated document so ``report verify`` can find it by its fingerprint.

    Anyone who may read the data may print it. Refuses a fingerprint that is
    already registered (a fresh one is random, so a clash means a caller bug).
    """
    actor.require(Permission.READ)
    if not fingerprint or len(fingerprint) > 32:
        raise ValidationError.single("fingerprint", _("must be 1 to 32 characters"))
    if len(data_hash) != 64:
        raise ValidationError.single("data_hash", _("must be a SHA-256 hex digest (64 characters)"))
    with transaction(session):
        if session.get(IssuedDocument, fingerprint) is not None:
            raise ValidationError.single("fingerprint", _("{0} is already registered").format(fingerprint))
        document = IssuedDocument(
            fingerprint=fingerprint, kind=kind, title=title[:2000], parameters=dict(parameters),
            data_hash=data_hash, organisation_id=organisation_id, generated_by=actor.username,
        )
        session.add(document)
        session.flush()
        record_event(session, actor, "issue", IssuedDocument.__tablename__, fingerprint,
                     new=snapshot(document))
    return document


def find_issued_document(session: Session, fingerprint: str) -> IssuedDocument | None:
    return session.get(IssuedDocument, fingerprint)
