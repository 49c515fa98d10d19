"""A demo office and a head office that trust each other, built once per run and copied per test.

Head office runs on SQLite and, for the modules that set ``HEAD_ON_POSTGRESQL_TOO = True``, on
the PostgreSQL test server as well (a head office consolidating many offices is the case for a
server). The office stays a SQLite file, as on an office laptop. Not parametrised:
``test_kill_during_import`` (it kills a process mid-transaction and compares ``sqlite3`` dumps
of the file: SQLite's journal is what it tests; a server's transactions are the server's job)
and ``test_full_disk`` (a full disk while *writing a package* on the office side; the head's
database plays no part).
"""

from __future__ import annotations

import pytest

from pmsdesk.demo.offices import build_office
from tests.conftest import POSTGRES_HOW_TO, POSTGRES_URL

from .helpers import Installation, Pair, add_administrator, new_installation, on_server

HEAD_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "head_backend" in metafunc.fixturenames and getattr(metafunc.module, "HEAD_ON_POSTGRESQL_TOO", False):
        metafunc.parametrize("head_backend", HEAD_BACKENDS, scope="module")


@pytest.fixture(scope="module")
def head_backend() -> str:
    """Where head office's database is: 'sqlite' unless the module opts in to both (see above)."""
    return "sqlite"


def server_copy(installation: Installation) -> Installation:
    """``installation`` moved to the PostgreSQL test server; skips the test when there is none."""
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_HOW_TO)
    return on_server(installation)


@pytest.fixture(scope="session")
def pair_template(tmp_path_factory) -> Pair:
    folder = tmp_path_factory.mktemp("sync-pair")
    office = new_installation(folder, "office", "KE-001",
                              build=lambda database: build_office(database, 0, profile="ke-county", with_evidence=True, areas=1))
    head = new_installation(folder, "head", "HEAD-OFFICE", head_office=True)
    head.trust(office)
    office.trust(head)
    first = folder / "ke001-1.pmspkg"
    office.export("HEAD-OFFICE", first)
    pair = Pair(office, head, first, folder)
    pair.close()
    return pair


@pytest.fixture(scope="session")
def postgres_pair_head(pair_template) -> Installation:
    """``pair_template``'s head office on the PostgreSQL test server, copied per test as a template."""
    head = server_copy(pair_template.head)
    yield head
    head.discard()


@pytest.fixture(scope="module")
def head_template(head_backend, pair_template, request) -> Installation:
    """``pair_template``'s head office on the chosen database; copy it before changing it."""
    return pair_template.head if head_backend == "sqlite" else request.getfixturevalue("postgres_pair_head")


@pytest.fixture
def pair(tmp_path, pair_template, head_template) -> Pair:
    """A fresh copy of the office (package 1 already written) and of a head office that has not imported it."""
    office = pair_template.office.copy_to(tmp_path / "office")
    head = head_template.copy_to(tmp_path / "head")
    copy = Pair(office, head, tmp_path / pair_template.first_package.name, tmp_path)
    copy.first_package.write_bytes(pair_template.first_package.read_bytes())
    yield copy
    copy.close()
    head.discard()


@pytest.fixture
def head_before_first_package(tmp_path, pair_template, monkeypatch):
    """(head, office key, first package, folder): a head office that trusts KE-001 and has not imported its first
    package yet (a copy per test); its administrator "admin" signs in for commands that change data, so a refusal
    is the package's, not the sign-in's."""
    monkeypatch.setenv("PMSDESK_PASSWORD", "admin-password")
    head = pair_template.head.copy_to(tmp_path / "head")
    add_administrator(head.target)
    office_key = pair_template.office.copy_to(tmp_path / "office").key()
    first = tmp_path / "ke001-1.pmspkg"
    first.write_bytes(pair_template.first_package.read_bytes())
    head.close()
    return head, office_key, first, tmp_path
