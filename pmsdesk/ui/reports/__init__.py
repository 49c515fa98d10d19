"""The Reports screen and the Print / Save actions other screens share."""

from .view import ReportsView

__all__ = ["ReportsView"]
