"""``pmsdesk demo`` is one transaction: killed half-way it leaves nothing, and it can simply run again."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from pmsdesk.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
#: Builds the demo but is killed (SIGKILL, no clean-up) once the organisations are written and the
#: shipped rule sets are being stored: the point where a demo in two transactions had committed half.
KILLED_DEMO = """
import os, signal, sys
import pmsdesk.demo as demo
from pmsdesk.db import open_database

def killed(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

demo.ensure_default_rule_sets = killed
demo.build_demo(open_database(sys.argv[1]))
"""


def _organisations(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT COUNT(*) FROM organisation").fetchone()[0]
    finally:
        connection.close()


def test_a_demo_killed_half_way_leaves_nothing_and_runs_again(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    killed = subprocess.run([sys.executable, "-c", KILLED_DEMO, str(path)], capture_output=True, text=True,
                            env=os.environ | {"PYTHONPATH": str(ROOT)}, timeout=300)
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert _organisations(path) == 0

    assert main(["demo", "--db", str(path)]) == 0
    assert "Demo database" in capsys.readouterr().out
    assert _organisations(path) == 1
