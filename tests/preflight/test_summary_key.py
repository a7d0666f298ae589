"""Preflight's content-summary cache (`brandkit.preflight.run.summary_key`).

Pages whose content differs only in what no check reads (the strings shown, the operands of
Tm, Td, TL, Tf and `re`) share one walk of their content. Each test makes a four-page PDF/X
file whose pages share one content but for that, with page 3 changed in a way a check does
read (a hairline, an RGB colour, another font, a scaling matrix): page 3, and only page 3,
gets the finding, exactly as when it is preflighted as a file of its own.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf
import pytest

from brandkit.preflight import FileReport, preflight_pdf
from brandkit.preflight.run import summary_key
from tests.preflight.test_preflight import make_pdf

# Inside the trim of tests/preflight's page (10 mm in, 100 × 70 mm): clear of the safe margin.
TEXT = b"BT /F1+0 %(size)s Tf 1 0 0 1 %(x)s 150 Tm %(leading)s TL (%(text)s) Tj T* ET\n"
STROKE = b"0 0 0 1 K %(width)s w 60 120 m 200 120 l S\n"
RECT = b"%(rect)s re f\n"

PLAIN = {
    b"fill": b"0 0 0 1 k",
    b"size": b"12",
    b"x": b"85",
    b"leading": b"14.4",
    b"text": b"Hello",
    b"width": b"0.3",
    b"rect": b"60 60 20 20",
    b"cm": b"",
}
# What no check reads: other strings, other placing, other type sizes, other rectangles.
MOVED = {
    **PLAIN,
    b"size": b"9",
    b"x": b"100.5",
    b"leading": b"10.8",
    b"text": b"Ph\\001\\002ng T\\003y H\\004",
    b"rect": b"70 64.5 12 30",
}

Resources = Callable[[pikepdf.Pdf, pikepdf.Dictionary], pikepdf.Dictionary]


def content(values: dict[bytes, bytes]) -> bytes:
    v = {k.decode(): val for k, val in values.items()}
    return (
        b"q " + values[b"fill"] + b"\n"
        + TEXT % {k.encode(): x for k, x in v.items()}
        + values[b"cm"] + b"\n"
        + STROKE % {b"width": values[b"width"]}
        + RECT % {b"rect": values[b"rect"]}
        + b"Q\n"
    )  # fmt: skip


def document(pages: list[bytes], resources: dict[int, Resources] | None = None) -> bytes:
    """A PDF/X file of one page per content stream, the pages sharing one /Resources object
    but where `resources` gives page N (from 1) its own."""
    resources = resources or {}

    def build(pdf: pikepdf.Pdf) -> None:
        first = pdf.pages[0].obj
        shared = pdf.make_indirect(pikepdf.Dictionary(first.Resources))
        boxes = {k: first[k] for k in ("/MediaBox", "/TrimBox", "/BleedBox")}
        for number, data in enumerate(pages, 1):
            own = resources.get(number)
            page = pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                Resources=own(pdf, shared) if own is not None else shared,
                Contents=pdf.make_stream(data),
                **{k[1:]: v for k, v in boxes.items()},
            )
            pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))
        del pdf.pages[0]

    return make_pdf(edit=build)


def by_page(report: FileReport) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for f in report.findings:
        assert f.page is not None, (f.check, str(f.message))  # nothing document-wide
        out.setdefault(f.page, []).append((f.check, f.severity))
    return out


def alone(data: bytes, number: int) -> FileReport:
    """Preflight page `number` of `data` as a file of its own."""

    def keep(pdf: pikepdf.Pdf) -> None:
        for index in reversed(range(len(pdf.pages))):
            if index != number - 1:
                del pdf.pages[index]

    with pikepdf.open(io.BytesIO(data)) as pdf:
        keep(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return preflight_pdf(out.getvalue())


def keys(data: bytes) -> list[tuple[bytes, bytes] | None]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [summary_key(p.obj, p.obj.Resources) for p in pdf.pages]


def check_like_alone(data: bytes) -> dict[int, list[tuple[str, str]]]:
    """The file's findings by page, each page's equal to those of the page alone."""
    report = preflight_pdf(data)
    found = by_page(report)
    for number in range(1, report.pages + 1):
        single = alone(data, number)
        assert by_page(single).get(1, []) == found.get(number, []), number
    return found


def test_pages_that_differ_only_in_strings_and_placing_share_a_key() -> None:
    data = document([content(PLAIN), content(MOVED), content(PLAIN), content(MOVED)])
    found = keys(data)
    assert found[0] is not None
    assert found == [found[0]] * 4
    assert check_like_alone(data) == {}


def one_changed(change: dict[bytes, bytes]) -> bytes:
    """Pages 1, 2 and 4 as PLAIN or MOVED; page 3 MOVED with `change`."""
    pages = [content(PLAIN), content(MOVED), content({**MOVED, **change}), content(PLAIN)]
    data = document(pages)
    k = keys(data)
    assert k[0] == k[1] == k[3] != k[2]
    return data


@pytest.mark.parametrize(
    ("change", "check", "severity"),
    [
        ({b"width": b"0.1"}, "hairlines", None),
        ({b"fill": b"1 0 0 rg"}, "colour", "error"),
        # 0.3 pt drawn at half size is a 0.15 pt line.
        ({b"cm": b"0.5 0 0 0.5 30 60 cm"}, "hairlines", None),
    ],
    ids=["hairline", "rgb", "scaled-line"],
)
def test_only_the_changed_page_gets_the_finding(
    change: dict[bytes, bytes], check: str, severity: str | None
) -> None:
    found = check_like_alone(one_changed(change))
    assert set(found) == {3}, found
    assert [c for c, _ in found[3]] == [check]
    if severity is not None:
        assert found[3][0][1] == severity


def helvetica(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )


def test_a_page_showing_another_font_name_is_walked() -> None:
    """Every page's resources hold an embedded font and one that is not; only page 3 shows
    the one that is not (the same key but for the font's name)."""
    pages = [
        content(PLAIN),
        content(MOVED),
        content(MOVED).replace(b"/F1+0", b"/F9"),
        content(PLAIN),
    ]

    def both(pdf: pikepdf.Pdf, shared: pikepdf.Dictionary) -> pikepdf.Dictionary:
        shared.Font.F9 = helvetica(pdf)
        return shared

    data = document(pages, {1: both})  # page 1's are the shared ones, edited in place
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len({p.obj.Resources.objgen for p in pdf.pages}) == 1
    k = keys(data)
    assert k[0] == k[1] == k[3] != k[2]
    report = preflight_pdf(data)
    assert by_page(report) == {3: [("fonts", "error")]}
    (finding,) = report.findings
    assert "Helvetica" in str(finding.message) and "used on" not in str(finding.message)
    assert by_page(alone(data, 3)) == {1: [("fonts", "error")]}


def test_a_page_whose_font_is_not_embedded_is_walked() -> None:
    """Page 3 shows the same font name from resources of its own, where it is not embedded."""

    def unembedded(pdf: pikepdf.Pdf, shared: pikepdf.Dictionary) -> pikepdf.Dictionary:
        own = pikepdf.Dictionary(shared)
        own.Font = pikepdf.Dictionary({"/F1+0": helvetica(pdf)})
        return pdf.make_indirect(own)

    pages = [content(PLAIN), content(MOVED), content(MOVED), content(PLAIN)]
    data = document(pages, {3: unembedded})
    k = keys(data)
    assert k[0] == k[1] == k[3] != k[2]
    assert check_like_alone(data) == {3: [("fonts", "error")]}


def test_two_pages_with_the_fault_both_count() -> None:
    pages = [content(PLAIN), content({**MOVED, b"width": b"0.1"})] * 2
    found = check_like_alone(document(pages))
    assert set(found) == {2, 4}
