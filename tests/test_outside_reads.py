"""The guard that keeps the suite inside the repository notices a read of a sibling folder."""

from __future__ import annotations

from tests import outside_reads
from tests.outside_reads import ROOT, is_outside_repository


def test_a_sibling_folder_is_outside() -> None:
    assert is_outside_repository(ROOT.parent / "sibling" / "data" / "README.md")
    assert is_outside_repository(str(ROOT / ".." / "sibling"))


def test_the_repository_the_temporary_folder_and_hidden_siblings_are_not(tmp_path) -> None:
    assert not is_outside_repository(ROOT / "tests" / "data")
    assert not is_outside_repository(tmp_path / "x.sqlite")
    assert not is_outside_repository(ROOT.parent / ".cache" / "pip")
    assert not is_outside_repository(3)


def test_an_attempt_to_open_a_sibling_is_recorded() -> None:
    missing = ROOT.parent / "shared-folder-that-does-not-exist" / "data.csv"
    try:
        open(missing)  # noqa: SIM115 - the attempt itself is what the hook must see
    except OSError:
        pass
    assert outside_reads.take_outside_reads() == [str(missing)]
