"""An office may change only its own organisations' records; head office relays them only as signed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from pmsdesk.demo.offices import build_office
from pmsdesk.models import ActualStatus, Organisation, PeriodActual, RuleSet
from pmsdesk.scoring import DEFAULT_RULE_SETS
from pmsdesk.services.rule_sets import ensure_default_rule_sets
from pmsdesk.sync.format import META_KEY
from pmsdesk.sync.rows import plain_row, tables_by_name

from .helpers import SYSTEM, Installation, new_installation, rewrite
from .test_refusals import assert_refused


@dataclass
class Offices:
    ke: Installation
    tz: Installation
    head: Installation
    folder: Path

    def close(self) -> None:
        for installation in (self.ke, self.tz, self.head):
            installation.close()


def _defaults(database) -> None:
    with database.session() as session:
        ensure_default_rule_sets(session, SYSTEM)


def _office(folder: Path, profile: str, seed: int) -> Installation:
    def build(database):
        build_office(database, 0, profile=profile, seed=seed, areas=1)
        _defaults(database)
    return new_installation(folder, profile, f"{profile[:2].upper()}-001", build=build)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Offices:
    folder = tmp_path_factory.mktemp("ownership")
    ke, tz = _office(folder, "ke-county", 2), _office(folder, "tz-lga", 3)
    head = new_installation(folder, "head", "HEAD-OFFICE", head_office=True, build=_defaults)
    for office in (ke, tz):
        head.trust(office)
        office.trust(head)
        package = folder / f"{office.code}-1.pmspkg"
        office.export("HEAD-OFFICE", package)
        head.import_(package)
    offices = Offices(ke, tz, head, folder)
    offices.close()
    return offices


@pytest.fixture
def offices(template, tmp_path) -> Offices:
    copy = Offices(template.ke.copy_to(tmp_path / "ke"), template.tz.copy_to(tmp_path / "tz"),
                   template.head.copy_to(tmp_path / "head"), tmp_path)
    yield copy
    copy.close()


def _line(installation: Installation, model, row_id: str, clock: dict, **changes) -> bytes:
    table = tables_by_name()[model.__tablename__]
    with installation.database.session() as session:
        plain = plain_row(table, session.execute(select(table).where(table.c.id == row_id)).one())
    return json.dumps({**plain, **changes, META_KEY: {"clock": clock}}, sort_keys=True).encode()


def _with_rows(source: Path, target: Path, lines: dict[str, list[bytes]], signer: Installation) -> Path:
    """``source`` with ``lines`` added to its data members, signed again by ``signer`` (who holds the key)."""
    import zipfile

    with zipfile.ZipFile(source) as archive:
        data = {name: archive.read(name) for name in archive.namelist() if name.startswith("data/")}
        manifest = json.loads(archive.read("manifest.json"))
    counts = dict(manifest["counts"])
    replace = {}
    for table, added in lines.items():
        member = f"data/{table}.jsonl"
        replace[member] = data.get(member, b"") + b"".join(line + b"\n" for line in added)
        counts[table] = counts.get(table, 0) + len(added)
    return rewrite(source, target, replace=replace, manifest_changes={"counts": counts}, sign_with=signer.key())


def _approved_actual(installation: Installation) -> str:
    with installation.database.session() as session:
        actual = session.scalars(select(PeriodActual).where(PeriodActual.value.is_not(None))
                                 .order_by(PeriodActual.id).limit(1)).one()
        actual.status = ActualStatus.APPROVED
        session.commit()
        return actual.id


def test_an_office_signing_another_offices_records_is_refused_whole_and_changes_nothing(offices):
    actual_id = _approved_actual(offices.ke)
    offices.ke.export("HEAD-OFFICE", offices.folder / "ke-2.pmspkg")
    offices.head.import_(offices.folder / "ke-2.pmspkg")
    with offices.ke.database.session() as session:
        organisation_id = session.scalar(select(Organisation.id))
        rule_set_id = session.scalar(select(RuleSet.id).where(RuleSet.code == "ke_pc"))
    clock = {"KE-001": 50, "TZ-001": 50}
    forged = {
        "period_actual": [_line(offices.head, PeriodActual, actual_id, clock, value=99999.0)],
        "organisation": [_line(offices.head, Organisation, organisation_id, clock, name="Renamed by TZ")],
        "rule_set": [_line(offices.head, RuleSet, rule_set_id, clock, name="Rewritten by TZ")],
    }
    offices.tz.export("HEAD-OFFICE", offices.folder / "tz-2.pmspkg")
    package = _with_rows(offices.folder / "tz-2.pmspkg", offices.folder / "tz-forged.pmspkg", forged, offices.tz)
    assert_refused(offices.head, package, "not_owner", "TZ-001 may create or change only the records of its own",
                   f"period_actual {actual_id} (belongs to KE-001)", f"organisation {organisation_id} (belongs to KE-001)",
                   f"rule_set {rule_set_id} (shared records are issued by head office)", "Nothing was imported")


def test_an_office_cannot_claim_a_new_organisation_for_another_office(offices):
    offices.tz.export("HEAD-OFFICE", offices.folder / "tz-2.pmspkg")
    with offices.tz.database.session() as session:
        organisation_id = session.scalar(select(Organisation.id))
    line = _line(offices.tz, Organisation, organisation_id, {"TZ-001": 9}, id="0" * 8 + organisation_id[8:],
                 code="KE-999", origin_office="KE-001")
    package = _with_rows(offices.folder / "tz-2.pmspkg", offices.folder / "claim.pmspkg", {"organisation": [line]},
                         offices.tz)
    assert_refused(offices.head, package, "not_owner", "(belongs to KE-001)")


def test_head_office_relays_an_offices_records_only_as_that_office_signed_them(offices):
    actual_id = _approved_actual(offices.ke)
    offices.head.export("KE-001", offices.folder / "down.pmspkg")
    line = _line(offices.ke, PeriodActual, actual_id, {"KE-001": 1, "HEAD-OFFICE": 1}, value=99999.0)
    package = _with_rows(offices.folder / "down.pmspkg", offices.folder / "relayed.pmspkg",
                         {"period_actual": [line]}, offices.head)
    assert_refused(offices.ke, package, "not_owner", f"period_actual {actual_id} (belongs to KE-001 and was changed "
                   "by HEAD-OFFICE)")


def test_an_offices_package_carries_no_shared_records_and_head_offices_does(offices):
    offices.ke.export("HEAD-OFFICE", offices.folder / "ke-2.pmspkg")
    summary = offices.head.export("KE-001", offices.folder / "down.pmspkg")
    assert summary.counts.get("rule_set") == len(DEFAULT_RULE_SETS)
    with offices.head.database.session() as session:
        assert session.scalar(select(RuleSet.origin_office).limit(1)) == "SHIPPED"
    assert "rule_set" not in offices.ke.export("HEAD-OFFICE", offices.folder / "ke-3.pmspkg", full=True).counts
    assert offices.ke.import_(offices.folder / "down.pmspkg").conflicts == 0
