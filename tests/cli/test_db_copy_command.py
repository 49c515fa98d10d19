"""`pmsdesk db copy` as a user runs it: counts printed, mistakes told in one line, passwords never shown."""

from __future__ import annotations

import json

import pytest

from pmsdesk.cli.main import main
from tests.conftest import POSTGRES_HOW_TO, POSTGRES_URL


def _one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_copying_a_file_prints_every_table_with_its_rows(seeded_file, tmp_path, capsys):
    assert main(["db", "copy", "--from", str(seeded_file), "--to", str(tmp_path / "copy.sqlite")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Copied {seeded_file} to {tmp_path / 'copy.sqlite'} (schema ")
    assert "  organisation " in out and "row counts match the source; audit chain intact." in out


def test_json_gives_the_counts_per_table(seeded_file, tmp_path, capsys):
    assert main(["db", "copy", "--from", str(seeded_file), "--to", str(tmp_path / "copy.sqlite"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tables"]["organisation"] == 1 and report["total_rows"] == sum(report["tables"].values())
    assert report["audit_chain"] == "intact" and report["replaced_rows"] == 0


def test_a_missing_source_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["db", "copy", "--from", str(tmp_path / "nowhere.sqlite"), "--to", str(tmp_path / "t.sqlite")]) == 2
    assert _one_error_line(capsys) == f"pmsdesk: error: No database at {tmp_path / 'nowhere.sqlite'}: check the --from path."
    assert not (tmp_path / "t.sqlite").exists()


@pytest.mark.parametrize("url, says", [
    ("mysql://office@server/pms", "is a mysql URL; pmsdesk copies between SQLite files and postgresql://"),
    ("postgresql://office@127.0.0.1:1/pms", "Cannot write to postgresql://office@127.0.0.1:1/pms: connection"),
])
def test_a_bad_target_url_is_one_line_and_exit_2(seeded_file, url, says, capsys):
    assert main(["db", "copy", "--from", str(seeded_file), "--to", url]) == 2
    assert says in _one_error_line(capsys)


def test_a_target_with_data_is_refused_and_left_alone(seeded_file, tmp_path, capsys):
    target = tmp_path / "copy.sqlite"
    assert main(["db", "copy", "--from", str(seeded_file), "--to", str(target)]) == 0
    before = target.read_bytes()
    capsys.readouterr()
    assert main(["db", "copy", "--from", str(seeded_file), "--to", str(target)]) == 2
    assert "already holds data" in _one_error_line(capsys)
    assert target.read_bytes() == before


def test_a_password_written_into_a_url_is_never_printed(seeded_file, tmp_path, capsys):
    """libpq takes the password from ~/.pgpass or PGPASSWORD; one typed into the URL is masked."""
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_HOW_TO)
    from sqlalchemy.engine import make_url

    with_password = make_url(POSTGRES_URL).set(password="s3cret-Pa55", database="no_such_pmsdesk_db")
    url = with_password.render_as_string(hide_password=False)
    assert main(["db", "copy", "--from", str(seeded_file), "--to", url]) == 2
    assert main(["db", "copy", "--from", url, "--to", str(tmp_path / "t.sqlite"), "--json"]) == 2
    captured = capsys.readouterr()
    assert "s3cret-Pa55" not in captured.out + captured.err
    assert "***@" in captured.err and "no_such_pmsdesk_db" in captured.err
