"""Service providers (South Africa): the register of contractors and their quarterly performance ratings."""

from .view import ServiceProvidersView

__all__ = ["ServiceProvidersView"]
