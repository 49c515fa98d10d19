"""Packages carry an office's data to head office and back, completely, once, and in any order."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from pmsdesk.models import EvidenceContent, PeriodActual, SyncPeer
from pmsdesk.sync import read_package

from .helpers import data_without_bookkeeping

HEAD_ON_POSTGRESQL_TOO = True


def test_a_full_package_rebuilds_the_office_at_head_office_with_every_evidence_byte(pair):
    summary = pair.head.import_(pair.first_package)
    assert summary.inserted == sum(read_package(pair.first_package).manifest.counts.values())
    assert summary.evidence_added > 0 and summary.conflicts == 0
    assert pair.head.content() == pair.office.content()
    with pair.office.database.session() as office, pair.head.database.session() as head:
        sent = {row.sha256: row.data for row in office.scalars(select(EvidenceContent))}
        received = {row.sha256: row.data for row in head.scalars(select(EvidenceContent))}
    assert received == sent
    assert all(hashlib.sha256(data).hexdigest() == digest for digest, data in received.items())


def test_importing_the_same_package_again_changes_nothing_and_says_so(pair):
    pair.head.import_(pair.first_package)
    before = pair.head.state()
    again = pair.head.import_(pair.first_package)
    assert again.already_applied and "already imported; nothing changed" in again.message
    assert pair.head.state() == before


def _acknowledge(pair, name: str) -> None:
    """Head office answers, so the office knows what arrived."""
    back = pair.folder / name
    pair.head.export(pair.office.code, back)
    pair.office.import_(back)


def _edit_narratives(installation, count: int, text: str) -> list[str]:
    with installation.database.session() as session:
        actuals = session.scalars(select(PeriodActual).order_by(PeriodActual.id).limit(count)).all()
        for actual in actuals:
            actual.narrative = f"{text} {actual.id[:8]}"
        session.commit()
        return [actual.id for actual in actuals]


def test_after_an_acknowledgement_only_what_changed_travels(pair):
    pair.head.import_(pair.first_package)
    _acknowledge(pair, "ho-1.pmspkg")
    changed = _edit_narratives(pair.office, 3, "Corrected after site visit")
    second = pair.folder / "ke001-2.pmspkg"
    summary = pair.office.export("HEAD-OFFICE", second)
    assert summary.counts == {"period_actual": 3} and summary.covers_from == 2
    result = pair.head.import_(second)
    assert (result.updated, result.inserted, result.conflicts) == (3, 0, 0)
    with pair.head.database.session() as session:
        assert all(session.get(PeriodActual, row_id).narrative.startswith("Corrected") for row_id in changed)


def test_reported_actuals_cost_well_under_half_a_kilobyte_each(pair):
    """At this rate a 300-KPI quarter stays far below 200 KB (python -m bench measures real packages)."""
    pair.head.import_(pair.first_package)
    _acknowledge(pair, "ho-1.pmspkg")
    edited = _edit_narratives(pair.office, 1000, "Target achieved; 12 of 12 projects completed per the site reports of")
    summary = pair.office.export("HEAD-OFFICE", pair.folder / "quarter.pmspkg")
    assert summary.counts == {"period_actual": len(edited)} and summary.evidence_files == 0
    assert summary.bytes / len(edited) < 500, summary.bytes


def test_cumulative_packages_apply_in_either_order(pair):
    _edit_narratives(pair.office, 2, "Second thoughts")
    second = pair.folder / "ke001-2.pmspkg"
    pair.office.export("HEAD-OFFICE", second)  # no acknowledgement yet: it repeats package 1's rows too
    first_result = pair.head.import_(second)
    late = pair.head.import_(pair.first_package)
    assert first_result.inserted > 0 and late.inserted == late.updated == late.conflicts == 0
    assert pair.head.content() == pair.office.content()
    with pair.head.database.session() as session:
        assert session.get(SyncPeer, pair.office.code).last_applied_sequence == 2


def test_a_package_after_a_missing_one_is_refused_naming_the_missing_number(pair, tmp_path):
    restored = pair.head.copy_to(tmp_path / "restored-head")  # head office before it imported anything
    pair.head.import_(pair.first_package)
    _acknowledge(pair, "ho-1.pmspkg")
    _edit_narratives(pair.office, 1, "Later")
    second = pair.folder / "ke001-2.pmspkg"
    pair.office.export("HEAD-OFFICE", second)
    restored_state = restored.state()
    try:
        restored.import_(second)
    except Exception as error:  # noqa: BLE001 - the type is asserted below
        assert getattr(error, "reason", None) == "sequence_gap"
        assert "needs package(s) 1 first" in str(error) and "--full" in str(error)
    else:
        raise AssertionError("package 2 was applied without package 1")
    assert restored.state() == restored_state
    restored.discard()


def test_a_full_package_rebuilds_a_receiver_that_lost_everything(pair, tmp_path):
    restored = pair.head.copy_to(tmp_path / "restored-head")
    pair.head.import_(pair.first_package)
    _acknowledge(pair, "ho-1.pmspkg")
    full = pair.folder / "ke001-full.pmspkg"
    assert pair.office.export("HEAD-OFFICE", full, full=True).covers_from == 1
    restored.import_(full)
    assert data_without_bookkeeping(restored.content()) == data_without_bookkeeping(pair.office.content())
    restored.discard()
