"""Fail any test that reads files beside the repository (for example ../shared).

A clone with nothing beside it must pass its own suite, so the suite may read only its own
tree, the Python installation and temporary folders. An audit hook (PEP 578) sees every
``open``, ``os.listdir`` and ``os.scandir`` in the process; a path in a sibling folder of the
repository (``../shared/...``) is recorded and fails the test that did it. Hidden siblings
(``~/.cache`` when the clone sits in a home folder), the temporary folder and the Python
installation are not siblings the suite could depend on by mistake, so they are let through.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PARENT = str(ROOT.parent) + os.sep
_REPOSITORY = str(ROOT) + os.sep
_WATCHED_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
_ALLOWED = tuple(os.path.realpath(folder) + os.sep for folder in
                 {tempfile.gettempdir(), sys.prefix, sys.base_prefix, sys.exec_prefix})

#: Paths read outside the repository since the last ``take_outside_reads()``.
_outside_reads: list[str] = []


def is_outside_repository(path: object) -> bool:
    """True for a path under the repository's parent folder that is not inside the repository."""
    if isinstance(path, int) or path is None:
        return False
    try:
        text = os.fsdecode(os.fspath(path))  # type: ignore[arg-type]
    except TypeError:
        return False
    absolute = os.path.abspath(text) + os.sep
    if not absolute.startswith(_PARENT) or absolute.startswith(_REPOSITORY):
        return False
    if absolute.startswith(_ALLOWED) or os.path.realpath(absolute).startswith(_ALLOWED):
        return False
    return not absolute[len(_PARENT):].startswith(".")


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
