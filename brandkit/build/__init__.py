"""The build as a library: plan, lay out, render, preflight, impose, bundle, commit, report.

`cli.py`, the studio and the tests use what this module exports; the stages live in
`pipeline.py`, the registry of asset kinds in `assets.py`."""

from brandkit.build.assets import BUILT_IN, AssetKind, Registry, registry_for
from brandkit.build.execute import default_jobs
from brandkit.build.incremental import Change
from brandkit.build.manifest import Entry, Manifest, read_manifest, write_manifest
from brandkit.build.options import BuildWarning, Options, Report, TooBigForSheet
from brandkit.build.pipeline import (
    UnitRow,
    build,
    changes,
    check,
    list_units,
    load_and_validate,
    validate,
)
from brandkit.build.plan import Job
from brandkit.build.preview import Preview, Thumbnail, preview
from brandkit.build.records import (
    UnitSelectionError,
    counter_records,
    select_units,
    staff_record,
    unit_record,
)

ASSETS = tuple(kind.name for kind in BUILT_IN)
"""The built-in asset kinds, in the order `build` makes them."""

__all__ = [
    "ASSETS",
    "BUILT_IN",
    "AssetKind",
    "BuildWarning",
    "Change",
    "Entry",
    "Job",
    "Manifest",
    "Options",
    "Preview",
    "Registry",
    "Report",
    "Thumbnail",
    "TooBigForSheet",
    "UnitRow",
    "UnitSelectionError",
    "build",
    "changes",
    "check",
    "counter_records",
    "default_jobs",
    "list_units",
    "load_and_validate",
    "preview",
    "read_manifest",
    "registry_for",
    "select_units",
    "staff_record",
    "unit_record",
    "validate",
    "write_manifest",
]
