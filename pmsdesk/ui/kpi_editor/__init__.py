"""The KPI editor: every field of a KPI and its quarterly targets, saved in one transaction."""

from .dialog import KpiEditorDialog

__all__ = ["KpiEditorDialog"]
