"""A manifest entry as the build keeps it in memory equals what the manifest's JSON reads back:
the build decides what is up to date from the one, the next build from the other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brandkit.build import Options, build
from brandkit.build.manifest import MANIFEST, Entry, merged_entries, read_manifest
from brandkit.layout.impose import parse_sheet


@pytest.fixture(scope="module")
def built(sample_spec, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    options = Options(
        spec=sample_spec.path, out=out, jobs=1, units=("phuong-tay-ho",),
        sheet=parse_sheet("SRA3"), bundle=True,
    )  # fmt: skip
    build(options)
    return out


def test_every_kind_of_entry_reads_back_as_written(built: Path) -> None:
    entries = read_manifest(built).entries
    assert {e.format for e in entries.values()} >= {"pdf", "png", "zip", "json", "ico"}
    for entry in entries.values():
        # An entry made in memory has lengths to more places than the file keeps.
        made = entry.replace(
            trim_mm=tuple(v + 0.0012 for v in entry.trim_mm) if entry.trim_mm else None,
            bleed_mm=entry.bleed_mm + 0.0004,
        )
        written = made.as_written()
        assert written == Entry.from_json(json.loads(json.dumps(made.to_json())))
        assert written == entry
    # The manifest the build wrote is what merging its own entries again gives.
    text = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    again = merged_entries(built, list(entries.values()))
    assert [e.to_json() for e in sorted(again.values(), key=lambda e: e.path)] == text["files"]
