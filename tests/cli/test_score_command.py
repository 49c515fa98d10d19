"""``pmsdesk score``: a readable scorecard, JSON on request, one-line errors naming what exists."""

from __future__ import annotations

import argparse
import json
import shutil

import pytest

from pmsdesk.cli import main as cli_main
from pmsdesk.cli import score_command
from pmsdesk.db import open_database
from pmsdesk.demo import build_demo


def run(argv: list[str]) -> int:
    return cli_main.main(argv)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory, migrated_file):
    """Two ZA demo organisations, built once for the module."""
    target = tmp_path_factory.mktemp("score-cli") / "demo.sqlite"
    shutil.copyfile(migrated_file, target)
    database = open_database(target)
    build_demo(database, profile="za-municipality", orgs=2, seed=1)
    database.dispose()
    return str(target)


def test_one_organisation_prints_a_table_by_kpa_and_directorate_with_the_kpis_at_risk(
        demo_path, capsys):
    assert run(["score", "--db", demo_path, "--year", "2024/25", "--period", "Q2",
                "--org", "ZA-001"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ngwathe Local Municipality (ZA-001): scorecard 2024/25, Q2\n")
    assert "Rules: za_sdbip revision 1 (database)" in out  # the demo stores the shipped rule sets
    for heading in ("By KPA", "Basic Service Delivery", "By directorate", "Technical Services",
                    "Traffic lights", "KPI almost met", "Left out of the Q2 scores"):
        assert heading in out
    assert "At risk of missing the year-end target (" in out
    assert "At risk: " in out  # each KPI at risk comes with its reason
    lead = out.splitlines()[3]
    assert lead.startswith("Q2: Targets achieved ") and " of " in lead


def test_json_gives_the_whole_scorecard(demo_path, capsys):
    assert run(["score", "--db", demo_path, "--year", "2025/26", "--org", "ZA-002",
                "--period", "Q3", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["organisation_code"] == "ZA-002" and card["period_label"] == "Q3"
    whole = card["period"]["organisation"]
    assert whole["not_reported"] > 0 and whole["achieved"] == 0  # Q3: nothing verified
    assert len(card["lines"]) == 250
    assert card["rule_set"]["code"] == "za_sdbip"
    assert set(card["period"]) == {"organisation", "by_kpa", "by_objective", "by_directorate",
                                   "categories"}
    assert card["actuals"]["left_out"]["submitted"] > 0


def test_several_organisations_without_org_give_one_line_each(demo_path, capsys):
    assert run(["score", "--db", demo_path, "--year", "2025/26"]) == 0
    out = capsys.readouterr().out
    assert "2 organisations (use --org CODE for one in full)" in out
    assert "ZA-001" in out and "ZA-002" in out
    assert run(["score", "--db", demo_path, "--year", "2025/26", "--json"]) == 0
    overview = json.loads(capsys.readouterr().out)
    assert [o["organisation_code"] for o in overview["organisations"]] == ["ZA-001", "ZA-002"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--year", "2019/20", "--org", "ZA-001"],
     "ZA-001 has no financial year '2019/20'; it has 2024/25, 2025/26."),
    (["--year", "2019/20"], "no organisation has a financial year '2019/20'; the years are "
                            "2024/25, 2025/26"),
    (["--year", "2025/26", "--org", "ZA-009"],
     "No organisation with code 'ZA-009'; the database holds ZA-001, ZA-002."),
    (["--year", "2025/26", "--org", "ZA-001", "--period", "Q5"],
     "2025/26 has no period 5; it has Q1, Q2, Q3, Q4."),
    (["--year", "2025/26", "--period", "second"],
     "--period: expected a quarter such as Q2, got 'second'"),
])
def test_mistakes_exit_2_with_one_line_naming_what_exists(demo_path, capsys, argv, message):
    assert run(["score", "--db", demo_path, *argv]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"pmsdesk: error: {message}\n" and captured.out == ""


def test_a_missing_database_is_not_created(tmp_path, capsys):
    missing = tmp_path / "none.sqlite"
    assert run(["score", "--db", str(missing), "--year", "2025/26"]) == 2
    assert "No database at" in capsys.readouterr().err and not missing.exists()


def test_help_explains_which_organisation_is_scored(capsys):
    parser = argparse.ArgumentParser(prog="pmsdesk")
    score_command.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["score", "--help"])
    assert "a head-office database with several shows one line per" in capsys.readouterr().out
