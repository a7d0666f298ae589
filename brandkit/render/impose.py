"""Imposed press sheets: single-piece PDF pages placed N-up, with marks, slug line, colour bar."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import pikepdf
from reportlab.pdfbase import pdfmetrics

from brandkit.colour import OutputIntent
from brandkit.layout.impose import SHEET_MARGIN, SLUG_BAND, Imposition
from brandkit.layout.marks import MARK_WIDTH
from brandkit.layout.page import Ink, TextItem, TextLine
from brandkit.render.document import Content, Document
from brandkit.render.pdf import FOLD_DASH, REGISTRATION_INK, crop_lines, fold_lines
from brandkit.render.pdfx import PDF_VERSION
from brandkit.render.words import words
from brandkit.render.writer import fp_str
from brandkit.units import mm, to_mm

if TYPE_CHECKING:
    from brandkit.preflight.content import Summary

# The colour bar: each process ink solid and at 50 % and 25 % (dot gain), a three-colour grey
# beside a black-only grey of the same look (grey balance), then the brand's own colours.
PROCESS_PATCHES: tuple[tuple[float, float, float, float], ...] = (
    (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1),
    (0.5, 0, 0, 0), (0, 0.5, 0, 0), (0, 0, 0.5, 0), (0, 0, 0, 0.5),
    (0.25, 0, 0, 0), (0, 0.25, 0, 0), (0, 0, 0.25, 0), (0, 0, 0, 0.25),
    (0.5, 0.4, 0.4, 0), (0, 0, 0, 0.5),
)  # fmt: skip
PATCH = mm(4)
SLUG_SIZE = 6.0  # pt: legible on a press sheet, far smaller than anything on the pieces
# The slug line starts this far inside the press's margin: its first glyph's ink (a letter's
# left side bearing is a fraction of a point) then keeps clear of SHEET_MARGIN by more than
# the safe-margin proof's tolerance (preflight.drawn), so no sheet needs pdfium's glyph pass.
SLUG_INSET = 1.0


@dataclass(frozen=True)
class SheetJob:
    """What an imposed sheet PDF is made from."""

    imposition: Imposition
    sides: int  # 1, or 2 when each piece has a back (the source alternates front, back)
    folds: tuple[tuple[str, float], ...]  # of one piece, as the single-piece PDF marks them
    job: str  # the slug's job name, e.g. the single-piece PDF's file name
    brand_inks: tuple[Ink, ...] = ()
    copies: int = 1  # of each piece: above 1, each piece fills a sheet of its own
    language: str = "vi"  # of the slug line and the subject (the spec's language:)

    @property
    def repeat(self) -> bool:
        """Step and repeat: a piece ordered by the hundred fills its sheet with copies of
        itself, printed as many times as the order needs, rather than one copy per sheet."""
        return self.copies > 1

    def runs(self) -> int:
        """How many times each sheet is printed."""
        return -(-self.copies // self.imposition.up) if self.repeat else 1


@dataclass(frozen=True)
class Slug:
    """The slug line as drawn on one sheet page: its text, pen position and size (points)."""

    text: str
    x: float
    baseline: float
    size: float


@dataclass
class SheetPage:
    """What one page of an imposed PDF draws: the slug line, and each piece placed on it as
    (page of the source, 0-based; the lower-left corner of its trim on the sheet)."""

    slug: Slug
    placed: list[tuple[int, tuple[float, float]]] = field(default_factory=list)

    def forms(self) -> dict[str, int]:
        """The name of each piece's form in the page's resources → its page of the source."""
        return {piece_name(n): source for n, (source, _) in enumerate(self.placed, start=1)}


def piece_name(n: int) -> str:
    """The resource name of the `n`th piece (from 1) a sheet page places."""
    return f"/Piece{n}"


@dataclass
class Imposed:
    """An imposed PDF, its number of sheets, and what each of its pages draws."""

    data: bytes
    sheets: int
    pages: list[SheetPage]

    def forms(self, summaries: Sequence[Summary | None]) -> list[dict[str, Summary]]:
        """Per page, what each piece's form draws, from `summaries` of the source's pages
        (preflight_pdf(summaries=…) of the source): for preflight_pdf(forms=…)."""
        return [
            {
                name: known
                for name, source in page.forms().items()
                if (known := summaries[source]) is not None
            }
            for page in self.pages
        ]


def impose_pdf(
    source: bytes,
    sheet: SheetJob,
    font: str,
    intent: OutputIntent | None,
    title: str,
    author: str,
) -> Imposed:
    """The pages of `source` (one piece per page, or per front/back pair) imposed on as many
    sheets as they need: the PDF, its sheet count and what each of its pages draws."""
    imposition = sheet.imposition
    with pikepdf.open(io.BytesIO(source)) as pieces:
        count = len(pieces.pages) // sheet.sides
        sheets = count if sheet.repeat else -(-count // imposition.up)
        layout = _layout(sheet, sheets, count, font)
        # The marks, slug and colour bar are written PDF/X (output intent, XMP, their own
        # font's subset tagged) by brandkit's own writer while they are a small file, and the
        # pieces, declared and tagged in their own PDF, are drawn under them by qpdf: one
        # open of each and one save. The content-derived IDs are those of the marks and of
        # the pieces: the pieces' digest is an object of the marks' file that nothing refers
        # to (it counts in the XMP's identifiers; qpdf does not write it).
        overlay = _overlay(sheet, layout, font, intent, title, author, source)
        with pikepdf.open(io.BytesIO(overlay)) as document:
            forms: list[pikepdf.Object] = []
            for page in pieces.pages:
                form = page.as_form_xobject()
                # The piece's artwork runs to its bleed; the form's box is that, not the trim
                # qpdf would use, and clips away the piece's own marks.
                form.BBox = page.BleedBox
                forms.append(document.copy_foreign(form))
            trims = [(float(page.TrimBox[0]), float(page.TrimBox[1])) for page in pieces.pages]
            for sheet_page, drawn in zip(document.pages, layout, strict=True):
                _place(document, sheet_page, drawn.placed, forms, trims)
            out = io.BytesIO()
            document.save(
                out,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
                deterministic_id=True,
                min_version=PDF_VERSION if intent is not None else "",
                # The XMP the marks' writer made names no PDF version for qpdf to correct:
                # reading it back as XML would change nothing.
                fix_metadata_version=False,
            )
    return Imposed(out.getvalue(), sheets, layout)


def _layout(sheet: SheetJob, sheets: int, count: int, font: str) -> list[SheetPage]:
    """Each sheet page's slug line and pieces, in the order of the PDF's pages."""
    imposition = sheet.imposition
    pages: list[SheetPage] = []
    for index in range(sheets * sheet.sides):
        number, side = divmod(index, sheet.sides)
        back = side == 1
        if sheet.repeat:  # every slot holds the same piece
            on_sheet = [number] * imposition.up
        else:
            first = number * imposition.up
            on_sheet = list(range(first, min(first + imposition.up, count)))
        slug = _slug(sheet, number + 1, sheets, len(on_sheet), back, font)
        placed = [
            (piece * sheet.sides + side, imposition.trim_box(slot, back)[:2])
            for slot, piece in enumerate(on_sheet)
        ]
        pages.append(SheetPage(slug, placed))
    return pages


def _place(
    document: pikepdf.Pdf,
    page: pikepdf.Page,
    placed: Sequence[tuple[int, tuple[float, float]]],
    forms: Sequence[pikepdf.Object],
    trims: Sequence[tuple[float, float]],
) -> None:
    """Draw each piece's form on `page` with its trim at its slot, under the marks."""
    resources = page.obj.get("/Resources")
    if resources is None:
        resources = page.obj.Resources = pikepdf.Dictionary()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = resources.XObject = pikepdf.Dictionary()
    commands = []
    for n, (source, (x, y)) in enumerate(placed, start=1):
        name = piece_name(n)
        xobjects[name] = forms[source]
        trim_x, trim_y = trims[source]
        commands.append(f"q 1 0 0 1 {x - trim_x:.4f} {y - trim_y:.4f} cm {name} Do Q")
    stream = pikepdf.Stream(document, " ".join(commands).encode("ascii"))
    page.contents_add(stream, prepend=True)


def _overlay(
    sheet: SheetJob,
    layout: list[SheetPage],
    font: str,
    intent: OutputIntent | None,
    title: str,
    author: str,
    source: bytes,
) -> bytes:
    """A page per sheet side with every piece's crop (and fold) marks, the slug line and the
    colour bar, declared PDF/X with `intent`; the pieces are placed under it afterwards."""
    imposition = sheet.imposition
    language = sheet.language
    mode = words(language, "mode_repeat" if sheet.repeat else "mode_ganged")
    subject = words(
        language, "sheet_subject", sheet=imposition.sheet.label, job=sheet.job,
        up=imposition.up, mode=mode, sides=sheet.sides,
    )  # fmt: skip
    doc = Document()
    tt_font = pdfmetrics.getFont(font)
    width, height = imposition.width, imposition.height
    box = (0.0, 0.0, width, height)
    for index, drawn in enumerate(layout):
        back = index % sheet.sides == 1
        out = doc.content()
        out.colour(REGISTRATION_INK, stroke=True)
        out.append(_marks(imposition, len(drawn.placed), back, sheet.folds))
        _colour_bar(out, sheet.brand_inks, imposition.width)
        slug = drawn.slug
        line = TextLine(slug.x, -slug.baseline, slug.text, 0.0)
        item = TextItem("body", slug.size, REGISTRATION_INK, (line,), box, "slug")
        out.text(item, 0.0, 0.0, tt_font)
        doc.add_page(out, width, height, {"TrimBox": box, "BleedBox": box})
    doc.pdf.add(hashlib.sha256(source).digest())  # the pieces: see impose_pdf
    return doc.finish(title, author, subject, intent)


@lru_cache(maxsize=64)
def _marks(
    imposition: Imposition, on_sheet: int, back: bool, folds: tuple[tuple[str, float], ...]
) -> str:
    """The crop (and fold) marks of the first `on_sheet` slots of a sheet side, as operators
    (in the registration colour set before them): the same for every sheet of a layout, so
    written once per process."""
    ops = [f"{fp_str(MARK_WIDTH)} w"]
    if back:  # the back is the front mirrored: a fold x from the left moves
        folds = tuple((a, imposition.trim[0] - p if a == "x" else p) for a, p in folds)
    for slot in range(on_sheet):
        trim = imposition.trim_box(slot, back)
        ops.append(_lines(crop_lines(trim, imposition.bleed)))
        if folds:
            ops.append(f"q [{fp_str(*FOLD_DASH)}] 0 d")
            ops.append(_lines(fold_lines(trim, imposition.bleed, folds)))
            ops.append("Q")
    return "\n".join(ops)


def _lines(lines: list[tuple[float, float, float, float]]) -> str:
    return " ".join(f"{fp_str(a, b)} m {fp_str(c, d)} l" for a, b, c, d in lines) + "\nS"


def _colour_bar(out: Content, brand: tuple[Ink, ...], sheet_width: float) -> None:
    """The colour bar at the foot of the sheet, flush with the press's margin on the right."""
    for ink in brand:  # a spot colour's Separation, a resource of this document's
        if ink.spot:
            name, ref = out.doc.separation(ink)
            out.spaces[name] = ref
    out.append(_bar(brand, sheet_width))


@lru_cache(maxsize=16)
def _bar(brand: tuple[Ink, ...], sheet_width: float) -> str:
    """The colour bar's operators, the same on every sheet of a width: written once."""
    out = Document().content()
    inks = [Ink("patch", p, "#000000") for p in PROCESS_PATCHES] + list(brand)
    y = SHEET_MARGIN + (SLUG_BAND - PATCH) / 2
    bar_x = sheet_width - SHEET_MARGIN - len(inks) * PATCH
    for i, ink in enumerate(inks):
        out.colour(ink)
        out.append(f"{fp_str(bar_x + i * PATCH, y, PATCH, PATCH)} re f")
    return "\n".join(out.ops)


def _slug(sheet: SheetJob, number: int, sheets: int, on_sheet: int, back: bool, font: str) -> Slug:
    """The slug line (job, sheet, side, layout) in the band at the foot, left of the bar."""
    imposition = sheet.imposition
    w, h = imposition.trim
    language = sheet.language
    side = words(language, "back" if back else "front") if sheet.sides == 2 else ""
    grid = {"up": imposition.up, "cols": imposition.cols, "rows": imposition.rows}
    layout = words(language, "ganged", on=on_sheet, **grid)
    if sheet.repeat:  # step and repeat: say how many times to print it
        layout = words(language, "repeat", runs=sheet.runs(), copies=sheet.copies, **grid)
    text = words(
        language, "slug", job=sheet.job, number=number, sheets=sheets, side=side,
        sheet=imposition.sheet.name, orientation=words(language, imposition.orientation),
        layout=layout, w=f"{to_mm(w):g}", h=f"{to_mm(h):g}", bleed=f"{to_mm(imposition.bleed):g}",
    )  # fmt: skip
    bar_width = (len(PROCESS_PATCHES) + len(sheet.brand_inks)) * PATCH
    bar_x = imposition.width - SHEET_MARGIN - bar_width
    x = SHEET_MARGIN + SLUG_INSET
    size = SLUG_SIZE
    room = bar_x - x - mm(3)
    width = pdfmetrics.stringWidth(text, font, size)
    if width > room:  # a narrow sheet: the slug shrinks rather than running under the bar
        size = max(3.0, size * room / width)
    return Slug(text, x, SHEET_MARGIN + (SLUG_BAND - size * 0.7) / 2, size)


def brand_inks(
    colours: Sequence[tuple[tuple[float, float, float, float], str | None]],
) -> tuple[Ink, ...]:
    """The brand's colours for the colour bar: CMYK fractions, a spot as its Separation."""
    return tuple(Ink(spot or "patch", cmyk, "#000000", spot=spot) for cmyk, spot in colours)
