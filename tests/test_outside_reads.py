"""The guard that keeps the suite inside the repository notices a read of a sibling folder."""

from __future__ import annotations

from tests import outside_reads
from tests.outside_reads import ROOT, is_outside_repository

WATCHED = frozenset({"sibling", "data.csv"})


def test_a_sibling_folder_or_file_is_outside() -> None:
    assert is_outside_repository(ROOT.parent / "sibling" / "data" / "README.md", WATCHED)
    assert is_outside_repository(str(ROOT / ".." / "sibling"), WATCHED)
    assert is_outside_repository(ROOT.parent / "data.csv", WATCHED)


def test_the_repository_and_anything_not_a_sibling_are_not(tmp_path) -> None:
    assert not is_outside_repository(ROOT / "tests" / "data", WATCHED)
    assert not is_outside_repository(ROOT / "sibling", WATCHED)
    assert not is_outside_repository(ROOT.parent / "made-later.tmp", WATCHED)
    assert not is_outside_repository(ROOT.parent.parent / "sibling", WATCHED)
    assert not is_outside_repository(3, WATCHED)


def test_an_attempt_to_open_a_sibling_is_recorded(monkeypatch) -> None:
    monkeypatch.setattr(outside_reads, "SIBLINGS", frozenset({"shared-folder-that-does-not-exist"}))
    missing = ROOT.parent / "shared-folder-that-does-not-exist" / "data.csv"
    try:
        open(missing)  # noqa: SIM115 - the attempt itself is what the hook must see
    except OSError:
        pass
    assert outside_reads.take_outside_reads() == [str(missing)]
