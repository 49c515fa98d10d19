"""The benchmark suite keeps working: every workload runs at small scale and pmsdesk's output matches the floor's.

Correctness only: timings on a shared test machine prove nothing, so none are asserted.
"""

from __future__ import annotations

import json

import pytest

from bench.__main__ import WORKLOADS, main


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    code = main(["--scale", "small", "--repeat", "1", "--json", str(folder / "results.json"),
                 "--workdir", str(folder / "work")])
    return code, json.loads((folder / "results.json").read_text())


def test_small_run_measures_every_workload(small_run):
    code, report = small_run
    names = [result["workload"].split(" (")[0] for result in report["results"]]
    assert names == list(WORKLOADS)
    assert code == 0
    for result in report["results"]:
        assert result["pmsdesk_runs"] and result["pmsdesk_median"] > 0, result["workload"]
        assert result["within_target"] in (True, False)


def test_workloads_with_a_floor_measure_the_floor_too(small_run):
    _, report = small_run
    with_floor = {r["workload"] for r in report["results"] if r["target_kind"] == "ratio"}
    assert with_floor == {"consolidation", "scorecards", "quarterly report", "SDBIP import", "start-up"}
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
