"""The no-change rebuild's quick check (files compared by size and date with the manifest,
hashed only when they differ) and files written with `--force`.

A file edited by hand keeping its size is still found (its date is newer than the
manifest's); a file only touched is hashed and found unchanged; a file written over a broken
brand rule is checked again by the next build without `--force`. (That a build with nothing
changed rewrites nothing is tests/cli/test_incremental.py's.)
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import invoke, snapshot
from tests.conftest import SAMPLE_SPEC, SpecCopy

UNIT = "phuong-tay-ho"
BADGES = f"{UNIT}/badges/{UNIT}-badges.pdf"
DOOR_SIGN = f"{UNIT}/signs/{UNIT}-door-sign.pdf"


def args(out: Path, *more: object, spec: Path = SAMPLE_SPEC) -> list[object]:
    return ["--spec", spec, "--out", out, "-j", "1", *more]


def build(out: Path) -> Any:
    result = invoke(*args(out, "badges", "--unit", UNIT))
    assert result.exit_code == 0, result.output
    return result


def changes(out: Path) -> list[dict[str, Any]]:
    result = invoke(*args(out, "changes", "--unit", UNIT, "--json"))
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["changes"]
    return [c for c in found if c["asset"] == "badge"]


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def entries(out: Path) -> dict[str, dict[str, Any]]:
    return {e["path"]: e for e in manifest(out)["files"]}


def files(out: Path) -> dict[str, tuple[str, int]]:
    return {p: v for p, v in snapshot(out).items() if p != "manifest.json"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("quick") / "out"
    build(out)
    return out


@pytest.fixture
def out(base: Path, tmp_path: Path) -> Path:
    """A copy of the built folder, dates kept (the manifest's too)."""
    copy = tmp_path / "out"
    shutil.copytree(base, copy)
    return copy


def edit_in_place(path: Path) -> bytes:
    """Change one byte in the middle of the file, its size kept; the original bytes."""
    original = path.read_bytes()
    data = bytearray(original)
    data[len(data) // 2] ^= 0x01
    with path.open("r+b") as handle:  # written over, not replaced
        handle.write(data)
    assert path.stat().st_size == len(original)
    return original


def manifest_ns(out: Path) -> int:
    return (out / "manifest.json").stat().st_mtime_ns


def test_each_entry_records_its_file_size(out: Path) -> None:
    listed = entries(out)
    assert BADGES in listed
    for path, entry in listed.items():
        assert entry["size"] == (out / path).stat().st_size, path
    # Files dated no later than the manifest: what lets the next build skip hashing them.
    assert all((out / p).stat().st_mtime_ns <= manifest_ns(out) for p in listed)


@pytest.mark.parametrize("later", [False, True], ids=["edited-now", "dated-later"])
def test_a_hand_edit_keeping_the_size_is_found_and_undone(out: Path, later: bool) -> None:
    path = out / BADGES
    original = edit_in_place(path)
    if later:
        when = manifest_ns(out) + 5_000_000_000
        os.utime(path, ns=(when, when))
    assert path.stat().st_mtime_ns > manifest_ns(out)
    assert changes(out) == [
        {"path": BADGES, "unit": UNIT, "asset": "badge", "status": "edited", "pages": []}
    ]
    before = files(out)
    build(out)
    assert path.read_bytes() == original
    after = files(out)
    assert sorted(p for p in after if after[p] != before[p]) == [BADGES]
    assert manifest(out)["last_build"]["rewritten"] == [BADGES]
    assert entries(out)[BADGES]["size"] == len(original)


def test_a_touched_file_with_the_same_bytes_is_unchanged(out: Path) -> None:
    path = out / BADGES
    when = manifest_ns(out) + 5_000_000_000
    os.utime(path, ns=(when, when))
    assert changes(out) == []
    before = files(out)
    result = build(out)
    assert files(out) == before  # hashed, found equal: not rewritten, its date kept
    assert path.stat().st_mtime_ns == when
    assert manifest(out)["last_build"]["rewritten"] == []
    assert "Wrote nothing new" in result.stderr


def test_a_same_size_edit_dated_as_the_manifest_is_found(out: Path) -> None:
    path = out / BADGES
    edit_in_place(path)
    when = manifest_ns(out)  # the edit landed in the same clock tick as the manifest
    os.utime(path, ns=(when, when))
    assert [c["status"] for c in changes(out)] == ["edited"]


# ---------------------------------------------------------------------------------------------
# --force


@pytest.fixture
def small_sign(spec_copy: SpecCopy) -> SpecCopy:
    """The door sign's purpose set too small to read from 2 m (the letter height rule)."""
    spec_copy.edit("size: 96pt, min_size: 68pt", "size: 30pt, min_size: 20pt")
    return spec_copy


def test_a_forced_file_is_checked_again_by_the_next_build(
    small_sign: SpecCopy, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    signs = ("signs", "--unit", UNIT)
    forced = invoke(*args(out, *signs, "--force", spec=small_sign.path))
    assert forced.exit_code == 0, forced.output
    warnings = [w for w in forced.stderr.splitlines() if w.startswith("warning: ")]
    assert len(warnings) == 1 and "letter height rule fails for door_sign" in warnings[0]
    assert warnings[0].endswith("(written anyway: --force)")
    assert (out / DOOR_SIGN).is_file()
    assert entries(out)[DOOR_SIGN]["forced"] is True

    # Nothing changed, but the door sign was written over a broken rule: refused again.
    before = snapshot(out)
    again = invoke(*args(out, *signs, spec=small_sign.path))
    assert again.exit_code == 1, again.output
    assert "templates.door_sign.purpose: letter height rule fails" in again.stderr
    assert "nothing was written" in again.stderr
    assert "up to date" not in again.output and "Wrote nothing new" not in again.stderr
    assert snapshot(out) == before

    # The rule mended: the door sign is made again and no entry says forced any more.
    small_sign.edit("size: 30pt, min_size: 20pt", "size: 96pt, min_size: 68pt")
    mended = invoke(*args(out, *signs, spec=small_sign.path))
    assert mended.exit_code == 0, mended.output
    assert DOOR_SIGN in manifest(out)["last_build"]["rewritten"]
    assert not [p for p, e in entries(out).items() if e.get("forced")]
    quiet = invoke(*args(out, *signs, spec=small_sign.path))
    assert quiet.exit_code == 0, quiet.output
    assert "Wrote nothing new" in quiet.stderr
