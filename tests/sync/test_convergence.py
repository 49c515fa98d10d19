"""Random edits on an office and its head office, packages exchanged in random order: head office ends
with the office's version of every record it did not touch itself, every concurrent edit is kept in a
conflict queue and nothing is silently lost. Head office's own edits of the office's records never
travel to the office (the office holds them; see ``pmsdesk/sync/ownership.py``)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pmsdesk.models import ActualStatus, Kpi, KpiTarget, PeriodActual, Risk, SyncConflict
from pmsdesk.services import actuals, framework, kpis, years

from ..conftest import number_kpi
from .conftest import server_copy
from .helpers import SYSTEM, new_installation

HEAD_ON_POSTGRESQL_TOO = True

FIELDS = (("kpi", Kpi, "name"), ("period_actual", PeriodActual, "narrative"),
          ("period_actual", PeriodActual, "value"), ("kpi_target", KpiTarget, "value"))
PROMOTION = {ActualStatus.DRAFT: ActualStatus.SUBMITTED, ActualStatus.SUBMITTED: ActualStatus.VERIFIED,
             ActualStatus.VERIFIED: ActualStatus.APPROVED}


def _small_office(database) -> None:
    with database.session() as session:
        organisation = framework.create_organisation(
            session, SYSTEM, {"code": "KE-T01", "name": "Nyeri County", "kind": "county", "country": "KE"})
        year = years.create_financial_year(session, SYSTEM, organisation.id, 2025)
        quarter = years.quarters(session, year.id)[0]
        for number in range(3):
            kpi = kpis.create_kpi(session, SYSTEM, year.id, number_kpi(f"H{number}"))
            actuals.save_actual(session, SYSTEM, kpi.id, quarter.id, {"value": 10 + number, "narrative": "first"})
            session.add(KpiTarget(kpi_id=kpi.id, period_id=quarter.id, value=100.0 + number))
        session.commit()


@pytest.fixture(scope="module")
def synchronised(tmp_path_factory, head_backend):
    folder = tmp_path_factory.mktemp("convergence")
    office = new_installation(folder, "office", "KE-T01", build=_small_office)
    head = new_installation(folder, "head", "HEAD-OFFICE", head_office=True)
    head.trust(office)
    office.trust(head)
    head.import_(office.export("HEAD-OFFICE", folder / "up.pmspkg").path and folder / "up.pmspkg")
    head.export("KE-T01", folder / "down.pmspkg")
    office.import_(folder / "down.pmspkg")
    with office.database.session() as session:
        ids = {name: sorted(session.scalars(select(model.id))) for name, model, _ in FIELDS}
    office.close()
    head.close()
    if head_backend == "sqlite":
        yield office, head, ids
        return
    head = server_copy(head)
    yield office, head, ids
    head.discard()


side = st.sampled_from(["office", "head"])
operation = st.one_of(
    st.tuples(st.just("edit"), side, st.integers(0, len(FIELDS) - 1), st.integers(0, 2)),
    st.tuples(st.just("promote"), side, st.integers(0, 2)),
    st.tuples(st.just("new_risk"), side),
    st.tuples(st.just("send"), side),
    st.tuples(st.just("deliver"), st.integers(0, 20)),
)


#: Random histories tried per head-office database: each one on the server costs a database copy and
#: round trips, and the merge rules under test are the same code on both, so fewer there.
EXAMPLES = {"sqlite": 25, "postgresql": 8}


def test_head_office_ends_with_the_offices_records_and_every_concurrent_edit_is_kept(synchronised, tmp_path_factory,
                                                                                    head_backend):
    @settings(max_examples=EXAMPLES[head_backend], deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(steps=st.lists(operation, min_size=4, max_size=14))
    def converge(steps):
        _run(synchronised, tmp_path_factory, steps)

    converge()


def _run(synchronised, tmp_path_factory, steps) -> None:
    office_template, head_template, ids = synchronised
    folder = tmp_path_factory.mktemp("run")
    sides = {"office": office_template.copy_to(folder / "office"), "head": head_template.copy_to(folder / "head")}
    other = {"office": "head", "head": "office"}
    counter = itertools.count(1)
    written, overwritten, in_flight, touched_at_head = [], set(), [], set()
    try:
        for step in steps:
            kind, *args = step
            if kind == "edit":
                name, index, row = args[0], *args[1:]
                table, model, field = FIELDS[index]
                row_id = ids[table][row % len(ids[table])]
                token = f"{name}-{next(counter)}" if field in ("name", "narrative") else float(next(counter)) + 0.5
                with sides[name].database.session() as session:
                    record = session.get(model, row_id)
                    overwritten.add((table, row_id, field, getattr(record, field)))
                    setattr(record, field, token)
                    session.commit()
                written.append((name, table, row_id, field, token))
                if name == "head":
                    touched_at_head.add((table, row_id))
            elif kind == "promote":
                name, row = args
                with sides[name].database.session() as session:
                    record = session.get(PeriodActual, ids["period_actual"][row % len(ids["period_actual"])])
                    if record.status in PROMOTION:
                        record.status = PROMOTION[record.status]
                        session.commit()
                        if name == "head":
                            touched_at_head.add(("period_actual", record.id))
            elif kind == "new_risk":
                token = f"{args[0]}-risk-{next(counter)}"
                with sides[args[0]].database.session() as session:
                    organisation_id = session.scalar(select(Kpi.organisation_id).limit(1))
                    session.add(Risk(organisation_id=organisation_id, title=token, likelihood=2, impact=3))
                    session.commit()
                    written.append((args[0], "risk", None, "title", token))
            elif kind == "send":
                in_flight.append(_send(sides, args[0], other[args[0]], folder))
            elif in_flight:
                receiver, package = in_flight[args[0] % len(in_flight)]
                sides[receiver].import_(package)
        for receiver, package in in_flight:
            sides[receiver].import_(package)
        for _ in range(2):
            for name in ("office", "head"):
                receiver, package = _send(sides, name, other[name], folder)
                sides[receiver].import_(package)

        rows = {"office": sides["office"].content(), "head": sides["head"].content()}
        for table, office_table in rows["office"].items():
            for row_id, row in office_table.items():
                assert row == rows["head"][table][row_id] or (table, row_id) in touched_at_head, (table, row_id)
        kept = _conflict_values(sides)
        for writer, table, row_id, field, token in written:
            if row_id is None:
                assert any(row["title"] == token for row in rows[writer]["risk"].values())
                assert (writer == "office") == any(row["title"] == token for row in rows["office"]["risk"].values())
                continue
            assert (rows[writer][table][row_id][field] == token or (table, row_id, field, token) in kept
                    or (table, row_id, field, token) in overwritten), (table, row_id, field, token)
    finally:
        for installation in sides.values():
            installation.discard()


def _send(sides, sender: str, receiver: str, folder: Path) -> tuple[str, Path]:
    path = folder / f"{sender}-{len(list(folder.glob('*.pmspkg')))}.pmspkg"
    sides[sender].export(sides[receiver].code, path)
    return receiver, path


def _conflict_values(sides) -> set[tuple]:
    kept = set()
    for installation in sides.values():
        with installation.database.session() as session:
            for conflict in session.scalars(select(SyncConflict)):
                for values in (conflict.local_values, conflict.incoming_values):
                    kept.update((conflict.entity, conflict.row_id, field, value) for field, value in values.items())
    return kept
