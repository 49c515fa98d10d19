"""The benchmark suite keeps working: every workload runs at small scale and pmsdesk's output matches the floor's.

Correctness only: timings on a shared test machine prove nothing, so none are asserted.
The consolidation on PostgreSQL runs when a server is configured (``PMSDESK_TEST_POSTGRES_URL``).
"""

from __future__ import annotations

import json
import os

import pytest

from bench import consolidation_postgresql
from bench.__main__ import WORKLOADS, main
from bench.timing import SCALES, Measurement
from tests.conftest import _postgres_admin

ON_POSTGRESQL = consolidation_postgresql.server_url() is not None
MEASURED = [name for name in WORKLOADS if ON_POSTGRESQL or name != consolidation_postgresql.WORKLOAD]


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    code = main(["--scale", "small", "--repeat", "1", "--json", str(folder / "results.json"),
                 "--workdir", str(folder / "work")])
    return code, json.loads((folder / "results.json").read_text())


def test_small_run_measures_every_workload(small_run):
    code, report = small_run
    names = [result["workload"].split(" (")[0] for result in report["results"]]
    assert names == MEASURED
    assert code == 0
    for result in report["results"]:
        assert result["pmsdesk_runs"] and result["pmsdesk_median"] > 0, result["workload"]
        assert result["within_target"] in (True, False)


def test_workloads_with_a_floor_measure_the_floor_too(small_run):
    _, report = small_run
    with_floor = {r["workload"] for r in report["results"] if r["target_kind"] == "ratio"}
    assert with_floor == {"consolidation", "scorecards", "quarterly report", "SDBIP import", "start-up"} | (
        {consolidation_postgresql.WORKLOAD} if ON_POSTGRESQL else set())
    for result in report["results"]:
        if result["target_kind"] == "ratio":
            assert result["floor_runs"] and result["ratio"] is not None, result["workload"]


def test_pmsdesk_output_matches_the_floor(small_run):
    _, report = small_run
    for result in report["results"]:
        assert result["checks"], f"{result['workload']} checks nothing"
        for name, (pmsdesk, floor) in result["checks"].items():
            assert pmsdesk == floor, f"{result['workload']}: {name}: pmsdesk {pmsdesk}, floor {floor}"
        assert result["correct"], result["workload"]


def test_results_say_which_machine_they_came_from(small_run):
    _, report = small_run
    assert report["machine"]["nproc"] and report["machine"]["cpu"]
    assert report["scale"] == "small" and len(report["load_average"]["before"]) == 3


@pytest.mark.skipif(not ON_POSTGRESQL, reason="no PostgreSQL server configured")
def test_postgresql_consolidation_inserts_what_sqlite_does_and_drops_its_database(small_run):
    _, report = small_run
    [result] = [r for r in report["results"] if r["workload"] == consolidation_postgresql.WORKLOAD]
    [sqlite] = [r for r in report["results"] if r["workload"] == "consolidation"]
    assert result["floor_runs"] == sqlite["pmsdesk_runs"]  # SQLite's time is printed beside it
    assert result["checks"]["rows inserted"][0] == sqlite["checks"]["rows inserted"][0] > 0
    assert result["details"]["organisations"] == 2
    with _postgres_admin() as admin:
        left = admin.exec_driver_sql("SELECT datname FROM pg_database WHERE datname LIKE %(p)s",
                                     {"p": f"pmsdesk_bench_{os.getpid()}_%"}).all()
    assert left == []


def test_without_a_server_the_postgresql_workload_says_so_and_is_skipped(monkeypatch, capsys, tmp_path):
    for name in consolidation_postgresql.URL_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    skipped = consolidation_postgresql.run(SCALES["small"], 1, tmp_path / "none.sqlite", tmp_path,
                                           Measurement("consolidation", target=3.0))

    assert skipped is None
    assert "skipped, set PMSDESK_BENCH_POSTGRES_URL" in capsys.readouterr().err
