"""An audit trail rewritten or cut short after it was reported in a package is found out, even with
every hash recomputed: at head office, which kept the heads, and at the office, against the head
office's acknowledgement."""

from __future__ import annotations

from sqlalchemy import delete, select

from pmsdesk.cli.main import main
from pmsdesk.models import AuditAnchor, AuditEvent
from pmsdesk.services.audit import GENESIS_HASH, event_hash, first_broken_link
from pmsdesk.services.audit_anchors import anchor_problems


def _recompute_chain(installation) -> None:
    """What someone with the file and a short script does after editing events: every hash made good again."""
    with installation.database.session() as session:
        previous = GENESIS_HASH
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
            payload = {"occurred_at": event.occurred_at.replace(tzinfo=None).isoformat(), "actor": event.actor,
                       "action": event.action, "entity": event.entity, "entity_id": event.entity_id,
                       "old": event.old_values, "new": event.new_values, "reason": event.reason}
            event.previous_hash, event.event_hash = previous, event_hash(previous, payload)
            previous = event.event_hash
        session.commit()
        assert first_broken_link(session) is None  # the chain alone no longer shows anything


def _reported_and_acknowledged(pair) -> None:
    """The office reports its chain in package 1; head office acknowledges it in its reply."""
    pair.head.import_(pair.first_package)
    pair.head.export(pair.office.code, pair.folder / "ack.pmspkg")
    pair.office.import_(pair.folder / "ack.pmspkg")


def _problems(installation) -> list[str]:
    with installation.database.session() as session:
        return [problem.message for problem in anchor_problems(session, installation.code)]


def _after_next_package(pair) -> list[str]:
    pair.office.export("HEAD-OFFICE", pair.folder / "next.pmspkg")
    pair.head.import_(pair.folder / "next.pmspkg")
    return _problems(pair.head)


def test_an_event_re_attributed_and_the_chain_recomputed_is_detected_at_both_ends(pair, capsys):
    _reported_and_acknowledged(pair)
    assert _problems(pair.office) == [] and _problems(pair.head) == []
    with pair.office.database.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id).limit(1)).one()
        event.actor = "someone-else"
        session.commit()
    _recompute_chain(pair.office)

    at_office = _problems(pair.office)
    assert len(at_office) == 1 and "no longer has the hash head office received in package 1" in at_office[0]
    assert main(["audit", "verify", "--db", pair.office.target]) == 1
    assert "does NOT match" in capsys.readouterr().out
    at_head = _after_next_package(pair)
    assert len(at_head) == 1 and "KE-001's audit trail, as reported in its package 2," in at_head[0]
    assert "no longer matches at event" in at_head[0] and "what it reported in package 1" in at_head[0]


def test_a_truncated_tail_is_detected_at_both_ends(pair):
    _reported_and_acknowledged(pair)
    with pair.office.database.session() as session:
        reported = session.scalar(select(AuditAnchor.length).where(AuditAnchor.kind == "acknowledged"))
        kept = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id).limit(reported - 2)).all()
        session.execute(delete(AuditEvent).where(AuditEvent.id > kept[-1]))
        session.commit()
        assert first_broken_link(session) is None  # cutting the tail leaves every remaining link intact

    assert "events were removed" in " ".join(_problems(pair.office))
    at_head = _after_next_package(pair)
    assert len(at_head) == 1 and "fewer than the" in at_head[0] and "events were removed" in at_head[0]


def test_an_intact_trail_matches_every_head_and_verify_says_so(pair, capsys):
    _reported_and_acknowledged(pair)
    assert _after_next_package(pair) == [] and _problems(pair.office) == []
    assert main(["audit", "verify", "--db", pair.office.target]) == 0
    assert "matches the 2 chain head(s) reported in packages" in capsys.readouterr().out
