"""Damaged and hostile package files at the command line: one line, exit 2, head office unchanged.

The cases an attacker or a bad USB stick produce (issue 16): a flipped byte anywhere in the
file, an unsigned manifest nested 400 KB deep, and signed packages from a trusted office with
a bad date, numbers too big for the database, a lone surrogate or a deeply nested row. Each
goes through ``package import``, ``package verify``, ``keys trust`` and ``package cover`` (signed in where
the command changes data, so the refusal is the package's): the records head office holds stay as they were.
"""

from __future__ import annotations

import json
import random
import re
import zipfile
from pathlib import Path

import pytest

from pmsdesk.cli.main import main
from pmsdesk.sync.format import canonical_json

from .helpers import SYSTEM, rewrite

COMMANDS = [
    "package import {pkg} --db {db} --user admin",
    "package verify {pkg} --db {db}",
    "keys trust {pkg} --fingerprint AAAA-AAAA-AAAA-AAAA --db {db} --user admin",
    "package cover {pkg} --out {out}",
]


def _answer(capsys, command: str, package: Path, head, folder: Path) -> tuple[int, list[str]]:
    capsys.readouterr()
    words = command.format(pkg=package, db=head.target, out=folder / "cover.pdf").split()
    code = main(words)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "sign in" not in out + err, command
    return code, [line for line in (err or out).splitlines() if line.strip()]


def _assert_one_line_refusal(capsys, package: Path, head_before_first_package) -> None:
    head, _, _, folder = head_before_first_package
    before = head.content()
    for command in COMMANDS:
        code, lines = _answer(capsys, command, package, head, folder)
        assert code == 2, (command, lines)
        assert len(lines) <= 2 and lines[0].startswith(("pmsdesk: error: ", "REFUSED:", "NOT INTACT:")), lines
    assert head.content() == before


def _with_data_line(first: Path, table: str, change) -> dict[str, bytes]:
    with zipfile.ZipFile(first) as archive:
        lines = archive.read(f"data/{table}.jsonl").splitlines(keepends=True)
    lines[0] = change(lines[0])
    return {f"data/{table}.jsonl": b"".join(lines)}


@pytest.mark.parametrize("seed", range(12))
def test_a_flipped_byte_anywhere_is_refused_in_one_line_or_harmless(head_before_first_package, capsys, seed, pair_template):
    head, _, first, folder = head_before_first_package
    content = bytearray(first.read_bytes())
    where = random.Random(seed).randrange(len(content))
    content[where] ^= 1 << random.Random(seed).randrange(8)
    flipped = folder / f"flipped-{seed}.pmspkg"
    flipped.write_bytes(bytes(content))
    before = head.content()
    imported = False
    for command in COMMANDS:
        code, lines = _answer(capsys, command, flipped, head, folder)
        assert code in (0, 2), (where, command, lines)  # a flip in a zip date field changes nothing read
        if code == 2:
            assert len(lines) <= 2, lines
        imported = imported or (code == 0 and command.startswith("package import"))
    if not imported:
        assert head.content() == before
        return
    # Harmless: head office holds exactly what the undamaged package brings.
    reference = pair_template.head.copy_to(folder / "reference")
    reference.import_(first)
    assert head.content() == reference.content()
    reference.close()


def test_a_flipped_byte_inside_compressed_data(head_before_first_package, capsys):
    """The flip lands in the deflate stream of a data member: zlib fails before any hash is taken."""
    _, _, first, folder = head_before_first_package
    content = bytearray(first.read_bytes())
    with zipfile.ZipFile(first) as archive:
        info = archive.getinfo("data/kpi.jsonl")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(5, 60):
        content[start + offset] ^= 0xFF
    damaged = folder / "deflate.pmspkg"
    damaged.write_bytes(bytes(content))
    _assert_one_line_refusal(capsys, damaged, head_before_first_package)


def test_an_unsigned_manifest_nested_400_kb_deep(head_before_first_package, capsys):
    _, _, _, folder = head_before_first_package
    hostile = folder / "nested.pmspkg"
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"[" * 400_000)
    _assert_one_line_refusal(capsys, hostile, head_before_first_package)


@pytest.mark.parametrize(("name", "changes"), [
    ("created-at", {"created_at": "the fifth of never"}),
    ("sequence", {"sequence": 2**70}),
    ("format-version", {"format_version": -(2**70)}),
    ("acknowledges", {"acknowledges": 2**70}),
])
def test_a_signed_manifest_with_impossible_values(head_before_first_package, capsys, name, changes):
    _, office_key, first, folder = head_before_first_package
    bad = rewrite(first, folder / f"manifest-{name}.pmspkg", sign_with=office_key)
    with zipfile.ZipFile(bad) as archive:
        members = {member: archive.read(member) for member in archive.namelist()}
    manifest = {**json.loads(members["manifest.json"]), **changes}
    members["manifest.json"] = canonical_json(manifest)  # signed as it stands: Manifest would refuse it
    members["manifest.sig"] = office_key.sign(members["manifest.json"])
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    head, _, _, _ = head_before_first_package
    before = head.content()
    code, lines = _answer(capsys, COMMANDS[0], bad, head, folder)
    assert code == 2 and len(lines) <= 2, lines
    assert head.content() == before


@pytest.mark.parametrize(("name", "change"), [
    ("version", lambda line: re.sub(rb'"version":\d+', b'"version":%d' % 2**70, line)),
    ("clock", lambda line: line.replace(b'{"KE-001":', b'{"KE-001":%d,"x":' % 2**70, 1)),
    ("big-number", lambda line: line.replace(b'"annual_target":', b'"annual_target":%d,"x":' % 2**70, 1)),
    ("lone-surrogate", lambda line: line.replace(b'"definition":"', b'"definition":"\\ud800', 1)),
    ("nested-row", lambda line: line.replace(b'"definition":', b'"definition":' + b"[" * 50_000 + b"]" * 50_000
                                             + b',"x":', 1)),
])
def test_a_signed_row_with_impossible_values(head_before_first_package, capsys, name, change):
    head, office_key, first, folder = head_before_first_package
    bad = rewrite(first, folder / f"row-{name}.pmspkg", replace=_with_data_line(first, "kpi", change),
                  sign_with=office_key)
    before = head.content()
    code, lines = _answer(capsys, COMMANDS[0], bad, head, folder)
    assert code == 2 and len(lines) <= 2, lines
    assert head.content() == before
    assert json.dumps(lines)  # printable: no lone surrogate reached the terminal


def test_a_full_disk_during_consolidation_is_one_line(head_before_first_package, capsys, full_disk, monkeypatch):
    from pmsdesk.models import Role
    from pmsdesk.services.users import create_user

    head, _, first, folder = head_before_first_package
    with head.database.session() as session:  # imports sign in: head office's analyst
        create_user(session, SYSTEM, {"username": "analyst", "full_name": "Head-office analyst"},
                    "analyst-password", [(Role.PMS_OFFICER, None)])
        session.commit()
    monkeypatch.setenv("PMSDESK_PASSWORD", "analyst-password")
    before = head.content()  # the sign-in is on record; nothing of the package may be
    code, lines = _answer(capsys, COMMANDS[0] + " --user analyst", first, head, folder)
    assert code == 2 and len(lines) == 1 and "disk is full" in lines[0], lines
    assert head.content() == before
