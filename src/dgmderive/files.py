"""Atomic writes: a file is either its old self or completely the new one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_all(files: dict[Path, bytes], stale: tuple[Path, ...] = ()) -> None:
    """Write every file to a temporary name first, then move each into place, and remove the
    ``stale`` files, which the new ones would otherwise sit beside (an old PDF of an older sheet)."""
    staged = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
            staged.append((tmp, path))
        for tmp, path in staged:
            os.replace(tmp, path)
        for path in stale:
            if path not in files:
                path.unlink(missing_ok=True)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
