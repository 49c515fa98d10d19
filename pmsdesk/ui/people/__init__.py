"""The People screen: officials, their posts and supervisors, and the staff list in Excel."""

from .view import PeopleView

__all__ = ["PeopleView"]
