"""The register screen as a user of the seeded municipality sees it (a fixture shared by the UI tests)."""

from __future__ import annotations

import pytest

from pmsdesk.services import register
from pmsdesk.ui.register import KpiRegisterView


@pytest.fixture
def register_for(qtbot, seeded_database, operations, actor_named, seeded):
    """The register of 2025/26 as the named user sees it."""

    def register_for(username: str) -> KpiRegisterView:
        view = KpiRegisterView(seeded_database, operations=operations, actor=actor_named(username))
        qtbot.addWidget(view)
        view.show()
        with qtbot.waitActive(view):
            view.activateWindow()
        with seeded_database.session() as session:
            year = next(y for y in register.list_financial_years(session, seeded.organisation_id)
                        if y.id == seeded.year_id)
        view.show_year(year)
        return view

    return register_for
