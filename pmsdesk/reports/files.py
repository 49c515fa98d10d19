"""Writing an output file so that a failure never leaves half of it behind.

Every PDF and workbook is written to a temporary file beside the target and
moved into place only when complete (``os.replace`` is atomic on one volume):
a full disk, a crash or a cancel leaves the old file (or none), never a torn one.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pmsdesk.i18n import _


def new_file_mode() -> int:
    """The mode an ordinary new file gets (mkstemp's files are private, 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def written_atomically(target: str | Path) -> Iterator[Path]:
    """A temporary path to write instead of ``target``; it becomes ``target`` when the block ends.

    If the block raises, the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".pmsdesk-", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, new_file_mode())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_error_message(target: str | Path, error: OSError) -> str:
    """What to tell an official whose file could not be written, and what to do about it."""
    target = Path(target)
    if isinstance(error, PermissionError) and getattr(error, "filename2", None) == str(target):
        # Only the final rename failed: Windows refuses to replace a file another program holds open.
        return (_(
                "Cannot save {0}: the file is open in another program (Excel or a PDF viewer?). Close it "
                "there and save again; the file was left as it was.").format(target.name))
    if isinstance(error, PermissionError):
        return (_(
                "Cannot save {0}: the folder {1} may not be written to. Nothing was "
                "saved; choose another folder.").format(target.name, target.parent))
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (_(
                "Cannot save {0}: the disk holding {1} is full. Nothing was saved; free "
                "some space or choose another drive.").format(target.name, target.parent))
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return _("Cannot save {0}: the folder {1} does not exist. Choose another folder.").format(target.name, target.parent)
    if error.errno == errno.EROFS:
        return _(
                "Cannot save {0}: {1} is read-only (a locked USB stick?). Choose another "
                "folder.").format(target.name, target.parent)
    return _("Cannot save {0} in {1}: {2}. Nothing was saved.").format(target.name, target.parent, error.strerror or error)
