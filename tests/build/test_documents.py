"""`brandkit build` makes the documents too: the brand manual (brand-wide), each unit's office
documents and attire files (PDF/X-4 and SVG), listed in the manifest, named by `changes`, and
left alone when nothing they are made from changed; the logo's clear space and smallest sizes
come from the spec's `logo_usage:`."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from lxml import etree

from tests.cli.conftest import invoke, snapshot
from tests.conftest import SAMPLE_SPEC

UNITS = ("--unit", "trung-tam", "--unit", "phuong-tay-ho")
MANUAL = "brand/brand-manual.pdf"
DOCUMENTS = ("manual", "office", "attire")
SVG = "{http://www.w3.org/2000/svg}"
PT_PER_MM = 72 / 25.4


def build(spec: Path, out: Path, *more: str) -> None:
    result = invoke("--spec", spec, "--out", out, "--jobs", "2", "build", *UNITS, *more)
    assert result.exit_code == 0, result.output


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def entries(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in manifest(out)["files"] if e["asset"] in DOCUMENTS}


def manual_text(path: Path) -> str:
    with pdfium.PdfDocument(path) as document:
        pages = [page.get_textpage().get_text_range() for page in document]
    return " ".join(" ".join(unicodedata.normalize("NFC", p).split()) for p in pages)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("documents")
    build(SAMPLE_SPEC, out)
    return out


def test_build_makes_the_manual_office_documents_and_attire(built: Path) -> None:
    found = entries(built)
    manual = found[MANUAL]
    assert manual["unit"] is None and manual["format"] == "pdf" and manual["pages"] > 20
    assert manual["trim_mm"] == [297, 210] and manual["inputs"]
    for unit in ("trung-tam", "phuong-tay-ho"):
        office = {p: e for p, e in found.items() if p.startswith(f"{unit}/office/")}
        assert office[f"{unit}/office/{unit}-letterhead.docx"]["format"] == "docx"
        signatures = [e for e in office.values() if e["format"] == "html"]
        assert signatures and all(e["unit"] == unit and e["asset"] == "office" for e in signatures)
        for item in ("shirt", "vest", "lanyard"):
            pdf = found[f"{unit}/attire/{unit}-{item}.pdf"]
            svg = found[f"{unit}/attire/{unit}-{item}.svg"]
            assert (pdf["format"], svg["format"]) == ("pdf", "svg")
            assert pdf["trim_mm"] == svg["trim_mm"] and pdf["inputs"] == svg["inputs"]
    for path in found:  # every entry describes a file on disk
        assert (built / path).is_file(), path
    # Not for a press: no document is imposed on a sheet.
    sheets = [e for e in manifest(built)["files"] if e.get("imposes")]
    assert not any(e["imposes"] in found for e in sheets)


def test_a_second_build_rewrites_nothing_and_changes_names_nothing(built: Path) -> None:
    before = snapshot(built)
    build(SAMPLE_SPEC, built)
    after = snapshot(built)
    assert manifest(built)["last_build"]["rewritten"] == []
    assert {p: v for p, v in after.items() if p != "manifest.json"} == {
        p: v for p, v in before.items() if p != "manifest.json"
    }
    result = invoke("--spec", SAMPLE_SPEC, "--out", built, "changes", *UNITS, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["changes"] == []


def test_a_deleted_document_is_missing_and_made_again(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(SAMPLE_SPEC, out)
    (out / "phuong-tay-ho/attire/phuong-tay-ho-vest.svg").unlink()
    result = invoke("--spec", SAMPLE_SPEC, "--out", out, "changes", *UNITS, "--json")
    changed = {c["path"]: c["status"] for c in json.loads(result.stdout)["changes"]}
    assert changed == {"phuong-tay-ho/attire/phuong-tay-ho-vest.svg": "missing"}
    build(SAMPLE_SPEC, out)
    assert manifest(out)["last_build"]["rewritten"] == [
        "phuong-tay-ho/attire/phuong-tay-ho-vest.svg"
    ]


def test_logo_usage_changed_in_the_spec_remakes_only_the_manual(spec_copy, tmp_path) -> None:
    out = tmp_path / "out"
    build(spec_copy.path, out)
    text = manual_text(out / MANUAL)
    assert "Vùng an toàn: 25 % chiều rộng logo" in text
    assert "Kích thước tối thiểu: 10 mm khi in, 24 px trên màn hình" in text
    spec_copy.edit("  clear_space: 0.25\n  min_size: 10mm\n  min_size_px: 24",
                   "  clear_space: 0.4\n  min_size: 12.5mm\n  min_size_px: 32")  # fmt: skip
    result = invoke("--spec", spec_copy.path, "--out", out, "changes", *UNITS, "--json")
    changed = {c["path"]: c["status"] for c in json.loads(result.stdout)["changes"]}
    assert changed == {MANUAL: "changed"}  # the pieces, office documents and attire stay
    build(spec_copy.path, out)
    assert manifest(out)["last_build"]["rewritten"] == [MANUAL]
    text = manual_text(out / MANUAL)
    assert "Vùng an toàn: 40 % chiều rộng logo" in text
    assert "Kích thước tối thiểu: 12,5 mm khi in, 32 px trên màn hình" in text
    assert "25 % chiều rộng" not in text


def test_a_new_person_adds_their_signature_and_nothing_else_of_the_office(
    spec_copy, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(spec_copy.path, out)
    import openpyxl

    staff = spec_copy.path.parent / "data" / "staff.xlsx"
    book = openpyxl.load_workbook(staff)
    sheet = book.active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "CB00077")
    sheet.append([999, "CB99999", "Lê Thị Mới", *row[3:]])
    book.save(staff)
    result = invoke("--spec", spec_copy.path, "--out", out, "changes", *UNITS, "--json")
    office = {c["path"] for c in json.loads(result.stdout)["changes"] if c["asset"] == "office"}
    assert office == {"phuong-tay-ho/office/signatures/cb99999-le-thi-moi.html"}


def test_the_attire_svg_keeps_the_threads_and_sizes(built: Path) -> None:
    svg = built / "trung-tam/attire/trung-tam-shirt.svg"
    root = etree.parse(str(svg)).getroot()
    with pdfium.PdfDocument(svg.with_suffix(".pdf")) as document:
        box = document[0].get_trimbox()
    width, height = ((box[2] - box[0]) / PT_PER_MM, (box[3] - box[1]) / PT_PER_MM)
    assert float(root.get("width").removesuffix("mm")) == pytest.approx(width, abs=0.01)
    assert float(root.get("height").removesuffix("mm")) == pytest.approx(height, abs=0.01)
    assert root.find(f"{SVG}title").text.startswith("Áo sơ mi đồng phục – Trung tâm")
    name = root.find(f".//{SVG}g[@id='name']")
    assert name.get("class") == "thread-primary" and name.get("fill") == "#0B4A8B"
    assert "TRUNG TÂM PHỤC VỤ" in name.find(f"{SVG}title").text
    assert len(name.findall(f".//{SVG}path")) > 20  # the letters as outlines: no font needed
    assert root.find(f".//{SVG}text") is None
    logo = root.find(f"{SVG}svg[@id='logo']")
    classes = {c for node in logo.iter() for c in (node.get("class") or "").split()}
    assert {"thread-primary", "thread-gold", "thread-accent"} <= classes
    legend = root.find(f"{SVG}desc").text
    assert re.search(r"^primary: primary \(#0B4A8B\)$", legend, re.M)


def test_the_separate_commands_are_shorthands_of_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("--spec", SAMPLE_SPEC, "--out", out, "manual")
    assert result.exit_code == 0 and f"Wrote {out / MANUAL} (" in result.stdout
    again = invoke("--spec", SAMPLE_SPEC, "--out", out, "manual")
    assert again.exit_code == 0 and f"{out / MANUAL} is up to date" in again.stdout
    result = invoke("--spec", SAMPLE_SPEC, "--out", out, "make", "attire", "--unit", "xa-huong-son")
    assert result.exit_code == 0, result.output
    found = entries(out)
    assert set(found) == {
        MANUAL,
        *(f"xa-huong-son/attire/xa-huong-son-{item}.{ext}"
          for item in ("shirt", "vest", "lanyard") for ext in ("pdf", "svg")),
    }  # fmt: skip


def test_a_build_of_other_units_keeps_the_manual_of_the_first(built: Path, tmp_path: Path) -> None:
    """The manual shows the spec's first unit whatever units a build makes: a build of a ward
    alone makes the same manual, which a build of every unit then leaves as it is."""
    out = tmp_path / "out"
    result = invoke("--spec", SAMPLE_SPEC, "--out", out, "make", "manual", "--unit", "xa-huong-son")
    assert result.exit_code == 0, result.output
    assert (out / MANUAL).read_bytes() == (built / MANUAL).read_bytes()
    result = invoke("--spec", SAMPLE_SPEC, "--out", out, "changes", *UNITS, "--json")
    assert MANUAL not in {c["path"] for c in json.loads(result.stdout)["changes"]}


def test_one_or_two_processes_make_the_same_documents(tmp_path: Path) -> None:
    made = {}
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        args = ("make", "office", "attire", "--unit", "phuong-tay-ho", "--unit", "trung-tam")
        result = invoke("--spec", SAMPLE_SPEC, "--out", out, "--jobs", jobs, *args)
        assert result.exit_code == 0, result.output
        made[jobs] = {p: v[0] for p, v in snapshot(out).items() if p != "manifest.json"}
    assert made["1"] == made["2"] and len(made["1"]) == 2 * (1 + 6) + 6 + 3
