"""The package file format: member names, manifest fields and the limits a reader enforces.

A package is a zip holding ``manifest.json`` (signed), ``manifest.sig`` (the
Ed25519 signature of the manifest bytes), one ``data/<table>.jsonl`` per table
and ``evidence/<sha256>`` per evidence file. The manifest lists the SHA-256 and
size of every other member, so one signature covers the whole package.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from pmsdesk.services.audit import sorted_json_encoder

FORMAT_VERSION = 1
#: The largest whole number a database column holds (SQLite and PostgreSQL BIGINT).
MAX_INTEGER = 2**63 - 1
SUFFIX = ".pmspkg"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATA_MEMBER = re.compile(r"^data/([a-z][a-z0-9_]{0,59})\.jsonl$")
EVIDENCE_MEMBER = re.compile(r"^evidence/([0-9a-f]{64})$")
#: Key of the sync metadata inside each JSON line (never a column name).
META_KEY = "_sync"
OFFICE_ROLE, HEAD_OFFICE_ROLE = "office", "head_office"
ROLES = (OFFICE_ROLE, HEAD_OFFICE_ROLE)
#: Manifest fields a package may leave out (added after format 1 was first written).
OPTIONAL_FIELDS = ("counts", "members", "sender_role", "audit_head", "audit_acknowledged")
HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Limits:
    """What a reader accepts before it inflates anything: guards against zip bombs."""

    max_members: int = 200_000
    max_member_bytes: int = 64 * 2**20
    max_total_bytes: int = 2 * 2**30
    max_manifest_bytes: int = 16 * 2**20
    #: Compression ratio allowed for members bigger than ``ratio_floor_bytes``.
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 2**20


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Manifest:
    """The signed description of a package. ``members`` maps name to {"sha256", "size"}."""

    format_version: int
    schema_revision: str
    pmsdesk_version: str
    sender_office: str
    sender_device: str
    sender_public_key: str
    receiver_office: str
    sequence: int
    covers_from: int
    acknowledges: int
    full: bool
    created_at: str
    counts: dict[str, int] = field(default_factory=dict)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ``office`` or ``head_office``: what the sender says it is (a receiver trusts a key as one or the other).
    sender_role: str = OFFICE_ROLE
    #: The sender's audit chain when it wrote the package: ``{"length", "hash", "previous"}``, where
    #: ``previous`` is ``{"length", "hash"}`` of its chain now at the length reported in its package before.
    audit_head: dict[str, Any] | None = None
    #: The receiver's own chain head as the sender last received it: ``{"length", "hash", "sequence"}``.
    audit_acknowledged: dict[str, Any] | None = None

    def to_bytes(self) -> bytes:
        return canonical_json(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        """Raises KeyError/TypeError/ValueError on a malformed manifest (the reader words it)."""
        known = cls.__dataclass_fields__
        missing = [name for name in known if name not in data and name not in OPTIONAL_FIELDS]
        if missing:
            raise KeyError(", ".join(missing))
        manifest = cls(**{name: data[name] for name in known if name in data})
        ints = (manifest.format_version, manifest.sequence, manifest.covers_from, manifest.acknowledges)
        if not all(isinstance(value, int) and not isinstance(value, bool) for value in ints):
            raise TypeError("format_version, sequence, covers_from and acknowledges must be whole numbers")
        if not all(0 <= value <= MAX_INTEGER for value in ints):
            raise ValueError("format_version, sequence, covers_from and acknowledges must be between 0 and 2^63")
        texts = (manifest.sender_office, manifest.receiver_office, manifest.sender_public_key,
                 manifest.schema_revision, manifest.created_at, manifest.sender_device)
        if not all(isinstance(value, str) for value in texts):
            raise TypeError("office codes, key, schema and time must be text")
        if not isinstance(manifest.members, dict) or not isinstance(manifest.counts, dict):
            raise TypeError("members and counts must be objects")
        datetime.fromisoformat(manifest.created_at)  # ValueError names the bad time
        if not all(map(_encodable, texts)):
            raise ValueError("office codes, key, schema and time must be valid Unicode text")
        if manifest.sender_role not in ROLES:
            raise ValueError(f"sender_role must be one of {', '.join(ROLES)}")
        _check_head("audit_head", manifest.audit_head, "previous")
        _check_head("audit_acknowledged", manifest.audit_acknowledged, "sequence")
        return manifest


def _encodable(text: str) -> bool:
    """False for text holding a lone surrogate: JSON can carry one, no database or file can store it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_head(name: str, head: Any, extra: str) -> None:
    """An audit chain head is a length and a SHA-256 (and ``extra``); ValueError says what is wrong."""
    if head is None:
        return
    if not isinstance(head, dict) or set(head) != {"length", "hash", extra}:
        raise ValueError(f"{name} must hold length, hash and {extra}")
    _check_point(name, head, hash_may_be_null=False)
    if extra == "sequence":
        if type(head["sequence"]) is not int or not 0 < head["sequence"] < 2**53:
            raise ValueError(f"{name}.sequence must be a whole number from 1")
    elif head[extra] is not None:
        if not isinstance(head[extra], dict) or set(head[extra]) != {"length", "hash"}:
            raise ValueError(f"{name}.{extra} must hold length and hash")
        _check_point(f"{name}.{extra}", head[extra], hash_may_be_null=True)


def _check_point(name: str, point: dict[str, Any], *, hash_may_be_null: bool) -> None:
    if type(point["length"]) is not int or not 0 <= point["length"] < 2**53:
        raise ValueError(f"{name}.length must be a whole number from 0")
    digest = point["hash"]
    if not (digest is None and hash_may_be_null) and not (isinstance(digest, str) and HASH.match(digest)):
        raise ValueError(f"{name}.hash must be 64 hexadecimal digits")


#: ``json.dumps`` with these options builds an encoder per call; imports hash thousands of rows.
_canonical = sorted_json_encoder(item_separator=",", key_separator=":")


def canonical_json(value: Any) -> bytes:
    """One byte form per value: what hashes and signatures are computed over."""
    return _canonical(value).encode("utf-8")
