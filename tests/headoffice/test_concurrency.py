"""Several analysts at once on one PostgreSQL server: no deadlock, no lost update, the audit chain whole.

The same workload (tests/headoffice/workload.py) runs in five processes at
once on one database and one step after another on a second; both must end
in the same state, and the concurrent one must finish well within the timeout.
"""

from __future__ import annotations

import multiprocessing
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from pmsdesk.models import AuditEvent, Kpi
from pmsdesk.services import kpis
from pmsdesk.services.edit_conflicts import EditConflict
from tests.conftest import number_kpi

from . import workload
from .conftest import audit_chain_intact

TIMEOUT_SECONDS = 60


def _worker(url, job, start, results) -> None:
    start.wait(30)  # every process has imported pmsdesk and connected: now they really overlap
    try:
        results.put((job, "ok", workload.run_worker(url, *job)))
    except BaseException as error:  # reported to the test, which fails with it
        results.put((job, "failed", f"{type(error).__name__}: {error}"))


def _run_at_once(url: str) -> tuple[dict, float]:
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    processes = [context.Process(target=_worker, args=(url, job, start, results)) for job in workload.WORKERS]
    for process in processes:
        process.start()
    time.sleep(1.5)
    began = time.monotonic()
    start.set()
    outcomes = {}
    try:
        while len(outcomes) < len(processes):
            remaining = TIMEOUT_SECONDS - (time.monotonic() - began)
            job, status, detail = results.get(timeout=max(remaining, 0.1))
            outcomes[job] = (status, detail)
    except Exception:
        pass
    finally:
        for process in processes:
            process.join(timeout=max(TIMEOUT_SECONDS - (time.monotonic() - began), 1))
            if process.is_alive():
                process.terminate()
    return outcomes, time.monotonic() - began


@pytest.mark.postgresql
def test_five_processes_at_once_end_as_if_run_one_after_another(new_server_database):
    template_url = new_server_database()
    workload.seed(template_url)
    template = template_url.rsplit("/", 1)[1]
    concurrent, sequential = new_server_database(template=template), new_server_database(template=template)

    outcomes, seconds = _run_at_once(concurrent)
    for job in workload.WORKERS:
        workload.run_worker(sequential, *job)

    assert outcomes == {job: ("ok", outcomes[job][1]) for job in workload.WORKERS}, (
        f"not every worker finished cleanly within {TIMEOUT_SECONDS} s: {outcomes}")
    assert seconds < TIMEOUT_SECONDS
    together, one_by_one = workload.canonical_state(concurrent), workload.canonical_state(sequential)
    assert together == one_by_one
    assert len(together["kpis"]) == 3 * workload.KPIS_EACH + 2
    assert len(together["targets"]) == 2 * workload.KPIS_EACH * 4
    assert [row[3].value for row in together["actuals"]] == ["verified"] * workload.KPIS_EACH
    assert audit_chain_intact(concurrent) and audit_chain_intact(sequential)


@contextmanager
def _two_sessions_edit_one_kpi(database, system, small_org):
    """Both sessions read version 1 (as two open edit forms would); the first saves.

    Returns the second session, the KPI it holds (held: a session forgets
    objects nobody references) and the KPI's id.
    """
    with database.session() as session:
        kpi_id = kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01")).id
    with database.session() as first, database.session() as second:
        held = first.get(Kpi, kpi_id), second.get(Kpi, kpi_id)
        assert [kpi.version for kpi in held] == [1, 1]
        kpis.update_kpi(first, system, kpi_id, {"annual_target": 500})
        yield second, held[1], kpi_id


def test_a_second_editor_of_the_same_kpi_is_refused_and_the_first_edit_kept(database, system, small_org):
    with _two_sessions_edit_one_kpi(database, system, small_org) as (second, _held, kpi_id):
        with pytest.raises(EditConflict, match="Someone else saved this KPI .* Reload the KPI"):
            kpis.update_kpi(second, system, kpi_id, {"annual_target": 450})
    with database.session() as session:
        kpi = session.get(Kpi, kpi_id)
        assert (kpi.annual_target, kpi.version) == (500, 2)
        updates = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == kpi_id,
                                                           AuditEvent.action == "update")).all()
        assert [event.new_values for event in updates] == [{"annual_target": 500}]
