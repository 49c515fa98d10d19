"""The package file format: member names, manifest fields and the limits a reader enforces.

A package is a zip holding ``manifest.json`` (signed), ``manifest.sig`` (the
Ed25519 signature of the manifest bytes), one ``data/<table>.jsonl`` per table
and ``evidence/<sha256>`` per evidence file. The manifest lists the SHA-256 and
size of every other member, so one signature covers the whole package.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

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

    def to_bytes(self) -> bytes:
        return canonical_json(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        """Raises KeyError/TypeError/ValueError on a malformed manifest (the reader words it)."""
        known = cls.__dataclass_fields__
        missing = [name for name in known if name not in data and name not in ("counts", "members")]
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
        return manifest


def _encodable(text: str) -> bool:
    """False for text holding a lone surrogate: JSON can carry one, no database or file can store it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: ``json.dumps`` with these options builds an encoder per call; imports hash thousands of rows.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_json(value: Any) -> bytes:
    """One byte form per value: what hashes and signatures are computed over."""
    return _CANONICAL.encode(value).encode("utf-8")
