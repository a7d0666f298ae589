"""Incremental builds: `brandkit changes` says what a build would write, and a build writes
exactly that.

A staff list of three people of Phường Tây Hồ (no photos) is built once per module, without
and with `--sheet SRA3`; each test works on its own copy of that output, changes something
(a staff row, a file by hand) and checks what `changes` lists, what the build rewrites (file
dates), and the manifest's `last_build`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from tests.cli.conftest import invoke, snapshot
from tests.conftest import SAMPLE_SPEC, VI_HEADERS, SpecCopy

UNIT = "phuong-tay-ho"
BADGES = f"{UNIT}/badges/{UNIT}-badges.pdf"
DESK_PLATES = f"{UNIT}/signs/{UNIT}-desk-plates.pdf"
CARDS = f"{UNIT}/business-cards/{UNIT}-business-card.pdf"  # a declared kind: a card a person
CARD_SHEET = f"{UNIT}/sheets/{UNIT}-business-card-sra3.pdf"
BADGE_SHEET = f"{UNIT}/sheets/{UNIT}-badges-sra3.pdf"
DESK_PLATE_SHEET = f"{UNIT}/sheets/{UNIT}-desk-plates-sra3.pdf"
SIGNBOARD = f"{UNIT}/signs/{UNIT}-signboard.pdf"
# A person's e-mail signature: made again when what it shows of them changes.
SIGNATURE_X1 = f"{UNIT}/office/signatures/x1-le-van-tam.html"
SIGNATURE_X2 = f"{UNIT}/office/signatures/x2-tran-thi-hoa.html"
SIGNATURE_X3 = f"{UNIT}/office/signatures/x3-nguyen-van-binh.html"
SIGNATURE_X4 = f"{UNIT}/office/signatures/x4-pham-thu-trang.html"

STAFF = [
    ["X1", "Lê Văn Tám", "Chuyên viên", UNIT, ""],
    ["X2", "Trần Thị Hoa", "Phó Chủ tịch", UNIT, ""],
    ["X3", "Nguyễn Văn Bình", "Công chức Tư pháp – Hộ tịch", UNIT, ""],
]


def write_staff(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(VI_HEADERS)
        writer.writerows(rows)


@dataclass
class Output:
    """An output folder made by a build over `staff`, with the options it was made with."""

    root: Path
    extra: tuple[str, ...]  # --sheet …, or nothing
    laid_out: int  # pages the first build laid out: every page of the unit

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def staff(self) -> Path:
        return self.root / "staff.csv"

    def args(self, command: str, *more: str) -> list[object]:
        return [
            "--spec", SAMPLE_SPEC, "--out", self.out, command, "--unit", UNIT,
            "--staff", self.staff, *self.extra, *more,
        ]  # fmt: skip

    def build(self, *more: str) -> Any:
        result = invoke(*self.args("build", *more))
        assert result.exit_code == 0, result.output
        check_manifest(self.out)
        return result

    def changes(self) -> list[dict[str, Any]]:
        result = invoke(*self.args("changes", "--json"))
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        return document["changes"]

    def changes_text(self) -> str:
        result = invoke(*self.args("changes"))
        assert result.exit_code == 0, result.output
        return result.stdout

    def set_staff(self, rows: list[list[str]]) -> None:
        write_staff(self.staff, rows)

    def manifest(self) -> dict[str, Any]:
        return json.loads((self.out / "manifest.json").read_text(encoding="utf-8"))

    def files(self) -> dict[str, tuple[str, int]]:
        """Every output file → (sha256, mtime_ns), the manifest left out (always rewritten)."""
        return {p: v for p, v in snapshot(self.out).items() if p != "manifest.json"}


def check_manifest(out: Path) -> None:
    """The manifest lists every file there is, with its bytes' digest."""
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = {e["path"]: e for e in document["files"]}
    on_disk = sorted(p for p in snapshot(out) if p != "manifest.json")
    assert sorted(entries) == on_disk
    for path, entry in entries.items():
        assert entry["sha256"] == hashlib.sha256((out / path).read_bytes()).hexdigest(), path


def laid_out(stderr: str) -> int:
    match = re.search(r"\((\d+) pages laid out", stderr)
    assert match, stderr
    return int(match.group(1))


def _base(factory: pytest.TempPathFactory, name: str, extra: tuple[str, ...]) -> Output:
    base = Output(factory.mktemp(name), extra, 0)
    base.set_staff(STAFF)
    result = base.build()
    base.laid_out = laid_out(result.stderr)
    return base


@pytest.fixture(scope="module")
def base_plain(tmp_path_factory: pytest.TempPathFactory) -> Output:
    return _base(tmp_path_factory, "incremental", ())


@pytest.fixture(scope="module")
def base_sheets(tmp_path_factory: pytest.TempPathFactory) -> Output:
    return _base(tmp_path_factory, "incremental-sheets", ("--sheet", "SRA3"))


def _copy(base: Output, tmp_path: Path) -> Output:
    root = tmp_path / "work"
    shutil.copytree(base.root, root)
    return Output(root, base.extra, base.laid_out)


@pytest.fixture
def plain(base_plain: Output, tmp_path: Path) -> Output:
    return _copy(base_plain, tmp_path)


@pytest.fixture
def sheets(base_sheets: Output, tmp_path: Path) -> Output:
    return _copy(base_sheets, tmp_path)


def with_title(rows: list[list[str]], staff_id: str, title: str) -> list[list[str]]:
    return [[*r[:2], title, *r[3:]] if r[0] == staff_id else list(r) for r in rows]


def rewritten_by(before: dict[str, tuple[str, int]], after: dict[str, tuple[str, int]]):
    """The files a build touched: new, gone, or with another digest or date."""
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))


def by_path(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = {c["path"]: c for c in changes}
    assert len(found) == len(changes), "a file listed twice"
    return found


# ---------------------------------------------------------------------------------------------


def test_the_first_build_laid_out_the_unit(base_plain: Output, base_sheets: Output) -> None:
    for base in (base_plain, base_sheets):
        paths = {e["path"] for e in base.manifest()["files"]}
        assert {BADGES, DESK_PLATES, SIGNBOARD} <= paths
        assert base.laid_out > 10
        # The first build wrote everything.
        assert base.manifest()["last_build"]["rewritten"] == sorted(paths)
        entries = {e["path"]: e for e in base.manifest()["files"]}
        assert [who for _, who in entries[BADGES]["records"]] == [
            "Lê Văn Tám (X1)", "Trần Thị Hoa (X2)", "Nguyễn Văn Bình (X3)",
        ]  # fmt: skip
    assert BADGE_SHEET in {e["path"] for e in base_sheets.manifest()["files"]}
    assert BADGE_SHEET not in {e["path"] for e in base_plain.manifest()["files"]}


def test_nothing_changed_writes_nothing(plain: Output) -> None:
    text = plain.changes_text()
    assert "Nothing to write" in text, text
    assert plain.changes() == []
    result = invoke(*plain.args("changes", "--json"))
    # Every file of the unit, and the brand-wide files (tokens, icons, ticket logos).
    files = [e for e in plain.manifest()["files"] if e["unit"] in (UNIT, None)]
    assert json.loads(result.stdout)["unchanged"] == len(files)
    before = plain.files()
    result = plain.build()
    assert plain.files() == before  # not one file rewritten: dates kept
    assert plain.manifest()["last_build"]["rewritten"] == []
    assert laid_out(result.stderr) == 0
    assert "Wrote nothing new" in result.stderr


def test_one_title_rewrites_that_persons_badge_and_desk_plate(plain: Output) -> None:
    plain.set_staff(with_title(STAFF, "X2", "Chủ tịch"))
    changes = by_path(plain.changes())
    assert sorted(changes) == [BADGES, CARDS, SIGNATURE_X2, DESK_PLATES]
    assert changes[SIGNATURE_X2]["status"] == "changed"
    # The second person: a badge's and a card's front and back are pages 3–4, a desk plate is
    # page 2.
    where = {BADGES: "pages 3–4", CARDS: "pages 3–4", DESK_PLATES: "page 2"}
    kinds = ((BADGES, "badge"), (CARDS, "business_card"), (DESK_PLATES, "desk_plate"))
    for path, asset in kinds:
        assert changes[path]["status"] == "changed"
        assert changes[path]["pages"] == [f"changed: Trần Thị Hoa (X2), {where[path]}"]
        assert changes[path]["unit"] == UNIT and changes[path]["asset"] == asset
    text = plain.changes_text()
    assert re.search(rf"^changed\s+{re.escape(BADGES)}$", text, re.MULTILINE), text
    assert re.search(r"^\s+changed: Trần Thị Hoa \(X2\), pages 3–4$", text, re.MULTILINE), text
    assert "4 file(s) to write" in text

    before = plain.files()
    result = plain.build()
    after = plain.files()
    rewritten = [BADGES, CARDS, SIGNATURE_X2, DESK_PLATES]
    assert rewritten_by(before, after) == rewritten
    for path in rewritten:
        assert after[path][0] != before[path][0]  # new bytes, not just a new date
    assert plain.manifest()["last_build"]["rewritten"] == rewritten
    assert "Wrote 3 PDFs, 1 HTML" in result.stderr
    # Only those jobs were laid out again: a badge and a card (front and back) and a desk
    # plate of each of the 3 people.
    assert laid_out(result.stderr) == 15
    # And now all is up to date.
    assert plain.changes() == []


def test_one_title_rewrites_the_sheets_too(sheets: Output) -> None:
    sheets.set_staff(with_title(STAFF, "X1", "Chuyên viên chính"))
    changes = by_path(sheets.changes())
    expected = sorted(
        [BADGES, BADGE_SHEET, CARDS, CARD_SHEET, DESK_PLATES, DESK_PLATE_SHEET, SIGNATURE_X1]
    )
    assert sorted(changes) == expected
    assert {c["status"] for c in changes.values()} == {"changed"}
    where = {BADGES: "pages 1–2", CARDS: "pages 1–2", DESK_PLATES: "page 1"}
    for path in (BADGES, CARDS, DESK_PLATES):
        assert changes[path]["pages"] == [f"changed: Lê Văn Tám (X1), {where[path]}"]
    before = sheets.files()
    sheets.build()
    after = sheets.files()
    assert rewritten_by(before, after) == expected
    assert all(after[p][0] != before[p][0] for p in expected)
    assert sheets.manifest()["last_build"]["rewritten"] == expected
    assert sheets.changes() == []


def test_a_new_person_is_named(plain: Output) -> None:
    plain.set_staff([*STAFF, ["X4", "Phạm Thu Trang", "Chuyên viên", UNIT, ""]])
    changes = by_path(plain.changes())
    assert sorted(changes) == [BADGES, CARDS, SIGNATURE_X4, DESK_PLATES]
    assert changes.pop(SIGNATURE_X4)["status"] == "new"  # their e-mail signature
    where = {BADGES: "pages 7–8", CARDS: "pages 7–8", DESK_PLATES: "page 4"}  # the fourth person
    for path, change in changes.items():
        assert change["status"] == "changed"
        assert change["pages"] == [f"new: Phạm Thu Trang (X4), {where[path]}"]
    before = plain.files()
    plain.build()
    after = plain.files()
    assert rewritten_by(before, after) == [BADGES, CARDS, SIGNATURE_X4, DESK_PLATES]
    entry = {e["path"]: e for e in plain.manifest()["files"]}[BADGES]
    assert entry["pages"] == 8  # a front and a back for each of four people
    assert [who for _, who in entry["records"]][-1] == "Phạm Thu Trang (X4)"


def test_a_person_who_left_is_named(plain: Output) -> None:
    plain.set_staff([r for r in STAFF if r[0] != "X1"])
    changes = by_path(plain.changes())
    assert sorted(changes) == [BADGES, CARDS, DESK_PLATES]
    for change in changes.values():
        assert change["status"] == "changed"
        assert change["pages"] == ["removed: Lê Văn Tám (X1)"]


def test_people_in_another_order_reorder_the_pages(plain: Output) -> None:
    # Nobody's page changes, but the PDFs' page order does: both are made again.
    plain.set_staff([STAFF[1], STAFF[0], STAFF[2]])
    changes = by_path(plain.changes())
    assert sorted(changes) == [BADGES, CARDS, DESK_PLATES]
    for change in changes.values():
        assert change["status"] == "changed"
        assert len(change["pages"]) == 1
        assert not change["pages"][0].startswith(("new:", "changed:", "removed:"))
    before = plain.files()
    plain.build()
    assert rewritten_by(before, plain.files()) == [BADGES, CARDS, DESK_PLATES]
    entry = {e["path"]: e for e in plain.manifest()["files"]}[BADGES]
    assert [who for _, who in entry["records"]][:2] == ["Trần Thị Hoa (X2)", "Lê Văn Tám (X1)"]


def test_people_in_another_order_are_not_blamed_on_the_template(plain: Output) -> None:
    plain.set_staff([STAFF[1], STAFF[0], STAFF[2]])
    for change in plain.changes():
        for page in change["pages"]:
            assert "template" not in page and "brandkit" not in page, page


def test_a_deleted_pdf_is_missing_and_restored(plain: Output) -> None:
    original = (plain.out / BADGES).read_bytes()
    (plain.out / BADGES).unlink()
    changes = plain.changes()
    assert changes == [
        {"path": BADGES, "unit": UNIT, "asset": "badge", "status": "missing", "pages": []}
    ]
    before = plain.files()
    plain.build()
    after = plain.files()
    assert (plain.out / BADGES).read_bytes() == original
    assert rewritten_by(before, after) == [BADGES]
    assert plain.manifest()["last_build"]["rewritten"] == [BADGES]
    assert plain.changes() == []


def test_a_deleted_sheet_is_missing_and_restored(sheets: Output) -> None:
    original = (sheets.out / BADGE_SHEET).read_bytes()
    (sheets.out / BADGE_SHEET).unlink()
    changes = sheets.changes()
    assert [(c["path"], c["status"]) for c in changes] == [(BADGE_SHEET, "missing")]
    before = sheets.files()
    sheets.build()
    after = sheets.files()
    assert (sheets.out / BADGE_SHEET).read_bytes() == original
    # The badge PDF made again on the way has the same bytes: left alone, its date kept.
    assert rewritten_by(before, after) == [BADGE_SHEET]
    assert sheets.manifest()["last_build"]["rewritten"] == [BADGE_SHEET]


def test_a_file_edited_by_hand_is_made_again(plain: Output) -> None:
    path = plain.out / DESK_PLATES
    original = path.read_bytes()
    path.write_bytes(original + b"% touched up\n")
    changes = plain.changes()
    assert changes == [
        {"path": DESK_PLATES, "unit": UNIT, "asset": "desk_plate", "status": "edited", "pages": []}
    ]
    before = plain.files()
    plain.build()
    after = plain.files()
    assert path.read_bytes() == original
    assert rewritten_by(before, after) == [DESK_PLATES]
    assert plain.manifest()["last_build"]["rewritten"] == [DESK_PLATES]


def test_rebuild_makes_every_file_again(plain: Output) -> None:
    # A file whose manifest entry was made to match it: nothing tells a build it is wrong.
    path = plain.out / DESK_PLATES
    original = path.read_bytes()
    path.write_bytes(original + b"% touched up\n")
    document = plain.manifest()
    for entry in document["files"]:
        if entry["path"] == DESK_PLATES:
            entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (plain.out / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    assert plain.changes() == []
    result = plain.build()
    assert laid_out(result.stderr) == 0
    assert path.read_bytes() != original  # trusted

    before = plain.files()
    result = plain.build("--rebuild")
    after = plain.files()
    # Every page was laid out and every file made again; the one whose bytes differ is
    # replaced, the others (the same bytes) keep their dates.
    assert laid_out(result.stderr) == plain.laid_out
    assert path.read_bytes() == original
    assert rewritten_by(before, after) == [DESK_PLATES]
    assert plain.manifest()["last_build"]["rewritten"] == [DESK_PLATES]


def test_rebuild_after_a_change_rewrites_only_what_differs(plain: Output) -> None:
    plain.set_staff(with_title(STAFF, "X3", "Công chức Văn hoá – Xã hội"))
    before = plain.files()
    result = plain.build("--rebuild")
    after = plain.files()
    assert laid_out(result.stderr) == plain.laid_out
    rewritten = [BADGES, CARDS, SIGNATURE_X3, DESK_PLATES]
    assert rewritten_by(before, after) == rewritten
    assert plain.manifest()["last_build"]["rewritten"] == rewritten


# ---------------------------------------------------------------------------------------------
# Inputs besides the staff rows


def test_a_brand_file_deleted_by_hand_is_made_again(plain: Output) -> None:
    tokens = plain.out / "brand" / "tokens.css"
    original = tokens.read_bytes()
    tokens.unlink()
    before = plain.files()
    plain.build()
    assert tokens.read_bytes() == original
    assert rewritten_by(before, plain.files()) == ["brand/tokens.css"]
    assert plain.manifest()["last_build"]["rewritten"] == ["brand/tokens.css"]


def test_changes_lists_a_missing_brand_file(plain: Output) -> None:
    (plain.out / "brand" / "tokens.css").unlink()
    changes = plain.changes()
    assert [(c["path"], c["status"]) for c in changes] == [("brand/tokens.css", "missing")]


def badges_only(out: Path, spec: Path, staff: Path) -> Any:
    result = invoke(
        "--spec", spec, "--out", out, "badges", "--unit", UNIT, "--staff", staff,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


def badge_change(out: Path, spec: Path, staff: Path) -> dict[str, Any] | None:
    """What `changes` says of the unit's badge PDF (the other assets were never built)."""
    result = invoke(
        "--spec", spec, "--out", out, "changes", "--unit", UNIT, "--staff", staff, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return by_path(json.loads(result.stdout)["changes"]).get(BADGES)


def with_photo(folder: Path) -> Path:
    """A staff list whose first person has a photo, beside it in photos/."""
    (folder / "photos").mkdir(parents=True)
    shutil.copyfile(SAMPLE_SPEC.parent / "data/photos/CB00076.jpg", folder / "photos/X1.jpg")
    rows = [list(r) for r in STAFF]
    rows[0][4] = "photos/X1.jpg"
    staff = folder / "staff.csv"
    write_staff(staff, rows)
    return staff


def test_a_new_photo_changes_that_persons_badge(tmp_path: Path) -> None:
    staff = with_photo(tmp_path / "data")
    out = tmp_path / "out"
    badges_only(out, SAMPLE_SPEC, staff)
    assert badge_change(out, SAMPLE_SPEC, staff) is None
    other = SAMPLE_SPEC.parent / "data/photos/CB00015.jpg"
    shutil.copyfile(other, tmp_path / "data/photos/X1.jpg")
    change = badge_change(out, SAMPLE_SPEC, staff)
    assert change is not None
    assert (change["status"], change["pages"]) == (
        "changed",
        ["changed: Lê Văn Tám (X1), pages 1–2"],
    )
    before = (out / BADGES).read_bytes()
    badges_only(out, SAMPLE_SPEC, staff)
    assert (out / BADGES).read_bytes() != before
    assert badge_change(out, SAMPLE_SPEC, staff) is None


def test_moving_the_staff_list_and_photos_changes_no_page(tmp_path: Path) -> None:
    staff = with_photo(tmp_path / "here" / "data")
    badges_only(tmp_path / "here" / "out", SAMPLE_SPEC, staff)
    shutil.copytree(tmp_path / "here", tmp_path / "there")
    there = tmp_path / "there"
    assert badge_change(there / "out", SAMPLE_SPEC, there / "data" / "staff.csv") is None


def with_condition(spec_copy: SpecCopy, condition: str) -> None:
    text = spec_copy.text()
    start = text.find("\ncolour_profile:")
    if start >= 0:  # replace the line added before
        end = text.index("\n", start + 1)
        text = text[:start] + text[end:]
    assert "\ndata:\n" in text
    spec_copy.write(
        text.replace("\ndata:\n", f"\ncolour_profile: {{condition: {condition}}}\ndata:\n", 1)
    )


def output_condition(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        return str(pdf.Root.OutputIntents[0].OutputCondition)


def test_a_new_printing_condition_remakes_the_pdfs(spec_copy: SpecCopy, tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    write_staff(staff, STAFF)
    out = tmp_path / "out"
    with_condition(spec_copy, "'Coated offset, press 1'")
    badges_only(out, spec_copy.path, staff)
    assert output_condition(out / BADGES) == "Coated offset, press 1"
    with_condition(spec_copy, "'Coated offset, press 2'")
    change = badge_change(out, spec_copy.path, staff)
    assert change is not None and change["status"] == "changed"
    badges_only(out, spec_copy.path, staff)
    assert output_condition(out / BADGES) == "Coated offset, press 2"
