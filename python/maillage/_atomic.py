"""Atomic writes for the writers that live in Python (zipped packages, Parquet folders, reports,
pictures of ``maillage.systemic``): the Python counterpart of ``src/io/io_support.cpp``.

A file is written under a temporary name in its folder (``.<name>.tmp-<random>``), flushed and
fsync'ed, then renamed over the old one, so a failure (a full disk, a missing folder, a killed
process) leaves the old file byte-identical. A folder is built whole in a temporary sibling and
swapped in: the old folder is renamed aside, the new one renamed in place, the old one deleted
(a crash between the two renames leaves the old folder under ``.<name>.old-<random>``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from pathlib import Path
from typing import Iterator, Union

from ._errors import InvalidInput

__all__ = ["write_file", "folder", "open_temporary"]


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder
    finally:
        os.close(fd)


def _parent(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _failure(target: Path, error: OSError, what: str = "cannot write the file") -> InvalidInput:
    if error.errno == errno.ENOENT and not _parent(target).is_dir():
        return InvalidInput(f"{target}: {what}: the folder {_parent(target)} does not exist")
    old = "folder" if target.is_dir() else "file"
    return InvalidInput(f"{target}: {what} ({error.strerror or error}); the old {old} is left as it was")


@contextlib.contextmanager
def open_temporary(path: Union[str, Path]) -> Iterator[object]:
    """A binary file object to write ``path`` atomically: renamed over ``path`` when the block
    ends without error (after flush and fsync), removed otherwise. OSError becomes InvalidInput
    naming ``path``."""
    target = Path(path)
    if target.is_dir():
        raise InvalidInput(f"{target}: is a folder, not a file")
    parent = _parent(target)
    mode = None
    with contextlib.suppress(OSError):
        mode = os.stat(target).st_mode & 0o7777
    temporary = None
    for _ in range(100):
        candidate = parent / f".{target.name}.tmp-{secrets.token_hex(5)}"
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise _failure(target, error) from None
        temporary = candidate
        break
    if temporary is None:
        raise InvalidInput(f"{target}: cannot create a temporary file beside it")
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _failure(target, error, "write error") from None
        raise
    _sync_folder(parent)


def write_file(path: Union[str, Path], data: Union[bytes, str]) -> None:
    """Writes ``data`` (text is written as UTF-8) to ``path`` atomically."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with open_temporary(path) as handle:
        handle.write(payload)  # type: ignore[attr-defined]


@contextlib.contextmanager
def folder(path: Union[str, Path]) -> Iterator[Path]:
    """A temporary sibling folder of ``path`` to fill; swapped in place of ``path`` (a folder or
    nothing) when the block ends without error, deleted otherwise. Its parents are created."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InvalidInput(f"{target}: exists and is not a folder")
    parent = _parent(target.resolve())
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _failure(target, error, "cannot create the folder") from None
    work = None
    for _ in range(100):
        candidate = parent / f".{target.name}.tmp-{secrets.token_hex(5)}"
        try:
            os.mkdir(candidate)
        except FileExistsError:
            continue
        except OSError as error:
            raise _failure(target, error, "cannot create the folder") from None
        work = candidate
        break
    if work is None:
        raise InvalidInput(f"{target}: cannot create a temporary folder beside it")
    try:
        yield work
        for root, _dirs, files in os.walk(work):
            for name in files:
                with open(os.path.join(root, name), "rb") as handle:
                    os.fsync(handle.fileno())
            _sync_folder(Path(root))
        _swap(work, target)
    except BaseException as error:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(error, OSError):
            raise _failure(target, error, "write error") from None
        raise
    _sync_folder(parent)


def _swap(work: Path, target: Path) -> None:
    """Puts the finished folder ``work`` in place of ``target``: the old one is moved aside first
    and deleted only once the new one is in place."""
    old = None
    if target.exists():
        old = _parent(target.resolve()) / f".{target.name}.old-{secrets.token_hex(5)}"
        os.replace(target, old)
    try:
        os.replace(work, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
