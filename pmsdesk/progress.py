"""How long work says how far it is, and learns that the person cancelled it. No Qt here.

Core functions that take a while (SDBIP import, package export and import, report
rendering, backups) accept a ``Progress``: they call it between steps with how
much is done, of how much, and a sentence for the person waiting. The caller's
callback may raise ``Cancelled``; the work lets it through, and its transaction
rolls back, so a cancel leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total, sentence)``; may raise ``Cancelled``.
Progress = Callable[[int, int, str], None]


class Cancelled(Exception):
    """The person pressed Cancel: the work stops at its next step and rolls back."""


def no_progress(_done: int, _total: int, _sentence: str) -> None:
    """The default: nobody is watching, nothing can cancel."""


def staged(progress: Progress, sentence: Callable[[int, int], str]) -> Callable[[str, int, int], None]:
    """Adapt a ``Progress`` to the sync modules' ``(stage, done, total)`` callbacks; ``sentence(done, total)``."""
    return lambda _stage, done, total: progress(done, total, sentence(done, total))
