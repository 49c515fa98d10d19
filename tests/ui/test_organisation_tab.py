"""Administration ▸ Organisation: the administrator corrects the details and logo; each change audited."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from sqlalchemy import select

from pmsdesk.models import AuditEvent, Organisation
from pmsdesk.services import register
from pmsdesk.services.organisation_details import organisation_logo
from pmsdesk.ui.admin import AdministrationView


def test_the_administrator_changes_the_address_and_logo(qtbot, seeded_database, operations, actor_named, seeded,
                                                        tmp_path):
    view = AdministrationView(operations, actor_named("admin"))
    qtbot.addWidget(view)
    view.show()
    with seeded_database.session() as session:
        view.show_year(register.list_financial_years(session, seeded.organisation_id)[0])
    view.tabs.setCurrentWidget(view.organisation)
    tab = view.organisation
    assert tab.fields.name.text() == "Mkhondo Local Municipality" and not tab.fields.code.isEnabled()

    tab.fields.address.setText("PO Box 23, Piet Retief, 2380")
    crest = tmp_path / "crest.png"
    Image.new("RGB", (64, 64), "#1f4e78").save(crest)
    assert tab.fields.load_logo(str(crest))
    assert view.unsaved_changes() == "changes to the organisation's details"
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)

    assert tab.status.text() == "Saved." and view.unsaved_changes() is None
    with seeded_database.session() as session:
        organisation = session.get(Organisation, seeded.organisation_id)
        assert organisation.postal_address == "PO Box 23, Piet Retief, 2380"
        assert organisation_logo(session, organisation.id) is not None
        actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "organisation")
                                       .order_by(AuditEvent.id.desc()).limit(2)))
    assert actions == ["set logo", "update"]

    tab.fields.name.clear()
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    assert tab.fields.form.messages.text_of("name") == "Is required."
