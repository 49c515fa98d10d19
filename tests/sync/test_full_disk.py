"""A disk that fills up during export leaves no half-written package and records nothing."""

from __future__ import annotations

import errno
import zipfile

import pytest
from sqlalchemy import select

from pmsdesk.models import SyncPeer
from pmsdesk.sync.errors import PackageRefused


def test_a_full_disk_during_export_leaves_nothing_behind(pair, monkeypatch):
    real_writestr = zipfile.ZipFile.writestr
    calls = {"n": 0}

    def fill_up(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_writestr(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", fill_up)
    out = pair.folder / "second.pmspkg"
    with pytest.raises(PackageRefused, match="No space left on device.*nothing was recorded"):
        pair.office.export("HEAD-OFFICE", out)
    assert sorted(path.name for path in pair.folder.iterdir() if "second" in path.name) == []
    with pair.office.database.session() as session:
        assert session.scalar(select(SyncPeer.last_sent_sequence).where(SyncPeer.office_code == "HEAD-OFFICE")) == 1

    monkeypatch.setattr(zipfile.ZipFile, "writestr", real_writestr)
    summary = pair.office.export("HEAD-OFFICE", out)  # once there is space, the same package is written
    assert summary.sequence == 2 and out.exists()
