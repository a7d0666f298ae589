"""Offset press sheets (65 × 86 and 79 × 109 cm, given in cm) and the words the print files say
in the spec's language: the slug line, the Info subject and its XMP description."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from tests.cli.sample_builds import Built, build_once
from tests.conftest import SpecCopy

UNIT = "phuong-tay-ho"


@pytest.fixture(scope="module", params=["79x109cm", "65x86cm"])
def offset(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_once(tmp_path_factory, "signs", "--unit", UNIT, "--sheet", request.param)


def slug_of(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    name = path.name.removesuffix(f"-{path.name.rsplit('-', 1)[1]}") + ".pdf"
    start = text.index(name)
    return text[start:].splitlines()[0]


def test_an_offset_sheet_in_cm_imposes(offset: Built) -> None:
    sheets = {p: e for p, e in offset.manifest().items() if "imposes" in e}
    assert sheets, offset.stderr
    name = next(iter(sheets.values()))["sheet"]
    assert name in ("79x109cm", "65x86cm")
    width, height = (790, 1090) if name == "79x109cm" else (650, 860)
    for path, entry in sheets.items():
        assert path.endswith(f"-{name}.pdf")
        assert entry["trim_mm"] == pytest.approx([width, height])  # as given: kept upright
        with pikepdf.open(offset.out / path) as pdf:
            media = [float(v) for v in pdf.pages[0].MediaBox]
        assert media[2] / 72 * 25.4 == pytest.approx(width, abs=0.01)
    # The 600 × 400 mm door sign, too big for SRA3, is imposed on these sheets.
    assert any(e["imposes"].endswith("-door-sign.pdf") for e in sheets.values())


def test_the_slug_reads_vietnamese(offset: Built) -> None:
    for path, entry in offset.manifest().items():
        if "imposes" not in entry:
            continue
        slug = slug_of(offset.out / path)
        assert f"{entry['sheet']} khổ dọc" in slug, slug
        assert "tờ 1/" in slug and "tràn lề" in slug
        assert not re.search(r"\b(portrait|landscape|sheet|bleed)\b", slug), slug


def _subjects(path: Path) -> tuple[str, str]:
    with pikepdf.open(path) as pdf:
        subject = str(pdf.docinfo["/Subject"])
        xmp = bytes(pdf.Root.Metadata.read_bytes()).decode("utf-8")
    description = re.search(r"<dc:description>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S)
    assert description is not None, xmp
    return subject, description.group(1)


def test_print_pdfs_describe_themselves_in_the_spec_language(offset: Built) -> None:
    files = offset.manifest()
    single = next(p for p, e in files.items() if p.endswith("-door-sign.pdf"))
    sheet = next(p for p, e in files.items() if e.get("imposes") == single)
    subject, description = _subjects(offset.out / single)
    assert subject == description
    assert subject.startswith("Tệp in ") and "khổ thành phẩm 600 × 400 mm" in subject
    subject, description = _subjects(offset.out / sheet)
    assert subject == description and subject.startswith("Tờ in "), subject


def test_an_english_spec_says_it_in_english(spec_copy: SpecCopy, run, tmp_path: Path) -> None:
    spec_copy.edit("\nlanguage: vi\n", "\nlanguage: en\n")
    out = tmp_path / "out"
    args = ("--spec", spec_copy.path, "--out", out, "-j", "1", "signs", "--unit", UNIT)
    result = run(*args, "--sheet", "54x79")
    assert result.exit_code == 0, result.output
    sheet = next(out.glob(f"{UNIT}/sheets/*-door-sign-54x79.pdf"))
    slug = slug_of(sheet)
    assert re.search(r"54x79 (portrait|landscape)", slug) and "bleed 3 mm" in slug, slug
    subject, _ = _subjects(out / UNIT / "signs" / f"{UNIT}-door-sign.pdf")
    assert subject.startswith("Print-ready "), subject
