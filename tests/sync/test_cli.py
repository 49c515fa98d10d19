"""``pmsdesk keys`` and ``pmsdesk package`` as head office uses them, with --json."""

from __future__ import annotations

import json

import pytest

from pmsdesk.cli.main import main
from pmsdesk.db import open_database
from pmsdesk.demo.offices import build_office
from pmsdesk.services.actor import Actor
from pmsdesk.sync.refusals import refused_imports
from tests.conftest import POSTGRES_HOW_TO, POSTGRES_URL

from .helpers import Installation, add_administrator, empty_server_database, new_installation

HEAD_ON_POSTGRESQL_TOO = True


def run(capsys, *words) -> tuple[int, dict | list]:
    code = main([*words, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def head(tmp_path, head_backend) -> str:
    """``--db`` of a head office that does not exist yet: a SQLite file, or an empty server database."""
    if head_backend == "sqlite":
        yield str(tmp_path / "head.sqlite")
        return
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_HOW_TO)
    url = empty_server_database()
    yield url
    Installation(tmp_path, tmp_path, "HEAD-OFFICE", url).discard()


def test_head_office_trusts_imports_ranks_and_revokes_from_the_command_line(pair_template, head, tmp_path, capsys,
                                                                            monkeypatch, as_user):
    office = pair_template.office.copy_to(tmp_path / "office")
    second = new_installation(tmp_path / "second", "office", "KE-002",
                              build=lambda database: build_office(database, 1, profile="ke-county", areas=1))
    second.close()
    for target in (head, str(office.path), str(second.path)):
        add_administrator(target)
    admin = as_user("admin")
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "head-keys"))
    code, init = run(capsys, "keys", "init", "--office", "head-office", "--db", head, *admin)
    assert code == 0 and init["office"] == "HEAD-OFFICE" and len(init["fingerprint"]) == 19

    packages = []
    for number, installation in enumerate((office, second)):
        out = str(tmp_path / f"office-{number}.pmspkg")
        code, written = run(capsys, "package", "export", "--db", str(installation.path), "--to", "HEAD-OFFICE",
                            "--out", out, "--keys-dir", str(installation.keys), *admin)
        assert code == 0 and written["sequence"] == (2 if installation is office else 1)
        packages.append(out)

    code, verified = run(capsys, "package", "verify", packages[1], "--db", head)
    assert code == 2 and verified["intact"] and verified["trusted"] is False
    for path in packages:
        fingerprint = run(capsys, "package", "verify", path)[1]["fingerprint"]
        assert run(capsys, "keys", "trust", path, "--fingerprint", fingerprint, "--db", head, *admin)[0] == 0
    code, imported = run(capsys, "package", "import", *packages, "--db", head, *admin)
    assert code == 0 and imported["refused"] == 0
    assert [p["sender"] for p in imported["packages"]] == ["KE-001", "KE-002"]
    code, again = run(capsys, "package", "import", packages[0], "--db", head, *admin)
    assert again["packages"][0]["already_applied"] is True

    code, league = run(capsys, "package", "league", "--year", "2025/26", "--db", head)
    assert code == 0
    assert {row["organisation_code"] for row in league} == {"KE-001", "KE-002"}
    assert all(row["rank"] in (1, 2) and row["score"] is not None for row in league)

    code, shown = run(capsys, "keys", "show", "--db", head)
    assert {key["office"] for key in shown["trusted"]} == {"KE-001", "KE-002"}
    revoked = next(key["fingerprint"] for key in shown["trusted"] if key["office"] == "KE-002")
    assert run(capsys, "keys", "revoke", revoked, "--reason", "laptop stolen", "--db", head, *admin)[0] == 0
    code, refused = run(capsys, "package", "import", packages[1], "--db", head, *admin)
    assert code == 2 and refused["packages"][0]["reason"] == "revoked_key"
    database = open_database(head)
    with database.session() as session:  # the refused attempt is on record for the Head office screen
        [attempt] = refused_imports(session, Actor.system())
    database.dispose()
    assert (attempt.sender, attempt.reason, attempt.by) == ("KE-002", "Signed with a revoked key", "admin")
    assert run(capsys, "package", "conflicts", "--db", head) == (0, [])
