"""Outputs a build makes with a higher layer's code (the brand manual, the office documents,
the attire files: `brandkit.documents`), handed to the build by its caller, so the build never
imports what is built on top of it. They are planned from the plan, skipped when their inputs'
digests are unchanged, made on the build's worker processes and committed with its files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from brandkit.build.incremental import Change
from brandkit.build.manifest import Manifest
from brandkit.build.plan import Plan
from brandkit.build.work import JobResult, Worker


class ExtraOutputs(Protocol):
    """The extra files of one build's plan."""

    def todo(self, manifest: Manifest, out: Path, rebuild: bool) -> tuple[Sequence[Any], int]:
        """The tasks making the files that are not up to date (all with `rebuild`), and how
        many files are left as they are."""

    def changes(self, manifest: Manifest, out: Path) -> tuple[list[Change], int]:
        """The files a build would write, and how many it would leave as they are."""

    @property
    def work(self) -> Callable[[Worker, Any], JobResult]:
        """What a worker does with one task: a module-level function (a spawned process is
        handed it by name)."""


Extras = Callable[[Plan, str], ExtraOutputs]
"""Makes a plan's extra outputs, given the plan and the digest of the colour profile."""
