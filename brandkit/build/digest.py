"""Digests of files and of brandkit's own code, kept apart from the planning they serve so
that a build with nothing to do (`quick.py`) can compute them without importing the build."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # brandkit/


@cache
def code_digest() -> str:
    """brandkit's own code and data: a new version of the tool may draw differently."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".icc", ".json", ".svg", ".ttf"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(file_digest(path).encode())
    return digest.hexdigest()


_file_digests: dict[Path, tuple[float, int, str]] = {}


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes (remembered while its size and mtime stay)."""
    stat = path.stat()
    known = _file_digests.get(path)
    if known is not None and known[:2] == (stat.st_mtime, stat.st_size):
        return known[2]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    _file_digests[path] = (stat.st_mtime, stat.st_size, digest)
    return digest
