"""The build: unit selection, dry runs, the manifest, clean output folders."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from brandkit.build import Options, UnitSelectionError, build, select_units, write_manifest
from tests.conftest import SAMPLE_SPEC


def options(out: Path, **kwargs) -> Options:
    return Options(spec=SAMPLE_SPEC, out=out, jobs=1, quiet=True, **kwargs)


@pytest.mark.parametrize(
    "wanted",
    [
        ("phuong-tay-ho",),
        ("Phường Tây Hồ",),
        ("PHƯỜNG TÂY HỒ",),
        (unicodedata.normalize("NFD", "Phường Tây Hồ"),),
        ("phuong-tay-ho", "Phường Tây Hồ"),
    ],
)
def test_select_units(sample_spec, wanted) -> None:
    assert [u.id for u in select_units(sample_spec, wanted)] == ["phuong-tay-ho"]


def test_select_units_keeps_spec_order_and_reports_every_unknown(sample_spec) -> None:
    chosen = select_units(sample_spec, ("phuong-tay-ho", "trung-tam"))
    assert [u.id for u in chosen] == ["trung-tam", "phuong-tay-ho"]
    assert len(select_units(sample_spec, ())) == 139
    with pytest.raises(UnitSelectionError) as info:
        select_units(sample_spec, ("Phường Tây Hổ", "nowhere", "trung-tam"))
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 2
    assert "did you mean 'Phường Tây Hồ'?" in messages[0]


def test_dry_run_writes_nothing(tmp_path) -> None:
    out = tmp_path / "out"
    report = build(options(out, units=("phuong-tay-ho",)), dry_run=True)
    assert report.items == 3
    assert report.written == []
    assert not out.exists()


def test_a_build_leaves_no_temporary_files(tmp_path) -> None:
    out = tmp_path / "out"
    build(options(out, units=("phuong-tay-ho",), formats=frozenset({"pdf", "png"})))
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert not [n for n in names if n.startswith(".") or "/." in n or n.endswith(".tmp")]
    assert len([n for n in names if n.endswith(".png")]) == 3


def test_manifest_merges_and_forgets_deleted_files(tmp_path) -> None:
    out = tmp_path / "out"
    build(options(out, units=("phuong-tay-ho",)))
    build(options(out, units=("chi-nhanh-03",)))
    paths = [e["path"] for e in json.loads((out / "manifest.json").read_text())["files"]]
    assert paths == [
        "chi-nhanh-03/badges/chi-nhanh-03-badges.pdf",
        "phuong-tay-ho/badges/phuong-tay-ho-badges.pdf",
    ]
    (out / paths[0]).unlink()
    write_manifest(out, [])
    paths = [e["path"] for e in json.loads((out / "manifest.json").read_text())["files"]]
    assert paths == ["phuong-tay-ho/badges/phuong-tay-ho-badges.pdf"]


def test_a_corrupt_manifest_is_replaced(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("{not json", encoding="utf-8")
    build(options(out, units=("phuong-tay-ho",)))
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["unit"] for e in document["files"]] == ["phuong-tay-ho"]


def test_every_person_gets_their_own_png(tmp_path, write_staff) -> None:
    rows = [
        (staff_id, "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho")
        for staff_id in ("A/1", "A-1", "a 1")
    ]
    staff = write_staff("staff.csv", rows)
    out = tmp_path / "out"
    report = build(options(out, staff=staff, formats=frozenset({"png"})))
    pngs = sorted(out.rglob("*.png"))
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert len(report.written) == 3
    assert len({w.path for w in report.written}) == 3
    assert len(pngs) == 3
    assert len(entries) == 3
