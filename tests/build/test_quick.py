"""The no-change rebuild's quick path (brandkit.build.quick): a build asked for the same thing
as the one before, from the same inputs (the spec's whole folder and the files it reads from
elsewhere, by size and date), with every output as that build wrote it, says so without
planning. Any difference falls back to the full build, which decides file by file.

Each test builds one unit's badges and door sign from a copy of `specs/`. Whether a build took
the quick path is told by `plan`, which the quick path never calls."""

from __future__ import annotations

import errno
import json
import os
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

import brandkit.build.commit as commit_module
import brandkit.build.pipeline as pipeline
from brandkit.build import Options, Report, build
from brandkit.build.quick import fingerprint_file
from tests.conftest import SPECS_DIR, SpecCopy, StaffWriter

UNIT = "phuong-tay-ho"
ASSETS = ("badge", "door_sign")
BADGES = f"{UNIT}/badges/{UNIT}-badges.pdf"
DOOR_SIGN = f"{UNIT}/signs/{UNIT}-door-sign.pdf"


def options(spec: SpecCopy, out: Path, **more: Any) -> Options:
    made: dict[str, Any] = {"jobs": 1, "quiet": True, "units": (UNIT,), **more}
    return Options(spec=spec.path, out=out, **made)


class Planning:
    """Counts the calls of `plan` (made by the full build only), passing them on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = pipeline.plan

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(pipeline, "plan", counted)

    def build(self, made: Options, assets: tuple[str, ...] | None = ASSETS) -> tuple[Report, bool]:
        """The build's report, and whether it took the quick path."""
        before = self.calls
        report = build(made, assets)
        return report, self.calls == before


@pytest.fixture
def planning(monkeypatch: pytest.MonkeyPatch) -> Planning:
    return Planning(monkeypatch)


def no_planning(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a build that plans fails with AssertionError."""

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("planned")

    monkeypatch.setattr(pipeline, "plan", refused)


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def fingerprint(out: Path) -> dict[str, Any]:
    """The inputs' fingerprint the last build left beside its manifest."""
    data: dict[str, Any] = json.loads(fingerprint_file(out).read_text(encoding="utf-8"))
    return data


def outputs(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every file the builds wrote (the manifest and temporary folders left out), with its
    date and bytes."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.json" and p.relative_to(out).parts[0][0] != "."
    }


def touch(path: Path) -> None:
    """A new date, a second later, the same bytes."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return unicodedata.normalize("NFC", " ".join(pages)).casefold()


def test_a_second_build_with_nothing_changed_takes_the_quick_path(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning
) -> None:
    out = tmp_path / "out"
    first, quick = planning.build(options(spec_copy, out))
    assert not quick
    written = manifest(out)
    assert sorted(first.rewritten) == sorted(e["path"] for e in written["files"])
    assert {BADGES, DOOR_SIGN} <= set(first.rewritten)
    assert written["last_build"]["rewritten"]
    assert fingerprint(out)["outputs"] == len(written["files"])
    inputs = fingerprint(out)
    before = outputs(out)

    again, quick = planning.build(options(spec_copy, out))
    assert quick
    assert again.unchanged == len(written["files"])
    assert (again.rewritten, again.written, again.items, again.warnings) == ([], [], 0, [])
    assert outputs(out) == before
    after = manifest(out)
    assert after["last_build"]["rewritten"] == []
    assert {k: v for k, v in fingerprint(out).items() if k != "manifest"} == {
        k: v for k, v in inputs.items() if k != "manifest"
    }
    assert after["files"] == written["files"]

    # Nothing left to say: the manifest is not even written again.
    dated = (out / "manifest.json").stat().st_mtime_ns
    third, quick = planning.build(options(spec_copy, out))
    assert quick and third.unchanged == len(written["files"])
    assert (out / "manifest.json").stat().st_mtime_ns == dated
    assert outputs(out) == before


def test_the_quick_path_never_plans(
    spec_copy: SpecCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(options(spec_copy, out), ASSETS)
    no_planning(monkeypatch)
    assert build(options(spec_copy, out), ASSETS).unchanged == 2


def add_readme(spec: SpecCopy) -> None:
    (spec.dir / "README.md").write_text("Notes beside the spec; no build reads them.\n")


def touch_unread(spec: SpecCopy) -> None:
    touch(spec.dir / "logos" / "README.md")


def touch_yaml(spec: SpecCopy) -> None:
    touch(spec.path)


def touch_staff(spec: SpecCopy) -> None:
    touch(spec.dir / "data" / "staff.xlsx")


def remove_unread(spec: SpecCopy) -> None:
    (spec.dir / "data" / "hanoi-communes.csv").unlink()


def comment_in_yaml(spec: SpecCopy) -> None:
    spec.write(spec.text() + "\n# reviewed\n")


TOUCHED = [add_readme, touch_unread, touch_yaml, touch_staff, remove_unread, comment_in_yaml]


@pytest.mark.parametrize("change", TOUCHED, ids=lambda f: f.__name__)
def test_any_change_in_the_spec_folder_runs_the_full_build_which_writes_nothing_new(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning, change: Any
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out))
    before = outputs(out)
    change(spec_copy)
    report, quick = planning.build(options(spec_copy, out))
    assert not quick
    assert report.rewritten == [] and report.unchanged == len(before)
    assert outputs(out) == before  # not one output written anew
    assert manifest(out)["last_build"]["rewritten"] == []
    again, quick = planning.build(options(spec_copy, out))  # the new fingerprint recorded
    assert quick and again.unchanged == len(before)


def test_an_edited_staff_list_in_the_spec_folder_is_built(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning
) -> None:
    import openpyxl

    out = tmp_path / "out"
    planning.build(options(spec_copy, out))
    assert "khang" not in pdf_text(out / BADGES)
    staff = spec_copy.dir / "data" / "staff.xlsx"
    book = openpyxl.load_workbook(staff)
    cells = [c for row in book.active.iter_rows() for c in row if c.value == "Trần Minh Cường"]
    assert cells, "the sample staff list has changed; update the test"
    cells[0].value = "Trần Minh Khang"
    book.save(staff)
    report, quick = planning.build(options(spec_copy, out))
    assert not quick
    assert report.rewritten == [BADGES]
    assert "khang" in pdf_text(out / BADGES)
    assert planning.build(options(spec_copy, out))[1]


def test_an_edit_to_the_spec_yaml_is_built(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out))
    assert "quảng an" not in pdf_text(out / DOOR_SIGN)
    spec_copy.edit("    name: Phường Tây Hồ\n", "    name: Phường Quảng An\n")
    report, quick = planning.build(options(spec_copy, out))
    assert not quick
    assert DOOR_SIGN in report.rewritten
    assert "quảng an" in pdf_text(out / DOOR_SIGN)
    assert planning.build(options(spec_copy, out))[1]


# A staff list kept outside the spec's folder (the CLI's --staff), with a photo beside it.


@pytest.fixture
def outside(spec_copy: SpecCopy, write_staff: StaffWriter, photo: str) -> Path:
    rows = [
        ("X1", "Lê Văn Tám", "Chuyên viên", UNIT, photo),
        ("X2", "Trần Thị Hà", "Chuyên viên", UNIT),
    ]
    staff = write_staff("staff.csv", rows)
    assert not staff.resolve().is_relative_to(spec_copy.dir.resolve())
    return staff


def test_a_list_and_photo_read_from_elsewhere_are_in_the_fingerprint(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning, outside: Path
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out, staff=outside))
    elsewhere = fingerprint(out)["elsewhere"]
    assert str(outside.resolve()) in elsewhere
    assert str((tmp_path / "photos" / "CB00076.jpg").resolve()) in elsewhere
    assert not [p for p in elsewhere if Path(p).is_relative_to(spec_copy.dir.resolve())]
    assert planning.build(options(spec_copy, out, staff=outside))[1]


@pytest.mark.parametrize("what", ["list", "photo"])
def test_a_touched_file_from_elsewhere_runs_the_full_build(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning, outside: Path, what: str
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out, staff=outside))
    before = outputs(out)
    touch(outside if what == "list" else tmp_path / "photos" / "CB00076.jpg")
    report, quick = planning.build(options(spec_copy, out, staff=outside))
    assert not quick
    assert report.rewritten == [] and outputs(out) == before
    assert planning.build(options(spec_copy, out, staff=outside))[1]


def test_an_edited_list_from_elsewhere_shows_in_the_output(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning, outside: Path
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out, staff=outside))
    assert "khang" not in pdf_text(out / BADGES)
    outside.write_text(outside.read_text(encoding="utf-8").replace("Tám", "Khang"), "utf-8")
    report, quick = planning.build(options(spec_copy, out, staff=outside))
    assert not quick
    assert report.rewritten == [BADGES]
    assert "khang" in pdf_text(out / BADGES)
    assert planning.build(options(spec_copy, out, staff=outside))[1]


def test_a_replaced_photo_from_elsewhere_shows_in_the_output(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning, outside: Path
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out, staff=outside))
    before = (out / BADGES).read_bytes()
    shutil.copyfile(
        SPECS_DIR / "data" / "photos" / "CB00001.jpg", tmp_path / "photos" / "CB00076.jpg"
    )
    report, quick = planning.build(options(spec_copy, out, staff=outside))
    assert not quick
    assert report.rewritten == [BADGES]
    assert (out / BADGES).read_bytes() != before


def test_a_list_from_elsewhere_edited_while_the_build_plans_is_built_next_time(
    spec_copy: SpecCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outside: Path
) -> None:
    out = tmp_path / "out"
    real = pipeline.plan

    def edited_once_read(*args: Any, **kwargs: Any) -> Any:
        planned = real(*args, **kwargs)
        outside.write_text(outside.read_text(encoding="utf-8").replace("Tám", "Khang"), "utf-8")
        touch(outside)
        return planned

    monkeypatch.setattr(pipeline, "plan", edited_once_read)
    build(options(spec_copy, out, staff=outside), ASSETS)
    monkeypatch.setattr(pipeline, "plan", real)
    assert "khang" not in pdf_text(out / BADGES)  # drawn from the list as it was read
    build(options(spec_copy, out, staff=outside), ASSETS)
    assert "khang" in pdf_text(out / BADGES)


# Outputs changed by hand.


def delete(path: Path) -> None:
    path.unlink()


def append(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"\n% edited by hand\n")


def same_size(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))  # dated now, after the manifest was written


@pytest.mark.parametrize("harm", [delete, append, same_size], ids=lambda f: f.__name__)
def test_an_output_deleted_or_edited_by_hand_is_made_again(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning, harm: Any
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out))
    before = {path: data for path, (_, data) in outputs(out).items()}
    harm(out / DOOR_SIGN)
    report, quick = planning.build(options(spec_copy, out))
    assert not quick
    assert report.rewritten == [DOOR_SIGN]
    assert {path: data for path, (_, data) in outputs(out).items()} == before
    assert planning.build(options(spec_copy, out))[1]


# Another request.


@pytest.mark.parametrize(
    ("more", "assets"),
    [
        ({"units": ("trung-tam",)}, ASSETS),
        ({"units": (UNIT, "trung-tam")}, ASSETS),
        ({}, ("badge",)),
        ({}, ("door_sign", "badge", "desk_plate")),
        ({}, None),
        ({"formats": frozenset({"pdf", "png"})}, ASSETS),
        ({"dpi": 150.0}, ASSETS),
        ({"rebuild": True}, ASSETS),
    ],
    ids=["unit", "units", "fewer-assets", "more-assets", "every-asset", "png", "dpi", "rebuild"],
)
def test_another_request_runs_the_full_build(
    spec_copy: SpecCopy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    more: dict[str, Any],
    assets: tuple[str, ...] | None,
) -> None:
    out = tmp_path / "out"
    build(options(spec_copy, out), ASSETS)
    no_planning(monkeypatch)
    with pytest.raises(AssertionError, match="planned"):
        build(options(spec_copy, out, **more), assets)


def test_the_same_assets_in_another_order_take_the_quick_path(
    spec_copy: SpecCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(options(spec_copy, out), ASSETS)
    no_planning(monkeypatch)
    build(options(spec_copy, out, jobs=2, quiet=False), tuple(reversed(ASSETS)))


def test_source_date_epoch_runs_the_full_build(
    spec_copy: SpecCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(options(spec_copy, out), ASSETS)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    no_planning(monkeypatch)
    with pytest.raises(AssertionError, match="planned"):
        build(options(spec_copy, out), ASSETS)


def test_rebuild_makes_every_file_again(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out))
    report, quick = planning.build(options(spec_copy, out, rebuild=True))
    assert not quick
    assert report.items > 0  # every page laid out and drawn again
    assert planning.build(options(spec_copy, out))[1]


# An interrupted commit.


@pytest.mark.parametrize(
    "fails",
    ["output", "manifest"],
)
def test_an_interrupted_commit_is_finished_by_the_full_build(
    spec_copy: SpecCopy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    planning: Planning,
    fails: str,
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out))
    before = {path: data for path, (_, data) in outputs(out).items()}
    real_replace = os.replace

    def failing_replace(source: str, target: object) -> None:
        if (Path(str(target)).name == "manifest.json") == (fails == "manifest"):
            raise OSError(errno.EIO, "simulated failure")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(commit_module.os, "replace", failing_replace)
    with pytest.raises(OSError):  # PNGs to commit beside the PDFs
        build(options(spec_copy, out, formats=frozenset({"pdf", "png"})), ASSETS)
    monkeypatch.setattr(commit_module.os, "replace", real_replace)
    assert list(out.glob(".brandkit-*"))

    report, quick = planning.build(options(spec_copy, out))
    assert not quick
    assert "finished an interrupted build" in " ".join(report.warnings)
    assert not list(out.glob(".brandkit-*"))
    after = {path: data for path, (_, data) in outputs(out).items()}
    assert {p: d for p, d in after.items() if p in before} == before


# The output folder inside the spec's folder, and hidden files.


def test_an_output_folder_inside_the_spec_folder_is_left_out(
    spec_copy: SpecCopy, planning: Planning
) -> None:
    out = spec_copy.dir / "out"
    first, _ = planning.build(options(spec_copy, out))
    files = fingerprint(out)["files"]
    assert files and not [name for name in files if name.startswith("out/")]
    again, quick = planning.build(options(spec_copy, out))
    assert quick and again.unchanged == len(first.rewritten)


def test_hidden_files_in_the_spec_folder_are_left_out(
    spec_copy: SpecCopy, tmp_path: Path, planning: Planning
) -> None:
    out = tmp_path / "out"
    planning.build(options(spec_copy, out))
    (spec_copy.dir / ".editor-backup").write_text("x")
    (spec_copy.dir / ".git").mkdir()
    (spec_copy.dir / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert planning.build(options(spec_copy, out))[1]
