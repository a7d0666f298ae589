"""One real build of a few sample units, shared by the render tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from brandkit.build import Options, Report, build
from brandkit.spec.load import SpecFile

# Phường Tây Hồ: 3 people, CB00076 with a photo and the longest name and title of the sample.
# Chi nhánh số 3: 4 people, CB00015 with a photo.
UNITS = ("phuong-tay-ho", "chi-nhanh-03")


@dataclass(frozen=True)
class SampleBuild:
    out: Path
    report: Report
    spec_file: SpecFile

    def pdf(self, unit: str) -> Path:
        return self.out / unit / "badges" / f"{unit}-badges.pdf"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, sample_spec, sample_spec_path) -> SampleBuild:
    out = tmp_path_factory.mktemp("sample-build")
    options = Options(spec=sample_spec_path, out=out, jobs=1, quiet=True, units=UNITS)
    report = build(options, assets=("badge",))
    return SampleBuild(out, report, sample_spec)
