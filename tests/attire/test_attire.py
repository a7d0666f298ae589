"""`brandkit attire` and the manual's attire pages, on the sample's `attire:` (shirt, vest,
lanyard): the embroiderer's files hold the mark and the unit's name at the spec's sizes, every
colour a named spot; the manual draws each garment and states where its artwork goes."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml

from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC

UNITS = {"trung-tam": "TRUNG TÂM PHỤC VỤ", "phuong-tay-ho": "ĐIỂM TIẾP NHẬN, PHỤC VỤ"}
PT_PER_MM = 72 / 25.4


def mm(text: str) -> float:
    return float(text.removesuffix("mm"))


@pytest.fixture(scope="module")
def attire() -> dict[str, dict]:
    return yaml.safe_load(SAMPLE_SPEC.read_text(encoding="utf-8"))["attire"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("attire")
    units = [a for unit in UNITS for a in ("--unit", unit)]
    result = invoke("--spec", SAMPLE_SPEC, "--out", out, "attire", *units)
    assert result.exit_code == 0, result.output
    return out


def artwork_size(item: dict) -> tuple[float, float]:
    """The artwork's page: the mark's box and the name's box, with 5 mm round them."""
    boxes = []
    if "logo" in item:
        logo = item["logo"]
        boxes.append((mm(logo["x"]), mm(logo["y"]), mm(logo["w"]), mm(logo["w"])))
    if "name" in item:
        name = item["name"]
        boxes.append(tuple(mm(name[k]) for k in ("x", "y", "w", "h")))
    width = max(b[0] + b[2] for b in boxes) - min(b[0] for b in boxes) + 10
    height = max(b[1] + b[3] for b in boxes) - min(b[1] for b in boxes) + 10
    return width, height


def test_a_file_per_unit_and_item_at_the_specs_sizes(built: Path, attire: dict) -> None:
    for unit, name in UNITS.items():
        for item_name, item in attire.items():
            path = built / unit / "attire" / f"{unit}-{item_name}.pdf"
            with pdfium.PdfDocument(path) as document:
                page = document[0]
                box = page.get_trimbox()
                size = ((box[2] - box[0]) / PT_PER_MM, (box[3] - box[1]) / PT_PER_MM)
                text = " ".join(page.get_textpage().get_text_range().split())
            assert size == pytest.approx(artwork_size(item), abs=0.05)
            assert (name in text) == ("name" in item), (unit, item_name, text)


def test_every_colour_is_a_named_spot(built: Path) -> None:
    """Thread colours: the name's ink and the logo's inks are Separations named after the
    spec's colours, no process CMYK fill."""
    with pikepdf.open(built / "trung-tam" / "attire" / "trung-tam-shirt.pdf") as pdf:
        page = pdf.pages[0]
        spaces = {str(v[1]) for v in page.Resources.ColorSpace.values()}
        assert "/primary" in spaces
        for form in page.Resources.XObject.values():
            for space in form.get("/Resources", {}).get("/ColorSpace", {}).values():
                assert space[0] == "/Separation"
        ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
        assert "k" not in ops and "K" not in ops


def test_they_pass_preflight(built: Path) -> None:
    files = sorted(built.glob("*/attire/*.pdf"))
    assert len(files) == 2 * 3
    result = invoke("preflight", *files)
    assert result.exit_code == 0, result.output


def manual_text(spec: Path, out: Path) -> str:
    result = invoke("--spec", spec, "--out", out, "manual")
    assert result.exit_code == 0, result.output
    with pdfium.PdfDocument(out / "brand" / "brand-manual.pdf") as document:
        return " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in document)


def test_the_manual_draws_each_garment_with_its_placement(spec_copy, tmp_path: Path) -> None:
    text = manual_text(spec_copy.path, tmp_path / "a")
    for label in ("Áo sơ mi đồng phục", "Áo gi-lê tiếp dân", "Dây đeo thẻ"):
        assert f"TRANG PHỤC {label}" in text
    assert "Logo: rộng 36 mm, cách mép trái 365 mm, cách mép trên 190 mm" in text
    assert "Kích thước: 560 × 760 mm" in text
    spec_copy.edit("logo: {logo: emblem, x: 365mm, y: 190mm, w: 36mm}",
                   "logo: {logo: emblem, x: 362mm, y: 190mm, w: 42mm}")  # fmt: skip
    text = manual_text(spec_copy.path, tmp_path / "b")
    assert "Logo: rộng 42 mm, cách mép trái 362 mm" in text


def test_an_unknown_logo_is_refused(spec_copy, tmp_path: Path) -> None:
    spec_copy.edit("logo: {logo: emblem, x: 2mm", "logo: {logo: emblm, x: 2mm")
    result = invoke("--spec", spec_copy.path, "--out", tmp_path, "attire")
    assert result.exit_code == 1
    assert "'emblm'" in result.output
    assert not list(tmp_path.rglob("*.pdf"))


def test_outlines_leave_no_font_file_open(recwarn: pytest.WarningsRecorder) -> None:
    """A maker's fonts are read into memory: none is left open on its file for the garbage
    collector to close, whose ResourceWarning would land in whatever warnings a preflight of
    the same process is catching at the time."""
    import gc
    import warnings

    from brandkit.attire.svg import Outlines
    from brandkit.fonts import roboto_dir

    warnings.simplefilter("always")
    outlines = Outlines({"body": roboto_dir() / "Roboto-Bold.ttf"})
    assert outlines.glyph("body", "Ễ")[0]
    del outlines
    gc.collect()
    assert not [w for w in recwarn if issubclass(w.category, ResourceWarning)]
