"""`brandkit make` (any asset kind, built in or declared in the spec), `brandkit units`, and the
promises around them: `validate` refuses what `build` refuses, and `changes` predicts only
what the requested build would write.

The sample spec declares one kind of its own, the A3 opening-hours poster (`asset: poster`,
folder `posters`, label "Áp phích giờ làm việc"). Real builds of one or two units are made once
per module and inspected as files: PDFs with pikepdf and pdfium, PNGs with Pillow, zips with
zipfile; nothing is mocked.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image

from brandkit.build.assets import registry_for
from tests.cli.conftest import invoke, written_files
from tests.conftest import SAMPLE_SPEC, SPECS_DIR
from tests.render.pdfcheck import unembedded_fonts

UNIT = "trung-tam"
WARD = "phuong-tay-ho"
LABEL = "Áp phích giờ làm việc"
POSTER_PDF = f"{UNIT}/posters/{UNIT}-poster.pdf"
POSTER_PNG = f"{UNIT}/posters/png/poster.png"
# An A3 poster with its bleed and crop marks is bigger than an A3 or an SRA3 sheet: SRA2 holds it.
POSTER_SHEET = f"{UNIT}/sheets/{UNIT}-poster-sra2.pdf"
PT_PER_MM = 72 / 25.4
TICKET_JSON = "job-ticket.json"
UNIT_KEYS = {"id", "name", "kind", "parent", "people", "counters"}


# --- helpers ---------------------------------------------------------------------------------


def brandkit(*args: object, spec: Path = SAMPLE_SPEC) -> Any:
    return invoke("--spec", spec, *args)


def ok(*args: object, spec: Path = SAMPLE_SPEC) -> Any:
    result = brandkit(*args, spec=spec)
    assert result.exit_code == 0, result.output
    return result


def manifest(out: Path) -> dict[str, dict[str, Any]]:
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {e["path"]: e for e in document["files"]}


def collapse(text: str) -> str:
    """NFC, every run of white space (line breaks too) one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_text(data: bytes | Path) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def box_mm(box: Any) -> tuple[float, float, float, float]:
    return tuple(float(v) / PT_PER_MM for v in box)  # type: ignore[return-value]


def sample() -> dict[str, Any]:
    """The sample spec as plain YAML (anchors resolved), read without brandkit."""
    data: dict[str, Any] = yaml.safe_load(SAMPLE_SPEC.read_text(encoding="utf-8"))
    return data


def key(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def people_by_unit() -> Counter[str]:
    """Who belongs to which unit in the sample's staff list (specs/data/staff.xlsx: the unit
    column holds names), counted by unit id without brandkit."""
    units = sample()["units"]
    by_key = {key(u["name"]): u["id"] for u in units} | {key(u["id"]): u["id"] for u in units}
    book = openpyxl.load_workbook(SPECS_DIR / "data" / "staff.xlsx", read_only=True)
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    column = [key(str(h)) for h in rows[0]].index(key("Đơn vị"))
    return Counter(by_key[key(str(row[column]))] for row in rows[1:] if row[column])


# --- make poster -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def poster_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("make-poster") / "out"
    ok("--out", out, "-j", "1", "make", "poster", "--unit", UNIT, "--format", "pdf,png")
    return out


def test_make_poster_writes_the_poster_of_one_unit_where_its_kind_says(poster_out: Path) -> None:
    assert written_files(poster_out) == sorted(["manifest.json", POSTER_PDF, POSTER_PNG])
    entries = manifest(poster_out)
    assert sorted(entries) == sorted([POSTER_PDF, POSTER_PNG])
    pdf = entries[POSTER_PDF]
    assert (pdf["unit"], pdf["asset"], pdf["format"], pdf["pages"]) == (UNIT, "poster", "pdf", 1)
    assert pdf["template"] == "poster"
    assert pdf["trim_mm"] == pytest.approx([297, 420], abs=0.1)
    assert pdf["bleed_mm"] == pytest.approx(3)
    png = entries[POSTER_PNG]
    assert (png["unit"], png["asset"], png["format"]) == (UNIT, "poster", "png")


def test_the_poster_is_a3_with_3mm_bleed(poster_out: Path) -> None:
    with pikepdf.open(poster_out / POSTER_PDF) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        trim, bleed, media = box_mm(page.TrimBox), box_mm(page.BleedBox), box_mm(page.MediaBox)
    assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((297, 420), abs=0.1)
    assert (bleed[2] - bleed[0], bleed[3] - bleed[1]) == pytest.approx((303, 426), abs=0.1)
    # The bleed is 3 mm on every side of the trim, and the page holds the bleed and the marks.
    assert (trim[0] - bleed[0], trim[1] - bleed[1]) == pytest.approx((3, 3), abs=0.1)
    assert (bleed[2] - trim[2], bleed[3] - trim[3]) == pytest.approx((3, 3), abs=0.1)
    assert media[0] <= bleed[0] and media[1] <= bleed[1]
    assert media[2] >= bleed[2] and media[3] >= bleed[3]
    assert (media[2] - media[0], media[3] - media[1]) > (303, 426)


def test_the_poster_is_pdfx4_with_every_font_embedded(poster_out: Path) -> None:
    with pikepdf.open(poster_out / POSTER_PDF) as pdf:
        assert str(pdf.docinfo.get("/GTS_PDFXVersion")) == "PDF/X-4"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and pikepdf.Name("/GTS_PDFX") == intents[0].S
        assert unembedded_fonts(pdf) == []
    raw = (poster_out / POSTER_PDF).read_bytes()
    assert b"/DeviceRGB" not in raw


def test_the_poster_says_the_units_name_and_hours(poster_out: Path) -> None:
    spec = sample()
    [unit] = [u for u in spec["units"] if u["id"] == UNIT]
    text = collapse(pdf_text(poster_out / POSTER_PDF))
    # The name is set in capitals (`transform: upper`), over as many lines as it needs.
    assert collapse(unit["name"].upper()) in text, text
    assert "GIỜ LÀM VIỆC" in text
    hours = unit.get("opening_hours") or spec["unit_defaults"]["opening_hours"]
    assert collapse(hours) in text, text
    assert collapse(unit["address"]) in text
    assert text == unicodedata.normalize("NFC", text)


def test_the_posters_png_proof_is_the_trimmed_page(poster_out: Path) -> None:
    with Image.open(poster_out / POSTER_PNG) as image:
        width, height = image.size
    assert width / height == pytest.approx(297 / 420, rel=0.005)
    entry = manifest(poster_out)[POSTER_PNG]
    assert entry["pixels"] == [width, height]


def test_the_posters_qr_code_leads_to_the_units_website(poster_out: Path) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    spec = sample()
    [unit] = [u for u in spec["units"] if u["id"] == UNIT]
    website = unit.get("website") or spec["unit_defaults"]["website"]
    with Image.open(poster_out / POSTER_PNG) as image:
        found = [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]
    assert found == [f"https://{website}"]


# --- make: other kinds, templates, mistakes ----------------------------------------------------


def test_make_desk_plate_makes_only_desk_plates(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok("--out", out, "-j", "1", "make", "desk_plate", "--unit", WARD)
    entries = manifest(out)
    assert {e["asset"] for e in entries.values()} == {"desk_plate"}
    path = f"{WARD}/signs/{WARD}-desk-plates.pdf"
    assert sorted(entries) == [path]
    assert written_files(out) == sorted(["manifest.json", path])
    assert entries[path]["pages"] == people_by_unit()[WARD]  # a page per person


def test_make_several_kinds_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok("--out", out, "-j", "1", "make", "poster", "door_sign", "--unit", WARD)
    assert sorted(manifest(out)) == [
        f"{WARD}/posters/{WARD}-poster.pdf",
        f"{WARD}/signs/{WARD}-door-sign.pdf",
    ]


def test_a_shorthand_command_is_make_of_its_kinds(tmp_path: Path) -> None:
    by_signs, by_make = tmp_path / "signs", tmp_path / "make"
    ok("--out", by_signs, "-j", "1", "signs", "--unit", WARD)
    kinds = ("signboard", "door_sign", "counter_sign", "desk_plate")
    ok("--out", by_make, "-j", "1", "make", *kinds, "--unit", WARD)
    signs, made = manifest(by_signs), manifest(by_make)
    assert sorted(signs) == sorted(made)
    assert {e["asset"] for e in made.values()} == set(kinds)
    for path in signs:
        assert (by_signs / path).read_bytes() == (by_make / path).read_bytes(), path


def test_template_restricts_make_to_those_templates(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok("--out", out, "-j", "1", "make", "counter_sign", "--template", "counter_sign_desk",
       "--unit", WARD)  # fmt: skip
    assert sorted(manifest(out)) == [f"{WARD}/signs/{WARD}-counter-sign-desk.pdf"]


def test_make_an_unknown_kind_is_a_usage_error_naming_the_kinds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = brandkit("--out", out, "make", "nonsense", "--unit", UNIT)
    assert result.exit_code == 2, result.output
    assert "nonsense" in result.stderr
    # The known kinds: built in, and declared by the spec.
    for kind in ("badge", "desk_plate", "procedure_board", "poster"):
        assert kind in result.stderr, result.stderr
    assert not out.exists()


def test_make_an_unknown_template_is_a_usage_error_naming_the_templates(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = brandkit("--out", out, "make", "poster", "--template", "nope", "--unit", UNIT)
    assert result.exit_code == 2, result.output
    assert "nope" in result.stderr and "poster" in result.stderr
    result = brandkit("--out", out, "make", "counter_sign", "--template", "nope", "--unit", UNIT)
    assert result.exit_code == 2, result.output
    assert "counter_sign_hanging" in result.stderr and "counter_sign_desk" in result.stderr
    # A template of another kind than those asked for is not one of theirs.
    result = brandkit("--out", out, "make", "poster", "--template", "badge", "--unit", UNIT)
    assert result.exit_code == 2, result.output
    assert not out.exists()


# --- a declared kind on press sheets and in the print shop's bundle ----------------------------


@pytest.fixture(scope="module")
def bundle_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("poster-bundle") / "out"
    ok("--out", out, "-j", "2", "build", "--unit", UNIT, "--sheet", "SRA2", "--bundle")
    return out


def zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_poster_is_imposed_and_bundled(bundle_out: Path) -> None:
    entries = manifest(bundle_out)
    assert entries[POSTER_PDF]["asset"] == "poster"
    sheet = entries[POSTER_SHEET]
    assert sheet["imposes"] == POSTER_PDF
    assert sheet["up"] >= 1
    inside = zip_members(bundle_out / UNIT / f"{UNIT}-print-bundle.zip")
    for path in (POSTER_PDF, POSTER_SHEET):
        name = path.removeprefix(f"{UNIT}/")
        assert inside[name] == (bundle_out / path).read_bytes(), name


def test_the_job_ticket_names_the_posters_kind(bundle_out: Path, sample_spec: Any) -> None:
    inside = zip_members(bundle_out / UNIT / f"{UNIT}-print-bundle.zip")
    ticket = json.loads(inside[TICKET_JSON])
    items = {i["file"]: i for i in ticket["items"]}
    poster = items[POSTER_PDF.removeprefix(f"{UNIT}/")]
    assert (poster["asset"], poster["kind"]) == ("poster", LABEL)
    order = sample_spec.spec.templates["poster"].print
    assert (poster["copies"], poster["quantity"]) == (2, 2)
    assert (poster["stock"], poster["finish"]) == (order.stock, order.finish)
    assert poster["sheet"]["file"] == POSTER_SHEET.removeprefix(f"{UNIT}/")
    # Every item is named by its kind's label, built-in kinds as declared ones.
    registry = registry_for(sample_spec)
    for item in ticket["items"]:
        assert item["kind"] == registry[item["asset"]].label, item["file"]
    assert items[f"badges/{UNIT}-badges.pdf"]["kind"] == "Thẻ tên cán bộ"
    assert re.sub(r"\s+", "", LABEL) in re.sub(r"\s+", "", pdf_text(inside["job-ticket.pdf"]))


def test_on_an_a3_sheet_the_poster_is_bundled_as_its_own_pages(tmp_path: Path) -> None:
    # An A3 poster cannot be imposed on an A3 sheet (its bleed and marks need more): the build
    # says so once and the print shop gets the poster's own pages, named by its kind.
    out = tmp_path / "out"
    result = ok("--out", out, "-j", "2", "build", "--unit", UNIT, "--sheet", "A3", "--bundle")
    assert "note: not imposed on the A3 (297 × 420 mm) sheet" in result.stderr
    assert "poster (297 × 420 mm)" in result.stderr
    entries = manifest(out)
    assert not [p for p, e in entries.items() if e.get("imposes") == POSTER_PDF]
    inside = zip_members(out / UNIT / f"{UNIT}-print-bundle.zip")
    member = POSTER_PDF.removeprefix(f"{UNIT}/")
    assert inside[member] == (out / POSTER_PDF).read_bytes()
    items = {i["file"]: i for i in json.loads(inside[TICKET_JSON])["items"]}
    assert (items[member]["kind"], items[member]["sheet"]) == (LABEL, None)
    changes = brandkit("--out", out, "changes", "--unit", UNIT, "--sheet", "A3", "--bundle")
    assert changes.exit_code == 0 and "Nothing to write" in changes.stdout, changes.output


# --- changes: only what the requested build would write ----------------------------------------


@pytest.fixture(scope="module")
def proofs_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the sample's folder, and the Trung tâm built from it as PDFs and PNGs."""
    root = tmp_path_factory.mktemp("pdf-png")
    shutil.copytree(SPECS_DIR, root / "specs")
    spec = root / "specs" / SAMPLE_SPEC.name
    out = root / "out"
    ok("--out", out, "-j", "2", "build", "--unit", UNIT, "--format", "pdf,png", spec=spec)
    return spec, out


def copy_out(proofs_build: tuple[Path, Path], tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(proofs_build[1], out)
    return out


def changes_json(spec: Path, out: Path, *more: str) -> list[dict[str, Any]]:
    result = ok("--out", out, "changes", "--unit", UNIT, "--json", *more, spec=spec)
    changes: list[dict[str, Any]] = json.loads(result.stdout)["changes"]
    return changes


def test_changes_after_a_pdf_and_png_build_has_nothing_to_write(
    proofs_build: tuple[Path, Path], tmp_path: Path
) -> None:
    spec, _ = proofs_build
    out = copy_out(proofs_build, tmp_path)
    assert any(p.endswith(".png") for p in manifest(out))
    # No --format: the last build's formats.
    result = ok("--out", out, "changes", "--unit", UNIT, spec=spec)
    assert "Nothing to write" in result.stdout, result.stdout
    assert changes_json(spec, out) == []


def test_a_deleted_png_is_the_one_thing_missing(
    proofs_build: tuple[Path, Path], tmp_path: Path
) -> None:
    spec, _ = proofs_build
    out = copy_out(proofs_build, tmp_path)
    (out / POSTER_PNG).unlink()
    changes = changes_json(spec, out)
    assert [(c["path"], c["status"]) for c in changes] == [(POSTER_PNG, "missing")]
    result = ok("--out", out, "changes", "--unit", UNIT, spec=spec)
    assert re.search(rf"^missing\s+{re.escape(POSTER_PNG)}$", result.stdout, re.MULTILINE), (
        result.stdout
    )


def test_changes_predicts_what_the_build_then_writes_after_a_pdf_only_build(
    proofs_build: tuple[Path, Path], tmp_path: Path
) -> None:
    # PDFs and PNGs, then PDFs only (the PNGs stay, untouched): asking for both again, what
    # `changes` says will be written is what the build writes.
    spec, _ = proofs_build
    out = copy_out(proofs_build, tmp_path)
    result = ok("--out", out, "-j", "1", "build", "--unit", UNIT, spec=spec)
    assert "Wrote nothing new" in result.stderr, result.stderr
    predicted = sorted(c["path"] for c in changes_json(spec, out, "--format", "pdf,png"))
    ok("--out", out, "-j", "1", "build", "--unit", UNIT, "--format", "pdf,png", spec=spec)
    rewritten = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["last_build"]
    assert predicted == sorted(rewritten["rewritten"])


def edited_spec(spec: Path, old: str, new: str) -> Path:
    """An edited copy of `spec` beside it (so every path in it resolves the same)."""
    text = spec.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in the sample spec; update the test"
    path = spec.with_name(f"edited-{abs(hash((old, new)))}.yaml")
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


HOURS = "Thứ Hai – Thứ Sáu: 7h30 – 17h00; sáng thứ Bảy: 8h00 – 11h30"
DOOR_SIGN = (f"{UNIT}/signs/{UNIT}-door-sign.pdf", f"{UNIT}/signs/png/door-sign.png")
MANUAL = "brand/brand-manual.pdf"  # made from the whole spec: any edit of it changes the manual
EDITS = {
    # The poster's own template: its heading.
    "the poster template": (
        'text: "GIỜ LÀM VIỆC", x: 10mm',
        'text: "GIỜ MỞ CỬA", x: 10mm',
        (POSTER_PDF, POSTER_PNG, MANUAL),
    ),
    # The record a poster is made from: the unit's own opening hours (the door sign shows them
    # too; the office documents and attire files do not).
    "the unit's opening hours": (
        "    short_name: Trung tâm Phục vụ hành chính công\n",
        f'    short_name: Trung tâm Phục vụ hành chính công\n    opening_hours: "{HOURS}"\n',
        (POSTER_PDF, POSTER_PNG, *DOOR_SIGN, MANUAL),
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_the_poster_is_made_from_changes_the_poster(
    proofs_build: tuple[Path, Path], tmp_path: Path, edit: str
) -> None:
    spec, _ = proofs_build
    old, new, files = EDITS[edit]
    out = copy_out(proofs_build, tmp_path)
    edited = edited_spec(spec, old, new)
    expected = sorted(files)
    assert set(expected) <= set(manifest(out))
    changes = changes_json(edited, out)
    assert sorted(c["path"] for c in changes) == expected
    assert {c["status"] for c in changes} == {"changed"}
    # The build does what `changes` said, and then there is nothing left to do.
    result = ok("--out", out, "-j", "1", "build", "--unit", UNIT, "--format", "pdf,png",
                spec=edited)  # fmt: skip
    rewritten = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["last_build"]
    assert sorted(rewritten["rewritten"]) == expected, result.stderr
    assert changes_json(edited, out) == []
    text = collapse(pdf_text(out / POSTER_PDF))
    assert ("GIỜ MỞ CỬA" if edit == "the poster template" else HOURS) in text


# --- validate refuses what build refuses -------------------------------------------------------

BROKEN_RULES = {
    # A heading meant to be read from 6 m: its cap height would have to be 50 mm.
    "letter height": (
        "align: center, valign: middle, viewing_distance: 3m}",
        "align: center, valign: middle, viewing_distance: 6m}",
        'text: "GIỜ LÀM VIỆC"',
        "letter height",
    ),
    # The door sign's main line in the light grey of hairlines, on white paper.
    "contrast": (
        "min_size: 68pt, colour: primary",
        "min_size: 68pt, colour: muted",
        'text: "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"',
        "contrast",
    ),
}


@pytest.mark.parametrize("rule", list(BROKEN_RULES))
def test_validate_refuses_a_broken_brand_rule_as_build_does(
    spec_copy: Any, tmp_path: Path, rule: str
) -> None:
    old, new, element, name = BROKEN_RULES[rule]
    spec_copy.edit(old, new)
    located = f"{spec_copy.path}:{spec_copy.line_of(element)}: "
    out = tmp_path / "out"

    built = brandkit("--out", out, "-j", "1", "build", "--unit", UNIT, spec=spec_copy.path)
    assert built.exit_code == 1, built.output
    assert located in built.stderr and name in built.stderr, built.stderr
    assert not [p for p in written_files(out) if p != "manifest.json"]

    validated = brandkit("validate", spec=spec_copy.path)
    assert validated.exit_code == 1, validated.output
    assert located in validated.stderr and name in validated.stderr, validated.stderr


# --- units -----------------------------------------------------------------------------------


def test_units_as_json(run: Any) -> None:
    result = run("--spec", SAMPLE_SPEC, "units", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert isinstance(listed, list) and len(listed) == 139
    for entry in listed:
        assert set(entry) == UNIT_KEYS, entry
    spec_units = sample()["units"]
    assert [u["id"] for u in listed] == [u["id"] for u in spec_units]
    people = people_by_unit()
    for entry, unit in zip(listed, spec_units, strict=True):
        assert entry["name"] == unicodedata.normalize("NFC", unit["name"])
        assert entry["kind"] == unit["kind"]
        assert entry["parent"] == unit.get("parent")
        assert entry["counters"] == len(unit.get("counters") or [])
        assert entry["people"] == people[unit["id"]], unit["id"]
    by_id = {u["id"]: u for u in listed}
    centre = by_id[UNIT]
    assert centre["parent"] is None
    assert centre["counters"] == 8
    assert centre["people"] == people[UNIT] == 6  # as in specs/data/staff.csv
    assert by_id[WARD]["parent"] == UNIT
    assert sum(u["people"] for u in listed) == sum(people.values()) == 432


def test_units_as_a_table(run: Any) -> None:
    result = run("--spec", SAMPLE_SPEC, "units")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) >= 140  # a header and a line per unit
    assert result.stdout == unicodedata.normalize("NFC", result.stdout)
    header = lines[0].split()
    assert header[:4] == ["id", "name", "kind", "parent"], header
    rows = {line.split()[0]: line for line in lines[1:] if line.strip()}
    assert "Trung tâm Phục vụ hành chính công thành phố Hà Nội" in rows[UNIT]
    assert "Phường Tây Hồ" in rows[WARD]
    assert "Phường Văn Miếu - Quốc Tử Giám" in rows["phuong-van-mieu-quoc-tu-giam"]
    assert re.search(r"\b6\s+8\s*$", rows[UNIT]), rows[UNIT]  # people, counters


def test_units_refuses_an_unknown_format(run: Any) -> None:
    result = run("--spec", SAMPLE_SPEC, "units", "--format", "xml")
    assert result.exit_code == 2, result.output
