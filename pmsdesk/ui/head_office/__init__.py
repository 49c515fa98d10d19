"""Head office: the league table of the organisations consolidated here and what each office sent."""

from .view import HeadOfficeView

__all__ = ["HeadOfficeView"]
