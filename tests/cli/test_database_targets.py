"""Where ``--db`` points: a PostgreSQL URL without its driver, and a file that does not exist yet."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pmsdesk.cli.main import main
from pmsdesk.db import head_revision

WITHOUT_PSYCOPG = ("import sys; sys.modules['psycopg'] = None\n"  # as on a laptop without the extra
                   "from pmsdesk.cli.main import main\n"
                   "sys.exit(main(sys.argv[1:]))")


@pytest.mark.parametrize("command", [["db", "check"], ["db", "upgrade"], ["audit", "verify"],
                                     ["score", "--year", "2025/26"]])
def test_a_postgresql_url_without_the_driver_says_what_to_install(command):
    done = subprocess.run([sys.executable, "-c", WITHOUT_PSYCOPG, *command,
                           "--db", "postgresql://pms_hq@127.0.0.1:1/pmsdesk_hq"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "pmsdesk: error: postgresql needs the psycopg driver, which is not installed: "
        "install it with pip install 'pmsdesk[postgresql]'."]


def test_db_upgrade_creates_a_missing_file_as_keys_init_does(tmp_path, capsys):
    target = tmp_path / "head.sqlite"
    assert main(["db", "upgrade", "--db", str(target)]) == 0
    assert capsys.readouterr().out.strip() == (f"Created {target}: an empty pmsdesk database at schema "
                                               f"{head_revision()}.")
    assert main(["db", "check", "--db", str(target)]) == 0
    capsys.readouterr()
    assert main(["db", "upgrade", "--db", str(target)]) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_db_upgrade_into_a_missing_folder_is_one_line(tmp_path, capsys):
    assert main(["db", "upgrade", "--db", str(tmp_path / "no" / "head.sqlite")]) == 2
    assert capsys.readouterr().err.strip() == (f"pmsdesk: error: --db: cannot write {tmp_path / 'no' / 'head.sqlite'}: "
                                               f"the folder {tmp_path / 'no'} does not exist.")
