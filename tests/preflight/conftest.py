"""What the preflight tests share: every print job of two units, laid out as the build lays
it out and imposed on SRA3 where it fits (the safe-margin proofs, the page keys and the press
sheets' shortcuts are held to the full preflight on them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from brandkit.build import Options
from brandkit.build.pipeline import load_and_validate, prepare
from brandkit.build.plan import Job, plan
from brandkit.build.work import Worker, lay_out
from brandkit.layout.impose import parse_sheet
from brandkit.layout.page import Page
from tests.conftest import SAMPLE_SPEC

UNITS = ("phuong-tay-ho", "trung-tam")


@dataclass
class Sample:
    worker: Worker
    jobs: list[tuple[str, str, list[Page], float]]  # asset, template, pages, safe margin
    planned: list[Job]  # the build's job of each of `jobs` (imposed on SRA3 where it fits)


@pytest.fixture(scope="module")
def sample() -> Sample:
    """Every print job of two units, laid out as the build lays it out."""
    spec_file, registry = load_and_validate(SAMPLE_SPEC, None)
    assets = tuple(k.name for k in registry if not k.brand_wide)
    options = Options(spec=SAMPLE_SPEC, out=Path("unused"), units=UNITS, sheet=parse_sheet("SRA3"))
    planned = plan(spec_file, registry, options, assets)
    worker = prepare(planned)
    jobs = []
    kept = []
    for job in planned.jobs:
        if job.screen:
            continue
        pages, problems, _ = lay_out(worker, job)
        assert not problems, (job.template, problems)
        template = worker.layouts[job.layout].template
        jobs.append((job.asset, job.template, pages, template.safe_margin))
        kept.append(job)
    return Sample(worker, jobs, kept)
