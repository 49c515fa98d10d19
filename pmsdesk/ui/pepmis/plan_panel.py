"""The HR officer's side: the institution's plan (tasks, sub-tasks, weights) and assignments."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from pmsdesk.services import pepmis
from pmsdesk.services.pepmis import ScreenState
from pmsdesk.ui.widgets.screen_parts import scrolled
from pmsdesk.wording import plain_number

from .forms import choice_box, form_group, percent_box, set_choices, text_box

#: submit(work(session, actor), where to show a refusal, what to say once done[, what to do then])
Submit = Callable[..., None]
WARNING_STYLE = "color: #8a5300;"


class PlanPanel(QWidget):
    """Tasks and sub-tasks in a tree beside the forms that add them and assign sub-tasks."""

    def __init__(self, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self._year: tuple[str, str] | None = None  # (organisation id, year id)
        self._state: ScreenState | None = None
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Code"), self.tr("Task / sub-task"), self.tr("Weight %"), self.tr("Target")])
        self.tree.setAccessibleName(self.tr("Institutional plan: tasks and sub-tasks"))
        self.tree.setColumnWidth(0, 100)
        self.tree.setColumnWidth(1, 260)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(WARNING_STYLE)
        self.problems.setAccessibleName(self.tr("Weight problems of the plan"))

        self.plan_group, form, self.plan_messages = form_group(self.tr("Institutional plan (PIPMIS)"), self)
        self.plan_title = text_box(self.plan_group, self.tr(
                "Plan title"), self.tr("e.g. Institutional performance plan 2025/26"))
        self.create_plan_button = QPushButton(self.tr("Create &plan"), self.plan_group)
        form.addRow(self.tr("Plan &title:"), self.plan_title)
        form.addRow(self.create_plan_button)

        self.edit_group, form, self.edit_messages = form_group(self.tr("Change the chosen weight"), self)
        self.edit_weight = percent_box(self.edit_group, self.tr("New weight of the chosen task or sub-task"))
        self.edit_button = QPushButton(self.tr("C&hange weight"), self.edit_group)
        form.addRow(self.tr("New weight %:"), self.edit_weight)
        form.addRow(self.edit_button)

        self.task_group, form, self.task_messages = form_group(self.tr("New task"), self)
        self.task_code = text_box(self.task_group, self.tr("Task code"), "T1")
        self.task_title = text_box(self.task_group, self.tr("Task title"))
        self.task_weight = percent_box(self.task_group, self.tr("Task weight (% of the plan)"))
        self.add_task_button = QPushButton(self.tr("Add &task"), self.task_group)
        widget: QWidget  # the loops below lay out each form's fields
        for label, widget in ((self.tr("Code:"), self.task_code), (self.tr("Title:"), self.task_title),
                              (self.tr("Weight % of plan:"), self.task_weight)):
            form.addRow(label, widget)
        form.addRow(self.add_task_button)

        self.sub_group, form, self.sub_messages = form_group(self.tr("New sub-task"), self)
        self.sub_task_of = choice_box(self.sub_group, self.tr("Task the sub-task belongs to"))
        self.sub_code = text_box(self.sub_group, self.tr("Sub-task code"), "T1.1")
        self.sub_title = text_box(self.sub_group, self.tr("Sub-task title"))
        self.sub_weight = percent_box(self.sub_group, self.tr("Sub-task weight (% of the task)"))
        self.sub_target = text_box(self.sub_group, self.tr("Sub-task target"), self.tr("e.g. 36 clinics"))
        self.add_sub_button = QPushButton(self.tr("Add &sub-task"), self.sub_group)
        for label, widget in ((self.tr("Task:"), self.sub_task_of), (self.tr(
                "Code:"), self.sub_code), (self.tr("Title:"), self.sub_title),
                              (self.tr("Weight % of task:"), self.sub_weight), (self.tr("Target:"), self.sub_target)):
            form.addRow(label, widget)
        form.addRow(self.add_sub_button)

        self.assign_group, form, self.assign_messages = form_group(self.tr("Assign a sub-task"), self)
        self.assign_sub_task = choice_box(self.assign_group, self.tr("Sub-task to assign"))
        self.assign_person = choice_box(self.assign_group, self.tr("Employee"))
        self.assign_period = choice_box(self.assign_group, self.tr("Period"))
        self.assign_supervisor = choice_box(self.assign_group, self.tr("Supervisor"))
        self.assign_button = QPushButton(self.tr("&Assign"), self.assign_group)
        for label, widget in ((self.tr("Sub-task:"), self.assign_sub_task), (self.tr("Employee:"), self.assign_person),
                              (self.tr("Period:"), self.assign_period), (self.tr("Supervisor:"), self.assign_supervisor)):
            form.addRow(label, widget)
        form.addRow(self.assign_button)

        forms = QWidget(self)
        column = QVBoxLayout(forms)
        for group in (self.plan_group, self.edit_group, self.task_group, self.sub_group, self.assign_group):
            column.addWidget(group)
        column.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.tree, 1)
        left.addWidget(self.problems)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(scrolled(forms, self), 2)

        self.create_plan_button.clicked.connect(self._create_plan)
        self.tree.currentItemChanged.connect(lambda *_: self._item_chosen())
        self.edit_button.clicked.connect(self._change_weight)
        self.add_task_button.clicked.connect(self._add_task)
        self.add_sub_button.clicked.connect(self._add_sub_task)
        self.assign_button.clicked.connect(self._assign)

    def show_state(self, organisation_id: str, year_id: str, state: ScreenState) -> None:
        self._year, self._state = (organisation_id, year_id), state
        outline = state.outline
        self.plan_group.setVisible(outline is None)
        for group in (self.task_group, self.sub_group, self.assign_group):
            group.setEnabled(outline is not None)
        self.tree.clear()
        tasks = outline.tasks if outline else ()
        for task in tasks:
            item = QTreeWidgetItem(self.tree, [task.code, task.title, plain_number(task.weight), ""])
            item.setData(0, Qt.ItemDataRole.UserRole, ("task", task.id, task.weight))
            for sub in task.sub_tasks:
                child = QTreeWidgetItem(item, [sub.code, sub.title, plain_number(sub.weight), sub.target or ""])
                child.setData(0, Qt.ItemDataRole.UserRole, ("sub_task", sub.id, sub.weight))
            item.setExpanded(True)
        self._item_chosen()
        problems = outline.weight_problems if outline else (self.tr("No plan for this year yet: create it first."),)
        self.problems.setText("\n".join(p[:1].upper() + p[1:] + "." for p in problems))
        self.problems.setVisible(bool(problems))
        set_choices(self.sub_task_of, [(f"{t.code} {t.title}", t.id) for t in tasks])
        set_choices(self.assign_sub_task, [(f"{s.code} {s.title}", s.id) for t in tasks for s in t.sub_tasks])
        set_choices(self.assign_person, [(p.label, p.id) for p in state.people])
        set_choices(self.assign_supervisor, [(self.tr("— none —"), None), *[(p.label, p.id) for p in state.people]])
        set_choices(self.assign_period, [(p.label + (" (closed)" if p.closed else ""), p.id) for p in state.periods])

    def _chosen_item(self) -> tuple[str, str, float] | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _item_chosen(self) -> None:
        chosen = self._chosen_item()
        self.edit_group.setEnabled(chosen is not None)
        if chosen is not None:
            self.edit_weight.setValue(chosen[2])

    def _change_weight(self) -> None:
        chosen = self._chosen_item()
        if chosen is None:  # the form is enabled only with an item chosen
            return
        kind, record_id, _ = chosen
        change = pepmis.update_task if kind == "task" else pepmis.update_sub_task
        weight = self.edit_weight.value()
        self._submit(lambda s, actor: change(s, actor, record_id, {"weight": weight}), self.edit_messages,
                     self.tr("Weight changed."))

    def _create_plan(self) -> None:
        if self._year is None:
            return
        organisation_id, year_id = self._year
        title = self.plan_title.text()
        self._submit(lambda s, actor: pepmis.create_plan(s, actor, organisation_id, year_id, {"title": title}),
                     self.plan_messages, self.tr("Plan created."))

    def _add_task(self) -> None:
        outline = self._state.outline if self._state is not None else None
        if outline is None:  # tasks are added to a plan that exists
            return
        plan_id = outline.id
        values = {"code": self.task_code.text(), "title": self.task_title.text(), "weight": self.task_weight.value()}
        self._submit(lambda s, actor: pepmis.add_task(s, actor, plan_id, values), self.task_messages,
                     self.tr("Task {0} added.").format(values['code']))

    def _add_sub_task(self) -> None:
        task_id = self.sub_task_of.currentData()
        values = {"code": self.sub_code.text(), "title": self.sub_title.text(), "weight": self.sub_weight.value(),
                  "target": self.sub_target.text()}
        if task_id is None:
            self.sub_messages.show_general(self.tr("Add a task first: a sub-task belongs to a task."))
            return
        self._submit(lambda s, actor: pepmis.add_sub_task(s, actor, task_id, values), self.sub_messages,
                     self.tr("Sub-task {0} added.").format(values['code']))

    def _assign(self) -> None:
        sub_task_id, person_id = self.assign_sub_task.currentData(), self.assign_person.currentData()
        period_id, supervisor_id = self.assign_period.currentData(), self.assign_supervisor.currentData()
        if None in (sub_task_id, person_id, period_id):
            self.assign_messages.show_general(self.tr("Choose the sub-task, the employee and the period."))
            return
        self._submit(lambda s, actor: pepmis.assign_sub_task(s, actor, sub_task_id, person_id, period_id,
                                                             supervisor_id),
                     self.assign_messages, self.tr("Sub-task assigned."))
