"""Dashboard: traffic lights by directorate and KPA, work waiting, the at-risk list and KPI trends."""

from .view import DashboardView

__all__ = ["DashboardView"]
