"""The command line on real output: validate, badges, formats, units, options, schema."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from tests.cli.conftest import written_files

TAY_HO_PDF = "phuong-tay-ho/badges/phuong-tay-ho-badges.pdf"
LOCATED = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+): ", re.MULTILINE)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", " "))
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        document.close()


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def check_manifest_matches_files(out: Path) -> dict[str, dict]:
    entries = {e["path"]: e for e in manifest(out)["files"]}
    outputs = [p for p in written_files(out) if p != "manifest.json"]
    assert sorted(entries) == outputs
    for path, entry in entries.items():
        assert entry["sha256"] == hashlib.sha256((out / path).read_bytes()).hexdigest(), path
    return entries


def test_validate_the_sample(run, sample_spec_path) -> None:
    result = run("--spec", sample_spec_path, "validate")
    assert result.exit_code == 0, result.output
    assert "ok" in result.stdout
    # Every page was laid out: 432 badges and 432 desk plates, 139 signboards, door signs,
    # folders, ticket proofs, 5 × 139 envelopes, 686 counters × 2 counter signs, and 13 kiosk
    # screens (3 screens × 3 sizes, 4 button states) × 139.
    # And 139 A0 boards, 139 standees and 139 two-page handouts of the sample list of 16
    # procedures, and 139 A3 opening-hours posters (a kind the spec declares).
    # And 432 business cards (front and back) and 139 letterheads, kinds the spec declares too,
    # and 3 × 139 unfolded envelope blanks (DL, C5, C4).
    assert "(7841 pages laid out)" in result.stdout  # and the back of each of the 432 badges
    assert result.stderr == ""


def test_validate_reports_every_problem_with_its_line(run, spec_copy, tmp_path) -> None:
    spec_copy.edit("size: 14pt\n", "size: 14\n")
    spec_copy.edit("colour: ink", "colour: inkk")
    spec_copy.edit("{staff.title}", "{staff.titel}")
    result = run("--spec", spec_copy.path, "validate")
    assert result.exit_code == 1
    located = LOCATED.findall(result.stderr)
    assert len(located) >= 3, result.stderr
    assert {Path(file) for file, _ in located} == {spec_copy.path}
    lines = {int(line) for _, line in located}
    assert spec_copy.line_of("size: 14\n") in lines
    assert spec_copy.line_of("colour: inkk") in lines
    assert spec_copy.line_of("{staff.titel}") in lines
    assert "expected a length with a unit" in result.stderr
    assert "no colour named 'inkk'" in result.stderr
    assert "did you mean staff.title?" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_validate_checks_a_staff_list(run, sample_spec_path, write_staff) -> None:
    good = write_staff("good.csv", [("X1", "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho")])
    assert run("--spec", sample_spec_path, "validate", "--staff", good).exit_code == 0
    bad = write_staff("bad.csv", [("X1", "Lê Văn 漢", "Chuyên viên", "phuong-tay-ho")])
    result = run("--spec", sample_spec_path, "validate", "--staff", bad)
    assert result.exit_code == 1
    assert f"{bad}:2: name: " in result.stderr
    assert "U+6F22" in result.stderr


def test_badges_from_an_xlsx_with_nfd_names_and_capital_units(
    run, sample_spec_path, write_staff, tmp_path, photo
) -> None:
    rows = [
        ("CB9001", nfd("Nguyễn Thị Ánh Tuyết"), nfd("Chuyên viên"), nfd("PHƯỜNG TÂY HỒ"), photo),
        ("CB9002", nfd("Đặng   Văn Ễnh"), "Công chức", "CHI NHÁNH SỐ 3"),
        ("CB9003", "Trần Minh Cường", "Chuyên viên", nfd("phường tây hồ")),
    ]
    staff = write_staff("staff.xlsx", rows)
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "--jobs", "2", "badges", "--staff", staff
    )
    assert result.exit_code == 0, result.output
    assert written_files(out) == [
        "chi-nhanh-03/badges/chi-nhanh-03-badges.pdf",
        "manifest.json",
        TAY_HO_PDF,
    ]
    entries = check_manifest_matches_files(out)
    tay_ho = entries[TAY_HO_PDF]
    # Two people, front and back each.
    assert tay_ho["pages"] == 4 and tay_ho["sides"] == 2 and tay_ho["unit"] == "phuong-tay-ho"
    assert tay_ho["asset"] == "badge" and tay_ho["format"] == "pdf"
    assert tay_ho["trim_mm"] == [54.0, 85.6] and tay_ho["bleed_mm"] == 3.0
    text = pdf_text(out / TAY_HO_PDF)
    assert unicodedata.is_normalized("NFC", text)
    pages = text.split("\n")
    assert len(pages) == 4
    unit = "ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ ĐIỂM TIẾP NHẬN, PHỤC VỤ HÀNH CHÍNH CÔNG "
    for front, name in zip(pages[0::2], ("Nguyễn Thị Ánh Tuyết", "Trần Minh Cường"), strict=True):
        assert front.startswith(unit) and name in front
    for back in pages[1::2]:
        assert back.startswith(unit) and "Đường dây nóng 1022" in back
        assert "Tuyết" not in back and "Cường" not in back
    chi_nhanh = entries["chi-nhanh-03/badges/chi-nhanh-03-badges.pdf"]
    assert chi_nhanh["pages"] == 2 and chi_nhanh["sides"] == 2
    front, back = pdf_text(out / "chi-nhanh-03/badges/chi-nhanh-03-badges.pdf").split("\n")
    assert "Đặng Văn Ễnh" in front
    branch = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HÀ NỘI CHI NHÁNH SỐ 3 "
    assert back.startswith(branch) and "Đường dây nóng 1022" in back
    assert "Wrote 2 PDFs" in result.stderr  # the summary


def test_png_proofs_have_the_right_pixel_size(run, sample_spec_path, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "--jobs", "1",
        "badges", "--unit", "phuong-tay-ho", "--format", "pdf,png",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    pngs = [p for p in written_files(out) if p.endswith(".png")]
    # One proof per side: the front, and the back (badge_back) beside it.
    assert pngs == [
        "phuong-tay-ho/badges/png/badge-cb00076-cong-ton-nu-thi-hoang-phuong-thao-nguyen-back.png",
        "phuong-tay-ho/badges/png/badge-cb00076-cong-ton-nu-thi-hoang-phuong-thao-nguyen.png",
        "phuong-tay-ho/badges/png/badge-cb00077-tran-minh-cuong-back.png",
        "phuong-tay-ho/badges/png/badge-cb00077-tran-minh-cuong.png",
        "phuong-tay-ho/badges/png/badge-cb00078-hoang-xuan-viet-back.png",
        "phuong-tay-ho/badges/png/badge-cb00078-hoang-xuan-viet.png",
    ]
    entries = check_manifest_matches_files(out)
    for path in pngs:
        with Image.open(out / path) as image:
            assert image.mode == "RGB"
            assert abs(image.width - round(54 / 25.4 * 300)) <= 1  # 638 px
            assert abs(image.height - round(85.6 / 25.4 * 300)) <= 1  # 1011 px
            assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
            assert entries[path]["pixels"] == [image.width, image.height]
        assert entries[path]["format"] == "png" and entries[path]["dpi"] == 300
        assert entries[path]["pages"] == 1


def test_full_png_proofs_show_bleed_and_marks(run, sample_spec_path, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "--jobs", "1", "badges",
        "--unit", "phuong-tay-ho", "--format", "png", "--dpi", "72", "--png-full",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not [p for p in written_files(out) if p.endswith(".pdf")]  # png only
    (first, *_) = [p for p in written_files(out) if p.endswith(".png")]
    with Image.open(out / first) as image:
        # The whole sheet: trim + 2 × (3 mm bleed + 1 mm gap + 5 mm mark + 1 mm) at 72 dpi.
        assert abs(image.width - 74 / 25.4 * 72) <= 1.5
        assert abs(image.height - 105.6 / 25.4 * 72) <= 1.5
    assert manifest(out)["files"][0]["bleed_mm"] == 3.0


@pytest.mark.parametrize(
    "layout",
    [
        ("--spec", "{spec}", "--out", "{out}", "--jobs", "1", "--quiet", "badges", "-u", "{u}"),
        ("badges", "-u", "{u}", "--spec", "{spec}", "--out", "{out}", "--jobs", "1", "--quiet"),
        ("--spec", "{spec}", "-q", "badges", "--out", "{out}", "-j", "1", "--unit", "{u}"),
        ("--out", "{elsewhere}", "badges", "--out", "{out}", "--spec", "{spec}", "-u", "{u}"),
    ],
    ids=["before", "after", "mixed", "after-wins"],
)
def test_global_options_before_or_after_the_command(
    run, sample_spec_path, tmp_path, layout
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    values = {"spec": sample_spec_path, "out": out, "u": "phuong-tay-ho", "elsewhere": elsewhere}
    args = [a.format(**values) for a in layout]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert written_files(out) == ["manifest.json", TAY_HO_PDF]
    assert not elsewhere.exists()
    if "--quiet" in args or "-q" in args:
        assert result.stderr == ""


def test_unit_by_name(run, sample_spec_path, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "-j", "1", "badges", "--unit", "Phường Tây Hồ"
    )
    assert result.exit_code == 0, result.output
    assert written_files(out) == ["manifest.json", TAY_HO_PDF]
    with pikepdf.open(out / TAY_HO_PDF) as pdf:
        assert len(pdf.pages) == 2 * 3  # the unit's 3 people, front and back


def test_units_add_up_in_the_manifest(run, sample_spec_path, tmp_path) -> None:
    out = tmp_path / "out"
    base = ("--spec", sample_spec_path, "--out", out, "-j", "1", "-q", "badges", "--unit")
    assert run(*base, "phuong-tay-ho").exit_code == 0
    assert run(*base, "chi-nhanh-03").exit_code == 0
    entries = check_manifest_matches_files(out)
    assert set(entries) == {TAY_HO_PDF, "chi-nhanh-03/badges/chi-nhanh-03-badges.pdf"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("badges", "--unit", "phuong-khong-co"), "no unit 'phuong-khong-co'"),
        (("badges", "--unit", "Phường Tây Hổ"), "did you mean 'Phường Tây Hồ'?"),
        (("badges", "--format", "pdf,svg"), "--format"),
        (("badges", "--format", ""), "--format"),
        (("badges", "--dpi", "5"), "--dpi"),
        (("badges", "--jobs", "0"), "--jobs"),
        (("badges", "--no-such-option"), "No such option"),
        (("print-everything",), "No such command"),
    ],
)
def test_usage_errors_exit_2(run, sample_spec_path, tmp_path, args, message) -> None:
    out = tmp_path / "out"
    result = run("--spec", sample_spec_path, "--out", out, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Usage:" in result.stderr
    assert written_files(out) == []


def test_schema_is_json(run) -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "properties" in schema
    assert {"colours", "fonts", "templates", "units"} <= set(schema["properties"])


def test_help_and_version(run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("badges", "signs", "envelopes", "folders", "build", "check", "validate"):
        assert command in result.stdout
    assert "Exit codes" in result.stdout
    version = run("--version")
    assert version.exit_code == 0 and "brandkit" in version.stdout


def test_build_command_makes_every_asset_of_a_unit(run, sample_spec_path, tmp_path) -> None:
    out = tmp_path / "out"
    result = run("--spec", sample_spec_path, "--out", out, "-j", "1", "build", "-u", "trung-tam")
    assert result.exit_code == 0, result.output
    entries = check_manifest_matches_files(out)
    unit = "trung-tam"
    screens = ("1080x1920", "1280x800", "1920x1080")
    expected = sorted([
        f"{unit}/badges/{unit}-badges.pdf",
        *(f"{unit}/envelopes/{unit}-envelope-{s}.pdf"
          for s in ("120x220", "250x350", "c4", "c5", "dl")),
        *(f"{unit}/envelopes/{unit}-envelope-blank-{s}.pdf" for s in ("c4", "c5", "dl")),
        f"{unit}/business-cards/{unit}-business-card.pdf",
        f"{unit}/letterheads/{unit}-letterhead.pdf",
        f"{unit}/folders/{unit}-folder.pdf",
        f"{unit}/posters/{unit}-poster.pdf",
        *(f"{unit}/signs/{unit}-{n}.pdf" for n in (
            "counter-sign-desk", "counter-sign-hanging", "desk-plates", "door-sign", "signboard"
        )),
        *(f"{unit}/kiosk/{s}/{n}.png" for s in screens for n in ("home", "idle", "rate")),
        *(f"{unit}/kiosk/button/button-{n}.png"
          for n in ("normal", "pressed", "disabled", "text-area")),
        f"{unit}/ticket/{unit}-ticket-proof.pdf",
        f"{unit}/boards/{unit}-procedure-board.pdf",
        f"{unit}/boards/{unit}-procedure-standee.pdf",
        f"{unit}/boards/{unit}-procedure-handout.pdf",
        *(f"brand/ticket/emblem-line-{w}.{x}" for w in ("58mm-384px", "80mm-576px")
          for x in ("png", "bmp")),
        "brand/tokens.json", "brand/tokens.css", "brand/icons/emblem.ico",
        *(f"brand/icons/emblem-{n}.png" for n in (16, 32, 48, 64, 128, 180, 192, 256, 512)),
        "brand/brand-manual.pdf",
        f"{unit}/office/{unit}-letterhead.docx",
        *(f"{unit}/office/signatures/{p}.html" for p in (
            "cb00001-pham-bich-ngoc", "cb00002-dinh-tien-tung", "cb00003-ngo-xuan-khanh",
            "cb00004-dinh-dieu-hanh", "cb00005-au-duong-nguyen-thi-diem-quynh",
            "cb00006-tran-kim-anh",
        )),
        *(f"{unit}/attire/{unit}-{i}.{x}" for i in ("shirt", "vest", "lanyard")
          for x in ("pdf", "svg")),
    ])  # fmt: skip
    assert sorted(entries) == expected, set(entries) ^ set(expected)
    assets = {e["asset"] for e in entries.values()}
    assert assets == {
        "badge", "signboard", "door_sign", "counter_sign", "desk_plate", "envelope", "folder",
        "kiosk", "ticket_proof", "ticket_logo", "tokens", "icon", "procedure_board",
        "procedure_handout", "poster", "business_card", "letterhead", "manual", "office",
        "attire",
    }  # fmt: skip
    assert {e["unit"] for e in entries.values() if e["path"].startswith("brand/")} == {None}
    assert entries[f"{unit}/signs/{unit}-counter-sign-hanging.pdf"]["pages"] == 8  # its counters
    assert entries[f"{unit}/signs/{unit}-signboard.pdf"]["trim_mm"] == [3000, 800]


def test_validate_a_spec_whose_staff_list_is_missing(run, spec_copy) -> None:
    (spec_copy.dir / "data" / "staff.xlsx").unlink()
    result = run("--spec", spec_copy.path, "validate")
    assert result.exit_code == 1
    line = spec_copy.line_of("file: data/staff.xlsx")
    assert f"{spec_copy.path}:{line}: data.staff.file: no such file: data/staff.xlsx" in (
        result.stderr
    )
