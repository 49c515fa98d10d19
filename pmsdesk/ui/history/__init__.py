"""A record's history, read from the audit trail."""

from .dialog import KpiHistoryDialog

__all__ = ["KpiHistoryDialog"]
