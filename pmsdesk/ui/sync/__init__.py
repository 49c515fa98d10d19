"""Sync: this office's identity, package export and import, and the conflicts waiting for a decision."""

from .view import SyncView

__all__ = ["SyncView"]
