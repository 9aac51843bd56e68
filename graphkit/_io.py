"""Writing an output file whole or not at all (exports, pages)."""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from .errors import GraphkitError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_output(data: bytes, out) -> None:
    """Write ``data`` to ``out``: ``-`` is standard output; a device or a pipe that exists
    (``/dev/null``, a FIFO) is written into, never replaced; a file is written beside and
    renamed into place (a failure leaves the old one), with the mode a new file gets (0644
    under the usual umask) or that of the file it replaces. ``GraphkitError`` names what
    cannot be written."""
    if str(out) == "-":
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:  # (the reader stopped early: `| head`)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError as exc:
            raise GraphkitError(f"cannot write to standard output: {exc.strerror or exc}") from None
        return
    out = Path(out)
    try:
        st = out.stat()
    except OSError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise GraphkitError(f"{out} is a directory; give a file name")
    try:
        if st is not None and not stat.S_ISREG(st.st_mode):  # a device or a pipe: written into
            with open(out, "wb") as fh:
                fh.write(data)
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=str(out.parent))
    except OSError as exc:
        raise GraphkitError(f"cannot write {out}: {exc.strerror or exc}") from None
    try:
        # mkstemp makes the file private (0600)
        os.fchmod(fd, st.st_mode & 0o7777 if st is not None else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise GraphkitError(f"cannot write {out}: {exc.strerror or exc}") from None
        raise
