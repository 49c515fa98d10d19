"""Password hashing with scrypt (memory-hard, in the standard library).

Stored form: ``scrypt$n$r$p$salt_hex$hash_hex`` so the cost can be raised
later without breaking existing hashes: a hash made at a lower cost still
checks, and ``needs_rehash`` tells the sign-in to store a stronger one.

The cost (N=2**16, r=8: 64 MiB and about 0.2 s on a 2-core laptop) makes
each guess at a stolen hash slow. Tests lower it with ``use_cost`` (see
``tests/conftest.py``) so thousands of sign-ins stay fast; production code
never calls it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class ScryptCost:
    n: int
    r: int = 8
    p: int = 1

    @property
    def max_memory(self) -> int:
        """What scrypt needs (128·r·N bytes) plus headroom; OpenSSL refuses above its 32 MiB default."""
        return 128 * self.r * self.n * 2 + 1024 * 1024


PRODUCTION_COST = ScryptCost(2**16)
_KEY_LENGTH = 32
_cost = PRODUCTION_COST


def use_cost(cost: ScryptCost) -> None:
    """Hash new passwords at ``cost`` (tests only: keeps the suite fast)."""
    global _cost
    _cost = cost


def current_cost() -> ScryptCost:
    return _cost


def _scrypt(password: str, salt: bytes, cost: ScryptCost, length: int = _KEY_LENGTH) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=cost.n, r=cost.r, p=cost.p,
                          maxmem=cost.max_memory, dklen=length)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _cost)
    return f"scrypt${_cost.n}${_cost.r}${_cost.p}${salt.hex()}${digest.hex()}"


def _parse(stored: str) -> tuple[ScryptCost, bytes, str] | None:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return None
        return ScryptCost(int(n), int(r), int(p)), bytes.fromhex(salt_hex), digest_hex
    except ValueError:
        return None


def check_password(password: str, stored: str) -> bool:
    parsed = _parse(stored)
    if parsed is None:
        return False
    cost, salt, digest_hex = parsed
    try:
        digest = _scrypt(password, salt, cost, len(digest_hex) // 2)
    except ValueError:  # parameters scrypt refuses: not a hash we made
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash is weaker than the current cost (checked after a successful sign-in)."""
    parsed = _parse(stored)
    if parsed is None:
        return True
    cost = parsed[0]
    return cost.n * cost.r * cost.p < _cost.n * _cost.r * _cost.p


def check_nobody(password: str) -> None:
    """Spend the time of one real check, for a user name that does not exist.

    The stand-in hash is random bytes at the current cost: checking it costs one
    scrypt, exactly like a real account, and no password can match it.
    """
    check_password(password, f"scrypt${_cost.n}${_cost.r}${_cost.p}${secrets.token_hex(16)}${secrets.token_hex(_KEY_LENGTH)}")
