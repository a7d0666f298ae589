"""`brandkit signs`, `envelopes` and `folders` on real output.

Each command writes exactly its own assets for the units asked for, where `build.py` says
(`<out>/<unit>/signs|envelopes|folders/`), with manifest entries whose trim, bleed and page
counts are worked out here from the spec's YAML and the sample staff workbook. Units are chosen
by id or by a name typed in capitals or decomposed (NFD); the longest real Hanoi names, in
capitals and in NFD, either print NFC-equal or fail with a located message; PNG proofs of a
3 m signboard are kept within 16 megapixels.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image

from tests.cli.conftest import written_files
from tests.conftest import SAMPLE_SPEC, SPECS_DIR

LOCATED = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+): ")
PT_PER_MM = 72 / 25.4

TT = "Trung tâm Phục vụ hành chính công thành phố Hà Nội"
VM = "Phường Văn Miếu - Quốc Tử Giám"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------------------------------------
# What the sample says, read without brandkit


@pytest.fixture(scope="module")
def raw_spec() -> dict:
    return yaml.safe_load(SAMPLE_SPEC.read_text(encoding="utf-8"))


def mm(value: str) -> float:
    assert value.endswith("mm"), value
    return float(value[:-2])


def trim_of(raw: dict, template: str, size: str | None = None) -> list[float]:
    """The flat trim in mm: a tent card is two faces tall."""
    tpl = raw["templates"][template]
    box = tpl["sizes"][size] if size else tpl["size"]
    width, height = mm(box["width"]), mm(box["height"])
    return [width, height * 2 if tpl.get("tent") else height]


def bleed_of(raw: dict, template: str) -> float:
    return mm(raw["templates"][template].get("bleed", "3mm"))


def counters_of(raw: dict, unit_id: str) -> int:
    return len(next(u for u in raw["units"] if u["id"] == unit_id).get("counters", []))


def staff_of(raw: dict, unit_id: str) -> int:
    """People of the unit in the sample workbook (its unit column holds unit names)."""
    name = next(u for u in raw["units"] if u["id"] == unit_id)["name"]
    book = openpyxl.load_workbook(SPECS_DIR / "data" / "staff.xlsx", read_only=True)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    column = header.index("Đơn vị")
    key = nfc(name).casefold()
    count = sum(1 for row in rows if row[column] and nfc(str(row[column])).casefold() == key)
    book.close()
    return count


def manifest(out: Path) -> dict[str, dict]:
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert document["generator"] == "brandkit"
    return {e["path"]: e for e in document["files"]}


def pdf_text(path: Path) -> str:
    """All the text of a PDF, whitespace (line breaks included) collapsed to single spaces."""
    document = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return re.sub(r"\s+", " ", " ".join(texts))


def trim_boxes_mm(path: Path) -> list[tuple[float, float]]:
    with pikepdf.open(path) as pdf:
        out = []
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj["/TrimBox"])
            out.append((round((x1 - x0) / PT_PER_MM, 2), round((y1 - y0) / PT_PER_MM, 2)))
        return out


@dataclass(frozen=True)
class Expected:
    path: str
    asset: str
    trim_mm: list[float]
    bleed_mm: float
    pages: int


def expected_signs(raw: dict, unit: str) -> dict[str, Expected]:
    counters, people = counters_of(raw, unit), staff_of(raw, unit)
    base = f"{unit}/signs/{unit}"
    return {
        e.path: e
        for e in (
            Expected(f"{base}-signboard.pdf", "signboard", trim_of(raw, "signboard"),
                     bleed_of(raw, "signboard"), 1),
            Expected(f"{base}-door-sign.pdf", "door_sign", trim_of(raw, "door_sign"),
                     bleed_of(raw, "door_sign"), 1),
            Expected(f"{base}-counter-sign-hanging.pdf", "counter_sign",
                     trim_of(raw, "counter_sign_hanging"), bleed_of(raw, "counter_sign_hanging"),
                     counters),
            Expected(f"{base}-counter-sign-desk.pdf", "counter_sign",
                     trim_of(raw, "counter_sign_desk"), bleed_of(raw, "counter_sign_desk"),
                     counters),
            Expected(f"{base}-desk-plates.pdf", "desk_plate", trim_of(raw, "desk_plate"),
                     bleed_of(raw, "desk_plate"), people),
        )
    }  # fmt: skip


ENVELOPE_SIZES = ("DL", "C5", "C4", "120x220", "250x350")


def expected_envelopes(raw: dict, unit: str, sizes=ENVELOPE_SIZES) -> dict[str, Expected]:
    out = {}
    for size in sizes:
        path = f"{unit}/envelopes/{unit}-envelope-{size.lower()}.pdf"
        trim = trim_of(raw, "envelope", size)
        out[path] = Expected(path, "envelope", trim, bleed_of(raw, "envelope"), 1)
        if size in raw["templates"]["envelope_blank"]["sizes"]:
            path = f"{unit}/envelopes/{unit}-envelope-blank-{size.lower()}.pdf"
            blank = blank_of(*trim_of(raw, "envelope_blank", size))
            out[path] = Expected(path, "envelope", blank, bleed_of(raw, "envelope_blank"), 1)
    return out


def blank_of(width: float, height: float) -> list[float]:
    """An envelope blank's size in mm (README, "Envelope blanks"): side flaps 8 % of the
    width within 15–20 mm; a seal flap of 40 % and a bottom flap of 75 % of the height."""
    side = min(20.0, max(15.0, 0.08 * width))
    return [round(width + 2 * side, 2), round(height * (1 + 0.40 + 0.75), 2)]


def expected_folders(raw: dict, unit: str) -> dict[str, Expected]:
    path = f"{unit}/folders/{unit}-folder.pdf"
    return {path: Expected(path, "folder", trim_of(raw, "folder"), bleed_of(raw, "folder"), 1)}


def check_output(out: Path, expected: dict[str, Expected]) -> dict[str, dict]:
    """Exactly the expected PDFs and the manifest; every entry and every page as expected."""
    assert written_files(out) == sorted([*expected, "manifest.json"])
    entries = manifest(out)
    assert sorted(entries) == sorted(expected)
    for path, want in expected.items():
        entry = entries[path]
        unit = path.split("/")[0]
        assert entry["unit"] == unit and entry["format"] == "pdf", path
        assert entry["asset"] == want.asset, path
        assert entry["trim_mm"] == want.trim_mm, path
        assert entry["bleed_mm"] == want.bleed_mm, path
        assert entry["pages"] == want.pages, path
        assert want.pages > 0
        assert trim_boxes_mm(out / path) == [tuple(want.trim_mm)] * want.pages, path
    return entries


# ---------------------------------------------------------------------------------------------
# Each command writes exactly its assets


@pytest.mark.parametrize("unit", ["trung-tam", "phuong-tay-ho"])
def test_signs(run, sample_spec_path, raw_spec, tmp_path, unit) -> None:
    out = tmp_path / "out"
    result = run("--spec", sample_spec_path, "--out", out, "-j", "1", "signs", "--unit", unit)
    assert result.exit_code == 0, result.output
    expected = expected_signs(raw_spec, unit)
    check_output(out, expected)
    # Tents (desk plates, desk counter signs) are two faces tall; counters and people add up.
    assert expected[f"{unit}/signs/{unit}-desk-plates.pdf"].trim_mm == [250, 200]
    assert expected[f"{unit}/signs/{unit}-counter-sign-desk.pdf"].trim_mm == [300, 200]
    pages = {p: e.pages for p, e in expected.items()}
    assert pages[f"{unit}/signs/{unit}-counter-sign-hanging.pdf"] == {
        "trung-tam": 8, "phuong-tay-ho": 5
    }[unit]  # fmt: skip
    assert (
        pages[f"{unit}/signs/{unit}-desk-plates.pdf"] == {"trung-tam": 6, "phuong-tay-ho": 3}[unit]
    )
    assert "Wrote 5 PDFs" in result.stderr


def test_signs_for_two_units_with_a_staff_list(
    run, sample_spec_path, raw_spec, tmp_path, write_staff
) -> None:
    staff = write_staff(
        "staff.csv",
        [
            ("X1", "Lê Văn Tám", "Chuyên viên", "chi-nhanh-03"),
            ("X2", "Trần Thị Hoa", "Công chức", "CHI NHÁNH SỐ 3"),
            ("X3", "Ngô Văn Ba", "Chuyên viên", "phuong-tay-ho"),
        ],
    )
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "-j", "2", "-q", "signs",
        "-u", "chi-nhanh-03", "-u", "phuong-tay-ho", "--staff", staff,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    expected = {
        **expected_signs(raw_spec, "chi-nhanh-03"),
        **expected_signs(raw_spec, "phuong-tay-ho"),
    }
    for unit, people in (("chi-nhanh-03", 2), ("phuong-tay-ho", 1)):
        path = f"{unit}/signs/{unit}-desk-plates.pdf"
        expected[path] = Expected(path, "desk_plate", [250, 200], 3.0, people)
    check_output(out, expected)
    text = pdf_text(out / "chi-nhanh-03/signs/chi-nhanh-03-desk-plates.pdf")
    assert "Lê Văn Tám" in text and "Trần Thị Hoa" in text and "Ngô Văn Ba" not in text


def test_envelopes(run, sample_spec_path, raw_spec, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "-j", "1", "envelopes", "-u", "chi-nhanh-03"
    )
    assert result.exit_code == 0, result.output
    expected = expected_envelopes(raw_spec, "chi-nhanh-03")
    check_output(out, expected)
    assert {tuple(e.trim_mm) for e in expected.values()} == {
        (220, 110), (229, 162), (324, 229), (220, 120), (350, 250),
        (255.2, 236.5), (265.64, 348.3), (364, 492.35),  # the DL, C5 and C4 blanks
    }  # fmt: skip


def test_folders(run, sample_spec_path, raw_spec, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "-j", "1", "folders", "-u", "phuong-tay-ho"
    )
    assert result.exit_code == 0, result.output
    check_output(out, expected_folders(raw_spec, "phuong-tay-ho"))
    assert manifest(out)["phuong-tay-ho/folders/phuong-tay-ho-folder.pdf"]["trim_mm"] == [474, 410]


# ---------------------------------------------------------------------------------------------
# --size


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        (("DL",), ("DL",)),
        (("dl",), ("DL",)),
        (("c4", "DL", "C4"), ("DL", "C4")),
        (("250X350",), ("250x350",)),
    ],
)
def test_envelope_sizes(run, sample_spec_path, raw_spec, tmp_path, sizes, expected) -> None:
    out = tmp_path / "out"
    args = [a for s in sizes for a in ("--size", s)]
    result = run(
        "--spec", sample_spec_path, "--out", out, "-j", "1", "envelopes", "-u", "trung-tam", *args
    )
    assert result.exit_code == 0, result.output
    check_output(out, expected_envelopes(raw_spec, "trung-tam", expected))


def test_an_unknown_size_is_a_usage_error(run, sample_spec_path, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "envelopes", "-u", "trung-tam", "--size", "A7"
    )
    assert result.exit_code == 2, result.output
    assert "no size 'A7'" in result.stderr
    assert "(sizes: 120x220, 250x350, C4, C5, DL)" in result.stderr
    assert "Usage:" in result.stderr
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# --unit by name


@pytest.mark.parametrize(
    ("command", "typed", "unit"),
    [
        ("signs", "CHI NHÁNH SỐ 3", "chi-nhanh-03"),
        ("signs", nfd("phường tây hồ"), "phuong-tay-ho"),
        ("envelopes", nfd("PHƯỜNG TÂY HỒ"), "phuong-tay-ho"),
        ("folders", nfd(VM.upper()), "phuong-van-mieu-quoc-tu-giam"),
        ("folders", f"  {TT.upper()}  ", "trung-tam"),
    ],
)
def test_unit_by_name_in_capitals_or_nfd(
    run, sample_spec_path, raw_spec, tmp_path, command, typed, unit
) -> None:
    out = tmp_path / "out"
    extra = ("--size", "DL") if command == "envelopes" else ()
    result = run("--spec", sample_spec_path, "--out", out, "-j", "1", command, "-u", typed, *extra)
    assert result.exit_code == 0, result.output
    expected = {
        "signs": lambda: expected_signs(raw_spec, unit),
        "envelopes": lambda: expected_envelopes(raw_spec, unit, ("DL",)),
        "folders": lambda: expected_folders(raw_spec, unit),
    }[command]()
    check_output(out, expected)


# ---------------------------------------------------------------------------------------------
# The longest real names, in capitals and in NFD


@dataclass(frozen=True)
class Renamed:
    unit: str
    name: str  # as written in the spec (maybe capitals, maybe NFD)
    typed: str  # what is given to --unit
    short_name: str | None = None
    fails: tuple[str, ...] = ()  # commands expected to fail with located problems


RENAMED = (
    # The centre: its name in capitals in the spec, typed decomposed and in lower case.
    Renamed("trung-tam", TT.upper(), nfd(TT.lower()), "Trung tâm Phục vụ hành chính công"),
    # The longest ward name, decomposed in the spec, typed in capitals.
    Renamed("phuong-van-mieu-quoc-tu-giam", nfd(VM), VM.upper()),
    # A branch (under the centre: a three-line signboard) named after the centre in NFD, with
    # no short name: the desk counter sign and desk plate cannot hold it.
    Renamed("chi-nhanh-03", nfd(f"{TT} – Chi nhánh số 3"), "chi-nhanh-03", fails=("signs",)),
    # A commune with a long name in decomposed capitals.
    Renamed("xa-huong-son", nfd("XÃ HƯƠNG SƠN – KHU DI TÍCH CHÙA HƯƠNG"), "xa-huong-son"),
)

# Where each command prints the unit's name: in its hierarchy, in capitals (the unit's own line
# in full, or short where a box cannot hold it), and as written too (field, upper-cased?).
NAMES_PRINTED = {
    "signs": {
        "signboard": [],
        "door-sign": [],
        "counter-sign-hanging": [],
        "counter-sign-desk": [],
        "desk-plates": [],
    },
    "envelopes": {
        **{f"envelope-{s.lower()}": [] for s in ENVELOPE_SIZES},
        **{f"envelope-blank-{s}": [] for s in ("dl", "c5", "c4")},  # the face on its blank
    },
    "folders": {"folder": [("short_name", False)]},
}


@pytest.fixture(scope="module")
def renamed_spec(tmp_path_factory) -> tuple[Path, Path, dict[str, int]]:
    """A copy of the sample with the units of RENAMED renamed; a staff CSV by unit id; the
    line of each renamed unit's `name:`."""
    folder = tmp_path_factory.mktemp("renamed") / "specs"
    shutil.copytree(SPECS_DIR, folder)
    spec = folder / SAMPLE_SPEC.name
    lines = spec.read_text(encoding="utf-8").split("\n")
    name_lines = {}
    for r in RENAMED:
        at = lines.index(f"  - id: {r.unit}") + 1
        assert lines[at].startswith("    name: ")
        lines[at] = f"    name: {r.name}"
        name_lines[r.unit] = at + 1
    spec.write_text("\n".join(lines), encoding="utf-8")
    staff = folder.parent / "staff.csv"
    staff.write_text(
        "Mã cán bộ,Họ và tên,Chức danh,Đơn vị\n"
        + "".join(f"X{i},Nguyễn Văn Số {i},Chuyên viên,{r.unit}\n" for i, r in enumerate(RENAMED)),
        encoding="utf-8",
    )
    return spec, staff, name_lines


@pytest.mark.parametrize("command", ["signs", "envelopes", "folders"])
@pytest.mark.parametrize("renamed", RENAMED, ids=[r.unit for r in RENAMED])
def test_longest_names_in_capitals_and_nfd(run, renamed_spec, tmp_path, renamed, command) -> None:
    spec, staff, name_lines = renamed_spec
    out = tmp_path / "out"
    extra = ("--staff", staff) if command == "signs" else ()
    result = run(
        "--spec", spec, "--out", out, "-j", "1", "-q", command, "-u", renamed.typed, *extra
    )

    if command in renamed.fails:
        assert result.exit_code == 1, result.output
        problems = result.stderr.strip().splitlines()
        assert re.fullmatch(r"brandkit: \d+ problems?; nothing was written\.", problems[-1])
        for line in problems[:-1]:
            assert LOCATED.match(line), line
            assert "does not fit" in line, line
            # The name, as people read it: NFC (upper-cased where the template says so).
            assert nfc(renamed.name).casefold() in line.casefold(), line
        assert any(
            line.startswith(f"{spec}:{name_lines[renamed.unit]}: ") for line in problems[:-1]
        ), problems
        assert not out.exists() or not any(out.rglob("*"))  # no PDF, no manifest, no temp
        return

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    folder = {"signs": "signs", "envelopes": "envelopes", "folders": "folders"}[command]
    pdfs = [p for p in written_files(out) if p.endswith(".pdf")]
    assert pdfs and all(p.startswith(f"{renamed.unit}/{folder}/") for p in pdfs)
    name = nfc(renamed.name)
    values = {"name": name, "short_name": nfc(renamed.short_name or renamed.name)}
    printed = NAMES_PRINTED[command]
    assert sorted(pdfs) == sorted(
        f"{renamed.unit}/{folder}/{renamed.unit}-{s}.pdf" for s in printed
    )
    for stem, fields in printed.items():
        text = pdf_text(out / f"{renamed.unit}/{folder}/{renamed.unit}-{stem}.pdf")
        assert unicodedata.is_normalized("NFC", text), stem
        forms = {values["name"].upper(), values["short_name"].upper()}
        assert any(form in text for form in forms), (stem, forms, text[:300])
        for field, upper in fields:
            want = values[field].upper() if upper else values[field]
            assert want in text, (stem, field, want, text[:300])


# ---------------------------------------------------------------------------------------------
# PNG proofs


def test_png_proofs_of_signs_stay_within_16_megapixels(run, sample_spec_path, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "-j", "1", "-q",
        "signs", "-u", "chi-nhanh-02", "--format", "png", "--dpi", "72",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = written_files(out)
    assert not [p for p in files if p.endswith(".pdf")]
    pngs = [p for p in files if p.endswith(".png")]
    assert all(p.startswith("chi-nhanh-02/signs/png/") for p in pngs)
    # A page per counter (4) on each counter sign, a plate per person (4), two single signs.
    assert len(pngs) == 4 + 4 + 4 + 2
    entries = manifest(out)
    assert sorted(entries) == pngs
    board = entries["chi-nhanh-02/signs/png/signboard.png"]
    # 3000 × 800 mm at 72 dpi would be 19.3 Mpx: the largest whole dpi within 16 Mpx.
    area_in2 = (3000 / 25.4) * (800 / 25.4)
    assert 3000 / 25.4 * 800 / 25.4 * 72**2 > 16_000_000
    expected_dpi = math.floor(math.sqrt(16_000_000 / area_in2))
    assert expected_dpi == 65
    assert board["dpi"] == expected_dpi
    assert board["format"] == "png" and board["asset"] == "signboard" and board["pages"] == 1
    assert board["trim_mm"] == [3000, 800] and board["bleed_mm"] == 0.0  # cut to the trim
    with Image.open(out / board["path"]) as image:
        assert list(image.size) == board["pixels"]
        assert image.width * image.height <= 16_000_000
        assert abs(image.width - 3000 / 25.4 * expected_dpi) <= 1
        assert abs(image.height - 800 / 25.4 * expected_dpi) <= 1
        assert image.info["dpi"] == pytest.approx((expected_dpi, expected_dpi), abs=0.01)
    # Smaller signs keep the dpi asked for.
    door = entries["chi-nhanh-02/signs/png/door-sign.png"]
    assert door["dpi"] == 72
    assert door["pixels"] == pytest.approx([600 / 25.4 * 72, 400 / 25.4 * 72], abs=1)
    plates = [e for p, e in entries.items() if "/desk-plate-" in p]
    assert len(plates) == 4 and all(e["asset"] == "desk_plate" for e in plates)
    assert all(e["trim_mm"] == [250, 200] and e["dpi"] == 72 for e in plates)


def test_full_sheet_signboard_proof_counts_its_bleed_and_marks(
    run, sample_spec_path, tmp_path
) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", sample_spec_path, "--out", out, "-j", "1", "-q", "signs", "-u", "chi-nhanh-02",
        "--format", "pdf,png", "--dpi", "72", "--png-full",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    entries = manifest(out)
    board = entries["chi-nhanh-02/signs/png/signboard.png"]
    # The sheet: trim + 2 × (10 mm bleed + 1 mm gap + 5 mm mark + 1 mm).
    w_in, h_in = (3000 + 34) / 25.4, (800 + 34) / 25.4
    expected_dpi = math.floor(math.sqrt(16_000_000 / (w_in * h_in)))
    assert board["dpi"] == expected_dpi == 63
    assert board["bleed_mm"] == 10.0
    with Image.open(out / board["path"]) as image:
        assert image.width * image.height <= 16_000_000
        assert abs(image.width - w_in * expected_dpi) <= 1.5
    assert entries["chi-nhanh-02/signs/chi-nhanh-02-signboard.pdf"]["format"] == "pdf"


def test_a_name_two_units_share_must_be_given_as_an_id(run, spec_copy, tmp_path) -> None:
    # Two units may share a name (NFC/NFD and case aside); selecting by it is ambiguous.
    spec_copy.edit("name: Xã Hương Sơn\n", f"name: {nfd(VM.upper())}\n")
    out = tmp_path / "out"
    typed = VM.lower()
    result = run("--spec", spec_copy.path, "--out", out, "folders", "-u", typed)
    assert result.exit_code == 2, result.output
    assert "phuong-van-mieu-quoc-tu-giam, xa-huong-son" in result.stderr
    assert "give the unit id" in result.stderr
    result = run("--spec", spec_copy.path, "--out", out, "-q", "folders", "-u", "xa-huong-son")
    assert result.exit_code == 0, result.output
