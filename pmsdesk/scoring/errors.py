"""The one error the scoring engine raises for bad input or bad rule sets."""

from __future__ import annotations


class ScoringInputError(ValueError):
    """Input the engine cannot score, naming the field so a user can fix it.

    ``field`` is a path such as ``kpas[2].rating`` or ``body.bands[1].max``;
    ``str(error)`` reads ``"kpas[2].rating: must be between 1 and 5, got 6"``.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class RuleSetError(ScoringInputError):
    """A rule set that cannot be used: gaps or overlaps in bands, bad weights."""


def format_number(value: float) -> str:
    """A number as a person would type it: 6, not 6.0; 2.5 stays 2.5."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)
