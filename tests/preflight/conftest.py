"""What the preflight tests share: every print job of two units, laid out as the build lays
it out (the safe-margin proof and the page keys are held to the full preflight on them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from brandkit.build import Options
from brandkit.build.pipeline import load_and_validate, prepare
from brandkit.build.plan import plan
from brandkit.build.work import Worker, lay_out
from brandkit.layout.page import Page
from tests.conftest import SAMPLE_SPEC

UNITS = ("phuong-tay-ho", "trung-tam")


@dataclass
class Sample:
    worker: Worker
    jobs: list[tuple[str, str, list[Page], float]]  # asset, template, pages, safe margin


@pytest.fixture(scope="module")
def sample() -> Sample:
    """Every print job of two units, laid out as the build lays it out."""
    spec_file, registry = load_and_validate(SAMPLE_SPEC, None)
    assets = tuple(k.name for k in registry if not k.brand_wide)
    options = Options(spec=SAMPLE_SPEC, out=Path("unused"), units=UNITS)
    planned = plan(spec_file, registry, options, assets)
    worker = prepare(planned)
    jobs = []
    for job in planned.jobs:
        if job.screen:
            continue
        pages, problems, _ = lay_out(worker, job)
        assert not problems, (job.template, problems)
        template = worker.layouts[job.layout].template
        jobs.append((job.asset, job.template, pages, template.safe_margin))
    return Sample(worker, jobs)
