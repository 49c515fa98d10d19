"""Copying a rule set to a new code, and editing its values into a new revision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from pmsdesk.services import rule_sets
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ValidationError
from pmsdesk.ui.operations import Operations, WorkContext

from .parts import ServiceFormDialog, reason_box
from .rule_values import RuleValuesTree, UnreadableValues


class CopyRuleSetDialog(ServiceFormDialog):
    """Revision 1 of a new code, starting from the latest revision of ``code``."""

    def __init__(self, operations: Operations, actor: Actor, code: str, parent: QWidget | None = None) -> None:
        super().__init__(operations, QCoreApplication.translate("CopyRuleSetDialog",
                "Copy {0}").format(code), parent, QCoreApplication.translate("CopyRuleSetDialog", "&Copy"))
        self._actor = actor
        self._code = code
        self.say(self.tr("The copy starts as revision 1 of its own code; scoring uses it once it is chosen for a result."))
        self.new_code = self.add_field(self.tr("New &code:"), QLineEdit(self), "new_code")
        self.new_code.setAccessibleName(self.tr("New code"))
        self.new_code.setPlaceholderText(self.tr("lower-case, e.g. za_sdbip_local"))
        self.new_name = self.add_field(self.tr("New &name:"), QLineEdit(self), "new_name")
        self.new_name.setAccessibleName(self.tr("New name"))
        self.copied: str | None = None

    def work(self) -> Callable[[WorkContext], Any]:
        actor, code, new_code, new_name = self._actor, self._code, self.new_code.text(), self.new_name.text()

        def copy(context: WorkContext) -> str:
            return rule_sets.copy_rule_set(context.session, actor, code, new_code, new_name)["code"]

        return copy

    def _succeeded(self, result: Any) -> None:
        self.copied = result
        super()._succeeded(result)


class EditRuleSetDialog(ServiceFormDialog):
    """The latest revision's values in a form; saving stores the next revision with a reason."""

    def __init__(self, operations: Operations, actor: Actor, rules: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(operations, QCoreApplication.translate("EditRuleSetDialog",
                "Edit {0} (revision {1})").format(rules['code'], rules['revision']), parent,
                         QCoreApplication.translate("EditRuleSetDialog", "&Save as new revision"))
        self._actor = actor
        self._rules = rules
        self.saved: dict[str, Any] | None = None
        self.say(self.tr("Double-click a value (or choose it and press F2) to change it. Saving keeps every earlier "
                 "revision; results already scored name the revision they used."))
        self.name = self.add_field(self.tr("&Name:"), QLineEdit(rules["name"], self), "name")
        self.name.setAccessibleName(self.tr("Name"))
        self.description = self.add_field(self.tr("&Description:"), QPlainTextEdit(rules.get("description") or "", self),
                                          "description")
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3 + 14)
        self.values = RuleValuesTree(self)
        self.values.set_body(rules["body"])
        self.values.setMinimumHeight(260)
        self.add_field(self.tr("&Values:"), self.values, "body")
        self.reason = self.add_field(self.tr(
                "&Reason:"), reason_box(self, self.tr("Why do the rules change? (kept with the revision)")),
                                     "reason")
        self.setMinimumWidth(640)
        self.modified = False
        self.values.itemChanged.connect(self._changed)
        self.name.textEdited.connect(self._changed)
        self.description.textChanged.connect(self._changed)

    def _changed(self, *_args: Any) -> None:
        self.modified = True

    def work(self) -> Callable[[WorkContext], Any] | None:
        try:
            body = self.values.body()
        except UnreadableValues as error:
            self._show_value_problems(error.problems)
            return None
        changes = {"name": self.name.text(), "description": self.description.toPlainText().strip() or None,
                   "body": body}
        actor, code, reason = self._actor, self._rules["code"], self.reason.toPlainText()
        return lambda context: rule_sets.edit_rule_set(context.session, actor, code, changes, reason=reason)

    def _show_value_problems(self, problems: dict[str, str]) -> None:
        """Problems with single values go under the tree, named by their row, and the rows are shaded."""
        values = {path: message for path, message in problems.items() if path.startswith("body")}
        others = {field: message for field, message in problems.items() if field not in values}
        if values:
            others["body"] = "; ".join(f"{self.values.readable_path(path)}: {message}"
                                       for path, message in values.items())
        self.messages.show_problems(others)
        self.values.mark(list(values))

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.ok.setEnabled(True)
            self._show_value_problems(error.problems)
        else:
            super()._failed(error)

    def _succeeded(self, result: Any) -> None:
        self.saved = result
        self.modified = False
        super()._succeeded(result)
