"""Every kind of bad package is refused with a clear reason and leaves head office's file byte-for-byte unchanged."""

from __future__ import annotations

import gc
import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pmsdesk.cli.main import main
from pmsdesk.sync import PackageRefused
from pmsdesk.sync.keys import DeviceKey, revoke_key

from .helpers import SYSTEM, add_administrator, rewrite

HEAD_ON_POSTGRESQL_TOO = True


@pytest.fixture(scope="module")
def refusing(tmp_path_factory, pair_template, head_template):
    """One head office for all refusal tests: a refusal must not change it, which each test checks."""
    folder = tmp_path_factory.mktemp("refusals")
    head = head_template.copy_to(folder / "head")
    office_key = pair_template.office.copy_to(folder / "office").key()
    first = folder / "ke001-1.pmspkg"
    first.write_bytes(pair_template.first_package.read_bytes())
    yield head, office_key, first, folder
    head.discard()


def assert_refused(head, package: Path, reason: str, *words: str) -> None:
    before = head.state()
    with pytest.raises(PackageRefused) as refused:
        head.import_(package)
    assert refused.value.reason == reason, str(refused.value)
    for word in words:
        assert word in str(refused.value)
    assert head.state() == before
    assert gc.isenabled()  # the import pauses the cycle collector and must always resume it


def _lines(package: Path, table: str) -> list[bytes]:
    with zipfile.ZipFile(package) as archive:
        return archive.read(f"data/{table}.jsonl").splitlines(keepends=True)


def test_a_file_that_is_not_a_zip(refusing):
    head, _, _, folder = refusing
    notes = folder / "minutes.pmspkg"
    notes.write_text("Minutes of the council meeting")
    assert_refused(head, notes, "not_zip", "minutes.pmspkg", "not a pmsdesk package")


def test_a_truncated_file(refusing):
    head, _, first, folder = refusing
    cut = folder / "cut.pmspkg"
    cut.write_bytes(first.read_bytes()[: first.stat().st_size // 2])
    assert_refused(head, cut, "truncated", "copy the package again")


def test_a_member_whose_hash_differs(refusing):
    head, _, first, folder = refusing
    lines = _lines(first, "kpi")
    lines[0] = lines[0].replace(b'"annual_target":', b'"annual_target":1+', 1)
    bad = rewrite(first, folder / "hash.pmspkg", replace={"data/kpi.jsonl": b"".join(lines)})
    assert_refused(head, bad, "hash_mismatch", "data/kpi.jsonl")


def test_a_forged_manifest(refusing):
    head, _, first, folder = refusing
    bad = rewrite(first, folder / "forged.pmspkg", manifest_changes={"sequence": 7})
    assert_refused(head, bad, "bad_signature", "altered or forged")


def test_a_missing_signature(refusing):
    head, _, first, folder = refusing
    assert_refused(head, rewrite(first, folder / "unsigned.pmspkg", drop=("manifest.sig",)), "unsigned")


def test_an_unknown_sender(refusing):
    head, _, first, folder = refusing
    stranger = DeviceKey("stranger", Ed25519PrivateKey.generate(), folder / "none.pem")
    bad = rewrite(first, folder / "stranger.pmspkg", sign_with=stranger)
    assert_refused(head, bad, "unknown_sender", stranger.fingerprint, "pmsdesk keys trust")


def test_a_package_addressed_to_another_office(refusing):
    head, office_key, first, folder = refusing
    bad = rewrite(first, folder / "elsewhere.pmspkg", manifest_changes={"receiver_office": "KE-047"}, sign_with=office_key)
    assert_refused(head, bad, "wrong_receiver", "addressed to KE-047")


def test_a_newer_package_format(refusing):
    head, office_key, first, folder = refusing
    bad = rewrite(first, folder / "future.pmspkg", manifest_changes={"format_version": 2}, sign_with=office_key)
    assert_refused(head, bad, "newer_format", "upgrade pmsdesk to read this package")


def test_a_newer_schema(refusing):
    head, office_key, first, folder = refusing
    bad = rewrite(first, folder / "schema.pmspkg", manifest_changes={"schema_revision": "0099"}, sign_with=office_key)
    assert_refused(head, bad, "newer_schema", "upgrade pmsdesk")


@pytest.mark.parametrize("member", ["../evil.jsonl", "/etc/cron.d/evil", "data/../../evil.jsonl", "C:\\evil.jsonl"])
def test_a_member_path_that_escapes_the_folder(refusing, member):
    head, _, first, folder = refusing
    bad = folder / "escape.pmspkg"
    bad.write_bytes(first.read_bytes())
    with zipfile.ZipFile(bad, "a") as archive:
        archive.writestr(zipfile.ZipInfo(member), b"{}")
    assert_refused(head, bad, "unsafe_path", "outside the package")


def test_a_zip_bomb(refusing):
    head, _, first, folder = refusing
    bomb = folder / "bomb.pmspkg"
    bomb.write_bytes(first.read_bytes())
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/risk_notes.jsonl", b"\0" * (8 * 2**20))
    assert_refused(head, bomb, "zip_bomb", "zip bomb")


def test_malformed_json(refusing):
    head, office_key, first, folder = refusing
    lines = _lines(first, "kpi")
    lines[3] = b'{"id": "not closed\n'
    bad = rewrite(first, folder / "json.pmspkg", replace={"data/kpi.jsonl": b"".join(lines)}, sign_with=office_key)
    assert_refused(head, bad, "malformed_json", "data/kpi.jsonl line 4")


def test_a_value_of_the_wrong_type(refusing):
    head, office_key, first, folder = refusing
    lines = _lines(first, "kpi")
    row = json.loads(lines[0])
    row["annual_target"] = "four hundred"
    lines[0] = json.dumps(row).encode() + b"\n"
    bad = rewrite(first, folder / "type.pmspkg", replace={"data/kpi.jsonl": b"".join(lines)}, sign_with=office_key)
    assert_refused(head, bad, "malformed_json", "field annual_target must be a number")


def test_a_required_value_that_is_null(refusing):
    head, office_key, first, folder = refusing
    lines = _lines(first, "kpi")
    row = json.loads(lines[1])
    row["name"] = None
    lines[1] = json.dumps(row).encode() + b"\n"
    bad = rewrite(first, folder / "null.pmspkg", replace={"data/kpi.jsonl": b"".join(lines)}, sign_with=office_key)
    assert_refused(head, bad, "malformed_json", "data/kpi.jsonl line 2: field name is required (got None).")


def test_a_record_referencing_something_that_does_not_exist(refusing):
    head, office_key, first, folder = refusing
    counts = json.loads(zipfile.ZipFile(first).read("manifest.json"))["counts"]
    counts.pop("organisation")
    bad = rewrite(first, folder / "orphans.pmspkg", drop=("data/organisation.jsonl",),
                  manifest_changes={"counts": counts}, sign_with=office_key)
    assert_refused(head, bad, "missing_reference", "organisation_id points at organisation")


def test_duplicate_ids(refusing):
    head, office_key, first, folder = refusing
    lines = _lines(first, "kpi")
    counts = json.loads(zipfile.ZipFile(first).read("manifest.json"))["counts"]
    counts["kpi"] += 1
    bad = rewrite(first, folder / "twice.pmspkg", replace={"data/kpi.jsonl": b"".join([*lines, lines[0]])},
                  manifest_changes={"counts": counts}, sign_with=office_key)
    assert_refused(head, bad, "duplicate_id", "appears twice")


def test_a_revoked_key(refusing):
    head, office_key, first, _ = refusing
    with head.database.session() as session:
        revoke_key(session, SYSTEM, office_key.fingerprint, "laptop stolen")
    try:
        assert_refused(head, first, "revoked_key", "laptop stolen")
    finally:
        with head.database.session() as session:  # the other tests need the key trusted again
            from pmsdesk.models import SyncTrustedKey

            session.get(SyncTrustedKey, office_key.fingerprint).revoked_at = None
            session.commit()
        head.close()


def _all_but_sign_ins(installation) -> list:
    from sqlalchemy import select

    from pmsdesk.models import AuditEvent, Base

    installation.close()
    with installation.database.session() as session:
        rows = [(table.name, sorted(map(repr, session.execute(select(table)))))
                for table in Base.metadata.sorted_tables if table.name != "audit_event"]
        return rows + [sorted(repr(event) for event in session.execute(
            select(AuditEvent.__table__).where(AuditEvent.action != "sign in")))]


def test_the_command_line_prints_one_line_and_exits_2(refusing, capsys, as_user):
    head, _, first, folder = refusing
    notes = folder / "notes.pmspkg"
    notes.write_text("not a package")
    add_administrator(head.target)
    before = _all_but_sign_ins(head)
    assert main(["package", "import", str(notes), "--db", head.target, *as_user("admin")]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["REFUSED: notes.pmspkg is not a pmsdesk package (not a zip file)."]
    assert main(["package", "verify", str(notes)]) == 2
    assert _all_but_sign_ins(head) == before  # signing in is audited; the refused package wrote nothing
