"""``pmsdesk init``: a real organisation from the command line, every wrong value on its own line."""

from __future__ import annotations

import json

import pytest
from PIL import Image
from sqlalchemy import select

from pmsdesk.cli.main import main
from pmsdesk.db import open_database
from pmsdesk.models import Organisation, OrganisationLogo, User
from pmsdesk.services import users


def init(db, *extra, code="NGW", year="2026/27", kind="local_municipality", country="ZA", admin="thabo.mokoena"):
    return main(["init", "--db", str(db), "--code", code, "--name", "Ngwathe Local Municipality", "--kind", kind,
                 "--country", country, "--year", year, "--admin", admin, *extra])


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("PMSDESK_PASSWORD", "Vaal-river-2026")


def test_init_sets_up_the_organisation_and_its_administrator_can_sign_in(tmp_path, capsys):
    db = tmp_path / "ngwathe.sqlite"
    logo = tmp_path / "crest.jpg"
    Image.new("RGB", (300, 300), "#1f4e78").save(logo, "JPEG")

    assert init(db, "--json", "--region", "Free State", "--logo", str(logo), "--admin-name", "Thabo Mokoena") == 0

    out = json.loads(capsys.readouterr().out)
    assert (out["code"], out["year"], out["administrator"], out["kpas"], out["rule_sets"]) == \
        ("NGW", "2026/27", "thabo.mokoena", 5, ["za_ccr"])
    database = open_database(db)
    try:
        with database.session() as session:
            organisation = session.scalar(select(Organisation))
            assert organisation.region == "Free State"
            assert session.get(OrganisationLogo, organisation.id) is not None
            assert [(u.username, u.full_name) for u in session.scalars(select(User))] == \
                [("thabo.mokoena", "Thabo Mokoena")]
            assert users.sign_in(session, "thabo.mokoena", "Vaal-river-2026").username == "thabo.mokoena"
    finally:
        database.dispose()


def test_init_refuses_a_database_that_holds_an_organisation(tmp_path, capsys):
    db = tmp_path / "ngwathe.sqlite"
    assert init(db) == 0
    capsys.readouterr()

    assert init(db, code="NGW2", admin="lerato.dube") == 2

    assert capsys.readouterr().err == ("pmsdesk: error: --db: this database already holds an organisation; set up "
                                       "a new organisation in a new database file\n")


def test_every_wrong_value_gets_one_line_and_no_file_is_left(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PMSDESK_PASSWORD", "admin-demo-2025")
    db = tmp_path / "new.sqlite"
    big = tmp_path / "big.png"
    with big.open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)

    assert init(db, "--logo", str(big), "--year-start-month", "13", code="ng w", year="2026",
                kind="county", admin="admin") == 2

    lines = capsys.readouterr().err.splitlines()
    assert sorted(lines) == sorted([
        "pmsdesk: error: --code: use capital letters, digits, '-' or '_' (e.g. NGW or ZA-FS203); it names this office",
        "pmsdesk: error: --year-start-month: must be at most 12, got 13",
        "pmsdesk: error: --kind: for South Africa must be one of local_municipality, district_municipality, "
        "metropolitan_municipality, ministry; got 'county'",
        "pmsdesk: error: --admin: 'admin' is a demo account name; use your own, e.g. your first name and surname "
        "(letters, digits, '.', '-', '_')",
        "pmsdesk: error: password ($PMSDESK_PASSWORD): looks like a demo password; a real database needs a "
        "password of your own",
        "pmsdesk: error: --year: a year starting in month 7 runs over two calendar years: write 2026/27",
        "pmsdesk: error: --logo: big.png is 40 MB; use a logo of at most 5 MB",
    ])
    assert not db.exists()


def test_a_logo_that_is_no_picture_is_refused(tmp_path, capsys):
    fake = tmp_path / "crest.png"
    fake.write_text("not a picture")

    assert init(tmp_path / "x.sqlite", "--logo", str(fake)) == 2

    assert capsys.readouterr().err == ("pmsdesk: error: --logo: the logo is not a PNG or JPEG picture; choose the "
                                       "logo image file itself\n")


def test_init_head_office_sets_up_an_empty_database_and_refuses_anything_else(tmp_path, monkeypatch, capsys):
    from pmsdesk.cli.main import main as run

    head = tmp_path / "head.sqlite"
    monkeypatch.setenv("PMSDESK_PASSWORD", "short")
    assert run(["init-head-office", "--db", str(head), "--admin", "sipho"]) == 2
    assert "password" in capsys.readouterr().err and not head.exists()  # a refused set-up leaves no file
    monkeypatch.setenv("PMSDESK_PASSWORD", "Kgotla-2026-quarter")
    assert run(["init-head-office", "--db", str(head), "--admin", "sipho"]) == 0
    assert "Set up head office HEAD-OFFICE" in capsys.readouterr().out
    assert run(["init-head-office", "--db", str(head), "--admin", "other"]) == 2
    assert "already holds an organisation or user accounts" in capsys.readouterr().err
    assert run(["keys", "init", "--office", "HEAD-OFFICE", "--head-office", "--user", "sipho", "--db", str(head)]) == 0


def test_init_head_office_takes_its_name_country_and_region_and_names_a_wrong_one(tmp_path, monkeypatch, capsys):
    from pmsdesk.cli.main import main as run
    from pmsdesk.db import open_database
    from pmsdesk.services.installation import head_office_details

    head = tmp_path / "head.sqlite"
    monkeypatch.setenv("PMSDESK_PASSWORD", "Kgotla-2026-quarter")
    assert run(["init-head-office", "--db", str(head), "--admin", "sipho", "--code", "", "--country", "ZAF"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "pmsdesk: error: --code: type head office's code, e.g. HEAD-OFFICE or ZA-COGTA: offices address packages to it",
        "pmsdesk: error: --country: must be one of ZA, KE, TZ (South Africa, Kenya, Tanzania); got 'ZAF'"]
    assert not head.exists()
    assert run(["init-head-office", "--db", str(head), "--admin", "sipho", "--name", "State Department for "
                "Devolution", "--country", "KE"]) == 0
    database = open_database(head)
    try:
        with database.session() as session:
            assert head_office_details(session) == {"code": "HEAD-OFFICE", "name": "State Department for Devolution",
                                                    "country": "KE"}
    finally:
        database.dispose()
