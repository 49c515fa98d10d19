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
import logging
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
from pmsdesk.services.installation import OFFICE_CODE_SETTING, OFFICE_ROLE_SETTING
from pmsdesk.services.records import transaction

from .errors import SyncSetupError
from .format import HEAD_OFFICE_ROLE, OFFICE_ROLE
from .scope import rename_origin

log = logging.getLogger(__name__)

#: Installation settings: this office's code, and "head_office" when it is head office (issues rule sets).
OFFICE_CODE, ROLE_SETTING = OFFICE_CODE_SETTING, OFFICE_ROLE_SETTING
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


def typed_fingerprint(text: str) -> str:
    """A fingerprint as a person typed it from paper ('gl3l ovnd 4bw3 xy4b', 'GL3L-OVND-…', no separators)
    in the printed form 'GL3L-OVND-4BW3-XY4B'; anything that is not 16 letters and digits is left as typed."""
    letters = "".join(character for character in text.upper() if character.isalnum())
    if len(letters) != 16:
        return text.strip().upper()
    return "-".join(letters[index:index + 4] for index in range(0, 16, 4))


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


def is_head_office(session: Session) -> bool:
    """Whether this installation is head office: it issues shared records and relays offices' rows."""
    return setting(session, ROLE_SETTING) == HEAD_OFFICE_ROLE


def set_office_code(session: Session, actor: Actor, code: str, *, head_office: bool | None = None) -> None:
    """Name this installation and, with ``head_office``, say whether it is head office.

    The name is refused once packages were exchanged under another one.
    """
    actor.require(Permission.MANAGE_KEYS)
    code = (code or "").strip().upper()
    if not code or len(code) > 40 or not all(ch.isalnum() or ch in "-_" for ch in code):
        raise ValidationError.single("office", "use up to 40 letters, digits, '-' or '_'")
    current = setting(session, OFFICE_CODE)
    if current and current != code and session.scalar(select(SyncPackageLog.package_id).limit(1)):
        raise ValidationError.single("office", f"this installation already syncs as {current}")
    with transaction(session):
        if head_office is not None:
            _set(session, actor, ROLE_SETTING, HEAD_OFFICE_ROLE if head_office else OFFICE_ROLE)
        if current != code:
            _set(session, actor, OFFICE_CODE, code)
            if current is not None:
                rename_origin(session, current, code)  # nothing has travelled yet: the rows follow the name


def _set(session: Session, actor: Actor, key: str, value: str) -> None:
    row = session.get(InstallationSetting, key)
    old = None if row is None else row.value
    if old == value:
        return
    if row is None:
        session.add(InstallationSetting(key=key, value=value))
    else:
        row.value = value
    record_event(session, actor, "update", "installation_setting", key, old={"value": old}, new={"value": value})


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
    created = DeviceKey(installation, key, path)
    log.info("created the signing key of installation %s (fingerprint %s) in %s",
             installation, created.fingerprint, path)
    return created


def trusted_key(session: Session, public_key: bytes) -> SyncTrustedKey | None:
    return session.get(SyncTrustedKey, fingerprint(public_key))


def trust_key(session: Session, actor: Actor, office: str, public_key: bytes, confirmed_fingerprint: str,
              *, head_office: bool = False) -> SyncTrustedKey:
    """Trust an office device's key; the caller must type the fingerprint they compared.

    ``head_office`` trusts it as this installation's head office, whose packages may
    carry shared records (rule sets) and relay other offices' rows.
    """
    actor.require(Permission.MANAGE_KEYS)
    expected = fingerprint(public_key)
    if typed_fingerprint(confirmed_fingerprint) != expected:
        raise ValidationError.single(
            "fingerprint", f"does not match the key ({expected}); compare it with {office} again")
    office = office.strip().upper()
    existing = session.get(SyncTrustedKey, expected)
    if existing is not None:
        if existing.revoked_at is not None:
            raise ValidationError.single("fingerprint", f"{expected} was revoked; a revoked key is never trusted again")
        if existing.office_code != office:
            raise ValidationError.single("office", f"{expected} is already trusted for {existing.office_code}")
        if existing.head_office != head_office:
            raise ValidationError.single("office", f"{expected} is already trusted as "
                                         f"{'head office' if existing.head_office else 'an office'}")
        return existing
    holder = session.scalar(select(SyncTrustedKey).where(
        SyncTrustedKey.office_code == office, SyncTrustedKey.revoked_at.is_(None)))
    if holder is not None:  # two keys under one code would speak for the same organisations
        raise ValidationError.single(
            "office", f"{office} already has a trusted key ({holder.fingerprint}, trusted on "
                      f"{holder.trusted_at:%Y-%m-%d} by {holder.trusted_by}); a different key cannot use the same "
                      f"office code. If {office} really replaced its computer, revoke the old key first")
    with transaction(session):
        record = SyncTrustedKey(fingerprint=expected, office_code=office, public_key=public_key_text(public_key),
                                trusted_by=actor.username, head_office=head_office)
        session.add(record)
        record_event(session, actor, "trust", "sync_trusted_key", expected,
                     new={"office": office, "head_office": head_office})
    return record


def revoke_key(session: Session, actor: Actor, key_fingerprint: str, reason: str) -> SyncTrustedKey:
    """Stop accepting packages signed with this key (lost laptop, staff left)."""
    actor.require(Permission.MANAGE_KEYS)
    if not reason or not reason.strip():
        raise ValidationError.single("reason", "say why the key is revoked")
    record = session.get(SyncTrustedKey, typed_fingerprint(key_fingerprint))
    if record is None:
        raise NotFound(f"No trusted key with fingerprint {key_fingerprint}.")
    if record.revoked_at is None:
        with transaction(session):
            record.revoked_at, record.revoked_by, record.revoke_reason = utcnow(), actor.username, reason.strip()
            record_event(session, actor, "revoke", "sync_trusted_key", record.fingerprint, reason=reason.strip())
    return record


def trusted_keys(session: Session) -> list[SyncTrustedKey]:
    return list(session.scalars(select(SyncTrustedKey).order_by(SyncTrustedKey.office_code)))
