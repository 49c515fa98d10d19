"""Compiled catalogues for tests: built from the repository's .po files into the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pmsdesk import i18n
from pmsdesk.i18n.po_files import read_po, write_mo

SOURCE = Path(i18n.__file__).resolve().parent / "locale"


@pytest.fixture
def catalogues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every language's catalogue compiled under ``tmp_path``; English again afterwards."""
    for po in SOURCE.glob("*/LC_MESSAGES/pmsdesk.po"):
        write_mo(tmp_path / po.relative_to(SOURCE).with_suffix(".mo"), read_po(po))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    yield tmp_path
    i18n.set_language(i18n.ENGLISH)
