"""The Plans screen: organisation units, plans, strategic objectives, KPAs and programmes."""

from .view import PlansView

__all__ = ["PlansView"]
