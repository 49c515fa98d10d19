"""Fail any test that reads files beside the repository (for example ../shared).

A clone with nothing beside it must pass its own suite, so the suite may not depend on the
folders that happen to stand beside the clone. An audit hook (PEP 578) sees every ``open``,
``os.listdir`` and ``os.scandir`` in the process; a path inside one of those sibling folders
(or a sibling file) is recorded and fails the test that did it.

The siblings are the entries of the repository's parent folder when the run starts, less
hidden ones (``~/.cache`` when the clone sits in a home folder) and pytest's own temporary
folders; files the run creates later (temporary files when the clone sits in /tmp) are not
siblings the suite could depend on by mistake.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PARENT = str(ROOT.parent)
_WATCHED_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})


def _siblings() -> frozenset[str]:
    try:
        names = os.listdir(_PARENT)
    except OSError:
        return frozenset()
    return frozenset(name for name in names if name != ROOT.name and not name.startswith((".", "pytest-of-")))


#: The sibling entries the suite must not read (see the module's docstring).
SIBLINGS = _siblings()
#: Paths read outside the repository since the last ``take_outside_reads()``.
_outside_reads: list[str] = []


def is_outside_repository(path: object, siblings: frozenset[str] | None = None) -> bool:
    """True for a path in a sibling of the repository (``siblings``: the names to watch, SIBLINGS by default)."""
    if isinstance(path, int) or path is None:
        return False
    try:
        text = os.fsdecode(os.fspath(path))  # type: ignore[arg-type]
    except TypeError:
        return False
    relative = os.path.relpath(os.path.abspath(text), _PARENT)
    first = relative.split(os.sep, 1)[0]
    return first not in (os.curdir, os.pardir) and first in (SIBLINGS if siblings is None else siblings)


def _audit(event: str, args: tuple) -> None:
    if event in _WATCHED_EVENTS and args and is_outside_repository(args[0]):
        _outside_reads.append(os.path.abspath(os.fsdecode(os.fspath(args[0]))))


def install() -> None:
    """Start watching (once per process: audit hooks cannot be removed)."""
    if not getattr(sys, "_pmsdesk_outside_reads_hook", False):
        sys.addaudithook(_audit)
        sys._pmsdesk_outside_reads_hook = True  # type: ignore[attr-defined]


def take_outside_reads() -> list[str]:
    """The paths recorded since the last call, and start a new list."""
    taken = list(_outside_reads)
    _outside_reads.clear()
    return taken
