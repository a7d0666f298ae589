"""`python -m brandkit` in a real process, from the repository root as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT


def brandkit(*args: object, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "brandkit", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_badges_with_the_default_spec(tmp_path: Path) -> None:
    # No --spec: the default specs/hanoi-one-stop.yaml, relative to where brandkit runs.
    out = tmp_path / "out"
    done = brandkit("--out", out, "badges", "--unit", "Phường Tây Hồ", "--format", "pdf,png")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Wrote 1 PDF, 6 PNGs" in done.stderr  # a PNG per side of each of the 3 badges
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert len(files) == 7
    for entry in files:
        assert (out / entry["path"]).is_file()
    (pdf,) = [e for e in files if e["format"] == "pdf"]
    assert pdf["pages"] == 6 and pdf["sides"] == 2  # front, back, front, back …
    pngs = [e["path"] for e in files if e["format"] == "png"]
    fronts = [p for p in pngs if not p.endswith("-back.png")]
    assert len(fronts) == 3
    assert sorted(pngs) == sorted(fronts + [p.removesuffix(".png") + "-back.png" for p in fronts])


def test_a_broken_spec_in_a_real_process(tmp_path: Path) -> None:
    spec = tmp_path / "brand.yaml"
    spec.write_text(
        (REPO_ROOT / "specs" / "hanoi-one-stop.yaml")
        .read_text(encoding="utf-8")
        .replace("size: 13pt", "size: 13", 1),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = brandkit("--spec", spec, "--out", out, "badges", "--unit", "phuong-tay-ho")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{spec}:" in done.stderr and "expected a length with a unit" in done.stderr
    assert not (out / "manifest.json").exists()
    usage = brandkit("--spec", spec, "badges", "--format", "tiff")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr
