"""A refused package writes nothing of its own, but the attempt is recorded (audit trail) for the Head office
screen, with the plain reason and what to do; a key trusted only for a refused first package is withdrawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pmsdesk.models import AuditEvent, SyncTrustedKey
from pmsdesk.sync.apply import clash_in_words
from pmsdesk.sync.errors import PackageRefused
from pmsdesk.sync.refusals import import_recorded, refused_imports, trust_and_import

from .helpers import SYSTEM, Installation, data_without_bookkeeping, new_installation, rewrite

HEAD_ON_POSTGRESQL_TOO = True


def everything_but_refusals(installation: Installation) -> dict:
    """Every travelling row, the trust store and the audit trail apart from the refusal records."""
    with installation.database.session() as session:
        keys = sorted((k.fingerprint, k.office_code, k.revoked_at is None) for k in session.scalars(
            select(SyncTrustedKey)))
        events = session.scalars(select(AuditEvent.event_hash).where(AuditEvent.action != "refuse")).all()
    return {"rows": data_without_bookkeeping(installation.content()), "keys": keys, "events": sorted(events)}


def package_after_a_gap(pair, tmp_path) -> tuple[Installation, Path]:
    """A head office restored from before package 1, and package 2 (written after head office acknowledged 1)."""
    restored = pair.head.copy_to(tmp_path / "restored-head")
    pair.head.import_(pair.first_package)
    pair.head.export(pair.office.code, tmp_path / "ack.pmspkg")
    pair.office.import_(tmp_path / "ack.pmspkg")
    second = pair.office.export("HEAD-OFFICE", tmp_path / "KE-001-to-HEAD-OFFICE-0002.pmspkg")
    return restored, Path(second.path)


def test_a_refused_package_is_recorded_with_sender_reason_and_what_to_do_and_nothing_else_changes(pair, tmp_path):
    restored, second = package_after_a_gap(pair, tmp_path)
    before = everything_but_refusals(restored)

    with restored.database.session() as session, pytest.raises(PackageRefused) as refused:
        import_recorded(session, SYSTEM, second)

    assert refused.value.reason == "sequence_gap" and "needs package(s) 1 first" in str(refused.value)
    assert everything_but_refusals(restored) == before
    with restored.database.session() as session:
        [attempt] = refused_imports(session, SYSTEM)
    assert (attempt.sender, attempt.sequence, attempt.file, attempt.by) == (
        "KE-001", 2, "KE-001-to-HEAD-OFFICE-0002.pmspkg", "tester")
    assert attempt.reason == "Earlier packages are missing"
    assert attempt.what_to_do == "Import the missing packages first, or ask KE-001 for a full package."
    assert attempt.status == "still refused" and "needs package(s) 1 first" in attempt.message
    restored.discard()


def test_a_refusal_is_marked_made_good_once_the_package_is_imported(pair, tmp_path):
    restored, second = package_after_a_gap(pair, tmp_path)
    with restored.database.session() as session:
        with pytest.raises(PackageRefused):
            import_recorded(session, SYSTEM, second)
        import_recorded(session, SYSTEM, pair.first_package)
        import_recorded(session, SYSTEM, second)
        [attempt] = refused_imports(session, SYSTEM)
    assert attempt.status == "imported later"
    restored.discard()


def test_an_unreadable_file_is_recorded_with_an_unknown_sender(pair, tmp_path):
    junk = tmp_path / "holiday-photo.pmspkg"
    junk.write_bytes(b"\x89PNG not a package")
    with pair.head.database.session() as session:
        with pytest.raises(PackageRefused):
            import_recorded(session, SYSTEM, junk)
        [attempt] = refused_imports(session, SYSTEM)
    assert (attempt.sender, attempt.sequence, attempt.reason) == (None, None, "Not a pmsdesk package")


def test_a_key_trusted_only_for_a_refused_first_package_is_withdrawn_and_said(pair, tmp_path):
    stranger = new_installation(tmp_path / "stranger", "office", "ZA-009")
    package = stranger.export("SOMEONE-ELSE", tmp_path / "ZA-009-to-SOMEONE-ELSE-0001.pmspkg", full=True)
    key = stranger.key()
    before = everything_but_refusals(pair.head)

    with pair.head.database.session() as session, pytest.raises(PackageRefused) as refused:
        trust_and_import(session, SYSTEM, "ZA-009", key.public_bytes, key.fingerprint, package.path)

    assert "addressed to SOMEONE-ELSE" in str(refused.value)
    assert f"The key of ZA-009 ({key.fingerprint}) was trusted for this package only and is no longer trusted" \
        in str(refused.value)
    after = everything_but_refusals(pair.head)
    assert after["rows"] == before["rows"] and after["keys"] == before["keys"]
    with pair.head.database.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).where(
            AuditEvent.entity_id == key.fingerprint).order_by(AuditEvent.id))]
        [attempt] = refused_imports(session, SYSTEM)
    assert actions == ["trust", "withdraw_trust"]  # on record, not silent
    assert attempt.reason == "Addressed to another office" and attempt.what_to_do.startswith(
        "Give the package to SOMEONE-ELSE")
    stranger.close()


def test_a_key_trusted_before_stays_trusted_when_a_package_is_refused(pair, tmp_path):
    key = pair.office.key()
    wrong = rewrite(pair.first_package, tmp_path / "other-head.pmspkg",
                    manifest_changes={"receiver_office": "HEAD-OFFICE-2"}, sign_with=key)

    with pair.head.database.session() as session, pytest.raises(PackageRefused):
        trust_and_import(session, SYSTEM, "KE-001", key.public_bytes, key.fingerprint, wrong)

    with pair.head.database.session() as session:
        assert session.get(SyncTrustedKey, key.fingerprint).revoked_at is None


def test_a_clash_with_a_unique_record_is_said_without_sql():
    assert clash_in_words(Exception("UNIQUE constraint failed: rule_set.code, rule_set.revision")) == \
        "two records of rule set would share the same code and revision"
    assert clash_in_words(Exception('duplicate key value violates unique constraint "uq_organisation_code"\n'
                                    'DETAIL:  Key (code)=(KE-001) already exists.')) == \
        "another record already has code KE-001"
    assert "UNIQUE" not in clash_in_words(Exception("UNIQUE constraint failed"))
