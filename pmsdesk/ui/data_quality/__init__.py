"""Data quality: the problems an official must fix in the selected year, each opening its record."""

from .view import DataQualityView

__all__ = ["DataQualityView"]
