"""Imposed press sheets: single-piece PDF pages placed N-up, with marks, slug line, colour bar."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.pdfgen.canvas import Canvas

from brandkit.colour import OutputIntent
from brandkit.layout.impose import SHEET_MARGIN, SLUG_BAND, Imposition
from brandkit.render.pdf import REGISTRATION, _crop_marks, _fold_marks
from brandkit.render.pdfx import PDF_VERSION, finalise
from brandkit.render.words import words
from brandkit.units import mm, to_mm

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


@dataclass(frozen=True)
class SheetJob:
    """What an imposed sheet PDF is made from."""

    imposition: Imposition
    sides: int  # 1, or 2 when each piece has a back (the source alternates front, back)
    folds: tuple[tuple[str, float], ...]  # of one piece, as the single-piece PDF marks them
    job: str  # the slug's job name, e.g. the single-piece PDF's file name
    brand_inks: tuple[CMYKColor, ...] = ()
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


def impose_pdf(
    source: bytes,
    sheet: SheetJob,
    font: str,
    intent: OutputIntent | None,
    title: str,
    author: str,
) -> tuple[bytes, int]:
    """The pages of `source` (one piece per page, or per front/back pair) imposed on as many
    sheets as they need; returns the PDF and the number of sheets."""
    imposition = sheet.imposition
    with pikepdf.open(io.BytesIO(source)) as pieces:
        count = len(pieces.pages) // sheet.sides
        sheets = count if sheet.repeat else -(-count // imposition.up)
        overlay = _overlay(sheet, sheets, count, font, title, author)
        # The marks are declared PDF/X (output intent, XMP, their own font's subset tagged)
        # while they are a small file, and the pieces, declared and tagged in their own PDF,
        # are drawn under them afterwards: finalising the whole sheet would read and write
        # every piece once more. Its content-derived IDs are those of the marks and of the
        # pieces (their digest, in a comment after the end of the file, which qpdf drops).
        digest = hashlib.sha256(source).hexdigest().encode("ascii")
        declared = finalise(overlay + b"%pieces " + digest + b"\n", intent, title, author)
        with pikepdf.open(io.BytesIO(declared)) as document:
            forms: list[pikepdf.Object] = []
            for page in pieces.pages:
                form = page.as_form_xobject()
                # The piece's artwork runs to its bleed; the form's box is that, not the trim
                # qpdf would use, and clips away the piece's own marks.
                form.BBox = page.BleedBox
                forms.append(document.copy_foreign(form))
            for index, sheet_page in enumerate(document.pages):
                number, side = divmod(index, sheet.sides)
                if sheet.repeat:  # every slot holds the same piece
                    on_sheet = [number] * imposition.up
                else:
                    first = number * imposition.up
                    on_sheet = list(range(first, min(first + imposition.up, count)))
                placed = [
                    (forms[piece * sheet.sides + side], slot, pieces.pages[piece * sheet.sides])
                    for slot, piece in enumerate(on_sheet)
                ]
                _place(document, sheet_page, placed, imposition, back=side == 1)
            out = io.BytesIO()
            document.save(
                out,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
                deterministic_id=True,
                min_version=PDF_VERSION if intent is not None else "",
            )
    return out.getvalue(), sheets


def _place(
    document: pikepdf.Pdf,
    page: pikepdf.Page,
    placed: Sequence[tuple[pikepdf.Object, int, pikepdf.Page]],
    imposition: Imposition,
    back: bool,
) -> None:
    """Draw each piece's form on `page` with its trim at its slot, under the marks."""
    resources = page.obj.get("/Resources")
    if resources is None:
        resources = page.obj.Resources = pikepdf.Dictionary()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = resources.XObject = pikepdf.Dictionary()
    commands = []
    for n, (form, slot, piece) in enumerate(placed, start=1):
        name = f"/Piece{n}"
        xobjects[name] = form
        trim_x, trim_y = float(piece.TrimBox[0]), float(piece.TrimBox[1])
        x, y, _, _ = imposition.trim_box(slot, back)
        commands.append(f"q 1 0 0 1 {x - trim_x:.4f} {y - trim_y:.4f} cm {name} Do Q")
    stream = pikepdf.Stream(document, " ".join(commands).encode("ascii"))
    page.contents_add(stream, prepend=True)


def _overlay(sheet: SheetJob, sheets: int, count: int, font: str, title: str, author: str) -> bytes:
    """A page per sheet side with every piece's crop (and fold) marks, the slug line and the
    colour bar; the pieces are placed under it afterwards."""
    imposition = sheet.imposition
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=(imposition.width, imposition.height), invariant=1, pageCompression=1,
        enforceColorSpace="SEP_CMYK", initialFontName=font,
    )  # fmt: skip
    canvas.setTitle(title)
    canvas.setAuthor(author)
    language = sheet.language
    mode = words(language, "mode_repeat" if sheet.repeat else "mode_ganged")
    canvas.setSubject(
        words(
            language, "sheet_subject", sheet=imposition.sheet.label, job=sheet.job,
            up=imposition.up, mode=mode, sides=sheet.sides,
        )
    )  # fmt: skip
    canvas.setCreator("brandkit")
    canvas.setProducer("brandkit (reportlab)")
    box = (0.0, 0.0, imposition.width, imposition.height)
    for number in range(1, sheets + 1):
        on_sheet = imposition.up
        if not sheet.repeat:
            on_sheet = min(imposition.up, count - (number - 1) * imposition.up)
        for side in range(sheet.sides):
            canvas.setPageSize((imposition.width, imposition.height))
            canvas.setTrimBox(box)
            canvas.setBleedBox(box)
            back = side == 1
            for slot in range(on_sheet):
                trim = imposition.trim_box(slot, back)
                _crop_marks(canvas, trim, imposition.bleed)
                folds = sheet.folds
                if back:  # the back is the front mirrored: a fold x from the left moves
                    folds = tuple((a, imposition.trim[0] - p if a == "x" else p) for a, p in folds)
                _fold_marks(canvas, trim, imposition.bleed, folds)
            _slug(canvas, sheet, number, sheets, on_sheet, back, font)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _slug(
    canvas: Canvas,
    sheet: SheetJob,
    number: int,
    sheets: int,
    on_sheet: int,
    back: bool,
    font: str,
) -> None:
    """The slug line (job, sheet, side, layout) and the colour bar, in the band at the foot."""
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
    patches = list(PROCESS_PATCHES)
    inks: list[CMYKColor] = [CMYKColor(*p) for p in patches] + list(sheet.brand_inks)
    bar_width = len(inks) * PATCH
    y = SHEET_MARGIN + (SLUG_BAND - PATCH) / 2
    bar_x = imposition.width - SHEET_MARGIN - bar_width
    canvas.saveState()
    for i, ink in enumerate(inks):
        canvas.setFillColor(ink)
        canvas.rect(bar_x + i * PATCH, y, PATCH, PATCH, stroke=0, fill=1)
    canvas.setFillColor(REGISTRATION)
    size = SLUG_SIZE
    room = bar_x - SHEET_MARGIN - mm(3)
    width = canvas.stringWidth(text, font, size)
    if width > room:  # a narrow sheet: the slug shrinks rather than running under the bar
        size = max(3.0, size * room / width)
    canvas.setFont(font, size)
    canvas.drawString(SHEET_MARGIN, SHEET_MARGIN + (SLUG_BAND - size * 0.7) / 2, text)
    canvas.restoreState()


def brand_inks(
    colours: Sequence[tuple[tuple[float, float, float, float], str | None]],
) -> tuple[CMYKColor, ...]:
    """The brand's colours for the colour bar: CMYK fractions, a spot as its Separation."""
    out: list[CMYKColor] = []
    for cmyk, spot in colours:
        c, m, y, k = cmyk
        out.append(CMYKColorSep(c, m, y, k, spotName=spot) if spot else CMYKColor(c, m, y, k))
    return tuple(out)
