"""Files: every file the project writes goes through :func:`write_atomic`, so nothing is lost, and every file it
reads through :func:`read_bounded`, so no file is read past a size limit (a 200 MB file, ``/dev/zero``)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from .errors import PizarraError

__all__ = ["FileTooLargeError", "NotAFileError", "read_bounded", "write_atomic"]


class FileTooLargeError(PizarraError, ValueError):
    """A file is larger than the limit its reader sets (``size`` and ``limit`` in bytes; ``size_text`` and
    ``limit_text`` as a person reads them, ``1.5 MB``)."""

    def __init__(self, path: str | os.PathLike[str], size: int, limit: int) -> None:
        self.path, self.size, self.limit = os.fspath(path), size, limit
        self.size_text, self.limit_text = _bytes(size), _bytes(limit)
        super().__init__(f"{self.path} is {self.size_text}, more than the {self.limit_text} this file may hold; "
                         f"nothing was read (raise the limit if the file is right)")


class NotAFileError(PizarraError, ValueError):
    """The path is a device, a pipe or a socket, not a regular file (reading it might never end); ``kind`` is one
    of ``folder``, ``device``, ``pipe``, ``socket``, ``special``."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        self.path, self.kind = os.fspath(path), kind
        super().__init__(f"{self.path} is a {_KINDS[kind]}, not a regular file; nothing was read")


_KINDS = {"folder": "folder", "device": "device", "pipe": "pipe (FIFO)", "socket": "socket", "special": "special file"}


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file ``path``, refused before any reading when it holds more than ``limit`` bytes.

    A device (``/dev/zero``), a FIFO or a socket raises :class:`NotAFileError`, a file larger than ``limit``
    :class:`FileTooLargeError`, both at once (the size is read from the open file, and at most ``limit + 1``
    bytes are ever read, so a file that grows while it is read is refused too).  Symbolic links are followed.
    ``OSError`` (a missing file, no permission) is raised as ``open`` raises it.
    """
    info = os.stat(path)  # before opening: opening a FIFO waits for a writer, maybe forever
    if not stat.S_ISREG(info.st_mode):
        raise NotAFileError(path, _kind(info.st_mode))
    with open(path, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError(path, _kind(info.st_mode))
        if info.st_size > limit:
            raise FileTooLargeError(path, info.st_size, limit)
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError(path, len(data), limit)
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special"


def _bytes(n: int) -> str:
    """``n`` bytes as a person reads it: ``512 bytes``, ``1.5 MB``."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


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
