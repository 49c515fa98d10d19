"""This installation's signing key and office code, and the trust store of other offices' keys.

The private key lives in a file outside the database (``<keys dir>/<installation
id>.pem``, mode 600): a copied or restored database does not carry the right to
sign as this device, and packages never contain it. The keys folder is, in
order: the ``keys_dir`` the caller passes, ``$PMSDESK_KEYS_DIR``, or
``keys/`` in the user's pmsdesk data folder.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import InstallationSetting, SyncPackageLog, SyncTrustedKey
from pmsdesk.models.base import new_uuid, utcnow
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.audit import record_event
from pmsdesk.services.errors import NotFound, ValidationError
from pmsdesk.services.records import transaction

from .errors import SyncSetupError

OFFICE_CODE = "office_code"
INSTALLATION_ID = "installation_id"
KEYS_ENV = "PMSDESK_KEYS_DIR"


def keys_folder(keys_dir: str | Path | None = None) -> Path:
    if keys_dir is not None:
        return Path(keys_dir)
    if os.environ.get(KEYS_ENV):
        return Path(os.environ[KEYS_ENV])
    return platformdirs.user_data_path("pmsdesk", appauthor=False) / "keys"


def fingerprint(public_key: bytes) -> str:
    """A short, readable digest of a public key (80 bits), compared by people on first contact."""
    digest = base64.b32encode(hashlib.sha256(public_key).digest()[:10]).decode("ascii")
    return "-".join(digest[index:index + 4] for index in range(0, 16, 4))


def public_key_text(public_key: bytes) -> str:
    return base64.b64encode(public_key).decode("ascii")


def decode_public_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        raise ValidationError.single("public_key", "is not base64 text") from None
    if len(raw) != 32:
        raise ValidationError.single("public_key", "must be a 32-byte Ed25519 key")
    return raw


def verify_signature(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class DeviceKey:
    """The Ed25519 key pair of this installation."""

    installation_id: str
    private_key: Ed25519PrivateKey
    path: Path

    @property
    def public_bytes(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_bytes)

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


def setting(session: Session, key: str) -> str | None:
    row = session.get(InstallationSetting, key)
    return row.value if row is not None else None


def office_code(session: Session) -> str:
    """This installation's office code; sync needs one."""
    code = setting(session, OFFICE_CODE)
    if not code:
        raise SyncSetupError("This installation has no office code yet. Set one with "
                             "'pmsdesk keys init --office CODE'.")
    return code


def set_office_code(session: Session, actor: Actor, code: str) -> None:
    """Name this installation; refused once packages were exchanged under another name."""
    actor.require(Permission.MANAGE_KEYS)
    code = (code or "").strip().upper()
    if not code or len(code) > 40 or not all(ch.isalnum() or ch in "-_" for ch in code):
        raise ValidationError.single("office", "use up to 40 letters, digits, '-' or '_'")
    current = setting(session, OFFICE_CODE)
    if current == code:
        return
    if current and session.scalar(select(SyncPackageLog.package_id).limit(1)):
        raise ValidationError.single("office", f"this installation already syncs as {current}")
    with transaction(session):
        if current is None:
            session.add(InstallationSetting(key=OFFICE_CODE, value=code))
        else:
            session.get(InstallationSetting, OFFICE_CODE).value = code
        record_event(session, actor, "update", "installation_setting", OFFICE_CODE,
                     old={"value": current}, new={"value": code})


def device_key(session: Session, keys_dir: str | Path | None = None, *, create: bool = True) -> DeviceKey:
    """Load this installation's key, creating the pair (and an installation id) on first use.

    Creating writes the installation id in its own small transaction.
    """
    installation = setting(session, INSTALLATION_ID)
    if installation is None:
        if not create:
            raise SyncSetupError("This installation has no signing key yet; run 'pmsdesk keys init'.")
        installation = new_uuid()
        with transaction(session):
            session.add(InstallationSetting(key=INSTALLATION_ID, value=installation))
    path = keys_folder(keys_dir) / f"{installation}.pem"
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as error:
            raise SyncSetupError(f"The signing key {path} cannot be read ({error}).") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SyncSetupError(f"The signing key {path} is not an Ed25519 key.")
        return DeviceKey(installation, key, path)
    if not create:
        raise SyncSetupError(f"No signing key at {path}; run 'pmsdesk keys init'.")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return DeviceKey(installation, key, path)


def trusted_key(session: Session, public_key: bytes) -> SyncTrustedKey | None:
    return session.get(SyncTrustedKey, fingerprint(public_key))


def trust_key(session: Session, actor: Actor, office: str, public_key: bytes, confirmed_fingerprint: str) -> SyncTrustedKey:
    """Trust an office device's key; the caller must type the fingerprint they compared."""
    actor.require(Permission.MANAGE_KEYS)
    expected = fingerprint(public_key)
    if confirmed_fingerprint.strip().upper() != expected:
        raise ValidationError.single(
            "fingerprint", f"does not match the key ({expected}); compare it with {office} again")
    office = office.strip().upper()
    existing = session.get(SyncTrustedKey, expected)
    if existing is not None:
        if existing.revoked_at is not None:
            raise ValidationError.single("fingerprint", f"{expected} was revoked; a revoked key is never trusted again")
        if existing.office_code != office:
            raise ValidationError.single("office", f"{expected} is already trusted for {existing.office_code}")
        return existing
    with transaction(session):
        record = SyncTrustedKey(fingerprint=expected, office_code=office,
                                public_key=public_key_text(public_key), trusted_by=actor.username)
        session.add(record)
        record_event(session, actor, "trust", "sync_trusted_key", expected, new={"office": office})
    return record


def revoke_key(session: Session, actor: Actor, key_fingerprint: str, reason: str) -> SyncTrustedKey:
    """Stop accepting packages signed with this key (lost laptop, staff left)."""
    actor.require(Permission.MANAGE_KEYS)
    if not reason or not reason.strip():
        raise ValidationError.single("reason", "say why the key is revoked")
    record = session.get(SyncTrustedKey, key_fingerprint.strip().upper())
    if record is None:
        raise NotFound(f"No trusted key with fingerprint {key_fingerprint}.")
    if record.revoked_at is None:
        with transaction(session):
            record.revoked_at, record.revoked_by, record.revoke_reason = utcnow(), actor.username, reason.strip()
            record_event(session, actor, "revoke", "sync_trusted_key", record.fingerprint, reason=reason.strip())
    return record


def trusted_keys(session: Session) -> list[SyncTrustedKey]:
    return list(session.scalars(select(SyncTrustedKey).order_by(SyncTrustedKey.office_code)))
