"""Where the real SDBIP data lives: ../shared/data beside the checkout (as on CI and dev machines)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("PMSDESK_SHARED_DATA", ROOT.parent / "shared" / "data"))


def skip_without(path: Path) -> None:
    """Skip a test when the shared data is missing on a developer's machine; on CI it must be there."""
    import pytest

    if path.exists():
        return
    message = f"the shared SDBIP data is not at {path} (set PMSDESK_SHARED_DATA)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
