"""Writing the outputs as a set: a folder holds either all of the old files or all of the new ones.

The new set is written into a hidden folder beside the output folder, together with hard links to
whatever else the output folder holds (a partial build's subfolder, say), and then the two folders
are exchanged in one step (Linux's ``renameat2(RENAME_EXCHANGE)``). A build killed or failing at
any point before the exchange leaves the old folder as it was; after it, the new one is whole. Where
the exchange is not available, each file is replaced atomically on its own, new files first.
Nothing temporary is left behind, except by a kill, and the next write removes that.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path

STAGING_PREFIX = ".dgmderive-staging-"
RENAME_EXCHANGE = 2  # <linux/fs.h>
AT_FDCWD = -100


def check_output_folder(out: Path) -> None:
    """Raise OSError, before any work, when ``out`` cannot become the output folder: a file is in
    the way, or no staging folder can be made beside it (where the nearest existing folder above it
    is tried)."""
    out = out.absolute()
    for folder in (out, *out.parents):
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(20, "not a folder, so it cannot hold the outputs", str(folder))
    nearest = next(folder for folder in out.parents if folder.exists())
    try:
        os.rmdir(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=nearest))
    except OSError as error:
        raise PermissionError(error.errno, f"no folder can be made there ({error.strerror})", str(nearest)) from None


def write_set(out: Path, files: dict[str, bytes], stale: tuple[str, ...] = ()) -> None:
    """Make ``out`` hold ``files`` (names inside it, with their bytes), without the ``stale`` names
    (an old PDF beside a sheet built without one), and keep what else it holds."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out.parent)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out.parent))
    try:
        if out.is_dir():
            os.chmod(staging, out.stat().st_mode & 0o7777)
            _link_others(out, staging, set(files) | set(stale))
        else:
            os.chmod(staging, 0o755)
        for name, data in files.items():
            _write(staging / name, data)
        if not out.exists():
            os.rename(staging, out)
        elif not _exchange(staging, out):
            _replace_each(staging, out, files, stale)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_leftovers(parent: Path) -> None:
    """The staging folders of a write that was killed."""
    for leftover in parent.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _link_others(out: Path, staging: Path, replaced: set[str]) -> None:
    """Hard links (copies where links are refused) to everything in ``out`` not being replaced."""
    for entry in out.iterdir():
        if entry.name in replaced:
            continue
        target = staging / entry.name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, target)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o644)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(error, os.strerror(error), str(second))


def _replace_each(staging: Path, out: Path, files: dict[str, bytes], stale: tuple[str, ...]) -> None:
    for name in files:
        os.replace(staging / name, out / name)
    for name in stale:
        if name not in files:
            (out / name).unlink(missing_ok=True)
