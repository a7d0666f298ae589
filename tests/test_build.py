"""The build: unit selection, dry runs, the manifest, clean output folders."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from brandkit.build import (
    Options,
    UnitSelectionError,
    build,
    select_units,
    validate,
    write_manifest,
)
from brandkit.errors import BrandkitError
from brandkit.layout.impose import parse_sheet
from tests.conftest import SAMPLE_SPEC

BADGES = ("badge",)  # these tests are about the build, not the asset kinds: badges suffice


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


def test_validate_writes_nothing(tmp_path) -> None:
    out = tmp_path / "out"
    report = validate(options(out, units=("phuong-tay-ho",)), BADGES)
    assert report.items == 6  # three people, a front and a back each
    assert report.written == []
    assert not out.exists()


def test_a_build_leaves_no_temporary_files(tmp_path) -> None:
    out = tmp_path / "out"
    build(options(out, units=("phuong-tay-ho",), formats=frozenset({"pdf", "png"})), BADGES)
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert not [n for n in names if n.startswith(".") or "/." in n or n.endswith(".tmp")]
    # A proof per side of each of the unit's 3 badges (the back: badge_back).
    stems = (
        "badge-cb00076-cong-ton-nu-thi-hoang-phuong-thao-nguyen",
        "badge-cb00077-tran-minh-cuong",
        "badge-cb00078-hoang-xuan-viet",
    )
    assert names == sorted(
        [
            "manifest.json",
            "phuong-tay-ho",
            "phuong-tay-ho/badges",
            "phuong-tay-ho/badges/phuong-tay-ho-badges.pdf",
            "phuong-tay-ho/badges/png",
        ]
        + [f"phuong-tay-ho/badges/png/{stem}{side}.png" for stem in stems for side in ("", "-back")]
    )


def test_manifest_merges_and_forgets_deleted_files(tmp_path) -> None:
    out = tmp_path / "out"
    build(options(out, units=("phuong-tay-ho",)), BADGES)
    build(options(out, units=("chi-nhanh-03",)), BADGES)
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
    build(options(out, units=("phuong-tay-ho",)), BADGES)
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["unit"] for e in document["files"]] == ["phuong-tay-ho"]


def test_every_person_gets_their_own_png(tmp_path, write_staff) -> None:
    rows = [
        (staff_id, "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho")
        for staff_id in ("A/1", "A-1", "a 1")
    ]
    staff = write_staff("staff.csv", rows)
    out = tmp_path / "out"
    report = build(options(out, staff=staff, formats=frozenset({"png"})), BADGES)
    pngs = sorted(out.rglob("*.png"))
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    # Two proofs each (front and back), and no two people share a file name.
    assert len(report.written) == 6
    paths = {w.path for w in report.written}
    assert len(paths) == 6
    fronts = {p for p in paths if not p.endswith("-back.png")}
    assert len(fronts) == 3
    assert paths - fronts == {p.removesuffix(".png") + "-back.png" for p in fronts}
    assert len(pngs) == 6
    assert {p.relative_to(out).as_posix() for p in pngs} == paths
    assert len(entries) == 6


def _pdf_bytes(out: Path, pattern: str = "*.pdf") -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob(pattern))}


def test_forked_pooled_and_single_process_builds_agree(tmp_path) -> None:
    # Three ways to run the same jobs of every asset kind (one process; forked children sharing
    # the parent's state; a spawned pool whose workers load the spec themselves, as on Windows
    # and macOS) must write the same bytes.
    units = ("phuong-tay-ho", "chi-nhanh-03", "trung-tam")
    # With press sheets and bundles too: the workers impose, preflight and zip.
    more = {"units": units, "sheet": parse_sheet("SRA3"), "bundle": True}
    build(options(tmp_path / "one", **more))
    build(Options(spec=SAMPLE_SPEC, out=tmp_path / "forked", jobs=2, quiet=True, **more))
    spawned = {"start_method": "spawn", **more}
    build(Options(spec=SAMPLE_SPEC, out=tmp_path / "pooled", jobs=2, quiet=True, **spawned))
    one = _pdf_bytes(tmp_path / "one")
    # Every asset kind (22 PDFs a unit, the sample's A3 poster, business cards, letterhead and
    # the DL, C5 and C4 envelope blanks included) and the 13 sheets of those that fit SRA3 (the
    # C4 blank does not): which PDFs a worker drew before must not matter.
    assert len(one) == 3 * (22 + 13)
    zips = _pdf_bytes(tmp_path / "one", "*.zip")
    assert len(zips) == 3
    assert _pdf_bytes(tmp_path / "forked", "*.zip") == zips
    assert _pdf_bytes(tmp_path / "pooled", "*.zip") == zips
    pngs = {
        str(p.relative_to(tmp_path / "one")): p.read_bytes()
        for p in (tmp_path / "one").rglob("*.png")
    }
    assert pngs  # the kiosk screens
    assert pngs == {
        str(p.relative_to(tmp_path / "forked")): p.read_bytes()
        for p in (tmp_path / "forked").rglob("*.png")
    }
    assert _pdf_bytes(tmp_path / "forked") == one
    assert _pdf_bytes(tmp_path / "pooled") == one


def test_a_failing_record_in_a_worker_fails_the_whole_build(tmp_path, write_staff) -> None:
    # Problems found by forked workers travel back and stop the build like local ones.
    rows = [
        ("X1", "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho"),
        ("X2", "Trần Thị Hà", "Chuyên viên " * 40, "chi-nhanh-03"),
        ("X3", "Phạm Văn Lộc", "Chuyên viên", "trung-tam"),
    ]
    staff = write_staff("staff.csv", rows)
    out = tmp_path / "out"
    with pytest.raises(BrandkitError) as info:
        build(Options(spec=SAMPLE_SPEC, out=out, jobs=2, quiet=True, staff=staff), BADGES)
    (problem,) = info.value.problems
    assert problem.line == 3 and "does not fit" in problem.message
    assert not list(out.rglob("*.pdf"))


def test_new_inputs_that_draw_the_same_bytes_remake_no_bundle(tmp_path) -> None:
    # A new brandkit (or a spec change no page shows) makes every job again; where the bytes
    # come out the same, nothing is rewritten, and the print-shop zip is not remade either:
    # the job ticket is made from what the manifest says, lengths rounded, not from the
    # unrounded values in memory.
    out = tmp_path / "out"
    made = options(out, units=("phuong-tay-ho",), sheet=parse_sheet("SRA3"), bundle=True)
    first = build(made)
    assert any(path.endswith(".zip") for path in first.rewritten)
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in document["files"]:
        if entry["format"] != "zip":
            entry["inputs"] = "made by an older brandkit"
    (out / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    again = build(made)
    assert again.items > 0  # every page laid out and drawn again
    assert again.rewritten == []
    assert build(made).rewritten == []
