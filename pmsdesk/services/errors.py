"""Errors services raise; each names what is wrong and where, for a person to fix."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every refusal a service makes. Nothing was written when one is raised."""


class ValidationError(ServiceError):
    """One or more fields are invalid. ``problems`` maps field name to message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.problems.items()))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls({field: message})


class PermissionDenied(ServiceError):
    """The acting user's roles do not allow this action."""


class NotFound(ServiceError):
    """A record the caller named does not exist."""


class LockedRecord(ServiceError):
    """The record is signed, approved or in a closed period and cannot change this way."""


class DatabaseBusy(ServiceError):
    """Another program held the database for longer than the busy timeout; nothing was written."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or "The database is busy: another pmsdesk window or command is writing to it. "
            "Nothing was saved; try again in a moment."
        )
