"""``pmsdesk audit verify|log``: check the hash chain and read the history."""

from __future__ import annotations

import argparse

from pmsdesk.db import default_database_path, open_database
from pmsdesk.models import AuditAnchor, AuditEvent
from pmsdesk.services.audit import first_broken_link
from pmsdesk.services.audit_anchors import anchor_problems
from pmsdesk.services.history import audit_events, describe_changes, kpi_record_ids, kpis_with_reference
from pmsdesk.sync.keys import OFFICE_CODE, setting

from .common import EXIT_FAILED, EXIT_OK, UserError, add_db_option, add_json_option, emit


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="verify or read the audit trail",
                                   description="Verify the tamper-evident audit trail or print its history.")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check every link of the hash chain",
                                description="Recompute the audit chain and report the first broken link.")
    log = actions.add_parser("log", help="print the history", description="Print audit events, oldest first.")
    log.add_argument("--kpi", metavar="REF", help="only the history of this KPI (targets, actuals, evidence)")
    log.add_argument("--limit", type=int, default=200, help="newest N events (default 200)")
    for sub, handler in ((verify, run_verify), (log, run_log)):
        add_db_option(sub)
        add_json_option(sub)
        sub.set_defaults(handler=handler)


def _open(args: argparse.Namespace):
    # Reading the trail writes nothing: no schema into an empty file, no upgrade of an older one.
    return open_database(args.db or default_database_path(), create=False, upgrade=False)


def run_verify(args: argparse.Namespace) -> int:
    database = _open(args)
    try:
        with database.session() as session:
            broken = first_broken_link(session)
            total = session.query(AuditEvent).count()
            anchors = session.query(AuditAnchor).count()
            problems = anchor_problems(session, setting(session, OFFICE_CODE))
    finally:
        database.dispose()
    if problems:
        emit(args, {"ok": False, "events": total, "anchor_problems": [problem.message for problem in problems]},
             "\n".join(["Audit trail does NOT match the heads reported in signed packages:"]
                       + [f"  {problem.message}" for problem in problems]))
        return EXIT_FAILED
    if broken is None:
        emit(args, {"ok": True, "events": total, "anchors": anchors},
             f"Audit trail intact: {total} events, every link checks"
             + (f", and it matches the {anchors} chain head(s) reported in packages." if anchors else "."))
        return EXIT_OK
    emit(
        args,
        {"ok": False, "events": total, "first_broken_event": broken.id, "at": broken.occurred_at},
        f"Audit trail BROKEN at event {broken.id} ({broken.occurred_at:%Y-%m-%d %H:%M}, {broken.actor}, "
        f"{broken.action} {broken.entity}): it or the event before it was edited or removed.",
    )
    return EXIT_FAILED


def _describe(event: AuditEvent) -> dict:
    return {
        "id": event.id, "at": event.occurred_at, "actor": event.actor, "action": event.action,
        "entity": event.entity, "entity_id": event.entity_id, "old": event.old_values,
        "new": event.new_values, "reason": event.reason,
    }


def run_log(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UserError(f"--limit must be 1 or more, got {args.limit}")
    database = _open(args)
    try:
        with database.session() as session:
            entity_ids = None
            if args.kpi:
                kpis = kpis_with_reference(session, args.kpi)
                if not kpis:
                    raise UserError(f"no KPI with reference {args.kpi}")
                entity_ids = set().union(*(kpi_record_ids(session, kpi) for kpi in kpis))
            events = audit_events(session, entity_ids=entity_ids, limit=args.limit)
    finally:
        database.dispose()
    lines = [
        f"{event.occurred_at:%Y-%m-%d %H:%M}  {event.actor:<12} {event.action:<16} {event.entity:<14} "
        f"{describe_changes(event)}" + (f"  (reason: {event.reason})" if event.reason else "")
        for event in events
    ]
    emit(args, [_describe(event) for event in events], "\n".join(lines) or "No audit events.")
    return EXIT_OK
