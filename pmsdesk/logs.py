"""The log file: what someone supporting an office reads after something went wrong.

One rotating file in the user's data folder (``PMSDESK_LOG_DIR`` moves it, for
tests and for offices that keep logs elsewhere). Modules log through
``logging.getLogger(__name__)``; ``setup_logging`` is called once by the
command line and the app. A filter blanks the sign-in password and anything
shaped like key material, so a log can be sent to support as it is.
No Qt here: the command line and the core share it.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from collections import deque
from datetime import UTC
from pathlib import Path

import platformdirs

LOG_DIR_ENV = "PMSDESK_LOG_DIR"
LOG_FILE_NAME = "pmsdesk.log"
#: Five files of 1 MB: months of warnings, a few days of a busy head office at INFO.
MAX_BYTES = 1_000_000
BACKUP_COUNT = 4
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
DEFAULT_LEVEL = "INFO"
#: Environment variables whose values must never reach the log (passwords given to the CLI).
SECRET_VARIABLES = ("PMSDESK_PASSWORD", "PGPASSWORD")
_KEY_MATERIAL = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", re.DOTALL
)
_FORMAT = "%(asctime)s %(levelname)-7s %(process)d %(name)s: %(message)s"

_handler: logging.Handler | None = None


def log_directory() -> Path:
    """The folder of the log file: ``PMSDESK_LOG_DIR`` or ``logs`` in the user's data folder."""
    if os.environ.get(LOG_DIR_ENV):
        return Path(os.environ[LOG_DIR_ENV])
    return platformdirs.user_data_path("pmsdesk", appauthor=False) / "logs"


def log_path() -> Path:
    """Where the log is written (shown in Help → About and by ``pmsdesk --version``)."""
    return log_directory() / LOG_FILE_NAME


class RedactSecrets(logging.Filter):
    """Blank passwords from the environment and private-key blocks in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # The traceback is formatted later from exc_info: format it now, cleaned, instead.
            cleaned_trace = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
            record.exc_text = cleaned_trace
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def redact(text: str) -> str:
    """``text`` without any secret that the process knows of, nor private-key blocks."""
    for variable in SECRET_VARIABLES:
        secret = os.environ.get(variable)
        if secret and len(secret) >= 3:
            text = text.replace(secret, "[secret]")
    return _KEY_MATERIAL.sub("[private key]", text)


def setup_logging(level: str = DEFAULT_LEVEL) -> Path | None:
    """Send pmsdesk's records at ``level`` and above to the rotating log file.

    Returns the file's path, or None when the folder cannot be written (a
    read-only profile): pmsdesk then runs without a log rather than not at all.
    Calling it again only changes the level.
    """
    global _handler
    root = logging.getLogger("pmsdesk")
    root.setLevel(level.upper())
    logging.raiseExceptions = False  # a full disk while logging must not print a traceback
    if _handler is not None:
        return log_path()
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactSecrets())
    root.addHandler(handler)
    root.propagate = False
    _handler = handler
    return path


def shutdown_logging() -> None:
    """Detach the file (tests that move ``PMSDESK_LOG_DIR``)."""
    global _handler
    if _handler is not None:
        logging.getLogger("pmsdesk").removeHandler(_handler)
        _handler.close()
        _handler = None


def recent_lines(count: int = 200) -> list[str]:
    """The last ``count`` lines of the log, for a crash report ([] when there is no log)."""
    if _handler is not None:
        _handler.flush()
    try:
        with log_path().open(encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\n") for line in deque(handle, maxlen=count)]
    except OSError:
        return []


def crash_report(error: BaseException, *, lines: int = 200) -> str:
    """The text a person sends to support: version, platform, recent log lines, the traceback.

    Secrets are blanked as in the log itself.
    """
    import platform
    import sys
    import traceback
    from datetime import datetime

    from pmsdesk import __version__

    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    parts = [
        "pmsdesk crash report",
        f"time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"pmsdesk: {__version__}",
        f"python: {sys.version.split()[0]} ({platform.python_implementation()})",
        f"platform: {platform.platform()}",
        f"log file: {log_path()}",
        "",
        "traceback:",
        trace.rstrip(),
        "",
        f"last {lines} lines of the log:",
        *recent_lines(lines),
    ]
    return redact("\n".join(parts) + "\n")
