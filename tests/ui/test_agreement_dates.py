"""The agreements screen's dates and choices, driven like an official: the day an agreement was made public
recorded (a wrong day refused with nothing written) and listed with a late one flagged; only top-layer KPIs
offered at first; CCR lines chosen from the competency framework; a reader sees the dates but cannot record."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox
from sqlalchemy import select

from pmsdesk.models import Kpi, PerformanceAgreement
from pmsdesk.services import agreements, kpis, people, register
from pmsdesk.services.actor import Actor
from pmsdesk.ui.agreements import AgreementsView
from pmsdesk.ui.agreements.items_grid import TITLE
from pmsdesk.ui.agreements.list_model import AgreementListModel

from .test_agreements import WORKED

TODAY = date(2025, 9, 1)


@pytest.fixture
def signed(seeded_database, seeded):
    """Lindiwe's signed agreement (28 Jul 2025) and KPI 1 marked top layer."""
    system = Actor.system()
    with seeded_database.session() as session:
        person = people.create_person(session, system, seeded.organisation_id, {"full_name": "Lindiwe Dlamini"})
        draft = agreements.create_agreement(session, system, person.id, seeded.year_id,
                                            {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA"}, WORKED)
        agreements.sign_agreement(session, system, draft.id, date(2025, 7, 28), "Parys")
        first = session.scalar(select(Kpi.id).where(Kpi.financial_year_id == seeded.year_id, Kpi.reference == "KPI 1"))
        kpis.update_kpi(session, system, first, {"top_layer": True}, reason="top-layer SDBIP")
        year = next(y for y in register.list_financial_years(session, seeded.organisation_id) if y.id == seeded.year_id)
        return draft.id, year


def screen(qtbot, operations, actor, year) -> AgreementsView:
    view = AgreementsView(operations, actor, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1180, 650)
    view.show()
    view.show_year(year)
    return view


def made_public(database, agreement_id: str) -> date | None:
    with database.session() as session:
        return session.get(PerformanceAgreement, agreement_id).made_public_on


def cell(view: AgreementsView, column: int) -> str:
    return view.model.index(0, column).data()


def test_the_day_made_public_is_recorded_refused_when_wrong_and_flagged_late(qtbot, operations, signed, actor_named,
                                                                           seeded_database):
    agreement_id, year = signed
    view = screen(qtbot, operations, actor_named("admin"), year)
    assert cell(view, AgreementListModel.MADE_PUBLIC) == "not yet (due 11 Aug 2025, late)"
    view.table.selectRow(0)
    form = view.form
    assert form.publish.isVisible() and form.publish.isEnabled()

    qtbot.mouseClick(form.publish, Qt.MouseButton.LeftButton)
    view.dialog.day.setDate(QDate(2025, 7, 20))  # before the signing
    qtbot.keyClick(view.dialog.ok, Qt.Key.Key_Return)
    assert form.messages.general.text() == "20 Jul 2025 is before the agreement was signed (28 Jul 2025)"
    assert made_public(seeded_database, agreement_id) is None

    qtbot.mouseClick(form.publish, Qt.MouseButton.LeftButton)
    view.dialog.day.setFocus()
    view.dialog.day.setDate(QDate(2025, 8, 20))
    qtbot.keyClick(view.dialog.ok, Qt.Key.Key_Return)
    assert made_public(seeded_database, agreement_id) == date(2025, 8, 20)
    assert cell(view, AgreementListModel.MADE_PUBLIC) == "20 Aug 2025 (late)"
    assert "Made public on 20 Aug 2025." in form.banner.text()
    assert "s53(3)(b)" in view.model.index(0, AgreementListModel.MADE_PUBLIC).data(Qt.ItemDataRole.ToolTipRole)


def test_a_reader_sees_the_dates_but_cannot_record_them(qtbot, operations, signed, actor_named, seeded_database):
    agreement_id, year = signed
    with seeded_database.session() as session:
        agreements.record_made_public(session, Actor.system(), agreement_id, date(2025, 8, 5), TODAY)
    view = screen(qtbot, operations, actor_named("viewer"), year)
    assert cell(view, AgreementListModel.MADE_PUBLIC) == "5 Aug 2025"
    assert cell(view, AgreementListModel.CONCLUDED) == "28 Jul 2025"
    view.table.selectRow(0)
    assert not view.form.publish.isVisible()


def test_a_new_agreement_offers_top_layer_kpis_first_and_ccrs_from_the_competency_framework(qtbot, operations, signed,
                                                                                            actor_named):
    _agreement_id, year = signed
    view = screen(qtbot, operations, actor_named("approver"), year)
    qtbot.mouseClick(view.new, Qt.MouseButton.LeftButton)
    picker = view.form.picker
    assert picker.top_only.isVisible() and picker.top_only.isChecked()
    shown = [picker.list.item(n).text() for n in range(picker.list.count()) if not picker.list.item(n).isHidden()]
    assert shown == ["KPI 1  Number of households with access to basic water"]
    picker.top_only.setFocus()
    qtbot.keyClick(picker.top_only, Qt.Key.Key_Space)
    assert not picker.top_only.isChecked()
    assert sum(not picker.list.item(n).isHidden() for n in range(picker.list.count())) == 30

    form = view.form
    qtbot.mouseClick(form.add_line, Qt.MouseButton.LeftButton)
    row = form.grid.rowCount() - 1
    form.grid.setCurrentCell(row, TITLE)
    form.grid.editItem(form.grid.item(row, TITLE))
    combo = next(child for child in form.grid.viewport().findChildren(QComboBox) if child.isVisible())
    offered = [combo.itemText(n) for n in range(combo.count())]
    assert offered[:2] == ["Strategic Direction and Leadership", "People Management"]
    assert "Results and Quality Focus" in offered and len(offered) >= 12
    combo.setCurrentIndex(offered.index("Moral Competence"))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits Enter by a queued call
    assert form.grid.item(row, TITLE).text() == "Moral Competence"
