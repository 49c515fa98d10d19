"""Verification: the queue of reported values with their evidence; verify, return or approve."""

from .view import VerificationView

__all__ = ["VerificationView"]
