"""Quarterly reporting: the capturer's worklist and the form to report an actual with evidence."""

from .view import ReportingView

__all__ = ["ReportingView"]
