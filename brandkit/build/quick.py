"""A build with nothing to do, known in a few milliseconds: the fingerprint of its inputs.

A full build plans every job and digests every record before it finds that nothing changed.
When the build before it was asked for the same thing (options, brandkit's code, the
environment that reaches the files) and not one input file has changed since (each the same
size and date: the spec's whole folder, and the fonts, photos and lists it reads from
elsewhere), and every output is still the file that build wrote, then it would write nothing:
the next build says so without planning. Any difference, however small, falls back to the
full build, which decides file by file as before.

The fingerprint is kept in the user's cache (`$XDG_CACHE_HOME/brandkit/builds/`, one file
per output folder), not in the output, which holds only what a build makes and stays the same
bytes for the same outputs wherever and whenever they were made. It carries the digest of the
manifest it goes with: a manifest written by any other build disowns it, and a lost or stale
cache only costs the next build its quick check.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from brandkit.build.commit import TEMP_PREFIX, output_lock
from brandkit.build.digest import code_digest
from brandkit.build.manifest import MANIFEST, Manifest, read_manifest, write_manifest
from brandkit.build.options import Options, Report

_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)  # what the bytes of a PDF depend on outside the files


def fingerprint_file(out: Path) -> Path:
    """Where the fingerprint of the last build into `out` is kept."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    name = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:32]
    return Path(cache) / "brandkit" / "builds" / f"{name}.json"


def read_fingerprint(out: Path) -> dict[str, Any] | None:
    """The fingerprint the last build left, if it goes with the manifest now in `out`."""
    try:
        data = json.loads(fingerprint_file(out).read_text(encoding="utf-8"))
        manifest = (out / MANIFEST).read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("manifest") != hashlib.sha256(manifest).hexdigest():
        return None
    return data


def write_fingerprint(out: Path, data: dict[str, Any]) -> None:
    """Leave `data` for the next build, tied to the manifest now in `out` (atomically; a
    fingerprint that cannot be written only costs the next build its quick check)."""
    path = fingerprint_file(out)
    try:
        manifest = (out / MANIFEST).read_bytes()
        text = json.dumps({**data, "manifest": hashlib.sha256(manifest).hexdigest()})
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        forget_fingerprint(out)


def forget_fingerprint(out: Path) -> None:
    """No quick check for the next build (a commit is about to change the output)."""
    with contextlib.suppress(OSError):
        fingerprint_file(out).unlink()


Asked = tuple[tuple[str, ...] | None, bool]
"""What a build makes: its asset kinds (all when None), and whether it makes the documents."""


def options_key(options: Options, asked: Asked) -> str:
    """What the build was asked for, the code that answers and the environment it reads."""
    assets, documents = asked
    given = {
        f.name: getattr(options, f.name)
        for f in dataclasses.fields(options)
        if f.name not in ("jobs", "quiet", "start_method", "wait", "rebuild", "force")
    }
    data = {
        "options": {k: _plain(v) for k, v in sorted(given.items())},
        "out": str(options.out.resolve()),
        "assets": sorted(assets) if assets is not None else None,
        "documents": documents,
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


def fingerprint(options: Options, asked: Asked, elsewhere: Iterable[Path] = ()) -> dict[str, Any]:
    """The inputs of a build as they are now: the options' key, the spec's folder, and the
    files read from `elsewhere` (outside that folder)."""
    folder = options.spec.resolve().parent
    outside = sorted({str(p.resolve()) for p in elsewhere if not _within(p, folder)})
    return {
        "key": options_key(options, asked),
        "folder": str(folder),
        "files": _tree(folder, options.out),
        "elsewhere": {path: _stat(Path(path)) for path in outside},
    }


def _within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder)
    except OSError:
        return False


def nothing_to_do(
    options: Options,
    asked: Asked,
    manifest: Manifest,
    last: dict[str, Any] | None,
) -> bool:
    """Whether the build before (whose fingerprint is `last`) wrote everything this one
    would, from the same inputs, and every file it wrote is still there as it wrote it."""
    if options.rebuild or not last or not isinstance(last.get("elsewhere"), dict):
        return False
    if any(entry.forced for entry in manifest.entries.values()):
        return False  # to be checked again without --force
    now = fingerprint(options, asked, [Path(p) for p in last["elsewhere"]])
    if any(last.get(key) != value for key, value in now.items()):
        return False
    out = options.out
    return all(manifest.status_of(path, None, out) == "unchanged" for path in manifest.entries)


def nothing_changed(
    options: Options, asked: Asked, on_wait: Callable[[], None] | None
) -> Report | None:
    """The report of a build with nothing to do, found from the fingerprint of its inputs
    without planning (nor importing the build: the command line asks this first); None when
    the full build must decide."""
    out = options.out
    if options.rebuild or not (out / MANIFEST).is_file():
        return None
    with output_lock(out, options.wait, on_wait):
        if any(out.glob(f"{TEMP_PREFIX}*")):  # a commit or a build to finish or clean up
            return None
        manifest = read_manifest(out)
        inputs = read_fingerprint(out)
        if inputs is None or not nothing_to_do(options, asked, manifest, inputs):
            return None
        last = manifest.last_build
        if last.rewritten:  # this build changed nothing: nothing new to send to print
            forget_fingerprint(out)
            write_manifest(out, [], dataclasses.replace(last, rewritten=()), manifest)
            write_fingerprint(out, inputs)
        return Report(unchanged=int(inputs.get("outputs", 0)))
