"""One entry of a form's drop-down, as the services hand it to a screen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Choice:
    """An id and how a person recognises it, for a form's drop-down."""

    id: str
    label: str
