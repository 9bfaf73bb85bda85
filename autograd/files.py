"""Writing files so that nothing is lost: every file the project writes goes through here."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically: a temporary file in the same folder, then ``os.replace``.

    A reader never sees a half-written file, and a failed write leaves the old file untouched.
    Missing parent folders are created.  Returns the path written.

    A failure raises an :class:`OSError` (of the same kind, e.g. ``PermissionError``) whose
    ``filename`` is ``path``, not the temporary file: the message names the file the caller asked for.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, f"{os.strerror(errno.EISDIR)} (a folder cannot be replaced by a file)",
                                str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _naming(target, error, f"creating its folder {error.filename}") from error
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _naming(target, error) from error
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; these files are for everyone to read
        os.replace(tmp, target)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _naming(target, error) from error
        raise
    return target


def _naming(target: Path, error: OSError, doing: str = "") -> OSError:
    """``error`` again, naming ``target`` (the temporary file's name would mean nothing to a user)."""
    reason = error.strerror or str(error)
    if doing:
        reason = f"{reason} ({doing})"
    if error.errno is None:  # no errno to keep (e.g. a plain OSError("disk full")): say it in the text
        return OSError(f"{reason}: {target}")
    return OSError(error.errno, reason, str(target))  # OSError(errno, ...) picks the matching subclass
