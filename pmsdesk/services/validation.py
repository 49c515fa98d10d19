"""Turning caller-supplied values into typed column values, collecting every problem.

Services validate a whole form at once so the UI can show each message next
to its field and the CLI can print them all.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from pmsdesk.i18n import _

from .errors import ValidationError

Coerce = Callable[[Any], Any]


class Invalid(ValueError):
    """Raised by a coercer; the message is shown after the field name."""


def text(max_length: int, *, required: bool = False) -> Coerce:
    def coerce(value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise Invalid(_("is required"))
            return None
        if not isinstance(value, str):
            raise Invalid(_("must be text, got {0}").format(type(value).__name__))
        value = value.strip()
        if len(value) > max_length:
            raise Invalid(_("is {0} characters long; at most {1} allowed").format(len(value), max_length))
        return value

    return coerce


def number(
    *, minimum: float | None = None, maximum: float | None = None, required: bool = False
) -> Coerce:
    def coerce(value: Any) -> float | None:
        if value is None or value == "":
            if required:
                raise Invalid(_("is required"))
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(_("must be a number, got {0!r}").format(value))
        if math.isnan(value) or math.isinf(value):
            raise Invalid(_("must be a finite number"))
        if minimum is not None and value < minimum:
            raise Invalid(_("must be at least {0:g}, got {1:g}").format(minimum, value))
        if maximum is not None and value > maximum:
            raise Invalid(_("must be at most {0:g}, got {1:g}").format(maximum, value))
        return float(value)

    return coerce


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Coerce:
    def coerce(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(_("must be a whole number, got {0!r}").format(value))
        if minimum is not None and value < minimum:
            raise Invalid(_("must be at least {0}, got {1}").format(minimum, value))
        if maximum is not None and value > maximum:
            raise Invalid(_("must be at most {0}, got {1}").format(maximum, value))
        return value

    return coerce


def choice(enum: type[StrEnum], *, required: bool = True) -> Coerce:
    def coerce(value: Any) -> StrEnum | None:
        if value is None or value == "":
            if required:
                raise Invalid(_("is required"))
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise Invalid(_("must be one of {0}; got {1!r}").format(allowed, value)) from None

    return coerce


def a_date(*, required: bool = False) -> Coerce:
    def coerce(value: Any) -> date | None:
        if value is None or value == "":
            if required:
                raise Invalid(_("is required"))
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise Invalid(_("must be a date like 2025-06-30, got {0!r}").format(value))

    return coerce


def flag() -> Coerce:
    def coerce(value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid(_("must be true or false, got {0!r}").format(value))
        return value

    return coerce


def top_layer_flag() -> Coerce:
    """A KPI's top-layer mark: True, or None for a departmental KPI (False and a missing value read as None,
    so an unmarked KPI is stored one way and its row hash is that of a KPI saved before the mark existed)."""
    def coerce(value: Any) -> bool | None:
        if value is None or value is False:
            return None
        if value is True:
            return True
        raise Invalid(_("must be true or false, got {0!r}").format(value))

    return coerce


def reference_id() -> Coerce:
    """An optional id of another record (existence is checked by the service)."""
    return text(36)


def clean(
    values: Mapping[str, Any], fields: Mapping[str, Coerce], *, partial: bool = False
) -> dict[str, Any]:
    """Coerce ``values`` by ``fields``; raise one ValidationError listing every problem.

    Unknown keys are refused so a typo never silently drops data. With
    ``partial`` only the given keys are checked (updates); otherwise missing
    keys are coerced from None, which enforces required fields.
    """
    problems: dict[str, str] = {}
    result: dict[str, Any] = {}
    for key in values:
        if key not in fields:
            problems[key] = _("is not a field of this record")
    keys = [key for key in fields if key in values] if partial else list(fields)
    for key in keys:
        try:
            result[key] = fields[key](values.get(key))
        except Invalid as error:
            problems[key] = str(error)
    if problems:
        raise ValidationError(problems)
    return result
