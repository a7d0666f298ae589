"""What the print-shop hand-off costs: press sheets, preflight, bundles, and a rebuild.

Builds the sample spec's kit for a few units several ways and prints a figure for each; it
prints figures, it is not a test:

    .venv/bin/python bench/print_shop.py [--units N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import glob
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "hanoi-one-stop.yaml"


def units(count: int) -> list[str]:
    """The first `count` units of the sample spec: the centre, branches, then wards."""
    sys.path.insert(0, str(ROOT))
    from brandkit.spec.load import load_spec

    return [u.id for u in load_spec(SPEC).spec.units[:count]]


def run(out: Path, chosen: list[str], *extra: str) -> float:
    """Seconds one `brandkit build` takes (a fresh process, as a user runs it)."""
    args = [sys.executable, "-m", "brandkit", "--spec", str(SPEC), "--out", str(out), "-q"]
    args += ["build", *extra]
    for unit in chosen:
        args += ["--unit", unit]
    started = time.perf_counter()
    subprocess.run(args, check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def preflight_each(out: Path) -> tuple[int, float]:
    """(PDFs, milliseconds per PDF) to preflight every PDF under `out` in this process."""
    sys.path.insert(0, str(ROOT))
    from brandkit.preflight import preflight_pdf

    files = sorted(glob.glob(str(out / "**" / "*.pdf"), recursive=True))
    started = time.perf_counter()
    for path in files:
        preflight_pdf(path)
    return len(files), (time.perf_counter() - started) * 1000 / max(1, len(files))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--units", type=int, default=12, help="how many units (default 12)")
    parser.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    options = parser.parse_args()
    chosen = units(options.units)
    base = options.keep or Path(tempfile.mkdtemp(prefix="brandkit-bench-"))
    rows: list[tuple[str, str]] = []
    try:
        plain = base / "plain"
        rows.append(("build (PDFs and screens)", f"{run(plain, chosen):.1f} s"))
        sheets = base / "sheets"
        rows.append(("build --sheet SRA3", f"{run(sheets, chosen, '--sheet', 'SRA3'):.1f} s"))
        bundled = base / "bundle"
        seconds = run(bundled, chosen, "--sheet", "SRA3", "--bundle")
        rows.append(("build --sheet SRA3 --bundle", f"{seconds:.1f} s"))
        again = run(bundled, chosen, "--sheet", "SRA3", "--bundle")
        rows.append(("the same again, nothing changed", f"{again:.1f} s"))
        count, per_file = preflight_each(bundled)
        rows.append((f"preflight, {count} PDFs (one process)", f"{per_file:.1f} ms a PDF"))
        zips = sorted(bundled.glob("*/*-print-bundle.zip"))
        size = sum(z.stat().st_size for z in zips) / max(1, len(zips)) / 1e6
        rows.append((f"bundle, {len(zips)} units", f"{size:.1f} MB a unit"))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rows.append(("peak memory of a build process", f"{peak:.0f} MB"))
    finally:
        if options.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(f"{len(chosen)} units of {SPEC.name}:")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()
