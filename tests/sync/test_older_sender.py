"""A package from an office that has not upgraded yet: the columns later releases added are missing from its
rows. Head office usually upgrades first, so these packages must still be imported; the same gap in a
package from the same release is a damaged package and is refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from sqlalchemy import select

from pmsdesk.cli.main import main
from pmsdesk.db import head_revision, open_database
from pmsdesk.models import Kpi

from .helpers import rewrite

OLDER = "0011_development_plan"


def _without(first: Path, table: str, field: str) -> dict[str, bytes]:
    with zipfile.ZipFile(first) as archive:
        lines = archive.read(f"data/{table}.jsonl").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    assert all(field in row for row in rows)
    for row in rows:
        del row[field]
    return {f"data/{table}.jsonl": b"".join(json.dumps(row, separators=(",", ":")).encode() + b"\n" for row in rows)}


def _import(capsys, package: Path, head) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["package", "import", str(package), "--db", str(head.target), "--user", "admin"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def test_an_older_offices_package_is_imported_with_the_new_columns_empty(head_before_first_package, capsys):
    head, office_key, first, folder = head_before_first_package
    assert OLDER != head_revision()
    older = rewrite(first, folder / "older.pmspkg", replace=_without(first, "kpi", "definition"),
                    manifest_changes={"schema_revision": OLDER}, sign_with=office_key)

    code, said = _import(capsys, older, head)

    assert code == 0, said
    database = open_database(head.target, upgrade=False, create=False)
    try:
        with database.session() as session:
            kpis = session.scalars(select(Kpi)).all()
    finally:
        database.dispose()
    assert kpis and all(kpi.definition is None for kpi in kpis)
    assert all(kpi.name for kpi in kpis)


def test_the_same_gap_from_the_same_release_is_refused_naming_the_field(head_before_first_package, capsys):
    head, office_key, first, folder = head_before_first_package
    damaged = rewrite(first, folder / "damaged.pmspkg", replace=_without(first, "kpi", "definition"),
                      sign_with=office_key)
    before = head.content()

    code, said = _import(capsys, damaged, head)

    assert code == 2 and "missing field 'definition' for table kpi" in said, said
    assert head.content() == before


def test_an_older_package_without_a_field_every_release_has_is_refused(head_before_first_package, capsys):
    head, office_key, first, folder = head_before_first_package
    damaged = rewrite(first, folder / "no-name.pmspkg", replace=_without(first, "kpi", "name"),
                      manifest_changes={"schema_revision": OLDER}, sign_with=office_key)
    before = head.content()

    code, said = _import(capsys, damaged, head)

    assert code == 2 and "missing field 'name' for table kpi" in said, said
    assert head.content() == before
