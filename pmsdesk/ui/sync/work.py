"""The sync screen's database work, run inside ``Operations.run``; results come back frozen.

No Qt here: each function takes the work's session and calls the sync services.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from pmsdesk.progress import Progress, no_progress, staged
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.sync import refusals
from pmsdesk.sync.apply import check_addressed_and_trusted
from pmsdesk.sync.conflict_words import FieldInWords, describe
from pmsdesk.sync.conflicts import CHOICES, decision_reach, merged_fields, open_conflicts, record_label, resolve_conflict
from pmsdesk.sync.errors import PackageRefused
from pmsdesk.sync.export import export_package
from pmsdesk.sync.format import HEAD_OFFICE_ROLE
from pmsdesk.sync.keys import device_key, office_code, revoke_key, trusted_keys
from pmsdesk.sync.reader import VerifiedPackage, read_package
from pmsdesk.sync.refusals import RefusedImport, refused_imports
from pmsdesk.sync.state import NextPackage, next_package
from pmsdesk.ui.widgets.status import file_size
from pmsdesk.wording import count_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ConflictRow:
    """One open conflict as the table shows it."""

    id: str
    entity: str
    row_id: str
    peer_office: str
    reason: str
    kept: str
    detected: str
    #: The fields a person decides, in words with both sides' values formatted.
    fields: tuple[FieldInWords, ...] = ()
    #: The record in an official's words ('Q2 actual of FIN01 Revenue collected'), not its table and id.
    label: str = ""
    #: Who changed each side and when ('Changed at ZA-001 by pms on 3 Dec 2026 10:12').
    local_change: str = ""
    incoming_change: str = ""
    #: Per choice (local, incoming, merge): where the decision will hold, said before it is made.
    reach: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TrustedKeyRow:
    """One key in the trust store; ``revoked`` says when, by whom and why, or is None."""

    fingerprint: str
    office: str
    trusted: str
    revoked: str | None


@dataclass(frozen=True)
class SyncState:
    """What the screen shows on opening: who this office is, whom it trusts, what waits for a decision.

    ``setup_problem`` says why the office cannot sync yet (no office code, unreadable key).
    """

    office: str | None
    fingerprint: str | None
    setup_problem: str | None
    conflicts: tuple[ConflictRow, ...]
    keys: tuple[TrustedKeyRow, ...] = ()
    #: The code of the head office this office trusts (it sent a package here), to export to by default.
    head_office: str | None = None
    #: Package imports refused here, newest first (also in the audit trail).
    refused: tuple[RefusedImport, ...] = ()


@dataclass(frozen=True)
class SenderKey:
    """The key an untrusted package was signed with, to compare with its cover sheet and trust."""

    office: str
    fingerprint: str
    public_key: bytes
    path: str
    #: The package says, signed, that it comes from head office: its key is trusted as head office's.
    head_office: bool = False


@dataclass(frozen=True)
class PackageResult:
    """One line of the results list: what a package export, verification or import did, or why it was
    refused; ``sender`` is set when the only thing missing is trust in the sender's key."""

    file: str
    message: str
    refused: bool = False
    sender: SenderKey | None = None
    #: Where a package this office exported was written: its cover sheet can be printed from the list.
    exported_to: str | None = None


@dataclass(frozen=True)
class CoverSheet:
    """A package's cover sheet, ready to preview, print or save."""

    title: str
    file_name: str
    pdf: bytes
    fingerprint: str


def load_state(session: Session, actor: Actor) -> SyncState:
    office = fingerprint = problem = None
    try:
        office = office_code(session)
        fingerprint = device_key(session).fingerprint
    except ServiceError as error:
        problem = str(error)
    head_office = next((key.office_code for key in trusted_keys(session) if key.head_office and not key.revoked_at),
                       None)
    return SyncState(office, fingerprint, problem, conflict_rows(session, actor), key_rows(session), head_office,
                     tuple(refused_imports(session, actor)))


def conflict_rows(session: Session, actor: Actor) -> tuple[ConflictRow, ...]:
    try:
        here = office_code(session)
    except ServiceError:
        here = QCoreApplication.translate("sync.work", "this office")
    rows = []
    for conflict in open_conflicts(session, actor):
        words = describe(session, conflict, here)
        rows.append(ConflictRow(
            conflict.id, conflict.entity, conflict.row_id, conflict.peer_office, conflict.reason, conflict.kept,
            conflict.detected_at.strftime("%Y-%m-%d %H:%M") if conflict.detected_at else "", words.fields,
            record_label(session, conflict.entity, conflict.row_id), words.local_change, words.incoming_change,
            {choice: decision_reach(session, conflict, choice) for choice in CHOICES}))
    return tuple(rows)


def key_rows(session: Session) -> tuple[TrustedKeyRow, ...]:
    return tuple(
        TrustedKeyRow(k.fingerprint, k.office_code,
                      QCoreApplication.translate("sync.work", "{0:%Y-%m-%d} by {1}").format(k.trusted_at, k.trusted_by),
                      QCoreApplication.translate("sync.work", "Revoked {0:%Y-%m-%d} by {1}: {2}").format(
                          k.revoked_at, k.revoked_by, k.revoke_reason) if k.revoked_at else None)
        for k in trusted_keys(session)
    )


def package_plan(session: Session, receiver: str, full: bool) -> NextPackage:
    """What the next package for ``receiver`` will be and why, before choosing where to save it."""
    return next_package(session, office_code(session), receiver, full=full)


def export(session: Session, actor: Actor, receiver: str, out: str | Path, full: bool,
           progress: Progress = no_progress, carries: str = "") -> PackageResult:
    """Write the next package for ``receiver``; a refusal is returned, not raised (Cancelled is)."""
    name = Path(out).name
    collecting = staged(progress, lambda done, total: QCoreApplication.translate("sync.work",
            "Collecting the rows for {0}: table {1} of {2}…").format(receiver, done, total))
    try:
        summary = export_package(session, actor, device_key(session), receiver, out, full=full, progress=collecting)
    except ServiceError as error:
        session.rollback()
        return PackageResult(name, QCoreApplication.translate("sync.work",
                "{0}: not exported. {1}").format(name, error), refused=True)
    rows = sum(summary.counts.values())
    kind = QCoreApplication.translate("sync.work", "full package") if summary.full else "package"
    said = (QCoreApplication.translate("sync.work",
            "{0}: {1} {2} for {3}, {4}, {5}, {6}").format(name,
            kind,
            summary.sequence,
            summary.receiver,
            count_of(rows, 'row'),
            count_of(summary.evidence_files, 'evidence file'),
            file_size(summary.bytes)))
    return PackageResult(name, QCoreApplication.translate("sync.work",
            "{0}; it carries {1}.").format(said, carries) if carries else f"{said}.", exported_to=str(out))


def import_all(session: Session, actor: Actor, paths: Sequence[str | Path],
               progress: Progress = no_progress) -> tuple[PackageResult, ...]:
    """Import each package in name order; one refused package does not stop the others.

    Each package is all or nothing: Cancelled (from ``progress``) rolls back the one being applied
    and stops; those applied before it stay, as their results said.
    """
    results = []
    ordered = sorted(paths, key=lambda p: Path(p).name)
    for number, path in enumerate(ordered, start=1):
        name = Path(path).name
        of = QCoreApplication.translate("sync.work",
                "package {0} of {1}").format(number, len(ordered)) if len(ordered) > 1 else name
        applying = staged(progress, lambda done, total, of=of: QCoreApplication.translate("sync.work",
                "Applying {0}: table {1} of {2}…").format(of, done, total))
        try:
            progress(0, 1, QCoreApplication.translate("sync.work", "Checking {0}…").format(of))
            results.append(PackageResult(name, refusals.import_recorded(session, actor, path,
                                                                         progress=applying).message))
        except PackageRefused as error:  # rolled back, and the attempt recorded for the Head office screen
            results.append(_refused(name, path, error, QCoreApplication.translate("sync.work", "{0}: refused.").format(name)))
        except ServiceError as error:
            session.rollback()
            results.append(PackageResult(name, QCoreApplication.translate("sync.work",
                    "{0}: refused. {1}").format(name, error), refused=True))
    return tuple(results)


def verify(session: Session, path: str | Path) -> PackageResult:
    """Check a package without importing it: intact, addressed to this office, from a trusted key."""
    name = Path(path).name
    try:
        package = read_package(path)
    except PackageRefused as error:
        return PackageResult(name, QCoreApplication.translate("sync.work",
                "{0}: not intact. {1}").format(name, error), refused=True)
    manifest = package.manifest
    header = (QCoreApplication.translate("sync.work",
            "{0}: intact, package {1} from {2} to {3}, key {4}.").format(name,
            manifest.sequence,
            manifest.sender_office,
            manifest.receiver_office,
            package.fingerprint))
    try:
        check_addressed_and_trusted(session, package)
    except PackageRefused as error:
        return _refused(name, path, error, header, package)
    except ServiceError as error:
        return PackageResult(name, f"{header} {error}", refused=True)
    return PackageResult(name, QCoreApplication.translate("sync.work",
            "{0} From a trusted sender and addressed to this office: ready to import.").format(header))


def _refused(name: str, path: str | Path, error: PackageRefused, header: str,
             package: VerifiedPackage | None = None) -> PackageResult:
    """A refusal; one for an unknown key carries the key and says how to trust it from this screen."""
    if error.reason != "unknown_sender":
        return PackageResult(name, f"{header} {error}", refused=True)
    package = package or read_package(path)
    sender = SenderKey(package.manifest.sender_office, package.fingerprint, package.public_key, str(path),
                       head_office=package.manifest.sender_role == HEAD_OFFICE_ROLE)
    return PackageResult(name, QCoreApplication.translate("sync.work",
            "{0} Sent by {1} with key {2}, which this office does not "
            "trust yet: compare it with the cover sheet, then choose Trust "
            "sender.").format(header, sender.office, sender.fingerprint),
                         refused=True, sender=sender)


def trust_and_import(session: Session, actor: Actor, sender: SenderKey, confirmed_fingerprint: str,
                     progress: Progress = no_progress) -> tuple[PackageResult, ...]:
    """Trust the sender's key (the fingerprint typed from the cover sheet must match), then import; a refused
    package leaves its key untrusted again and says so (a wrong fingerprint is raised for the dialog)."""
    name = Path(sender.path).name
    applying = staged(progress, lambda done, total: QCoreApplication.translate("sync.work",
            "Applying {0}: table {1} of {2}…").format(name, done, total))
    try:
        summary = refusals.trust_and_import(session, actor, sender.office, sender.public_key, confirmed_fingerprint,
                                            sender.path, head_office=sender.head_office, progress=applying)
    except PackageRefused as error:
        return (PackageResult(name, QCoreApplication.translate("sync.work",
                "{0}: refused. {1}").format(name, error), refused=True),)
    return (PackageResult(name, summary.message),)


def cover_sheet(session: Session, path: str | Path) -> CoverSheet:
    """The cover sheet of a package this office signed; another office's package is refused (its sheet
    would vouch for a key this office cannot speak for: it is printed where the package was exported)."""
    from pmsdesk.reports.pdf.cover_sheet import cover_sheet_pdf  # ReportLab: only when a sheet is asked for

    package = read_package(path)
    own = device_key(session).fingerprint
    manifest = package.manifest
    if package.fingerprint != own:
        raise ServiceError(QCoreApplication.translate("sync.work",
                "{0} was signed by {1} with key {2}, not by this office (key {3}): no cover sheet "
                "is printed here for it. Its cover sheet is printed where it was exported.").format(package.path.name,
                manifest.sender_office,
                package.fingerprint,
                own))
    stem = Path(package.path.name).stem
    return CoverSheet(QCoreApplication.translate("sync.work",
            "cover sheet of package {0} for {1}").format(manifest.sequence, manifest.receiver_office),
                      f"{stem}-cover-sheet.pdf", cover_sheet_pdf(package), package.fingerprint)


def revoke(session: Session, actor: Actor, fingerprint: str, reason: str) -> tuple[TrustedKeyRow, ...]:
    """Revoke a key; returns the trust store as it is now."""
    revoke_key(session, actor, fingerprint, reason)
    return key_rows(session)


def resolve(session: Session, actor: Actor, conflict_id: str, choice: str,
            sides: Mapping[str, str] | None = None) -> tuple[ConflictRow, ...]:
    """Keep one side of a conflict, or merge the fields as ``sides`` says; returns the conflicts still open."""
    merged = merged_fields(session, conflict_id, sides or {}) if choice == "merge" else None
    resolve_conflict(session, actor, conflict_id, choice, merged)
    return conflict_rows(session, actor)
