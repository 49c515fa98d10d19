"""No anonymous writes: every command that changes data signs in and is limited to the user's role."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from pmsdesk.cli.main import main
from pmsdesk.services.users import SIGN_IN_REFUSED

#: Every command that changes data, with the permission a read-only user lacks ("{tmp}" is the test's folder).
WRITING_COMMANDS = {
    "import-sdbip": (["import-sdbip", "{tmp}/sdbip.xlsx"], "manage KPIs and targets"),
    "import-actuals": (["import-actuals", "{tmp}/actuals.xlsx"], "capture actuals"),
    "keys init": (["keys", "init", "--office", "ZA-T01"], "set up this office's signing key"),
    "keys trust": (["keys", "trust", "--office", "KE-001", "--public-key", "AAAA", "--fingerprint", "ABCD-EFGH"],
                   "set up this office's signing key and trust or revoke other offices"),
    "keys revoke": (["keys", "revoke", "ABCD-EFGH", "--reason", "stolen"], "trust or revoke other offices"),
    "package export": (["package", "export", "--to", "HEAD-OFFICE", "--out", "{tmp}/p.pmspkg"],
                       "export and import sync packages"),
    "package import": (["package", "import", "{tmp}/p.pmspkg"], "export and import sync packages"),
    "package resolve": (["package", "resolve", "no-such-conflict", "--keep", "local"], None),
    "backup": (["backup"], "back up the database"),
    "restore": (["restore", "{tmp}/backup.sqlite"], "restore the database from a backup"),
    "db copy --replace": (["db", "copy", "--from", "{tmp}/other.sqlite", "--to", "{db}", "--replace"],
                          "restore the database from a backup"),
}


@pytest.fixture
def db_file(tmp_path, seeded_file) -> str:
    path = tmp_path / "office.sqlite"
    shutil.copyfile(seeded_file, path)
    shutil.copyfile(seeded_file, tmp_path / "backup.sqlite")  # a sound backup: restore checks it before signing in
    _readable_inputs(tmp_path, seeded_file)  # imports check their file before signing in, as restore does
    return str(path)


def _readable_inputs(folder, seeded_file) -> None:
    """A workbook for the imports and a signed package for 'package import', so the refusal is about the user."""
    from openpyxl import Workbook

    from tests.sync.helpers import new_installation

    for name in ("sdbip.xlsx", "actuals.xlsx"):
        book = Workbook()
        book.active.append(["KPI Ref", "KPI", "Annual target"])
        book.save(folder / name)
    sender = folder / "sender"
    sender.mkdir()
    shutil.copyfile(seeded_file, sender / "office.sqlite")
    office = new_installation(sender, "office", "ZA-T09")
    office.export("ZA-T01", folder / "p.pmspkg")
    office.close()


def _public_key() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from pmsdesk.sync.keys import public_key_text

    return public_key_text(Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def _words(name: str, tmp_path, db_file: str) -> list[str]:
    words = [word.format(tmp=tmp_path, db=db_file) for word in WRITING_COMMANDS[name][0]]
    words = [_public_key() if word == "AAAA" else word for word in words]
    return words if name == "db copy --replace" else [*words, "--db", db_file]


def _content(path: str) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.mark.parametrize("name", WRITING_COMMANDS)
def test_a_command_that_changes_data_refuses_to_run_without_a_user(name, db_file, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PMSDESK_PASSWORD", raising=False)
    before = _content(db_file)
    assert main(_words(name, tmp_path, db_file)) == 2
    err = capsys.readouterr().err
    assert err.startswith("pmsdesk: error: this command changes data: sign in with --user NAME") and err.count("\n") == 1
    assert _content(db_file) == before


@pytest.mark.parametrize("name", [name for name, (_, needs) in WRITING_COMMANDS.items() if needs])
def test_a_read_only_user_may_not_change_anything(name, db_file, tmp_path, capsys, as_user):
    assert main([*_words(name, tmp_path, db_file), *as_user("read_only")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pmsdesk: error: read_only may not ") and WRITING_COMMANDS[name][1] in err


def test_a_wrong_password_is_refused_with_the_one_sign_in_message(db_file, tmp_path, capsys, as_user):
    assert main(["backup", "--db", db_file, *as_user("administrator", password="not-the-password")]) == 2
    assert capsys.readouterr().err == f"pmsdesk: error: {SIGN_IN_REFUSED}\n"
    with sqlite3.connect(db_file) as connection:
        assert connection.execute("SELECT actor, reason FROM audit_event WHERE action = 'sign in refused'"
                                  ).fetchall() == [("administrator", "wrong password")]


def test_a_pms_officer_may_set_up_keys_and_exchange_packages(db_file, tmp_path, capsys, as_user, monkeypatch):
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    officer = as_user("pms_officer")
    assert main(["keys", "init", "--office", "ZA-T01", "--db", db_file, *officer]) == 0
    assert main(["package", "export", "--to", "HEAD-OFFICE", "--out", str(tmp_path / "p.pmspkg"),
                 "--db", db_file, *officer]) == 0
    with sqlite3.connect(db_file) as connection:
        actors = {row[0] for row in connection.execute(
            "SELECT actor FROM audit_event WHERE action NOT IN ('sign in', 'create') OR entity = 'installation_setting'")}
    assert "pms_officer" in actors and not any(actor.startswith("cli:") for actor in actors)


@pytest.mark.parametrize("words", [["audit", "verify"], ["audit", "log"], ["package", "conflicts"], ["keys", "show"],
                                   ["db", "check"], ["backup", "--list"]])
def test_reading_needs_no_user(words, db_file, capsys, monkeypatch):
    monkeypatch.delenv("PMSDESK_PASSWORD", raising=False)
    assert main([*words, "--db", db_file]) == 0


def test_without_the_variable_the_password_is_asked_for(db_file, capsys, monkeypatch):
    import getpass

    monkeypatch.delenv("PMSDESK_PASSWORD", raising=False)
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "administrator-password")
    assert main(["backup", "--db", db_file, "--user", "administrator"]) == 0
    assert asked == ["Password for administrator: "]


@pytest.mark.parametrize("words", [["package", "conflicts"], ["keys", "show"],
                                   ["package", "league", "--year", "2025/26"]])
def test_reading_a_missing_database_creates_nothing(words, tmp_path, capsys):
    missing = tmp_path / "missing.sqlite"
    assert main([*words, "--db", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"pmsdesk: error: No database at {missing}")
    assert not missing.exists()
