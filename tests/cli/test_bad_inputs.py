"""Every subcommand against places and files it cannot use: one line on stderr, never a traceback.

A database, package, workbook or backup argument is replaced in turn by a folder that cannot be
created, a folder given as a file, a file of random bytes, and (for databases) a truncated and a
corrupted copy of a real one. The answer is one ``pmsdesk: error: …`` line with exit code 2, and
the good files the command was also given are left byte for byte as they were.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.cli.signing import signed_in_main

main = signed_in_main('administrator', 'administrator-password')

#: Each command with {db} and the other files it reads or writes.
COMMANDS = [
    "demo --db {db}",
    "db upgrade --db {db}",
    "db check --db {db}",
    "db copy --from {db} --to {out_db}",
    "import-sdbip {xlsx} --db {db} --year 2025/26",
    "import-actuals {xlsx} --db {db}",
    "export register --db {db} --out {out_xlsx}",
    "export actuals-template --db {db} --out {out_xlsx}",
    "export scorecard --db {db} --out {out_xlsx}",
    "score --db {db} --year 2025/26",
    "report quarterly --db {db} --out {out_pdf}",
    "report scorecard --db {db} --out {out_pdf}",
    "report verify {pdf} --db {db}",
    "package export --to HEAD-OFFICE --out {out_pkg} --db {db}",
    "package cover {pkg} --out {out_pdf}",
    "package import {pkg} --db {db}",
    "package verify {pkg}",
    "package conflicts --db {db}",
    "package resolve 1 --keep local --db {db}",
    "package league --year 2025/26 --db {db}",
    "keys init --office ZA-TEST --db {db}",
    "keys show --db {db}",
    "keys trust {pkg} --fingerprint AAAA-AAAA-AAAA-AAAA --db {db}",
    "keys revoke AAAA-AAAA-AAAA-AAAA --reason lost --db {db}",
    "audit verify --db {db}",
    "audit log --db {db}",
    "backup --db {db}",
    "restore {backup} --db {db}",
    "calc sdbip {json}",
]
#: Commands whose answer is a verdict on stdout (and its exit code) rather than an error line.
VERDICTS = {"db check": ("NOT OK",), "package import": ("REFUSED:",), "package verify": ("NOT INTACT:",)}
FILE_ROLES = ("db", "xlsx", "pkg", "pdf", "backup", "json", "out_db", "out_xlsx", "out_pdf", "out_pkg")
BAD_KINDS = ("unwritable", "folder", "random")
DATABASE_KINDS = ("truncated", "corrupt")


@pytest.fixture(scope="module")
def good(tmp_path_factory, seeded_file) -> dict[str, Path]:
    """Real files of each role: a database with a key, a package it exported, a backup of it."""
    folder = tmp_path_factory.mktemp("good")
    db = folder / "office.sqlite"
    shutil.copyfile(seeded_file, db)
    keys = folder / "keys"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PMSDESK_KEYS_DIR", str(keys))
        assert main(["keys", "init", "--office", "ZA-GOOD", "--db", str(db)]) == 0
        assert main(["package", "export", "--to", "HEAD-OFFICE", "--out", str(folder / "good.pmspkg"),
                     "--db", str(db)]) == 0
    backup = folder / "backup.sqlite"
    shutil.copyfile(db, backup)
    return {"db": db, "pkg": folder / "good.pmspkg", "backup": backup, "keys": keys}


def _bad_file(kind: str, role: str, folder: Path, good: dict[str, Path]) -> Path:
    suffix = {"db": ".sqlite", "out_db": ".sqlite", "backup": ".sqlite", "xlsx": ".xlsx", "out_xlsx": ".xlsx",
              "pkg": ".pmspkg", "out_pkg": ".pmspkg", "pdf": ".pdf", "out_pdf": ".pdf", "json": ".json"}[role]
    if kind == "unwritable":
        return Path("/proc/pmsdesk-cannot-be-here") / f"file{suffix}"
    path = folder / f"{kind}-{role}{suffix}"
    if kind == "folder":
        path.mkdir()
    elif kind == "random":
        path.write_bytes(random.Random(role).randbytes(8192))
    elif kind == "truncated":
        content = good["db"].read_bytes()
        path.write_bytes(content[: len(content) // 3])
    elif kind == "corrupt":
        content = bytearray(good["db"].read_bytes())
        noise = random.Random(7).randbytes(len(content) // 2)
        content[4096: 4096 + len(noise)] = noise
        path.write_bytes(bytes(content))
    return path


def _good_file(role: str, folder: Path, good: dict[str, Path]) -> Path:
    if role in ("db", "pkg", "backup"):
        copy = folder / f"good-{good[role].name}"
        shutil.copyfile(good[role], copy)
        return copy
    if role == "xlsx":  # a real workbook is not needed: each case makes one argument bad
        return folder / "missing.xlsx"
    if role == "json":
        path = folder / "case.json"
        path.write_text("{}")
        return path
    if role == "pdf":
        return folder / "missing.pdf"
    return folder / f"new-{role}.{role.split('_')[-1]}"


def _cases():
    for command in COMMANDS:
        roles = [role for role in FILE_ROLES if "{" + role + "}" in command]
        for role in roles:
            kinds = BAD_KINDS + (DATABASE_KINDS if role in ("db", "backup") else ())
            for kind in kinds:
                if role.startswith("out_") and kind == "random":
                    continue  # writing over an existing file is allowed (or refused with a message)
                yield pytest.param(command, role, kind, id=f"{command.split(' --')[0]}|{role}={kind}")


@pytest.mark.parametrize(("command", "role", "kind"), list(_cases()))
def test_a_bad_path_or_file_is_one_line_and_exit_2(command, role, kind, good, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(good["keys"]))
    files = {name: _good_file(name, tmp_path, good) for name in FILE_ROLES}
    files[role] = _bad_file(kind, role, tmp_path, good)
    before = {name: path.read_bytes() for name, path in files.items() if name != role and path.is_file()}
    capsys.readouterr()

    code = main(command.format(**{name: str(path) for name, path in files.items()}).split())

    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    verdicts = next((words for name, words in VERDICTS.items() if command.startswith(name)), ())
    lines = [line for line in err.splitlines() if line.strip()]
    if not lines and verdicts:
        lines = [line for line in out.splitlines() if line.strip()]
        assert any(word in lines[0] for word in verdicts) and len(lines) <= 2, out
        assert code in (1, 2), out
    else:
        assert len(lines) == 1 and lines[0].startswith("pmsdesk: error: "), err
        assert code == 2, err
    for name, content in before.items():
        assert files[name].read_bytes() == content, f"{name} changed"


#: Read-only places, driven as a person without write access: uid 0 without the capabilities that
#: let root write anywhere (setpriv), or the user running the tests when that is not root.
READ_ONLY_CASES = [
    ("file", "keys init --office ZA-RO --db {db}"),
    ("file", "demo --db {db}"),
    ("file", "db upgrade --db {db}"),
    ("file", "audit verify --db {db}"),
    ("file", "package export --to HEAD-OFFICE --out {writable}/p.pmspkg --db {db}"),
    ("folder", "db check --db {db}"),
    ("folder", "score --year 2025/26 --db {db}"),
    ("folder", "keys show --db {db}"),
    ("folder", "backup --db {db}"),
    ("out", "export register --db {db} --out {read_only}/register.xlsx"),
    ("out", "report scorecard --db {db} --out {read_only}/scorecard.pdf"),
    ("out", "package export --to HEAD-OFFICE --out {read_only}/p.pmspkg --db {db}"),
]


def _as_someone_without_write_access() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: read-only files cannot be tried")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.mark.parametrize(("kind", "command"), READ_ONLY_CASES,
                         ids=[f"{kind}|{command.split(' --')[0]}" for kind, command in READ_ONLY_CASES])
def test_a_read_only_file_or_folder_is_one_line(kind, command, good, seeded_file):
    prefix = _as_someone_without_write_access()
    folder = Path(tempfile.mkdtemp(prefix="pmsdesk-read-only-"))  # not under pytest's 0700 folder
    try:
        writable, read_only = folder / "writable", folder / "read-only"
        writable.mkdir()
        read_only.mkdir()
        db = (read_only if kind == "folder" else writable) / "office.sqlite"
        shutil.copyfile(good["db"] if kind != "file" or "keys init" not in command else seeded_file, db)
        shutil.copytree(good["keys"], folder / "keys")
        if kind == "file":
            db.chmod(0o444)
        for path in (folder, writable, folder / "keys"):
            path.chmod(0o755)
        read_only.chmod(0o555)
        before = db.read_bytes()
        environment = {**os.environ, "PMSDESK_KEYS_DIR": str(folder / "keys"),
                       "PMSDESK_LOG_DIR": str(writable / "logs"),
                       "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        words = command.format(db=db, writable=writable, read_only=read_only).split()
        done = subprocess.run([*prefix, sys.executable, "-m", "pmsdesk", *words], capture_output=True, text=True,
                              env=environment, timeout=300, cwd=writable)
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert "Traceback" not in done.stdout + done.stderr
        assert done.returncode in (0, 2), done.stderr
        if done.returncode == 2:
            assert len(lines) == 1 and lines[0].startswith("pmsdesk: error: "), done.stderr
        assert db.read_bytes() == before
    finally:
        read_only.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def _sdbip_workbook(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["KPI Ref", "Key Performance Indicator", "Unit of Measurement", "Annual Target"])
    for number in range(1, 200):
        sheet.append([f"FD {number}", f"Number of households connected in ward {number} " * 3, "Number", number])
    book.save(path)
    return path


@pytest.mark.parametrize("command", ["demo --db {new}", "import-sdbip {xlsx} --db {db} --year 2026/27"])
def test_a_full_disk_is_one_line_and_leaves_the_database_as_it_was(command, good, tmp_path, capsys, full_disk):
    db = tmp_path / "office.sqlite"
    shutil.copyfile(good["db"], db)
    before = db.read_bytes()
    words = command.format(new=tmp_path / "new.sqlite", db=db, xlsx=_sdbip_workbook(tmp_path / "sdbip.xlsx")).split()
    capsys.readouterr()

    assert main(words) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err and "Traceback" not in err
    if command.startswith("demo"):
        assert db.read_bytes() == before
    else:  # the import was signed in (and that is on record); nothing of the import itself was written
        assert _rows_but_sign_ins(db) == _rows_but_sign_ins(_copy_of(before, tmp_path / "before.sqlite"))


def _copy_of(content: bytes, path: Path) -> Path:
    path.write_bytes(content)
    return path


def _rows_but_sign_ins(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, less the audit trail's sign-in events (and the chain links they move)."""
    import sqlite3

    with sqlite3.connect(path) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"'))) for name in tables
                if name not in ("audit_event", "audit_chain_head")}
        rows["audit_event"] = sorted(map(repr, connection.execute(
            "SELECT action, entity, entity_id FROM audit_event WHERE action != 'sign in'")))
    return rows
