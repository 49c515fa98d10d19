"""Each country's demo, walked screen by screen, shows none of another country's terms (issue #23).

The forbidden terms are data (``pmsdesk.vocabulary``: each country's ``own_terms``), so a term
added there is checked here on every screen of the main window and in the KPI editor.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo
from pmsdesk.models import Kpi, User
from pmsdesk.services.actor import actor_for_user
from pmsdesk.ui.kpi_editor import KpiEditorDialog
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.screen_catalogue import SCREENS
from pmsdesk.vocabulary import foreign_terms_in, vocabulary_for
from tests.vocabulary.screen_text import readable_text

PROFILES = {"ZA": "za-municipality", "KE": "ke-county", "TZ": "tz-lga"}


@pytest.fixture(scope="module", params=sorted(PROFILES))
def country_demo(request, tmp_path_factory):
    country = request.param
    database = open_database(tmp_path_factory.mktemp(country.lower()) / "demo.sqlite")
    build_demo(database, profile=PROFILES[country], seed=1)
    yield country, database
    database.dispose()


@pytest.fixture
def window(qtbot, country_demo):
    country, database = country_demo
    with database.session() as session:
        actor = actor_for_user(session, session.scalars(select(User).where(User.username == "admin")).one())
    shown = MainWindow(database, actor, ImmediateOperations(database))
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    return country, shown


def _foreign(country: str, texts: list[tuple[str, str]]) -> list[str]:
    return sorted({f"{term!r} in {kind}: {text[:120]!r}" for kind, text in texts
                   for term in foreign_terms_in(text, country)})


def test_every_screen_speaks_its_own_country(window):
    country, shown = window
    opened, texts = [], readable_text(shown.navigation)
    for entry in SCREENS:
        if shown.has_screen(entry.key):
            screen = shown.open_screen(entry.key)
            opened.append(entry.key)
            texts += [(f"{entry.key}: {kind}", text) for kind, text in readable_text(screen)]
    problems = _foreign(country, texts + readable_text(shown.statusBar()))
    assert {"dashboard", "register", "plans", "agreements", "sync", "importing"} <= set(opened)
    assert len(texts) > 500  # the walk read the screens, not just their frames
    assert not problems, f"{country} screens show other countries' terms:\n" + "\n".join(problems)


def test_the_kpi_editor_speaks_its_own_country(window, qtbot):
    country, shown = window
    year = shown.selector.year()
    with shown._context.database.session() as session:
        kpi_id = session.scalar(select(Kpi.id).where(Kpi.financial_year_id == year.id).limit(1))
    dialog = KpiEditorDialog(ImmediateOperations(shown._context.database), shown.actor, year, kpi_id)
    qtbot.addWidget(dialog)
    dialog.show()
    problems = _foreign(country, readable_text(dialog))
    assert not problems, f"{country} KPI editor shows other countries' terms:\n" + "\n".join(problems)
    assert vocabulary_for(country).target_change_example in dialog.ui.reason.placeholderText()


def test_the_check_finds_a_planted_foreign_term():
    """The walk can fail: a Kenyan screen saying 'SDBIP' or a South African one saying 'KSh' is caught."""
    assert foreign_terms_in("Import SDBIP", "KE") == ["SDBIP"]
    assert foreign_terms_in("KSh 1,000", "ZA") == ["KSh"]
    assert foreign_terms_in("CIDP 2023–2027", "TZ") == ["CIDP"]
    assert foreign_terms_in("CIDP 2023–2027", "KE") == []  # 'IDP' inside 'CIDP' is not South African
    assert foreign_terms_in("Random sample", "KE") == []  # 'Rand' only as a word


CURRENCY_PATTERN = {"ZA": r"^R\d{1,3}(\u00a0\d{3})+$", "KE": r"^KSh\u00a0\d{1,3}(,\d{3})+$", "TZ": r"^TSh\u00a0\d{1,3}(,\d{3})+$"}


def test_amounts_on_the_register_and_verification_screens_carry_the_currency(window):
    """Money reads as the country writes it: 'R180 000 000', 'KSh 450,000,000', 'TSh 2,400,000,000'."""
    import re

    from pmsdesk.models import MeasureType
    from pmsdesk.ui.register.model import KpiRegisterModel

    country, shown = window
    register = shown.open_screen("register")
    model = register.model
    money_rows = [row for row in range(model.rowCount()) if model.row_at(row).measure_type is MeasureType.CURRENCY
                  and model.row_at(row).annual_target]
    assert money_rows
    for row in money_rows:
        text = model.index(row, KpiRegisterModel.TARGET).data()
        assert re.match(CURRENCY_PATTERN[country], text), text
    verification = shown.open_screen("verification")
    assert verification.model.money is vocabulary_for(country).money
