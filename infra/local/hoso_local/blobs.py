"""S3 object bodies kept beside the local AWS snapshot, one file each, named by their SHA-256.

The snapshot (:mod:`hoso_local.server`) used to pickle every S3 object's bytes on every save:
with 1,000 dossiers uploaded that was 1.8 GB pickled, checksummed and written every few
minutes, every request waiting while it was pickled, and the pickle buffer doubling the
process's memory. Bodies of at least :data:`BLOB_MIN` bytes (page images, PDFs) are now
written once, as files in ``blobs/`` beside the snapshot, and the snapshot holds their names;
smaller ones (manifests, page artefacts) stay in the pickle.

- A file's name is its body's SHA-256, so a file never changes once written (written to a
  temporary name, synced, then renamed) and equal bodies share one file.
- A body's digest is remembered on its moto object and forgotten whenever the body is set
  (moto's ``FakeKey.value`` setter), so a save reads and hashes only the bodies new since
  the last one.
- On restore every body is read back and checked against its name (size and SHA-256); a
  missing or damaged file makes that snapshot unusable, like a damaged snapshot.
- After a save, files that none of the snapshots on disk refer to are deleted. Which files a
  snapshot refers to is known for the ones this process wrote; until it has written all of
  them (``keep`` saves after a start) nothing is deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BLOB_MIN = 64 * 1024  # bodies from this size are kept as files (smaller ones in the pickle)
DIR = "blobs"
_DIGEST = "_hoso_blob"  # (size, sha256) of the body, on the moto object
_reading: list[Path] = []  # the folder bodies are read from while a snapshot is unpickled


class BlobUnusable(Exception):
    """A body a snapshot refers to is missing or does not match its name."""


def install() -> None:
    """Forget a remembered digest whenever an object's body is set (once per process)."""
    from moto.s3.models import FakeKey

    prop: Any = FakeKey.__dict__["value"]
    if getattr(prop.fset, "_hoso_forgets_digest", False):
        return

    def setter(self: Any, new_value: bytes) -> None:
        self.__dict__.pop(_DIGEST, None)
        prop.fset(self, new_value)

    setter._hoso_forgets_digest = True  # type: ignore[attr-defined]
    type.__setattr__(FakeKey, "value", property(prop.fget, setter, prop.fdel, prop.__doc__))


def is_s3_object(obj: Any) -> bool:
    cls = type(obj)
    return cls.__name__ == "FakeKey" and cls.__module__ == "moto.s3.models"


class Saving:
    """The bodies of one save: which files it refers to, and the new ones to write."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.refs: set[str] = set()
        self.pending: dict[str, bytes] = {}

    def reduce(self, key: Any) -> tuple[Any, ...] | None:
        """A pickle reduction of an S3 object that names its body's file (None: a small
        body, pickled as before)."""
        size = key.__dict__.get("contentsize")
        if not isinstance(size, int) or size < BLOB_MIN:
            return None
        known = key.__dict__.get(_DIGEST)
        if known is None or known[0] != size:
            value = key.value
            known = (len(value), hashlib.sha256(value).hexdigest())
            key.__dict__[_DIGEST] = known
            if not (self.folder / known[1]).exists():
                self.pending[known[1]] = value
        elif known[1] not in self.pending and not (self.folder / known[1]).exists():
            self.pending[known[1]] = key.value  # its file went away: written again
        self.refs.add(known[1])
        state = {
            k: v for k, v in key.__dict__.items() if k not in ("_value_buffer", "lock", _DIGEST)
        }
        return (_restored, (type(key), state, known[1], known[0]))

    def write(self) -> None:
        """Write the new bodies (each synced, then renamed into place; the folder synced)."""
        if not self.pending:
            return
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for digest, value in self.pending.items():
            tmp = self.folder / f"{digest}.tmp"
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(value)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.folder / digest)
            except BaseException:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise
        fsync_dir(self.folder)
        self.pending.clear()


class Kept:
    """Which files the snapshots on disk refer to (the last ``keep`` saves of this process)."""

    def __init__(self, folder: Path, keep: int) -> None:
        self.folder = folder
        self._saves: deque[set[str]] = deque(maxlen=keep)

    def saved(self, refs: set[str]) -> int:
        """A save put in place: delete the files no kept snapshot refers to; how many."""
        self._saves.append(refs)
        if len(self._saves) < (self._saves.maxlen or 0) or not self.folder.is_dir():
            return 0
        used = set().union(*self._saves)
        gone = 0
        for path in self.folder.iterdir():
            if path.name not in used:  # a .tmp too: saves run one at a time
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    gone += 1
        return gone


@contextlib.contextmanager
def reading(folder: Path) -> Iterator[None]:
    """Bodies named in a snapshot being unpickled are read from ``folder``."""
    _reading.append(folder)
    try:
        yield
    finally:
        _reading.pop()


def _restored(cls: Any, state: dict[str, Any], digest: str, size: int) -> Any:
    """An S3 object from a snapshot, its body read back from its file and checked."""
    if not _reading:
        raise BlobUnusable("a snapshot's object bodies were read outside blobs.reading()")
    path = _reading[-1] / digest
    try:
        value = path.read_bytes()
    except OSError as exc:
        raise BlobUnusable(f"{DIR}/{digest}: {exc.strerror or exc}") from None
    if len(value) != size or hashlib.sha256(value).hexdigest() != digest:
        raise BlobUnusable(f"{DIR}/{digest}: damaged (its content does not match its name)")
    key = cls.__new__(cls)
    key.__setstate__({**state, "value": value})
    key.__dict__[_DIGEST] = (size, digest)
    return key


def fsync_dir(path: Path) -> None:
    """Make a folder's entries durable (renames, new files); best effort."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
