"""Helpers for driving the command line in-process with click's runner."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from brandkit.cli import cli

Run = Callable[..., Result]


def invoke(*args: object) -> Result:
    """Run `brandkit ARGS…` in this process; any exception other than a clean exit fails."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"brandkit {' '.join(map(str, args))} raised "
            f"{type(result.exception).__name__}: {result.exception}\n{result.output}"
        ) from result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def run() -> Run:
    """Run `brandkit ARGS…`; any exception other than a clean exit fails the test."""
    return invoke


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder` (hidden ones too) → (sha256, mtime in ns)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(folder).as_posix()] = (
                hashlib.sha256(data).hexdigest(),
                path.stat().st_mtime_ns,
            )
    return out


def written_files(folder: Path) -> list[str]:
    """Every file under `folder` (PDFs, PNGs, BMPs, tokens … and the manifest)."""
    if not folder.exists():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
