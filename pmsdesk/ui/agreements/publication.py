"""Recording the day a signed agreement was made public (MFMA s53(3)(b)), from the agreements screen.

Kept beside ``AgreementsView``, whose form, today, dialog slot, ``_reload`` and ``run_write`` it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from pmsdesk.services import agreements

from .dialogs import ConfirmDialog

if TYPE_CHECKING:
    from .view import AgreementsView


class PublicationActions:
    """"Made public…" asks for the day and records it; a wrong day is refused in the form's message line."""

    def __init__(self, view: AgreementsView) -> None:
        self.view = view
        view.form.publish.clicked.connect(self.ask_made_public)

    def ask_made_public(self) -> None:
        view = self.view
        detail = view.form.detail
        if detail is None or detail.agreement.signed_on is None:
            return
        context = "PublicationActions"
        view.dialog = ConfirmDialog(
            QCoreApplication.translate(context, "Record when the agreement was made public"),
            QCoreApplication.translate(
                context, "The Municipal Finance Management Act (s53(3)(b)) has the mayor make the signed agreement "
                "public soon after the SDBIP is approved; the agreements list flags one made public after the rule "
                "set's deadline. Give the day it was published, e.g. on the municipality's website."),
            QCoreApplication.translate(context, "Record"), view,
            ask_date=QCoreApplication.translate(context, "Made public on"),
            today=detail.agreement.made_public_on or view.today)
        view.dialog.accepted.connect(self._record)
        view.dialog.open()

    def _record(self) -> None:
        view = self.view
        detail, dialog = view.form.detail, view.dialog
        if detail is None or dialog is None:
            return
        agreement_id, actor, on, today = detail.agreement.id, view.actor, dialog.chosen_date(), view.today
        view.run_write(lambda context: agreements.record_made_public(context.session, actor, agreement_id, on, today).id,
                       view._reload, view.form.show_problems, QCoreApplication.translate("PublicationActions", "Recording…"))
