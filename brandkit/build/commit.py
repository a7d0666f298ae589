"""Committing a build: one build per output folder, everything made in a temporary folder
first, then a journal, then the renames, then the manifest; an interrupted commit is rolled
forward by the next build."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from brandkit.build.manifest import MANIFEST
from brandkit.errors import BrandkitError
from brandkit.i18n import Message

TEMP_PREFIX = ".brandkit-"
JOURNAL = "COMMIT.json"  # inside a temporary folder: the renames that make it the output


class OutputBusy(BrandkitError):
    """Another build is writing to the same output folder (and we were told not to wait)."""


@contextlib.contextmanager
def output_lock(
    out: Path, wait: bool = True, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the output folder's advisory lock (flock on the folder itself, so no lock file is
    left behind): one build writes to a folder at a time; the next waits, or fails at once
    when `wait` is false. The lock goes with the process, however it ends."""
    handle = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise OutputBusy(
                    Message(
                        "another build is writing to {out}/; try again when it has finished",
                        out=out,
                    )
                ) from None
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


@dataclass
class Staging:
    """A build's temporary folder and the renames that will commit it."""

    out: Path
    folder: str
    renames: list[tuple[str, str]] = field(default_factory=list)  # (temporary file, final path)
    journal_written: bool = False  # from then on the folder is the next build's to finish

    def stage(self, temp: str, path: str) -> None:
        """`temp` will become `<out>/<path>` at the commit."""
        self.renames.append((temp, path))

    def commit(self, manifest: str) -> None:
        """Write the journal (the manifest's new text included, as a file beside it), then make
        every rename and replace the manifest. Disk full or any other failure before the
        journal is complete leaves the output as it was; after it, the next build finishes
        the job (`roll_forward`)."""
        manifest_temp = os.path.join(self.folder, MANIFEST)
        _write_synced(manifest_temp, manifest.encode("utf-8"))
        journal: dict[str, object] = {"renames": self.renames, "manifest": manifest_temp}
        _write_synced(os.path.join(self.folder, JOURNAL), json.dumps(journal).encode("utf-8"))
        self.journal_written = True
        apply_journal(self.out, journal)
        self.journal_written = False  # done: nothing left to finish


def _write_synced(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def apply_journal(out: Path, journal: dict[str, object]) -> None:
    """Make the renames a journal lists (those not made yet), then put its manifest in place."""
    renames = journal.get("renames")
    manifest = journal.get("manifest")
    if not isinstance(renames, list) or not isinstance(manifest, str):
        return
    for temp, path in renames:
        if os.path.exists(temp):
            final = out / path
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, final)
    if os.path.exists(manifest):
        os.replace(manifest, out / MANIFEST)


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Staging]:
    """A temporary folder inside `out` for everything a build makes, removed at the end
    (committed or not), but for a commit that failed half-way, which the next build ends."""
    folder = tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=out)
    staged = Staging(out, folder)
    try:
        yield staged
    finally:
        if not staged.journal_written:  # else a commit stopped half-way: `recover` ends it
            shutil.rmtree(folder, ignore_errors=True)


def recover(out: Path) -> int:
    """What an interrupted build left in `out` (call with the lock held): a commit whose
    journal is complete is finished; any other temporary folder is removed. Returns how many
    interrupted commits were finished."""
    finished = 0
    for folder in sorted(out.glob(f"{TEMP_PREFIX}*")):
        if not folder.is_dir():
            continue
        journal = read_journal(folder)
        if journal is not None:
            apply_journal(out, journal)
            finished += 1
        shutil.rmtree(folder, ignore_errors=True)
    return finished


def read_journal(folder: Path) -> dict[str, object] | None:
    try:
        journal = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return journal if isinstance(journal, dict) else None


def interrupted(out: Path) -> list[str]:
    """The files an interrupted commit has still to put in place (for `changes`)."""
    pending = []
    for folder in sorted(out.glob(f"{TEMP_PREFIX}*")):
        journal = read_journal(folder) if folder.is_dir() else None
        renames = journal.get("renames") if journal else None
        if isinstance(renames, list):
            pending += [path for temp, path in renames if os.path.exists(temp)]
    return pending


@contextlib.contextmanager
def new_output_folder(out: Path) -> Iterator[None]:
    """`out`, made if missing; removed again if it was made and the build fails."""
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    succeeded = False
    try:
        yield
        succeeded = True
    finally:
        if created and not succeeded:
            with contextlib.suppress(OSError):
                out.rmdir()
