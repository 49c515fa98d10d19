"""Reading a package safely: every check that needs no database, done before anything is written.

Limits are enforced on the bytes actually inflated, not on what the zip
headers claim, so a forged header cannot smuggle a zip bomb past them.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from alembic.script import ScriptDirectory

from pmsdesk.db import MIGRATIONS_DIR, head_revision

from .errors import PackageRefused
from .format import (
    DATA_MEMBER,
    DEFAULT_LIMITS,
    EVIDENCE_MEMBER,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    Limits,
    Manifest,
)
from .keys import decode_public_key, fingerprint, verify_signature

READ_CHUNK = 1 << 16


@dataclass
class VerifiedPackage:
    """A package whose signature and member hashes checked out (trust is checked against a database)."""

    path: Path
    manifest: Manifest
    package_id: str
    public_key: bytes
    data: dict[str, bytes] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def evidence_contents(self, digests: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """Evidence bytes read again at apply time and re-checked, so a file swapped meanwhile cannot slip in."""
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as error:
            raise PackageRefused("hash_mismatch", f"{self.path.name} changed while importing ({error}).") from None
        with archive:
            for digest in digests:
                content = archive.read(f"evidence/{digest}")
                if hashlib.sha256(content).hexdigest() != digest:
                    raise PackageRefused("hash_mismatch", f"{self.path.name}: evidence/{digest} changed while importing.")
                yield digest, content


def read_package(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> VerifiedPackage:
    """Open, bound-check, signature-check and hash-check a package file; raise PackageRefused if not."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise PackageRefused("not_found", f"{path}: no such package file.")
    with path.open("rb") as handle:
        starts_like_zip = handle.read(4) == b"PK\x03\x04"
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        if starts_like_zip:
            raise PackageRefused("truncated", f"{name} is damaged or truncated (the zip directory is missing); "
                                 "copy the package again from the sender.") from None
        raise PackageRefused("not_zip", f"{name} is not a pmsdesk package (not a zip file).") from None
    with archive:
        infos = _checked_members(archive, name, limits)
        manifest_bytes = _read(archive, infos[MANIFEST], name, limits)
        manifest = _parse_manifest(manifest_bytes, name)
        public_key = _check_signature(archive, infos, manifest, manifest_bytes, name, limits)
        data, evidence = _check_member_hashes(archive, infos, manifest, name, limits)
    _check_schema(manifest, name)
    return VerifiedPackage(path, manifest, hashlib.sha256(manifest_bytes).hexdigest(), public_key,
                           data, tuple(evidence))


def _checked_members(archive: zipfile.ZipFile, name: str, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise PackageRefused("too_large", f"{name} holds {len(infos)} files; at most {limits.max_members} are allowed.")
    seen: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        member = info.filename
        if _unsafe(member):
            raise PackageRefused("unsafe_path", f"{name}: member {member!r} points outside the package; refused.")
        if member in seen:
            raise PackageRefused("duplicate_member", f"{name}: member {member} appears twice; refused.")
        if member not in (MANIFEST, SIGNATURE) and not DATA_MEMBER.match(member) and not EVIDENCE_MEMBER.match(member):
            raise PackageRefused("unexpected_member", f"{name}: unexpected member {member!r}; refused.")
        if info.flag_bits & 0x1:
            raise PackageRefused("encrypted", f"{name}: member {member} is encrypted; pmsdesk packages never are.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageRefused("bad_compression", f"{name}: member {member} uses an unsupported compression.")
        _check_size(member, info.file_size, info.compress_size, name, limits)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise PackageRefused("too_large", f"{name} unpacks to more than {limits.max_total_bytes} bytes; refused.")
        seen[member] = info
    if MANIFEST not in seen:
        raise PackageRefused("no_manifest", f"{name} has no manifest.json: it is not a pmsdesk package.")
    return seen


def _unsafe(member: str) -> bool:
    pure = PurePosixPath(member.replace("\\", "/"))
    return (member.startswith(("/", "\\")) or "\\" in member or ".." in pure.parts
            or (len(member) > 1 and member[1] == ":") or "\x00" in member)


def _check_size(member: str, size: int, compressed: int, name: str, limits: Limits) -> None:
    if size > limits.max_member_bytes:
        raise PackageRefused("too_large", f"{name}: member {member} unpacks to {size} bytes, over the "
                             f"{limits.max_member_bytes}-byte limit; refused.")
    if size > limits.ratio_floor_bytes and size > limits.max_ratio * max(compressed, 1):
        raise PackageRefused("zip_bomb", f"{name}: member {member} is compressed more than "
                             f"{limits.max_ratio:.0f}:1, like a zip bomb; refused.")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Limits,
          cap: int | None = None, digest=None) -> bytes:
    """Inflate one member, stopping as soon as it passes its declared size or a limit."""
    cap = min(cap or limits.max_member_bytes, info.file_size)
    parts, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(READ_CHUNK):
                size += len(chunk)
                if size > cap:
                    raise PackageRefused("too_large", f"{name}: member {info.filename} is bigger than it claims; refused.")
                _check_size(info.filename, size, info.compress_size, name, limits)
                if digest is not None:
                    digest.update(chunk)
                else:
                    parts.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as error:
        raise PackageRefused("truncated", f"{name}: member {info.filename} cannot be read ({error}); "
                             "copy the package again from the sender.") from None
    return b"".join(parts)


def _parse_manifest(raw: bytes, name: str) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not an object")
        version = data.get("format_version")
        if isinstance(version, int) and version > FORMAT_VERSION:
            raise PackageRefused("newer_format", f"{name} was written in package format {version} by a newer "
                                 f"pmsdesk (this one reads format {FORMAT_VERSION}); upgrade pmsdesk to read this package.")
        return Manifest.from_dict(data)
    except PackageRefused:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise PackageRefused("malformed_manifest", f"{name}: manifest.json is malformed ({error}).") from None
    except RecursionError:
        raise PackageRefused("malformed_manifest", f"{name}: manifest.json is nested too deeply; "
                             "it is not a pmsdesk package.") from None


def _check_signature(archive, infos, manifest: Manifest, manifest_bytes: bytes, name: str, limits: Limits) -> bytes:
    if SIGNATURE not in infos:
        raise PackageRefused("unsigned", f"{name} carries no signature; refused. Ask {manifest.sender_office} "
                             "to export it again with pmsdesk.")
    signature = _read(archive, infos[SIGNATURE], name, limits, cap=256)
    try:
        public_key = decode_public_key(manifest.sender_public_key)
    except Exception:
        raise PackageRefused("bad_signature", f"{name}: the sender's key in the manifest is not valid; refused.") from None
    if not verify_signature(public_key, signature, manifest_bytes):
        raise PackageRefused("bad_signature", f"{name}: the signature does not match the manifest: the package was "
                             "altered or forged after it was signed; refused.")
    return public_key


def _check_member_hashes(archive, infos, manifest: Manifest, name: str, limits: Limits):
    listed = set(manifest.members)
    present = set(infos) - {MANIFEST, SIGNATURE}
    if present - listed:
        raise PackageRefused("unlisted_member", f"{name}: {sorted(present - listed)[0]} is not in the signed manifest; refused.")
    if listed - present:
        raise PackageRefused("missing_member", f"{name}: {sorted(listed - present)[0]} is listed in the manifest but missing.")
    data: dict[str, bytes] = {}
    evidence: list[str] = []
    for member in sorted(listed):
        expected = manifest.members[member]
        digest = hashlib.sha256()
        evidence_match = EVIDENCE_MEMBER.match(member)
        content = _read(archive, infos[member], name, limits, digest=digest if evidence_match else None)
        if not evidence_match:
            digest.update(content)
        if not isinstance(expected, dict) or digest.hexdigest() != expected.get("sha256") \
                or infos[member].file_size != expected.get("size"):
            raise PackageRefused("hash_mismatch", f"{name}: member {member} does not match the SHA-256 in the signed "
                                 "manifest: the package was altered or damaged; refused.")
        if evidence_match:
            if evidence_match.group(1) != digest.hexdigest():
                raise PackageRefused("hash_mismatch", f"{name}: evidence {member} is not stored under its own hash.")
            evidence.append(evidence_match.group(1))
        elif data_match := DATA_MEMBER.match(member):
            data[data_match.group(1)] = content
        else:  # the archive's listing allowed only data and evidence members besides these two
            raise PackageRefused("unexpected_member", f"{name}: unexpected member {member!r}; refused.")
    return data, evidence


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions())


@lru_cache(maxsize=1)
def schema_revision() -> str:
    """The schema revision this pmsdesk writes into packages (read once: migrations do not change at run time)."""
    return head_revision()


def _check_schema(manifest: Manifest, name: str) -> None:
    if manifest.schema_revision not in known_revisions():
        raise PackageRefused("newer_schema", f"{name} was made by a newer pmsdesk (schema {manifest.schema_revision}); "
                             "upgrade pmsdesk to read this package.")
