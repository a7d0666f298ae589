"""The build as a library: plan, lay out, render, preflight, impose, bundle, commit, report.

`cli.py`, the studio and the tests use what this module exports; the stages live in
`pipeline.py`, the registry of asset kinds in `assets.py`. Each name is imported when it is
first used, so that a command that needs only the options or the registry (`--help`,
`schema`, `preflight`) does not import the whole build."""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

    ASSETS: tuple[str, ...]

_WHERE = {
    "assets": ("BUILT_IN", "AssetKind", "Registry", "registry_for"),
    "execute": ("default_jobs",),
    "incremental": ("Change",),
    "manifest": ("Entry", "Manifest", "read_manifest", "write_manifest"),
    "options": ("BuildWarning", "Options", "Report", "TooBigForSheet"),
    "pipeline": (
        "UnitRow", "build", "changes", "check", "list_units", "load_and_validate", "validate",
    ),
    "plan": ("Job",),
    "preview": ("Preview", "Thumbnail", "preview"),
    "records": (
        "UnitSelectionError", "counter_records", "select_units", "staff_record", "unit_record",
    ),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}


def __getattr__(name: str) -> Any:
    if name == "ASSETS":
        from brandkit.build.assets import BUILT_IN

        value: Any = tuple(kind.name for kind in BUILT_IN)
        """The built-in asset kinds, in the order `build` makes them."""
    elif name in _MODULE_OF:
        value = getattr(importlib.import_module(f"brandkit.build.{_MODULE_OF[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """The package, whose exported `preview` (a function) is not replaced by the submodule of
    the same name when that is imported (Python sets a package's attribute to each submodule
    it loads)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in _MODULE_OF:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

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
