"""Items several pages share are drawn once per PDF as a form XObject (a unit's lines on each
person's badge, a badge's whole back, the die line), and the pages look as if drawn alone.

The badges of Phường Tây Hồ (three people in the sample: six pages, front and back) are laid
out and rendered as the build does.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from brandkit.build import Options
from brandkit.build.pipeline import load_and_validate, prepare
from brandkit.build.plan import plan
from brandkit.build.work import Worker, lay_out
from brandkit.layout.page import Page, TextItem, leaves
from brandkit.render.pdfx import finalise
from tests.conftest import SAMPLE_SPEC

UNIT = "phuong-tay-ho"
UNIT_FIELDS = ("unit_parent", "unit")


@pytest.fixture(scope="module")
def laid_out() -> tuple[Worker, list[Page]]:
    spec_file, registry = load_and_validate(SAMPLE_SPEC, ("badge",))
    options = Options(spec=SAMPLE_SPEC, out=Path("unused"), units=(UNIT,))
    planned = plan(spec_file, registry, options, ("badge",))
    worker = prepare(planned)
    (job,) = planned.jobs
    pages, problems, _ = lay_out(worker, job)
    assert not problems
    assert len(pages) >= 6  # three people or more, front and back
    return worker, pages


def render(worker: Worker, pages: list[Page]) -> bytes:
    buffer = io.BytesIO()
    worker.renderer().render(pages, buffer, "test", "brandkit")
    return finalise(buffer.getvalue(), worker.intent, "test", "brandkit")


@pytest.fixture(scope="module")
def badges(laid_out: tuple[Worker, list[Page]]) -> bytes:
    return render(*laid_out)


def own_operators(page: pikepdf.Page) -> list[str]:
    return [str(op) for _, op in pikepdf.parse_content_stream(page)]


def forms_drawn(page: pikepdf.Page) -> dict[str, tuple[int, int]]:
    """The forms the page's own stream draws: name → object (number, generation)."""
    xobjects = page.obj.Resources.XObject
    names = [str(operands[0]) for operands, op in pikepdf.parse_content_stream(page, "Do")]
    return {name: xobjects[name].objgen for name in names}


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def texts(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        out = []
        for page in document:
            textpage = page.get_textpage()
            out.append(flat(textpage.get_text_range()))
            textpage.close()
            page.close()
        return out
    finally:
        document.close()


def field_text(page: Page, field: str) -> str:
    (item,) = [i for i in leaves(page.items) if isinstance(i, TextItem) and i.field == field]
    return flat(" ".join(line.text for line in item.lines))


def test_every_back_page_is_only_the_shared_forms(badges: bytes) -> None:
    with pikepdf.open(io.BytesIO(badges)) as pdf:
        backs = list(pdf.pages)[1::2]
        assert len(backs) >= 3
        drawn = []
        for page in backs:
            assert set(own_operators(page)) <= {"q", "Q", "cm", "Do"}
            drawn.append(set(forms_drawn(page).values()))
        assert drawn[0]
        assert all(d == drawn[0] for d in drawn)
        # The back itself is one of them, drawn once in the file and holding text.
        forms = [pdf.get_object(objgen) for objgen in drawn[0]]
        assert any(b"Tj" in bytes(f.read_bytes()) for f in forms)


def test_fronts_share_the_unit_lines_and_keep_each_name(
    laid_out: tuple[Worker, list[Page]], badges: bytes
) -> None:
    _, pages = laid_out
    fronts = pages[0::2]
    shown = texts(badges)[0::2]
    with pikepdf.open(io.BytesIO(badges)) as pdf:
        front_pages = list(pdf.pages)[0::2]
        drawn = [set(forms_drawn(p).values()) for p in front_pages]
        common = set.intersection(*drawn)
        text_forms = [
            objgen for objgen in common if b"Tj" in bytes(pdf.get_object(objgen).read_bytes())
        ]
        assert len(text_forms) == 1, "one form holds the unit's lines"
        for page in front_pages:
            assert "Tj" in own_operators(page)  # the person's own text, in the page's stream
    names = [field_text(p, "name") for p in fronts]
    assert len(set(names)) == len(names)
    for number, (page, text) in enumerate(zip(fronts, shown, strict=True)):
        assert field_text(page, "name") in text
        for other in names[:number] + names[number + 1 :]:
            assert other not in text
        for field in UNIT_FIELDS:
            assert field_text(page, field) in text, (field, text)


def test_without_the_shared_form_a_front_loses_only_the_unit_lines(
    laid_out: tuple[Worker, list[Page]], badges: bytes
) -> None:
    _, pages = laid_out
    with pikepdf.open(io.BytesIO(badges)) as pdf:
        front_pages = list(pdf.pages)[0::2]
        common = set.intersection(*[set(forms_drawn(p).values()) for p in front_pages])
        (unit_form,) = [g for g in common if b"Tj" in bytes(pdf.get_object(g).read_bytes())]
        page = front_pages[1]
        names = {n for n, g in forms_drawn(page).items() if g == unit_form}
        kept = [
            (operands, op)
            for operands, op in pikepdf.parse_content_stream(page)
            if not (str(op) == "Do" and str(operands[0]) in names)
        ]
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        out = io.BytesIO()
        pdf.save(out)
    text = texts(out.getvalue())[2]
    assert field_text(pages[2], "name") in text
    for field in UNIT_FIELDS:
        assert field_text(pages[2], field) not in text


def pixels(data: bytes, index: int) -> Image.Image:
    document = pdfium.PdfDocument(data)
    try:
        page = document[index]
        image = page.render(scale=150 / 72).to_pil().convert("RGB")
        page.close()
        return image
    finally:
        document.close()


@pytest.mark.parametrize("index", range(6))
def test_a_page_looks_as_drawn_alone(
    laid_out: tuple[Worker, list[Page]], badges: bytes, index: int
) -> None:
    worker, pages = laid_out
    alone = render(worker, [pages[index]])
    with pikepdf.open(io.BytesIO(alone)) as pdf:
        # A page alone shares nothing: its own stream draws the text itself.
        assert "Tj" in own_operators(pdf.pages[0])
        assert not [n for n in forms_drawn(pdf.pages[0]) if "shared" in n]
    shared = pixels(badges, index)
    single = pixels(alone, 0)
    assert shared.size == single.size
    assert ImageChops.difference(shared, single).getbbox() is None
