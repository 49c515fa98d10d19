"""Signed packages between offices and head office: export, verify, import, conflicts.

Entry points: :func:`export_package`, :func:`read_package` (checks with no
database), :func:`import_package` (:func:`.refusals.import_recorded` keeps a refused attempt on
record), the trust store in :mod:`.keys`, the conflict queue in :mod:`.conflicts` (in words:
:mod:`.conflict_words`) and head office's consolidation in :mod:`.consolidation` (its columns:
:mod:`.league_columns`). Nothing here imports Qt; the Sync screen
and the ``pmsdesk package`` / ``pmsdesk keys`` commands call these.
"""

from .apply import ImportSummary, import_package
from .conflicts import open_conflicts, resolve_conflict
from .errors import PackageRefused, SyncSetupError
from .export import ExportSummary, export_package
from .format import DEFAULT_LIMITS, FORMAT_VERSION, Limits, Manifest
from .keys import DeviceKey, device_key, office_code, revoke_key, set_office_code, trust_key
from .reader import VerifiedPackage, read_package

__all__ = [
    "DEFAULT_LIMITS", "FORMAT_VERSION", "DeviceKey", "ExportSummary", "ImportSummary", "Limits", "Manifest",
    "PackageRefused", "SyncSetupError", "VerifiedPackage", "device_key", "export_package", "import_package",
    "office_code", "open_conflicts", "read_package", "resolve_conflict", "revoke_key", "set_office_code",
    "trust_key",
]
