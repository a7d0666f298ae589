"""The user's cache (`$XDG_CACHE_HOME/brandkit/`, else `~/.cache/brandkit/`): what brandkit
can work out again but need not, each entry named by the digest of everything it depends on,
so an entry is either right or not found. A cache that cannot be read or written costs only the
time it would have saved."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

MAX_ENTRIES = 64  # of one kind: a few lists or fonts, each edited now and then


def cache_folder(kind: str) -> Path | None:
    """The folder of one kind of entry (`builds`, `lists`, `fonts`), None without a home."""
    root = os.environ.get("XDG_CACHE_HOME")
    if not root:
        try:
            root = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory to find
            return None
    return Path(root) / "brandkit" / kind


def read_entry(kind: str, key: str) -> Any:
    """The JSON data kept under `key` (a hex digest of its inputs), or None."""
    folder = cache_folder(kind)
    if folder is None:
        return None
    try:
        return json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_entry(kind: str, key: str, data: Any) -> None:
    """Keep `data` under `key`, atomically (a reader sees the whole entry or none), readable
    by the user alone (a staff list's rows are people's names and phone numbers); the oldest
    entries of the kind beyond MAX_ENTRIES are removed."""
    folder = cache_folder(kind)
    if folder is None:
        return
    text = json.dumps(data, ensure_ascii=False).encode("utf-8")
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
            os.replace(temp, folder / f"{key}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _prune(folder)


def _prune(folder: Path) -> None:
    entries = []
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime_ns, path))
    entries.sort()
    for _, path in entries[: max(0, len(entries) - MAX_ENTRIES)]:
        with contextlib.suppress(OSError):
            path.unlink()
