"""A build with nothing to do, known in a few milliseconds: the fingerprint of its inputs.

A full build plans every job and digests every record before it finds that nothing changed.
When the build before it was asked for the same thing (options, brandkit's code, the
environment that reaches the files) and not one input file has changed since (each the same
size and date: the spec's whole folder, and the fonts, photos and lists it reads from
elsewhere), and every output is still the file that build wrote, then it would write nothing:
the next build says so without planning. Any difference, however small, falls back to the
full build, which decides file by file as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brandkit.build.incremental import code_digest
from brandkit.build.manifest import Manifest
from brandkit.build.options import Options

_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)  # what the bytes of a PDF depend on outside the files


def options_key(options: Options, assets: tuple[str, ...] | None) -> str:
    """What the build was asked for, the code that answers and the environment it reads."""
    asked = {
        f.name: getattr(options, f.name)
        for f in dataclasses.fields(options)
        if f.name not in ("jobs", "quiet", "start_method", "wait", "rebuild", "force")
    }
    data = {
        "options": {k: _plain(v) for k, v in sorted(asked.items())},
        "out": str(options.out.resolve()),
        "assets": sorted(assets) if assets is not None else None,
        "code": code_digest(),
        "environment": {name: os.environ.get(name) for name in _ENVIRONMENT},
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(map(str, value))
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return str(value.resolve())
    return value if isinstance(value, str | int | float | bool | None) else repr(value)


def _stat(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _tree(folder: Path, out: Path) -> dict[str, list[int] | None]:
    """Every file under `folder` (hidden ones and the output folder left out) with its size
    and date."""
    found: dict[str, list[int] | None] = {}
    skip = out.resolve()
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (base / d).resolve() != skip)
        for name in sorted(files):
            if not name.startswith("."):
                path = base / name
                found[path.relative_to(folder).as_posix()] = _stat(path)
    return found


def fingerprint(
    options: Options, assets: tuple[str, ...] | None, elsewhere: Iterable[Path] = ()
) -> dict[str, Any]:
    """The inputs of a build as they are now: the options' key, the spec's folder, and the
    files read from `elsewhere` (outside that folder)."""
    folder = options.spec.resolve().parent
    outside = sorted({str(p.resolve()) for p in elsewhere if not _within(p, folder)})
    return {
        "key": options_key(options, assets),
        "folder": str(folder),
        "files": _tree(folder, options.out),
        "elsewhere": {path: _stat(Path(path)) for path in outside},
    }


def _within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder)
    except OSError:
        return False


def nothing_to_do(options: Options, assets: tuple[str, ...] | None, manifest: Manifest) -> bool:
    """Whether the build before wrote everything this one would, from the same inputs, and
    every file it wrote is still there as it wrote it."""
    last = manifest.last_build.quick
    if options.rebuild or not last or not isinstance(last.get("elsewhere"), dict):
        return False
    if any(entry.forced for entry in manifest.entries.values()):
        return False  # to be checked again without --force
    now = fingerprint(options, assets, [Path(p) for p in last["elsewhere"]])
    if any(last.get(key) != value for key, value in now.items()):
        return False
    out = options.out
    return all(manifest.status_of(path, None, out) == "unchanged" for path in manifest.entries)
