"""Stored rule sets: defaults seeded once, copies and edits as new revisions, admins only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, CalculationType, Direction, MeasureType, Role, RuleSet
from pmsdesk.scoring import (
    DEFAULT_RULE_SETS,
    KpiDefinition,
    PeriodFigure,
    default_rule_set,
    score_kpi,
)
from pmsdesk.services import rule_sets
from pmsdesk.services.actor import ROLE_PERMISSIONS, Actor, RoleGrant
from pmsdesk.services.errors import NotFound, PermissionDenied, ValidationError


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _rule_set_events(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)
                          .where(AuditEvent.entity == "rule_set"))


@pytest.fixture
def seeded(session, system):
    rule_sets.ensure_default_rule_sets(session, system)
    return session


def test_defaults_are_stored_once_with_one_audit_event_each(session, system):
    added = rule_sets.ensure_default_rule_sets(session, system)
    assert [r["code"] for r in added] == [r["code"] for r in DEFAULT_RULE_SETS]
    assert rule_sets.ensure_default_rule_sets(session, system) == []
    assert _count(session, RuleSet) == len(DEFAULT_RULE_SETS)
    assert _rule_set_events(session) == len(DEFAULT_RULE_SETS)


def test_a_stored_default_reads_back_exactly_as_shipped(seeded):
    for shipped in DEFAULT_RULE_SETS:
        assert rule_sets.get_rule_set(seeded, shipped["code"]) == shipped
    listed = rule_sets.list_rule_sets(seeded)
    assert [r["code"] for r in listed] == sorted(r["code"] for r in DEFAULT_RULE_SETS)


def test_reading_an_unknown_rule_set_names_the_stored_ones(seeded):
    with pytest.raises(NotFound, match="No rule set called 'za_sdbipp'.*za_s56, za_sdbip"):
        rule_sets.get_rule_set(seeded, "za_sdbipp")
    with pytest.raises(NotFound, match="za_sdbip has no revision 7; it has 1"):
        rule_sets.get_rule_set(seeded, "za_sdbip", 7)


def _stricter_bands(body: dict) -> dict:
    """The default SDBIP bands with "not met" below 80% instead of 75%."""
    body["bands"][0]["max"] = 80
    body["bands"][1]["min"] = 80
    return body


def test_an_edit_stores_a_new_revision_and_keeps_the_old_one(seeded, system):
    body = _stricter_bands(rule_sets.get_rule_set(seeded, "za_sdbip")["body"])
    edited = rule_sets.edit_rule_set(seeded, system, "za_sdbip", {"body": body},
                                     reason="Council resolution 12/2025: not met below 80%")
    assert edited["revision"] == 2 and edited["body"]["bands"][1]["min"] == 80
    assert rule_sets.get_rule_set(seeded, "za_sdbip")["revision"] == 2
    assert rule_sets.get_rule_set(seeded, "za_sdbip", 1) == default_rule_set("za_sdbip")
    assert len(rule_sets.list_rule_sets(seeded, every_revision=True)) == len(DEFAULT_RULE_SETS) + 1
    event = seeded.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    assert event.entity == "rule_set" and event.reason.startswith("Council resolution")

    kpi = KpiDefinition("K", CalculationType.ACCUMULATIVE, MeasureType.NUMBER,
                        Direction.HIGHER_IS_BETTER)
    result = score_kpi(kpi, [PeriodFigure(1, 100, 78)], 1, edited)
    assert result.period.category == "not_met"
    assert result.rule_set == {"code": "za_sdbip", "revision": 2}


def test_an_unchanged_edit_writes_nothing(seeded, system):
    before = _count(seeded, RuleSet)
    current = rule_sets.get_rule_set(seeded, "za_s56")
    again = rule_sets.edit_rule_set(seeded, system, "za_s56", {"body": current["body"]},
                                    reason="no change")
    assert again["revision"] == 1 and _count(seeded, RuleSet) == before


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda body: body["bands"][1].update(min=80), "body.bands[1].min", "gap"),
    (lambda body: body["bands"][1].update(min=70), "body.bands[1].min", "overlaps"),
])
def test_bands_with_a_gap_or_overlap_are_refused_by_field_and_nothing_is_written(
        seeded, system, change, field, words):
    rows, events = _count(seeded, RuleSet), _count(seeded, AuditEvent)
    body = rule_sets.get_rule_set(seeded, "za_sdbip")["body"]
    change(body)
    with pytest.raises(ValidationError) as refused:
        rule_sets.edit_rule_set(seeded, system, "za_sdbip", {"body": body}, reason="try")
    assert list(refused.value.problems) == [field]
    assert words in refused.value.problems[field]
    assert (_count(seeded, RuleSet), _count(seeded, AuditEvent)) == (rows, events)


def test_s56_weights_that_do_not_sum_to_100_are_refused(seeded, system):
    body = rule_sets.get_rule_set(seeded, "za_s56")["body"]
    body["components"][0]["weight"] = 70
    with pytest.raises(ValidationError, match=r"body.components\[\*\].weight: must sum to 100"):
        rule_sets.edit_rule_set(seeded, system, "za_s56", {"body": body}, reason="try")


def test_an_edit_needs_a_reason_and_cannot_change_code_or_kind(seeded, system):
    with pytest.raises(ValidationError, match="reason: say why"):
        rule_sets.edit_rule_set(seeded, system, "za_sdbip", {"name": "Stricter"}, reason=" ")
    with pytest.raises(ValidationError) as refused:
        rule_sets.edit_rule_set(seeded, system, "za_sdbip", {"kind": "za_s56", "colour": 1},
                                reason="x")
    assert refused.value.problems == {"kind": "cannot change; copy the rule set instead",
                                      "colour": "is not a field of a rule set"}


def test_a_copy_is_revision_1_of_a_new_code_and_can_be_edited_apart(seeded, system):
    copied = rule_sets.copy_rule_set(seeded, system, "za_sdbip", "ngwathe_sdbip",
                                     "Ngwathe SDBIP traffic lights")
    assert (copied["code"], copied["revision"], copied["kind"]) == ("ngwathe_sdbip", 1, "sdbip")
    assert copied["body"] == default_rule_set("za_sdbip")["body"]
    body = _stricter_bands(copied["body"])
    rule_sets.edit_rule_set(seeded, system, "ngwathe_sdbip", {"body": body}, reason="local")
    assert rule_sets.get_rule_set(seeded, "ngwathe_sdbip")["revision"] == 2
    assert rule_sets.get_rule_set(seeded, "za_sdbip")["revision"] == 1
    event = seeded.scalar(select(AuditEvent).where(AuditEvent.reason.like("copied from%")))
    assert event.reason == "copied from za_sdbip revision 1"


def test_a_copy_needs_a_free_well_formed_code_and_a_name(seeded, system):
    with pytest.raises(ValidationError) as refused:
        rule_sets.copy_rule_set(seeded, system, "za_sdbip", "za_s56", "")
    assert refused.value.problems == {"new_code": "a rule set called za_s56 already exists",
                                      "new_name": "is required"}
    with pytest.raises(ValidationError, match="new_code: use lower-case letters"):
        rule_sets.copy_rule_set(seeded, system, "za_sdbip", "My Rules!", "Mine")


def signed_in(role: Role) -> Actor:
    """An actor holding ``role`` for the whole organisation, as sign-in would build it."""
    return Actor(role.value, (RoleGrant(role),), {p: None for p in ROLE_PERMISSIONS[role]})


def test_only_administrators_may_change_rule_sets(seeded):
    for role in set(Role) - {Role.ADMINISTRATOR}:
        actor = signed_in(role)
        with pytest.raises(PermissionDenied, match="may not manage scoring rule sets"):
            rule_sets.edit_rule_set(seeded, actor, "za_sdbip", {"name": "Mine"}, reason="x")
        with pytest.raises(PermissionDenied):
            rule_sets.copy_rule_set(seeded, actor, "za_sdbip", "mine", "Mine")
    assert rule_sets.get_rule_set(seeded, "za_sdbip")["revision"] == 1  # reading is open
    admin = rule_sets.edit_rule_set(seeded, signed_in(Role.ADMINISTRATOR), "za_sdbip",
                                    {"name": "Mine"}, reason="x")
    assert admin["revision"] == 2


def test_seeding_needs_an_administrator_only_when_something_is_missing(session, system):
    with pytest.raises(PermissionDenied):
        rule_sets.ensure_default_rule_sets(session, signed_in(Role.PMS_OFFICER))
    assert _count(session, RuleSet) == 0
    rule_sets.ensure_default_rule_sets(session, system)
    assert rule_sets.ensure_default_rule_sets(session, signed_in(Role.READ_ONLY)) == []
