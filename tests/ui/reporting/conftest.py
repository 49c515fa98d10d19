"""The capture form opened on one seeded KPI in Q2, as a given user."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.models import Kpi
from pmsdesk.services import worklists, years
from pmsdesk.ui.reporting.editor import ActualEditor


@pytest.fixture
def q2(seeded_database, seeded):
    with seeded_database.session() as session:
        return years.quarters(session, seeded.year_id)[1].id


@pytest.fixture
def editor_for(qtbot, seeded_database, operations, actor_named, seeded, q2):
    def editor_for(reference: str, username: str = "capturer") -> ActualEditor:
        editor = ActualEditor(operations, actor_named(username))
        qtbot.addWidget(editor)
        editor.show()
        with seeded_database.session() as session:
            kpi_id = session.scalar(select(Kpi.id).where(Kpi.financial_year_id == seeded.year_id,
                                                         Kpi.reference == reference))
            editor.show_detail(worklists.actual_detail(session, kpi_id, q2))
        return editor

    return editor_for
