"""What a command imports before it does anything: the help and a build with nothing to do
need neither the build nor the spec model (each is a fresh interpreter, as a user runs it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, SAMPLE_SPEC

HEAVY = ("brandkit.build.pipeline", "brandkit.spec.model", "reportlab", "pydantic", "openpyxl")

_PROBE = """
import atexit, sys
def report():
    print("IMPORTED " + " ".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
atexit.register(report)
from brandkit.cli import main
sys.argv = ["brandkit", *sys.argv[1:]]
main()
"""


def heavy_imports(*args: object) -> tuple[list[str], str]:
    """The HEAVY modules `brandkit ARGS…` imported, and what it printed."""
    code = _PROBE.format(heavy=HEAVY)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    line = next(x for x in done.stderr.splitlines() if x.startswith("IMPORTED"))
    return line.split()[1:], done.stdout + done.stderr


def test_help_imports_no_build() -> None:
    found, output = heavy_imports("--help")
    assert "brandkit" in output
    assert found == []


def test_a_build_with_nothing_to_do_imports_no_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("--spec", SAMPLE_SPEC, "--out", out, "make", "tokens")
    found, output = heavy_imports(*args)
    assert "brandkit.build.pipeline" in found, output  # the first build made them
    found, output = heavy_imports(*args)
    assert found == [], output
    assert "Wrote nothing new (0 pages laid out; 2 unchanged)" in output
