"""Atomic writes: a file is either its old self or completely the new one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary name first, then move each into place."""
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
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
