"""Why a package was refused. Raised before anything is written, or with the write rolled back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from .format import Manifest


class PackageRefused(ServiceError):
    """A package cannot be read or applied; ``reason`` is a short code tests and the UI can match.

    The message names the file, member, record or field and says what to do.
    """

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        #: The signed manifest, once the package was read far enough to trust it (sender, sequence, id).
        self.manifest: Manifest | None = None
        self.package_id: str | None = None
        super().__init__(message)


class SyncSetupError(ServiceError):
    """This installation is not ready to sync (no office code, unreadable key, ...)."""
