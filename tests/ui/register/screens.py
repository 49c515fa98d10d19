"""The register screen as a user of the seeded municipality sees it (a fixture shared by the UI tests)."""

from __future__ import annotations

import pytest

from pmsdesk.ui.register import KpiRegisterView


@pytest.fixture
def register_for(qtbot, seeded_database, seeded_year, operations, actor_named):
    """The register of 2025/26 as the named user sees it."""

    def register_for(username: str) -> KpiRegisterView:
        view = KpiRegisterView(seeded_database, operations=operations, actor=actor_named(username))
        qtbot.addWidget(view)
        view.show()
        with qtbot.waitActive(view):
            view.activateWindow()
        view.show_year(seeded_year)
        return view

    return register_for
