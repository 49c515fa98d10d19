"""Document fingerprints and data hashes: how a paper copy is matched to its data.

The fingerprint is a short random code printed in every footer and stored in
``issued_document``; it identifies *which* document was printed. The data
hash is the SHA-256 of the report's content as plain JSON (never of the PDF
bytes, which change with the generation time); recomputing it from today's
database says whether the data has changed since printing.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from typing import Any

from pmsdesk.scoring import to_jsonable

#: Crockford base-32: no I, L, O or U, so a code read off paper is not misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
KEYWORD_PREFIX = "pmsdesk-fingerprint:"
PATTERN = re.compile(r"\b([0-9A-HJKMNP-TV-Z]{5})-([0-9A-HJKMNP-TV-Z]{5})\b")


def new_fingerprint() -> str:
    """A fresh code like 'K7Q2M-9XD4T' (50 random bits)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise(code: str) -> str | None:
    """A code as typed by a person ('k7q2m 9xd4t', 'K7Q2M-9XD4T') in canonical form, or None."""
    cleaned = re.sub(r"[\s\-]", "", code.upper()).translate(str.maketrans("OIL", "011"))
    if len(cleaned) != LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return f"{cleaned[:5]}-{cleaned[5:]}"


def canonical_json(data: Any) -> str:
    return json.dumps(to_jsonable(data), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)


def data_hash(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
