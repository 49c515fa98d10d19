"""`pmsdesk --self-test` passes from the source tree, desktop steps included (the bundle test repeats it built)."""

from __future__ import annotations

from pmsdesk.selftest import run_self_test
from pmsdesk.ui.smoke import SMOKE_STEPS


def test_the_self_test_passes_with_its_desktop_steps(qapp):
    lines: list[str] = []

    assert run_self_test(SMOKE_STEPS, echo=lines.append) == 0, "\n".join(lines)
    assert any(line.startswith("ok     open the main window") for line in lines)
    assert any(line.startswith("ok     preview a PDF") for line in lines)
