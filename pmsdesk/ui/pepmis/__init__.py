"""The PEPMIS screen (Tanzanian LGAs): plan and assignments, progress, marks, appeals, printed reports."""

from .view import PepmisView

__all__ = ["PepmisView"]
