"""A demo office and a head office that trust each other, built once per run and copied per test."""

from __future__ import annotations

import pytest

from pmsdesk.sync.office_demo import build_office

from .helpers import Pair, new_installation


@pytest.fixture(scope="session")
def pair_template(tmp_path_factory) -> Pair:
    folder = tmp_path_factory.mktemp("sync-pair")
    office = new_installation(folder, "office", "KE-001",
                              build=lambda database: build_office(database, 0, profile="ke-county", with_evidence=True, areas=1))
    head = new_installation(folder, "head", "HEAD-OFFICE")
    head.trust(office)
    office.trust(head)
    first = folder / "ke001-1.pmspkg"
    office.export("HEAD-OFFICE", first)
    pair = Pair(office, head, first, folder)
    pair.close()
    return pair


@pytest.fixture
def pair(tmp_path, pair_template) -> Pair:
    """A fresh copy of the office (package 1 already written) and of a head office that has not imported it."""
    office = pair_template.office.copy_to(tmp_path / "office")
    head = pair_template.head.copy_to(tmp_path / "head")
    copy = Pair(office, head, tmp_path / pair_template.first_package.name, tmp_path)
    copy.first_package.write_bytes(pair_template.first_package.read_bytes())
    yield copy
    copy.close()
