"""Every unit-facing piece of a ward and of a branch shows the unit's hierarchy, the same lines
in the same order: read back from the PDFs' text, and from the kiosk screens' layout."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from brandkit.build import Options
from brandkit.build.pipeline import load_and_validate, prepare
from brandkit.build.plan import plan
from brandkit.build.records import hierarchy_lines
from brandkit.build.work import lay_out
from brandkit.layout.page import Item, TextItem, leaves
from brandkit.spec.load import SpecFile
from tests.cli.sample_builds import Built, build_once
from tests.conftest import SAMPLE_SPEC

UNITS = ("phuong-van-mieu-quoc-tu-giam", "chi-nhanh-03", "trung-tam")
FACING = (
    "badge", "signboard", "door_sign", "counter_sign", "desk_plate", "envelope", "folder",
    "procedure_board", "procedure_handout", "poster", "ticket_proof",
)  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_once(tmp_path_factory, "make", *FACING, *(a for u in UNITS for a in ("--unit", u)))


def _flat(text: str) -> str:
    """Text as a reader sees it: NFC, upper case, every run of spaces and breaks one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).upper()).strip()


def _page_texts(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(_flat(textpage.get_text_bounded()))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def _in_order(lines: list[str], text: str) -> bool:
    at = 0
    for line in lines:
        found = text.find(_flat(line), at)
        if found < 0:
            return False
        at = found + len(_flat(line))
    return True


def _expected(sample_spec: SpecFile, unit_id: str) -> tuple[list[str], list[str]]:
    unit = next(u for u in sample_spec.spec.units if u.id == unit_id)
    lines = hierarchy_lines(unit, sample_spec.spec)
    return [full for full, _ in lines], [short for _, short in lines]


def test_the_sample_states_each_kind_of_unit(sample_spec: SpecFile) -> None:
    assert _expected(sample_spec, "phuong-van-mieu-quoc-tu-giam")[0] == [
        "Ủy ban nhân dân Phường Văn Miếu - Quốc Tử Giám",
        "Điểm tiếp nhận, phục vụ hành chính công",
    ]
    assert _expected(sample_spec, "chi-nhanh-03")[0] == [
        "Trung tâm Phục vụ hành chính công thành phố Hà Nội",
        "Chi nhánh số 3",
    ]
    assert _expected(sample_spec, "trung-tam")[0] == [
        "Ủy ban nhân dân thành phố Hà Nội",
        "Trung tâm Phục vụ hành chính công thành phố Hà Nội",
    ]


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_facing_pdf_shows_the_hierarchy_in_order(
    built: Built, sample_spec: SpecFile, unit: str
) -> None:
    full, short = _expected(sample_spec, unit)
    pdfs = sorted((built.out / unit).rglob("*.pdf"))
    kinds = {e["asset"] for p, e in built.manifest().items() if p.startswith(f"{unit}/")}
    assert kinds == set(FACING)
    assert pdfs
    for pdf in pdfs:
        for number, text in enumerate(_page_texts(pdf)):
            if pdf.name.endswith("badges.pdf") or "desk-plates" in pdf.name:
                pass  # every page: fronts and backs, every person
            elif number > 0 and "procedure" not in pdf.name:
                continue
            # Each line in its full form, or (where a box cannot hold it) its short one.
            mixed = [f if _flat(f) in text else s for f, s in zip(full, short, strict=True)]
            assert _in_order(mixed, text), f"{pdf.name} page {number + 1}: {text[:300]}"


def _texts(items: tuple[Item, ...]) -> list[str]:
    return [
        " ".join(line.text for line in item.lines)
        for item in leaves(items)
        if isinstance(item, TextItem)
    ]


@pytest.mark.parametrize("unit", UNITS)
def test_kiosk_screens_show_the_hierarchy(sample_spec: SpecFile, unit: str) -> None:
    full, short = _expected(sample_spec, unit)
    spec_file, registry = load_and_validate(Path(SAMPLE_SPEC), None)
    options = Options(spec=Path(SAMPLE_SPEC), out=Path("unused"), units=(unit,))
    planned = plan(spec_file, registry, options, ("kiosk",))
    worker = prepare(planned)
    screens = [j for j in planned.jobs if j.template in ("kiosk_home", "kiosk_idle", "kiosk_rate")]
    assert len(screens) == 9  # three screens, three sizes each
    for job in screens:
        pages, problems, _ = lay_out(worker, job)
        assert not problems
        text = _flat(" ".join(_texts(pages[0].background + pages[0].items)))
        mixed = [f if _flat(f) in text else s for f, s in zip(full, short, strict=True)]
        assert _in_order(mixed, text), f"{job.template} {job.stems}: {text[:200]}"
