"""The log file support asks for: where it is, what it holds after real work, and what it never holds."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys

import pytest

from pmsdesk.cli.main import main
from pmsdesk.logs import log_path, recent_lines, redact, setup_logging, shutdown_logging


@pytest.fixture
def log_folder(tmp_path, monkeypatch):
    """A log of this test's own: the handler is reopened in ``tmp_path/logs``."""
    shutdown_logging()
    monkeypatch.setenv("PMSDESK_LOG_DIR", str(tmp_path / "logs"))
    yield tmp_path / "logs"
    shutdown_logging()


def _log_text(folder) -> str:
    logging.getLogger("pmsdesk").handlers[0].flush()
    return (folder / "pmsdesk.log").read_text(encoding="utf-8")


def test_version_names_the_log_file(tmp_path):
    environment = {"PMSDESK_LOG_DIR": str(tmp_path / "where"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "pmsdesk", "--version"], capture_output=True, text=True,
                          env={**environment, "PYTHONPATH": ":".join(sys.path)}, check=True)
    assert done.stdout.splitlines()[1] == f"log file: {tmp_path / 'where' / 'pmsdesk.log'}"


def test_log_level_is_checked_and_applied(log_folder, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--log-level", "chatty", "calc", "sdbip", "-"])
    assert exit_.value.code == 2 and "--log-level" in capsys.readouterr().err
    case = tmp_path / "case.json"
    case.write_text("{}")
    main(["--log-level", "debug", "calc", "sdbip", str(case)])
    assert logging.getLogger("pmsdesk").level == logging.DEBUG
    main(["--log-level", "WARNING", "calc", "sdbip", str(case)])
    assert logging.getLogger("pmsdesk").level == logging.WARNING


def test_a_flow_with_sign_in_keys_and_a_package_logs_context_but_no_secret(log_folder, seeded_file, tmp_path,
                                                                          monkeypatch, capsys):
    db = tmp_path / "office.sqlite"
    shutil.copyfile(seeded_file, db)
    keys = tmp_path / "keys"
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(keys))
    monkeypatch.setenv("PMSDESK_PASSWORD", "administrator-password")
    template = tmp_path / "actuals.xlsx"
    assert main(["export", "actuals-template", "--db", str(db), "--out", str(template)]) == 0
    assert main(["import-actuals", str(template), "--db", str(db), "--user", "administrator"]) == 0
    monkeypatch.setenv("PMSDESK_PASSWORD", "Wrong-Horse-Battery-7")
    assert main(["import-actuals", str(template), "--db", str(db), "--user", "administrator"]) == 2
    monkeypatch.setenv("PMSDESK_PASSWORD", "administrator-password")
    admin = ["--user", "administrator"]
    assert main(["keys", "init", "--office", "ZA-LOG", "--db", str(db), *admin]) == 0
    assert main(["package", "export", "--to", "HEAD-OFFICE", "--out", str(tmp_path / "p.pmspkg"),
                 "--db", str(db), *admin]) == 0
    assert main(["package", "import", str(tmp_path / "p.pmspkg"), "--db", str(db), *admin]) == 2
    capsys.readouterr()

    text = _log_text(log_folder)
    assert "created the signing key" in text and "package 1 for HEAD-OFFICE written" in text
    assert "WARNING" in text and "p.pmspkg refused (wrong_receiver)" in text  # the refusal, with the file
    assert "Unknown user name or wrong password" in text and "actuals import of actuals.xlsx" in text
    pem = next(keys.glob("*.pem")).read_text()
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    for secret in ("administrator-password", "Wrong-Horse-Battery-7", body, body[:24], "PRIVATE KEY"):
        assert secret not in text


def test_a_secret_in_a_message_is_blanked(log_folder, monkeypatch):
    monkeypatch.setenv("PMSDESK_PASSWORD", "s3cret-Value")
    setup_logging()
    logging.getLogger("pmsdesk.test").warning("user typed %s", "s3cret-Value")
    pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----"
    logging.getLogger("pmsdesk.test").error("key was %s", pem)
    text = _log_text(log_folder)
    assert "s3cret-Value" not in text and "[secret]" in text
    assert "MC4CAQAw" not in text and "[private key]" in text
    assert redact("no secrets here") == "no secrets here"


def test_a_bug_is_one_line_naming_the_log_and_the_traceback_is_in_it(log_folder, monkeypatch, capsys, tmp_path):
    from pmsdesk.cli import calc_command

    def broken(_args):
        raise RuntimeError("the scorer fell over")

    monkeypatch.setattr(calc_command, "run", broken)
    case = tmp_path / "case.json"
    case.write_text("{}")
    assert main(["calc", "sdbip", str(case)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "RuntimeError: the scorer fell over" in err and str(log_path()) in err
    text = _log_text(log_folder)
    assert "Traceback" in text and "RuntimeError: the scorer fell over" in text
    assert any("the scorer fell over" in line for line in recent_lines(20))


def test_an_unwritable_log_folder_does_not_stop_pmsdesk(monkeypatch, tmp_path, capsys):
    shutdown_logging()
    monkeypatch.setenv("PMSDESK_LOG_DIR", "/proc/pmsdesk-no-logs")
    try:
        assert setup_logging() is None
        case = tmp_path / "case.json"
        case.write_text("{}")
        assert main(["calc", "sdbip", str(case)]) in (0, 2)
    finally:
        shutdown_logging()
