"""`brandkit build --bundle`: a zip per unit for the print shop, end to end.

One real build (module-scoped) of two units with press sheets and bundles, from a copy of the
sample staff list (CSV) with its photos in a temporary folder, so a later build can be given an
edited copy beside it. The bundle must carry exactly what its job ticket lists, byte for byte
what the manifest describes, and be remade only when something in it changed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import shutil
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from click.testing import Result

from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC, SPECS_DIR

UNITS = ("trung-tam", "phuong-tay-ho")
TICKET_JSON, TICKET_PDF, PROOF_PDF = "job-ticket.json", "job-ticket.pdf", "proof.pdf"
A4_LANDSCAPE = (841.89, 595.28)  # points
FIXED_DATE = (2000, 1, 1, 0, 0, 0)  # brandkit's date without SOURCE_DATE_EPOCH
# The row changed in the "one staff row" tests: a person of Phường Tây Hồ.
EDIT_FROM = "CB00077,Trần Minh Cường,Chuyên viên,,phuong-tay-ho,"
EDIT_TO = "CB00077,Trần Minh Cường,Chuyên viên chính,,phuong-tay-ho,"
NEW_TITLE = "Chuyên viên chính"


@dataclass(frozen=True)
class Built:
    out: Path
    staff: Path  # the staff CSV the build used
    stderr: str

    def manifest(self) -> dict[str, dict[str, Any]]:
        return read_manifest(self.out)

    def zip_path(self, unit: str) -> Path:
        return self.out / unit / f"{unit}-print-bundle.zip"


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {e["path"]: e for e in document["files"]}


def last_rewritten(out: Path) -> list[str]:
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return list(document["last_build"]["rewritten"])


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(out: Path, staff: Path, *options: str, jobs: int = 2) -> Result:
    args: list[object] = ["--spec", SAMPLE_SPEC, "--out", out, "-j", str(jobs), "build"]
    return invoke(*args, "--staff", staff, *options)


def build_bundles(out: Path, staff: Path, jobs: int = 2) -> Result:
    units = [a for unit in UNITS for a in ("--unit", unit)]
    result = build(out, staff, *units, "--sheet", "SRA3", "--bundle", jobs=jobs)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    data = tmp_path_factory.mktemp("staff")
    shutil.copyfile(SPECS_DIR / "data" / "staff.csv", data / "staff.csv")
    shutil.copytree(SPECS_DIR / "data" / "photos", data / "photos")
    out = tmp_path_factory.mktemp("bundle-build")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the zip's dates are the fixed date
        result = build_bundles(out, data / "staff.csv")
    return Built(out, data / "staff.csv", result.stderr)


@pytest.fixture(scope="module")
def staff_counts(built: Built) -> Counter[str]:
    with built.staff.open(encoding="utf-8", newline="") as handle:
        return Counter(row["Đơn vị"] for row in csv.DictReader(handle))


@pytest.fixture(scope="module")
def edited_staff(built: Built) -> Path:
    """A copy of the staff list with one row of Phường Tây Hồ changed, beside the original (so
    the photo paths, which are part of what a badge is made from, stay the same)."""
    text = built.staff.read_text(encoding="utf-8")
    assert text.count(EDIT_FROM) == 1, "the sample staff list changed; update the test"
    path = built.staff.with_name("staff-edited.csv")
    path.write_text(text.replace(EDIT_FROM, EDIT_TO), encoding="utf-8")
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def ticket_of(path: Path) -> dict[str, Any]:
    data = members(path)[TICKET_JSON]
    ticket: dict[str, Any] = json.loads(data.decode("utf-8"))
    return ticket


def pdf_texts(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def pdf_sizes(data: bytes) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(data)
    try:
        return [tuple(page.get_size()) for page in document]  # type: ignore[misc]
    finally:
        document.close()


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def joined_lines(text: str) -> str:
    """Extracted text with its line breaks undone: a file name wraps before / - _ (the mark
    starts the next line), anything else at a space."""
    return " ".join(re.sub(r"\s+(?=[/_-])", "", text).split())


NOT_FOR_PRESS = ("ticket_proof", "attire")


def print_files(manifest: dict[str, dict[str, Any]], unit: str) -> dict[str, dict[str, Any]]:
    """The unit's PDFs that go to the print shop (not the thermal ticket proof, nor the
    attire's files, which go to the embroiderer), by path."""
    return {
        path: e
        for path, e in manifest.items()
        if e["unit"] == unit and e["format"] == "pdf" and e["asset"] not in NOT_FOR_PRESS
    }


# --- the zips and the manifest -----------------------------------------------------------------


def test_a_zip_per_unit_is_written_and_listed_in_the_manifest(built: Built) -> None:
    manifest = built.manifest()
    bundles = {p: e for p, e in manifest.items() if e["asset"] == "bundle"}
    assert sorted(bundles) == sorted(f"{u}/{u}-print-bundle.zip" for u in UNITS)
    for unit in UNITS:
        path = built.zip_path(unit)
        entry = manifest[f"{unit}/{unit}-print-bundle.zip"]
        assert (entry["unit"], entry["asset"], entry["format"]) == (unit, "bundle", "zip")
        assert entry["sha256"] == sha256(path.read_bytes())
        assert entry["files"] == len(members(path))
    assert "2 ZIPs" in built.stderr


def test_the_zip_holds_the_units_print_pdfs_and_sheets_under_their_folder_names(
    built: Built,
) -> None:
    manifest = built.manifest()
    for unit in UNITS:
        inside = members(built.zip_path(unit))
        expected = print_files(manifest, unit)
        pdfs = {n for n in inside if n not in (TICKET_JSON, TICKET_PDF, PROOF_PDF)}
        assert pdfs == {p.removeprefix(f"{unit}/") for p in expected}
        assert any(n.startswith("sheets/") for n in pdfs)
        assert {n.split("/")[0] for n in pdfs} == {
            "badges", "boards", "business-cards", "envelopes", "folders", "letterheads", "posters",
            "sheets", "signs",
        }  # fmt: skip
        for name in pdfs:
            assert inside[name] == (built.out / unit / name).read_bytes(), name
        # Made by the build, but not for the press: kiosk screens and the thermal ticket proof.
        assert (built.out / unit / "ticket" / f"{unit}-ticket-proof.pdf").is_file()
        assert list((built.out / unit / "kiosk").rglob("*.png"))
        assert not [n for n in inside if n.endswith(".png") or "kiosk" in n or "ticket/" in n]
        assert not [n for n in inside if "ticket-proof" in n]
        # Nor the attire's files (the embroiderer's) or the office's documents.
        assert list((built.out / unit / "attire").glob("*.pdf"))
        assert not [n for n in inside if n.startswith(("attire/", "office/"))]


def test_the_bundle_contains_what_its_job_ticket_lists(built: Built) -> None:
    manifest = built.manifest()
    for unit in UNITS:
        inside = members(built.zip_path(unit))
        ticket = ticket_of(built.zip_path(unit))
        files = ticket["files"]
        # The ticket lists every file but itself: its JSON is the list.
        assert TICKET_JSON not in files
        assert {TICKET_PDF, PROOF_PDF} <= set(files)
        assert len(files) == len(set(files))
        assert sorted(inside) == sorted([*files, TICKET_JSON])
        assert ticket["unit"]["id"] == unit

        items = ticket["items"]
        singles = {n for n in inside if n.endswith(".pdf")} - {TICKET_PDF, PROOF_PDF}
        singles = {n for n in singles if not n.startswith("sheets/")}
        assert sorted(i["file"] for i in items) == sorted(singles)
        sheets_listed = []
        for item in items:
            data = inside[item["file"]]
            assert item["sha256"] == sha256(data), item["file"]
            entry = manifest[f"{unit}/{item['file']}"]
            assert item["sha256"] == entry["sha256"], item["file"]
            assert (item["pages"], item["asset"]) == (entry["pages"], entry["asset"])
            assert len(pdf_sizes(data)) == item["pages"]
            sheet = item["sheet"]
            if sheet is None:
                continue
            sheets_listed.append(sheet["file"])
            assert sheet["file"] in inside, sheet["file"]
            assert sheet["sha256"] == sha256(inside[sheet["file"]])
            sheet_entry = manifest[f"{unit}/{sheet['file']}"]
            assert sheet["sha256"] == sheet_entry["sha256"]
            assert sheet_entry["imposes"] == f"{unit}/{item['file']}"
            assert (sheet["size"], sheet["up"], sheet["sheets"]) == (
                "SRA3", sheet_entry["up"], sheet_entry["sheets"],
            )  # fmt: skip
        # Every sheet in the zip is the sheet of one item.
        assert sorted(sheets_listed) == sorted(n for n in inside if n.startswith("sheets/"))
        by_file = {i["file"]: i for i in items}
        assert by_file[f"badges/{unit}-badges.pdf"]["sheet"]["file"] == (
            f"sheets/{unit}-badges-sra3.pdf"
        )
        assert by_file[f"signs/{unit}-signboard.pdf"]["sheet"] is None  # 3 m: no sheet fits


def test_ticket_quantities_come_from_the_staff_and_the_specs_print_orders(
    built: Built, staff_counts: Counter[str], sample_spec: Any
) -> None:
    templates = sample_spec.spec.templates
    badge_copies = templates["badge"].print.copies
    envelope = templates["envelope"].print
    assert (envelope.copies, envelope.stock) == (500, "Ford 100 g/m²")
    for unit in UNITS:
        people = staff_counts[unit]
        assert people >= 3
        items = {i["file"]: i for i in ticket_of(built.zip_path(unit))["items"]}
        badges = items[f"badges/{unit}-badges.pdf"]
        assert (badges["sides"], badges["pages"]) == (2, 2 * people)
        assert badges["copies"] == badge_copies
        assert badges["quantity"] == people * badge_copies
        assert badges["stock"] == templates["badge"].print.stock

        envelopes = [
            i for i in items.values() if i["asset"] == "envelope" and "-blank-" not in i["file"]
        ]
        assert len(envelopes) == 5  # the faces; the unfolded blanks (DL, C5, C4) beside them
        for item in envelopes:
            assert (item["copies"], item["stock"]) == (500, "Ford 100 g/m²"), item["file"]
            assert item["finish"] == envelope.finish
            assert (item["sides"], item["pages"], item["quantity"]) == (1, 1, 500)
            # 500 of one design: the piece is stepped and repeated over its own sheet, which
            # is printed as often as 500 copies need (3 DL envelopes fit an SRA3 sheet).
            sheet = item["sheet"]
            assert sheet["step_and_repeat"] is True
            assert sheet["press_sheets"] == math.ceil(500 / sheet["up"])
        dl = items[f"envelopes/{unit}-envelope-dl.pdf"]["sheet"]
        assert (dl["up"], dl["sheets"], dl["press_sheets"]) == (3, 1, 167)
        assert badges["sheet"]["step_and_repeat"] is False  # each person once: ganged
        assert badges["sheet"]["press_sheets"] == badges["sheet"]["sheets"]
    assert (staff_counts["trung-tam"], staff_counts["phuong-tay-ho"]) == (6, 3)


def test_the_job_ticket_pdf_names_the_unit_and_every_file(built: Built, sample_spec: Any) -> None:
    names = {u.id: u.name for u in sample_spec.spec.units}
    for unit in UNITS:
        inside = members(built.zip_path(unit))
        ticket = json.loads(inside[TICKET_JSON])
        texts = pdf_texts(inside[TICKET_PDF])
        assert all(w < h for w, h in pdf_sizes(inside[TICKET_PDF]))  # A4 portrait
        text = no_space("".join(texts))
        name = ticket["unit"]["name"]
        assert name == names[unit]
        assert no_space(name) in text
        assert no_space(f"Đơn vị: {name} ({unit})") in text
        for item in ticket["items"]:
            assert no_space(item["file"]) in text, item["file"]
            if item["sheet"]:
                assert no_space(item["sheet"]["file"]) in text, item["sheet"]["file"]


def test_the_proof_sheet_has_a_caption_per_page_and_is_a4_landscape(built: Built) -> None:
    for unit in UNITS:
        inside = members(built.zip_path(unit))
        items = ticket_of(built.zip_path(unit))["items"]
        proof = inside[PROOF_PDF]
        texts = pdf_texts(proof)
        total = sum(len(pdf_sizes(inside[i["file"]])) for i in items)
        assert total == sum(i["pages"] for i in items)
        assert total > 12  # more than one page of thumbnails
        assert "".join(texts).count("· trang") == total
        sizes = pdf_sizes(proof)
        assert len(sizes) == math.ceil(total / 12)
        for w, h in sizes:
            assert (w, h) == pytest.approx(A4_LANDSCAPE, abs=0.1)
        # Every page of every piece has its own caption, and backs are told from fronts.
        captions = joined_lines("\n".join(texts))
        for item in items:
            for page in range(1, item["pages"] + 1):
                label = re.escape(f"{item['file']} · trang {page}") + r"(?!\d)"
                assert len(re.findall(label, captions)) == 1, (item["file"], page)
                if item["sides"] == 2:
                    side = "(mặt sau)" if page % 2 == 0 else "(mặt trước)"
                    assert re.search(f"{label} {re.escape(side)}", captions), (item["file"], page)


def test_every_member_has_the_same_fixed_date(built: Built) -> None:
    for unit in UNITS:
        with zipfile.ZipFile(built.zip_path(unit)) as archive:
            infos = archive.infolist()
        assert len(infos) == len(members(built.zip_path(unit)))
        assert {info.date_time for info in infos} == {FIXED_DATE}
        assert [info.filename for info in infos] == sorted(info.filename for info in infos)


# --- reproducible and incremental --------------------------------------------------------------


def test_the_zip_is_byte_identical_when_built_again_into_a_fresh_folder(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    again = tmp_path / "again"
    build_bundles(again, built.staff, jobs=1)  # one process this time: the same bytes
    fresh = read_manifest(again)
    for unit in UNITS:
        first = built.zip_path(unit).read_bytes()
        second = (again / unit / f"{unit}-print-bundle.zip").read_bytes()
        assert first == second, unit
        assert fresh[f"{unit}/{unit}-print-bundle.zip"]["sha256"] == sha256(first)


def copy_of(built: Built, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(built.out, out)
    return out


def test_an_unchanged_build_keeps_the_zips_and_a_staff_change_rewrites_only_that_units(
    built: Built, edited_staff: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = copy_of(built, tmp_path)
    zips = {u: out / u / f"{u}-print-bundle.zip" for u in UNITS}
    before = {u: (p.stat().st_mtime_ns, p.read_bytes()) for u, p in zips.items()}

    result = build_bundles(out, built.staff)
    assert "Wrote nothing new" in result.stderr
    assert last_rewritten(out) == []
    for unit, path in zips.items():
        assert (path.stat().st_mtime_ns, path.read_bytes()) == before[unit], unit

    result = build_bundles(out, edited_staff)
    changed, kept = "phuong-tay-ho", "trung-tam"
    assert zips[kept].stat().st_mtime_ns == before[kept][0]
    assert zips[kept].read_bytes() == before[kept][1]
    assert zips[changed].stat().st_mtime_ns != before[changed][0]
    assert zips[changed].read_bytes() != before[changed][1]
    rewritten = last_rewritten(out)
    assert f"{changed}/{changed}-print-bundle.zip" in rewritten
    assert f"{changed}/badges/{changed}-badges.pdf" in rewritten
    assert all(p.startswith(f"{changed}/") for p in rewritten), rewritten

    # The new zip carries the new badges, as the manifest and its ticket say.
    manifest = read_manifest(out)
    assert manifest[f"{changed}/{changed}-print-bundle.zip"]["sha256"] == sha256(
        zips[changed].read_bytes()
    )
    inside = members(zips[changed])
    badges = f"badges/{changed}-badges.pdf"
    assert inside[badges] == (out / changed / badges).read_bytes()
    assert any(NEW_TITLE in t for t in pdf_texts(inside[badges]))
    [item] = [i for i in ticket_of(zips[changed])["items"] if i["file"] == badges]
    assert item["sha256"] == manifest[f"{changed}/{badges}"]["sha256"] == sha256(inside[badges])
    sheet = inside[item["sheet"]["file"]]
    assert any(NEW_TITLE in t for t in pdf_texts(sheet))


def test_a_bundle_built_without_sheets_carries_no_sheet_of_an_older_piece(
    built: Built, edited_staff: Path, tmp_path: Path
) -> None:
    out = copy_of(built, tmp_path)
    unit = "phuong-tay-ho"
    result = build(out, edited_staff, "--unit", unit, "--bundle")  # no --sheet this time
    assert result.exit_code == 0, result.output
    zip_path = out / unit / f"{unit}-print-bundle.zip"
    inside = members(zip_path)
    badges = f"badges/{unit}-badges.pdf"
    assert any(NEW_TITLE in t for t in pdf_texts(inside[badges]))
    [item] = [i for i in ticket_of(zip_path)["items"] if i["file"] == badges]
    sheets = [n for n in inside if n.startswith(f"sheets/{unit}-badges")]
    if item["sheet"] is not None:
        sheets.append(item["sheet"]["file"])
    for name in sheets:
        assert any(NEW_TITLE in t for t in pdf_texts(inside[name])), (
            f"{name} in the zip imposes an older {badges}"
        )


def test_the_ticket_names_the_sheet_this_build_imposed(built: Built, tmp_path: Path) -> None:
    out = copy_of(built, tmp_path)
    unit = "phuong-tay-ho"
    result = build(out, built.staff, "--unit", unit, "--sheet", "A4", "--bundle")
    assert result.exit_code == 0, result.output
    a4 = f"sheets/{unit}-badges-a4.pdf"
    assert (out / unit / a4).is_file()
    zip_path = out / unit / f"{unit}-print-bundle.zip"
    [item] = [i for i in ticket_of(zip_path)["items"] if i["file"] == f"badges/{unit}-badges.pdf"]
    assert (item["sheet"]["file"], item["sheet"]["size"]) == (a4, "A4")
    assert not [n for n in members(zip_path) if n.endswith("-sra3.pdf")]


def test_zip_members_compress_only_what_is_worth_it(built: Built) -> None:
    with zipfile.ZipFile(built.zip_path(UNITS[1])) as archive:
        kinds = {i.filename: i.compress_type for i in archive.infolist()}
        assert archive.testzip() is None
    assert kinds[TICKET_JSON] == zipfile.ZIP_DEFLATED
    assert {k for n, k in kinds.items() if n.endswith(".pdf")} == {zipfile.ZIP_STORED}


def test_a_bundle_leaves_out_what_the_spec_no_longer_makes(spec_copy, tmp_path: Path) -> None:
    out = tmp_path / "out"
    unit = "phuong-tay-ho"
    args = ("--spec", spec_copy.path, "--out", out, "-j", "1", "build", "--unit", unit)
    extra_size = "      X9: {width: 220mm, height: 110mm}\n"
    spec_copy.edit(
        "      DL: {width: 220mm, height: 110mm}\n",
        f"      DL: {{width: 220mm, height: 110mm}}\n{extra_size}",
    )
    assert invoke(*args).exit_code == 0
    x9 = out / unit / "envelopes" / f"{unit}-envelope-x9.pdf"
    assert x9.is_file()
    # The size leaves the spec: its old PDF stays on disk, but is no longer the unit's.
    spec_copy.edit(extra_size, "")
    result = invoke(*args, "--bundle")
    assert result.exit_code == 0, result.output
    assert x9.is_file()
    with zipfile.ZipFile(out / unit / f"{unit}-print-bundle.zip") as archive:
        names = archive.namelist()
        ticket = json.loads(archive.read(TICKET_JSON))
    assert f"envelopes/{unit}-envelope-dl.pdf" in names
    assert f"envelopes/{unit}-envelope-x9.pdf" not in names
    assert not [i for i in ticket["items"] if i["file"].endswith("-x9.pdf")]


def test_png_only_sheets_are_not_remade_for_ever(tmp_path: Path) -> None:
    # With --format png no PDF is written, so nothing is imposed; a second run is a no-op.
    out = tmp_path / "out"
    args = ("--spec", SAMPLE_SPEC, "--out", out, "-j", "1", "envelopes", "--unit", "trung-tam")
    first = invoke(*args, "--format", "png", "--sheet", "A3")
    assert first.exit_code == 0, first.output
    assert not (out / "trung-tam" / "sheets").exists()
    again = invoke(*args, "--format", "png", "--sheet", "A3")
    assert "Wrote nothing new (0 pages laid out" in again.stderr, again.stderr


def test_changes_names_the_bundles_a_build_would_remake(
    built: Built, edited_staff: Path, tmp_path: Path
) -> None:
    out = copy_of(built, tmp_path)
    units = [a for unit in UNITS for a in ("--unit", unit)]
    base = ["--spec", SAMPLE_SPEC, "--out", out, "changes", *units, "--sheet", "SRA3"]

    def bundles(staff: Path) -> list[tuple[str, str]]:
        result = invoke(*base, "--staff", staff, "--bundle", "--json")
        assert result.exit_code == 0, result.output
        changes = json.loads(result.stdout)["changes"]
        return [(c["path"], c["status"]) for c in changes if c["asset"] == "bundle"]

    assert bundles(built.staff) == []
    unit = "phuong-tay-ho"
    assert bundles(edited_staff) == [(f"{unit}/{unit}-print-bundle.zip", "changed")]
    (out / "trung-tam" / "trung-tam-print-bundle.zip").unlink()
    assert bundles(built.staff) == [("trung-tam/trung-tam-print-bundle.zip", "missing")]
    # Without --bundle, bundles are not a build's business.
    result = invoke(*base, "--staff", edited_staff, "--json")
    assert not [c for c in json.loads(result.stdout)["changes"] if c["asset"] == "bundle"]


def test_a_new_bundle_says_what_to_print_again(
    built: Built, edited_staff: Path, tmp_path: Path
) -> None:
    unit = "phuong-tay-ho"
    first = ticket_of(built.zip_path(unit))
    assert "since_last_bundle" not in first  # the first bundle: everything is to print
    out = copy_of(built, tmp_path)
    build_bundles(out, edited_staff)
    ticket = ticket_of(out / unit / f"{unit}-print-bundle.zip")
    # Trần Minh Cường is the second person of the ward: his badge and business card are pages
    # 3–4 (front and back), his desk plate page 2. Nothing else is to print again.
    person = "Trần Minh Cường (CB00077)"
    assert ticket["since_last_bundle"] == [
        "So với lần gửi trước:",
        f"• In lại badges/{unit}-badges.pdf: trang 3–4 (sửa: {person})",
        f"• In lại business-cards/{unit}-business-card.pdf: trang 3–4 (sửa: {person})",
        f"• In lại signs/{unit}-desk-plates.pdf: trang 2 (sửa: {person})",
        "• Các tệp khác không đổi.",
    ]
    status = {i["file"]: i["since_last_bundle"] for i in ticket["items"]}
    assert status[f"badges/{unit}-badges.pdf"] == {
        "status": "changed",
        "pages": [{"change": "changed", "who": person, "pages": [3, 4]}],
    }
    mine = ("badges", "desk", "business-card")
    assert {s["status"] for f, s in status.items() if not any(m in f for m in mine)} == {
        "unchanged"
    }
    # The printed ticket says it too, under the job's header.
    text = (
        "".join(pdf_texts(members(out / unit / f"{unit}-print-bundle.zip")[TICKET_PDF]))
        .replace("\r\n", " ")
        .replace("\n", " ")
    )
    assert f"In lại badges/{unit}-badges.pdf: trang 3–4" in text


@pytest.mark.parametrize(
    "garbage", [b"not json \xff", b"[1, 2]", b'{"items": [{"file": 1, "records": 5}]}']
)
def test_a_previous_bundles_malformed_ticket_is_taken_as_no_previous_bundle(
    built: Built, edited_staff: Path, tmp_path: Path, garbage: bytes
) -> None:
    unit = "phuong-tay-ho"
    out = copy_of(built, tmp_path)
    path = out / unit / f"{unit}-print-bundle.zip"
    inside = members(path)
    inside[TICKET_JSON] = garbage
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in inside.items():
            archive.writestr(name, data)
    result = build_bundles(out, edited_staff)  # exit 0, or it fails
    assert "the job ticket of the bundle it replaces cannot be read" in result.stderr
    ticket = ticket_of(path)
    assert "since_last_bundle" not in ticket  # as a first bundle: everything is to print
    assert any(item["file"] == f"badges/{unit}-badges.pdf" for item in ticket["items"])
