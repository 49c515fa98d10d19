"""Anchoring the audit chain outside the laptop: heads reported in signed packages, checked later.

A hash chain alone shows an edited event only until someone recomputes every
hash after it. Each package therefore carries its sender's chain head (length
and hash, signed with the package) and where the chain now stands at the
length it reported before. Head office keeps every head it receives and sends
the latest back as an acknowledgement. A chain rewritten, truncated or
re-attributed after it was reported then no longer matches: at head office
(the next package's ``previous`` differs from the head kept), and at the
office itself (its chain no longer has the acknowledged hash at that length).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.models import AuditAnchor, AuditEvent

from .audit import GENESIS_HASH

RECEIVED, ACKNOWLEDGED = "received", "acknowledged"


def chain_position(session: Session) -> tuple[int, str]:
    """How many events the chain holds and the hash of the last one."""
    length = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    return length, hash_at(session, length) or GENESIS_HASH


def hash_at(session: Session, length: int) -> str | None:
    """The hash of the chain's ``length``-th event (None if the chain is shorter)."""
    if length <= 0:
        return GENESIS_HASH
    return session.scalar(select(AuditEvent.event_hash).order_by(AuditEvent.id).offset(length - 1).limit(1))


@dataclass(frozen=True)
class AnchorProblem:
    """A chain that no longer matches a head reported in a package."""

    office: str
    package_sequence: int
    message: str


def anchor_problems(session: Session, own_office: str | None) -> list[AnchorProblem]:
    """Every head reported in a package that the chains no longer match, oldest first."""
    anchors = list(session.scalars(select(AuditAnchor).order_by(AuditAnchor.id)))
    problems = [_own_chain(session, anchor) for anchor in anchors
                if anchor.kind == ACKNOWLEDGED and anchor.office == own_office]
    reported: dict[tuple[str, int], AuditAnchor] = {}
    longest: dict[str, AuditAnchor] = {}
    for anchor in (anchor for anchor in anchors if anchor.kind == RECEIVED):
        problems.append(_received(anchor, reported, longest.get(anchor.office)))
        reported.setdefault((anchor.office, anchor.length), anchor)
        if anchor.office not in longest or anchor.length > longest[anchor.office].length:
            longest[anchor.office] = anchor
    return [problem for problem in problems if problem is not None]


def _own_chain(session: Session, anchor: AuditAnchor) -> AnchorProblem | None:
    now = hash_at(session, anchor.length)
    if now == anchor.head_hash:
        return None
    if now is None:
        what = (f"has fewer than the {anchor.length} events head office received in package "
                f"{anchor.package_sequence}: events were removed")
    else:
        what = (f"no longer has the hash head office received in package {anchor.package_sequence} at event "
                f"{anchor.length}: an event up to there was edited, removed or re-attributed")
    return AnchorProblem(anchor.office, anchor.package_sequence, f"This installation's audit trail {what}.")


def _received(anchor: AuditAnchor, reported: dict[tuple[str, int], AuditAnchor],
              longest: AuditAnchor | None) -> AnchorProblem | None:
    where = f"{anchor.office}'s audit trail, as reported in its package {anchor.package_sequence},"
    if longest is not None and anchor.length < longest.length:
        return AnchorProblem(anchor.office, anchor.package_sequence,
                             f"{where} holds {anchor.length} events, fewer than the {longest.length} it reported in "
                             f"package {longest.package_sequence}: events were removed.")
    if anchor.previous_length is None:
        return None
    earlier = reported.get((anchor.office, anchor.previous_length))
    if earlier is None or earlier.head_hash == anchor.previous_hash:
        return None
    return AnchorProblem(anchor.office, anchor.package_sequence,
                         f"{where} no longer matches at event {anchor.previous_length} what it reported in package "
                         f"{earlier.package_sequence}: an event up to there was edited, removed or re-attributed.")
