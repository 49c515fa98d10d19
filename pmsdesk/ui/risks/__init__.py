"""Risks: the register of risks linked to KPIs, with its likelihood × impact matrix."""

from .view import RisksView

__all__ = ["RisksView"]
