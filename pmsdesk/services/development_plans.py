"""The personal development plan of a performance agreement (Annexure B of a Section 56/57 agreement).

GN R805 asks that the agreement records the employee's developmental requirements; municipalities
print them as Annexure B, whose columns (gap, outcome expected, development action, mode of
delivery, time frame, work opportunity, support person) FORMS.md 1.5 lists. The plan is agreed with
the agreement: every line may change while the agreement is a draft; once it is signed only each
line's status moves on (planned, in progress, completed, not done), so the signed plan's content
stays as signed. An amendment starts with a copy of the plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import AgreementStatus, DevelopmentAction, DevelopmentStatus, PerformanceAgreement

from .actor import Actor, Permission
from .errors import LockedRecord, ValidationError
from .records import add_record, change_record, get_or_fail, remove_record, transaction
from .validation import choice, clean, text

#: The plan's fields in Annexure B's column order (the status is pmsdesk's addition for the year).
FIELDS = {
    "competency_gap": text(2000, required=True),
    "outcome_expected": text(2000),
    "development_action": text(2000, required=True),
    "mode_of_delivery": text(200),
    "time_frame": text(200),
    "work_opportunity": text(2000),
    "support_person": text(200),
    "status": choice(DevelopmentStatus),
}
#: Each field's heading, on the screen and on Annexure B.
LABELS = {
    "competency_gap": "Skills or performance gap",
    "outcome_expected": "Outcome expected",
    "development_action": "Suggested training or development activity",
    "mode_of_delivery": "Mode of delivery",
    "time_frame": "Time frame",
    "work_opportunity": "Work opportunity to practise the skill",
    "support_person": "Support person",
    "status": "Status",
}
STATUS_WORDS = {DevelopmentStatus.PLANNED: "Planned", DevelopmentStatus.IN_PROGRESS: "In progress",
                DevelopmentStatus.COMPLETED: "Completed", DevelopmentStatus.NOT_DONE: "Not done"}
#: What may still change once the agreement is signed.
AFTER_SIGNING = frozenset({"status"})


@dataclass(frozen=True)
class DevelopmentLine:
    """One line of the plan as the screen and the printout show it."""

    id: str
    position: int
    competency_gap: str
    outcome_expected: str | None
    development_action: str
    mode_of_delivery: str | None
    time_frame: str | None
    work_opportunity: str | None
    support_person: str | None
    status: DevelopmentStatus

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


def _line(action: DevelopmentAction) -> DevelopmentLine:
    return DevelopmentLine(action.id, action.position, action.competency_gap, action.outcome_expected,
                           action.development_action, action.mode_of_delivery, action.time_frame,
                           action.work_opportunity, action.support_person, DevelopmentStatus(action.status))


def _actions(session: Session, agreement_id: str) -> list[DevelopmentAction]:
    return list(session.scalars(select(DevelopmentAction).where(DevelopmentAction.agreement_id == agreement_id)
                                .order_by(DevelopmentAction.position)))


def development_plan(session: Session, agreement_id: str) -> list[DevelopmentLine]:
    """The agreement's plan in the agreed order (empty when none is recorded)."""
    return [_line(action) for action in _actions(session, agreement_id)]


def save_development_plan(session: Session, actor: Actor, agreement_id: str,
                          lines: Sequence[Mapping[str, Any]]) -> list[DevelopmentLine]:
    """Make the agreement's plan ``lines`` (each a mapping of FIELDS, with the ``id`` of a line kept).

    All lines are checked first and nothing is written if any is wrong (problems keyed
    ``lines[N].field``). A signed or superseded agreement's lines keep their content: only their
    status may change, and no line may be added or removed.
    """
    actor.require(Permission.MANAGE_AGREEMENTS)
    agreement = get_or_fail(session, PerformanceAgreement, agreement_id, "agreement")
    existing = {action.id: action for action in _actions(session, agreement.id)}
    cleaned: list[tuple[str | None, dict[str, Any]]] = []
    problems: dict[str, str] = {}
    for index, line in enumerate(lines):
        values = {key: value for key, value in line.items() if key != "id"}
        values.setdefault("status", DevelopmentStatus.PLANNED.value)
        try:
            cleaned.append((line.get("id"), clean(values, FIELDS)))
        except ValidationError as error:
            problems |= {f"lines[{index}].{field}": message for field, message in error.problems.items()}
        if line.get("id") is not None and line["id"] not in existing:
            problems[f"lines[{index}].id"] = "is not a line of this agreement's plan"
    if problems:
        raise ValidationError(problems)
    if agreement.status != AgreementStatus.DRAFT:
        _refuse_content_changes(agreement, existing, cleaned)
    kept = {line_id for line_id, _ in cleaned if line_id is not None}
    with transaction(session):
        for action in existing.values():
            if action.id not in kept:
                remove_record(session, actor, action)
        for position, (line_id, values) in enumerate(cleaned, start=1):
            if line_id is None:
                add_record(session, actor, DevelopmentAction(agreement_id=agreement.id, position=position, **values))
            else:
                change_record(session, actor, existing[line_id], {"position": position, **values})
    return development_plan(session, agreement.id)


def _refuse_content_changes(agreement: PerformanceAgreement, existing: Mapping[str, DevelopmentAction],
                            cleaned: list[tuple[str | None, dict[str, Any]]]) -> None:
    why = f"The agreement is {agreement.status.value}: its development plan is as signed; only each line's " \
          "status can change (amend the agreement to change the plan)."
    kept = [(line_id, values) for line_id, values in cleaned if line_id is not None]
    if len(kept) != len(cleaned) or len(cleaned) != len(existing):
        raise LockedRecord(why)
    for line_id, values in kept:
        current = _line(existing[line_id]).values()
        if any(values[name] != current[name] for name in FIELDS if name not in AFTER_SIGNING):
            raise LockedRecord(why)


def copy_development_plan(session: Session, actor: Actor, source_id: str, target_id: str) -> None:
    """Start an amendment's plan as a copy of the plan it amends (inside the caller's transaction)."""
    for action in _actions(session, source_id):
        add_record(session, actor, DevelopmentAction(
            agreement_id=target_id, position=action.position,
            **{name: getattr(action, name) for name in FIELDS}))
