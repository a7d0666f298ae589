"""What the print-shop hand-off costs: the full kit, a rebuild with nothing changed, one unit.

Builds the sample spec's kit (`brandkit build --sheet SRA3 --bundle`, default `--jobs`, every
unit unless `--units N`) in a fresh output folder, builds it again with nothing changed, then
builds one unit's every asset in another fresh folder and again; then preflights every PDF and
sizes the bundles. It prints figures, it is not a test:

    .venv/bin/python bench/print_shop.py [--units N] [--unit ID] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "hanoi-one-stop.yaml"
BUILD = ("build", "--sheet", "SRA3", "--bundle")
DEFAULT_UNIT = "phuong-tay-ho"

# Targets (issue 15), with default --jobs on two cores.
TARGET_FULL_S = 60.0  # the full kit, fresh output folder
TARGET_REBUILD_S = 2.0  # the full kit again, nothing changed
TARGET_UNIT_S = 2.0  # one unit's every asset, fresh output folder

# Preflights every PDF under a folder with the measured tree's code, in its own process.
PREFLIGHT = """
import glob, sys, time
from brandkit.preflight import preflight_pdf
files = sorted(glob.glob(sys.argv[1] + "/**/*.pdf", recursive=True))
started = time.perf_counter()
for path in files:
    preflight_pdf(path)
print(len(files), (time.perf_counter() - started) * 1000 / max(1, len(files)))
"""


def spec_units() -> list[dict]:
    """The sample spec's units in order: the centre, the branches, then wards and communes."""
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))["units"]


def cores() -> str:
    return f"os.cpu_count() {os.cpu_count()}, sched_getaffinity {len(os.sched_getaffinity(0))}"


def code_location() -> str:
    """Where the `brandkit` that `python -m brandkit` runs from the repository root lives,
    its modules compiled first as an installed package's are (`make compile`): where
    PYTHONDONTWRITEBYTECODE is set, each run would otherwise compile them again."""
    compile_args = [sys.executable, "-m", "compileall", "-q", str(ROOT / "brandkit")]
    subprocess.run(compile_args, cwd=ROOT, check=True, capture_output=True)
    args = [sys.executable, "-c", "import brandkit; print(brandkit.__file__)"]
    return subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def run(out: Path, chosen: list[str]) -> tuple[float, float]:
    """(seconds, peak MB of its largest process) of one `brandkit build --sheet SRA3 --bundle`
    in a fresh process, as a user runs it, with the tree's code (cwd: the repository root)."""
    args = [sys.executable, "-m", "brandkit", "--spec", str(SPEC), "--out", str(out), "-q"]
    args += BUILD
    for unit in chosen:
        args += ["--unit", unit]
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stderr=subprocess.DEVNULL)
    # wait4's rusage covers the build and every worker it waited for: ru_maxrss is the peak
    # resident memory of the largest single process (KiB on Linux).
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss * 1024 / 1e6


def preflight_each(out: Path) -> tuple[int, float]:
    """(PDFs, milliseconds per PDF) to preflight every PDF under `out` in one process."""
    args = [sys.executable, "-c", PREFLIGHT, str(out)]
    done = subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True)
    count, ms = done.stdout.split()
    return int(count), float(ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--units", type=int, help="only the first N units (default: every unit)")
    parser.add_argument(
        "--unit", help=f"the one unit to build alone (default {DEFAULT_UNIT}, or the first ward)"
    )
    parser.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    options = parser.parse_args()
    units = spec_units()
    chosen = [u["id"] for u in units[: options.units]] if options.units else []
    ids = {u["id"] for u in units}
    wards = [u["id"] for u in units if u.get("kind") == "ward"]
    one = options.unit or (DEFAULT_UNIT if DEFAULT_UNIT in ids else (wards or [units[0]["id"]])[0])
    if one not in ids:
        parser.error(f"--unit: no unit {one!r} in {SPEC.name}")
    whole = "every unit" if not chosen else f"the first {len(chosen)} units"
    print(f"{SPEC.name}: {whole} of {len(units)}; one unit: {one}")
    print(f"cores: {cores()}; brandkit from {code_location()}")
    print(f"command: brandkit {' '.join(BUILD)} (default --jobs), each run a fresh process")
    base = options.keep or Path(tempfile.mkdtemp(prefix="brandkit-bench-"))
    rows: list[tuple[str, str]] = []
    checks: list[tuple[str, bool | None]] = []
    try:
        kit = base / "kit"
        shutil.rmtree(kit, ignore_errors=True)
        full, peak = run(kit, chosen)
        rows.append((f"build, {whole}, fresh output folder", f"{full:.1f} s"))
        again, _ = run(kit, chosen)
        rows.append(("the same again, nothing changed", f"{again:.2f} s"))
        alone = base / "one-unit"
        shutil.rmtree(alone, ignore_errors=True)
        unit_s, _ = run(alone, [one])
        rows.append((f"one unit ({one}), every asset, fresh folder", f"{unit_s:.2f} s"))
        unit_again, _ = run(alone, [one])
        rows.append((f"one unit ({one}) again, nothing changed", f"{unit_again:.2f} s"))
        count, per_file = preflight_each(kit)
        rows.append((f"preflight, {count:,} PDFs (one process)", f"{per_file:.1f} ms a PDF"))
        zips = sorted(kit.glob("*/*-print-bundle.zip"))
        size = sum(z.stat().st_size for z in zips) / max(1, len(zips)) / 1e6
        rows.append((f"bundle, {len(zips)} units", f"{size:.1f} MB a unit"))
        rows.append(("peak memory of one build process (full build)", f"{peak:.0f} MB"))
        if chosen:
            checks.append((f"full kit ≤ {TARGET_FULL_S:g} s: not measured (--units)", None))
        else:
            checks.append((f"full kit {full:.1f} s ≤ {TARGET_FULL_S:g} s", full <= TARGET_FULL_S))
        checks.append((f"rebuild, nothing changed, {again:.2f} s ≤ {TARGET_REBUILD_S:g} s",
                       again <= TARGET_REBUILD_S))  # fmt: skip
        checks.append((f"one unit's every asset {unit_s:.2f} s ≤ {TARGET_UNIT_S:g} s",
                       unit_s <= TARGET_UNIT_S))  # fmt: skip
    finally:
        if options.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    print()
    for text, ok in checks:
        print(f"{'SKIP' if ok is None else 'PASS' if ok else 'MISS'}  {text}")


if __name__ == "__main__":
    main()
