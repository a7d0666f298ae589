"""Bad spec or data: exit 1, a located message, no traceback, and nothing written or touched."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.conftest import snapshot, written_files
from tests.conftest import SAMPLE_SPEC
from tests.spec.test_spec_load import billion_laughs
from tests.test_fonts import make_cff_font

TAY_HO = "phuong-tay-ho"


@pytest.fixture(scope="module")
def earlier_output(tmp_path_factory) -> Path:
    """A successful earlier build of one unit, to be copied into each test's --out."""
    from click.testing import CliRunner

    from brandkit.cli import cli

    out = tmp_path_factory.mktemp("earlier") / "out"
    args = ["--spec", str(SAMPLE_SPEC), "--out", str(out), "-j", "1", "-q", "badges"]
    result = CliRunner().invoke(cli, [*args, "--unit", TAY_HO, "--format", "pdf,png"])
    assert result.exit_code == 0, result.output
    return out


@dataclass
class Failure:
    """How to break a build, and what its message must contain."""

    make: Callable[..., list[object]]  # (spec_copy, write_staff, tmp_path) → extra CLI args
    expect: tuple[str, ...]
    located: Callable[..., str]  # (spec_copy, tmp_path) → the "file:line:" prefix expected


def _spec_at(needle: str) -> Callable[..., str]:
    return lambda spec_copy, tmp_path: f"{spec_copy.path}:{spec_copy.line_of(needle)}: "


def _staff_at(name: str, line: int | None) -> Callable[..., str]:
    return lambda spec_copy, tmp_path: f"{tmp_path / name}:" + (f"{line}: " if line else " ")


def _malformed(spec_copy, write_staff, tmp_path):
    spec_copy.edit("\nname: Trung tâm Phục vụ", "\nname: Trung tâm: Phục vụ")
    return []


def _alias_bomb(spec_copy, write_staff, tmp_path):
    spec_copy.write(spec_copy.text() + billion_laughs())
    return []


def _unknown_colour(spec_copy, write_staff, tmp_path):
    spec_copy.edit("colour: primary", "colour: primray")
    return []


def _cff_font(spec_copy, write_staff, tmp_path):
    make_cff_font(spec_copy.dir / "Body.otf")
    spec_copy.edit("body:    {roboto: Regular}", "body:    {file: Body.otf}")
    return []


def _missing_logo(spec_copy, write_staff, tmp_path):
    (spec_copy.dir / "logos" / "mot-cua.svg").unlink()
    return []


def _staff(rows, headers=None, name="staff.csv", **kwargs):
    def make(spec_copy, write_staff, tmp_path):
        extra = {"headers": headers} if headers else {}
        return ["--staff", write_staff(name, rows, **extra, **kwargs)]

    return make


def _corrupt_xlsx(spec_copy, write_staff, tmp_path):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"this is not a workbook")
    return ["--staff", path]


def _not_utf8(spec_copy, write_staff, tmp_path):
    path = tmp_path / "staff.csv"
    # A Windows-1258/1252-style export: "Mã cán bô,Tên" with single-byte accents, not UTF-8.
    path.write_bytes(b"M\xe3 c\xe1n b\xf4,T\xean\nX1,L\xea\n")
    return ["--staff", path]


def _no_such_file(spec_copy, write_staff, tmp_path):
    return ["--staff", tmp_path / "staff.csv"]


OK = ("X1", "Lê Văn Tám", "Chuyên viên", TAY_HO)

FAILURES = {
    "malformed-yaml": Failure(_malformed, ("malformed YAML",), _spec_at("name: Trung tâm: Phục")),
    "alias-bomb": Failure(_alias_bomb, ("YAML aliases",), lambda s, t: f"{s.path}:"),
    "unknown-colour": Failure(
        _unknown_colour, ("no colour named 'primray'",), _spec_at("colour: primray")
    ),
    "cff-font": Failure(_cff_font, ("CFF",), _spec_at("body:    {file: Body.otf}")),
    "missing-logo": Failure(
        _missing_logo, ("no such file: logos/mot-cua.svg",), _spec_at("emblem: logos/mot-cua.svg")
    ),
    "no-name-column": Failure(
        _staff([OK], headers=("Mã cán bộ", "Tên", "Chức danh", "Đơn vị")),
        ("no column for 'name'", "'Tên'"),
        _staff_at("staff.csv", 1),
    ),
    "unknown-unit-in-a-row": Failure(
        _staff([OK, ("X2", "Lê Văn Chín", "Chuyên viên", "Phường Tây Hổ")]),
        ("no unit 'Phường Tây Hổ'", "did you mean 'Phường Tây Hồ'?"),
        _staff_at("staff.csv", 3),
    ),
    # Issue 16: with one --unit these used to give every person that unit's badge, exit 0.
    "misspelt-unit-header": Failure(
        _staff([OK], headers=("Mã cán bộ", "Họ và tên", "Chức danh", "Tên đơn vị")),
        ("the header 'Tên đơn vị' (column D) looks like the 'unit' column",),
        _staff_at("staff.csv", 1),
    ),
    "empty-unit-cell": Failure(
        _staff([OK, ("X2", "Lê Văn Chín", "Chuyên viên", "")]),
        ("'unit' is empty (column 'Đơn vị')",),
        _staff_at("staff.csv", 3),
    ),
    "corrupt-xlsx": Failure(
        _corrupt_xlsx, ("not a readable Excel workbook",), _staff_at("staff.xlsx", None)
    ),
    # Single-byte text is read as Windows-1258 now; these headers then name no staff field.
    "not-utf8-csv": Failure(_not_utf8, ("no column for 'name'",), _staff_at("staff.csv", 1)),
    "no-such-staff-file": Failure(_no_such_file, ("cannot read",), _staff_at("staff.csv", None)),
    "cjk-character": Failure(
        _staff([OK, ("X2", "Nguyễn Văn 漢", "Chuyên viên", TAY_HO)]),
        ("U+6F22", "'漢'", "not in font"),
        _staff_at("staff.csv", 3),
    ),
    "emoji": Failure(
        _staff([("X2", "Trần Bình", "Chuyên viên 😀", TAY_HO)]),
        ("U+1F600",),
        _staff_at("staff.csv", 2),
    ),
    "text-too-long": Failure(
        _staff([OK, ("X2", "Lê Văn Chín", "Chuyên viên kiêm thủ quỹ " * 12, TAY_HO)]),
        ("does not fit", "Lê Văn Chín (X2)"),
        _staff_at("staff.csv", 3),
    ),
}


@pytest.mark.parametrize("name", FAILURES)
def test_failure_writes_nothing_and_leaves_earlier_output(
    name, run, spec_copy, write_staff, tmp_path, earlier_output
) -> None:
    failure = FAILURES[name]
    out = tmp_path / "out"
    shutil.copytree(earlier_output, out)
    before = snapshot(out)
    # One PDF, six PNGs (each of the 3 badges' front and back), the manifest.
    files = written_files(out)
    assert len(files) == 8
    assert [f for f in files if f.endswith(".pdf")] == [f"{TAY_HO}/badges/{TAY_HO}-badges.pdf"]
    pngs = [f for f in files if f.endswith(".png")]
    fronts = [f for f in pngs if not f.endswith("-back.png")]
    assert len(pngs) == 6 and len(fronts) == 3
    assert set(pngs) - set(fronts) == {f.removesuffix(".png") + "-back.png" for f in fronts}
    assert "manifest.json" in files
    extra = failure.make(spec_copy, write_staff, tmp_path)
    result = run(
        "--spec", spec_copy.path, "--out", out, "-j", "1",
        "badges", "--unit", TAY_HO, "--format", "pdf,png", *extra,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    for text in failure.expect:
        assert text in result.stderr, result.stderr
    assert failure.located(spec_copy, tmp_path) in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(out) == before  # same files, same bytes, not even rewritten
    # And into a fresh folder: no PDF, no PNG, no manifest.
    fresh = tmp_path / "fresh"
    result = run(
        "--spec", spec_copy.path, "--out", fresh, "-j", "1",
        "badges", "--unit", TAY_HO, "--format", "pdf,png", *extra,
    )  # fmt: skip
    assert result.exit_code == 1
    assert written_files(fresh) == []
    assert not fresh.exists() or not any(fresh.rglob("*"))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_bad_record_of_every_unit_is_reported(run, write_staff, tmp_path, jobs) -> None:
    rows = [
        ("X1", "Lê Văn 漢", "Chuyên viên", TAY_HO),
        ("X2", "Lê Văn Chín", "Chuyên viên " * 30, "chi-nhanh-03"),
        ("X3", "Lê Văn Mười", "Chuyên viên", "chi-nhanh-03"),
    ]
    staff = write_staff("staff.csv", rows)
    out = tmp_path / "out"
    result = run("--spec", SAMPLE_SPEC, "--out", out, "-j", jobs, "badges", "--staff", staff)
    assert result.exit_code == 1
    assert f"{staff}:2: name: " in result.stderr
    assert f"{staff}:3: title: " in result.stderr
    assert "2 problems" in result.stderr
    assert written_files(out) == []


def test_a_spec_that_does_not_exist(run, tmp_path) -> None:
    result = run("--spec", tmp_path / "nowhere.yaml", "--out", tmp_path / "out", "validate")
    assert result.exit_code == 1
    assert "cannot read the spec" in result.stderr
    assert str(tmp_path / "nowhere.yaml") in result.stderr


def test_recursive_alias_exits_1_without_traceback(spec_copy, tmp_path) -> None:
    from click.testing import CliRunner

    from brandkit.cli import cli

    spec_copy.write(spec_copy.text() + "loop: &loop [*loop]\n")
    result = CliRunner().invoke(cli, ["--spec", str(spec_copy.path), "validate"])
    assert result.exit_code == 1
    assert not isinstance(result.exception, RecursionError)
    assert f"{spec_copy.path}:" in result.stderr


def _staff_with_unreadable_photo(tmp_path: Path, write_staff) -> Path:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "broken.jpg").write_bytes(b"not a JPEG at all")
    rows = [OK, ("X2", "Lê Văn Chín", "Chuyên viên", TAY_HO, "photos/broken.jpg")]
    return write_staff("staff.csv", rows)


def test_an_unreadable_photo_is_a_located_data_error(run, write_staff, tmp_path) -> None:
    staff = _staff_with_unreadable_photo(tmp_path, write_staff)
    out = tmp_path / "out"
    result = run("--spec", SAMPLE_SPEC, "--out", out, "-j", "1", "badges", "--staff", staff)
    assert result.exit_code == 1
    assert written_files(out) == []
    assert "broken.jpg" in result.stderr
    assert f"{staff}:3: " in result.stderr  # the row that names the photo
    assert "cannot write output" not in result.stderr  # nothing is wrong with the output


def test_validate_finds_an_unreadable_photo(run, write_staff, tmp_path) -> None:
    staff = _staff_with_unreadable_photo(tmp_path, write_staff)
    result = run("--spec", SAMPLE_SPEC, "validate", "--staff", staff)
    assert result.exit_code == 1
    assert "broken.jpg" in result.stderr
