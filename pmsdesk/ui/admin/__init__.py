"""The Administration screen: users and roles, rule sets, financial years, backups."""

from .view import AdministrationView

__all__ = ["AdministrationView"]
