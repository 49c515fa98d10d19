"""The KPI register / SDBIP screen."""

from .model import KpiRegisterModel
from .view import KpiRegisterView

__all__ = ["KpiRegisterModel", "KpiRegisterView"]
