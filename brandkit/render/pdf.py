"""Print PDFs with reportlab: exact trim, bleed, crop marks, boxes, CMYK only, embedded fonts."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageChops, ImageCms, ImageMath
from reportlab import rl_config
from reportlab.graphics import renderPDF, shapes
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import CMYKColorSep, Color, HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brandkit.errors import AssetError, Problem
from brandkit.i18n import Message, said
from brandkit.layout.marks import MARK_GAP, MARK_LENGTH, MARK_WIDTH, media_margin
from brandkit.layout.page import (
    GroupItem,
    ImageItem,
    Ink,
    Item,
    LineItem,
    LogoItem,
    Page,
    PathItem,
    QrItem,
    RectItem,
    TextItem,
    TurnedItem,
    leaves,
)
from brandkit.photos import PhotoError, photo_for_print
from brandkit.render.logos import cmyk_colour
from brandkit.render.pdfx import finalise
from brandkit.units import mm

# The registration colour prints on every separation, so marks show on every plate.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")

# Streams are Flate-compressed binary; reportlab's default ASCII85 layer on top only adds a
# quarter to every stream (a 7-bit-safe PDF has not been needed for decades).
rl_config.useA85 = 0

_registered: dict[Path, str] = {}


def register_font(path: Path) -> str:
    """Register a TTF with reportlab once per process; return its reportlab name."""
    name = _registered.get(path)
    if name is None:
        name = path.stem
        taken = set(_registered.values())
        n = 1
        while name in taken:
            n += 1
            name = f"{path.stem}-{n}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered[path] = name
    return name


@dataclass
class RenderResult:
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


class PdfRenderer:
    """Draws laid-out pages; fonts are registered and logos prepared once per renderer."""

    def __init__(
        self,
        fonts: dict[str, Path],
        logos: dict[str, Drawing],
        screen: bool = False,
        cmyk_profile: bytes | None = None,
    ) -> None:
        self.font_names = {role: register_font(path) for role, path in fonts.items()}
        # Print is CMYK only (RGB refused); a screen is drawn in sRGB from the inks' hex.
        self.screen = screen
        self.colour: Callable[[Ink], Color] = screen_colour if screen else print_colour
        # reportlab's graphics start every drawing (our logos) in Helvetica, which would put an
        # unembedded standard font in the PDF; start them in a font we embed instead.
        shapes.STATE_DEFAULTS["fontName"] = next(iter(self.font_names.values()))
        self.logos = logos
        # Photos are converted to the press's CMYK through its ICC profile (the output intent).
        self.cmyk_profile = cmyk_profile
        self._backgrounds: dict[tuple[object, ...], str] = {}
        # Items on more than one page of the PDF being drawn (by identity: the layout shares
        # a unit's texts between its people's pages, and the die line), and the forms of
        # the runs of them drawn so far, by the items' identities.
        self._shared: set[int] = set()
        self._runs: dict[tuple[int, ...], str] = {}

    def logos_hold_text(self) -> bool:
        """Whether a logo draws text of its own (glyphs only a PDF reader can place)."""

        def has_text(node: object) -> bool:
            if isinstance(node, shapes.String):
                return True
            return isinstance(node, shapes.Group) and any(has_text(n) for n in node.contents)

        return any(has_text(drawing) for drawing in self.logos.values())

    def render(
        self,
        pages: Iterable[Page],
        target: str | Path | BinaryIO,
        title: str,
        author: str,
        subject: str = "",
    ) -> RenderResult:
        """Write `pages` as one PDF to `target` (byte-identical for the same inputs)."""
        result = RenderResult()
        initial_font = next(iter(self.font_names.values()))
        canvas = Canvas(
            target if not isinstance(target, Path) else str(target),
            invariant=1,
            pageCompression=1,
            # Print refuses RGB and keeps spot colours as Separations; a screen is RGB only.
            enforceColorSpace="rgb" if self.screen else "SEP_CMYK",
            initialFontName=initial_font,
            initialFontSize=10,
            initialLeading=12,
        )
        canvas.setTitle(title)
        canvas.setAuthor(author)
        canvas.setSubject(subject)
        canvas.setCreator("brandkit")
        canvas.setProducer("brandkit (reportlab)")
        forms: set[str] = set()
        # Form names are per document, so a PDF's bytes do not depend on which PDFs the same
        # worker process drew before it.
        self._backgrounds = {}
        pages = list(pages)
        self._shared = _shared_items(pages)
        self._runs = {}
        for page in pages:
            self._page(canvas, page, forms, result)
            result.pages += 1
        canvas.save()
        self._shared, self._runs = set(), {}
        return result

    def _page(self, canvas: Canvas, page: Page, forms: set[str], result: RenderResult) -> None:
        margin = _margin(page)
        width, height = page.width + 2 * margin, page.height + 2 * margin
        canvas.setPageSize((width, height))
        trim = (margin, margin, margin + page.width, margin + page.height)
        b = page.bleed
        canvas.setTrimBox(trim)
        canvas.setBleedBox((trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b))
        canvas.doForm(self._background(canvas, page, forms, result))
        for run, shared in _runs(page.items, self._shared):
            if shared:
                canvas.doForm(self._run_form(canvas, run, margin, forms, result, page))
            else:
                self._draw(canvas, run, margin, forms, result, page)
        canvas.showPage()

    def _run_form(
        self,
        canvas: Canvas,
        run: tuple[Item, ...],
        margin: float,
        forms: set[str],
        result: RenderResult,
        page: Page,
    ) -> str:
        """The form of a run of items several pages share (a unit's lines on each person's
        badge, a badge's whole back, the die line): drawn once per PDF, then referred to."""
        key = tuple(id(item) for item in run)
        name = self._runs.get(key)
        if name is None:
            name = self._runs[key] = f"shared-{len(self._runs) + 1}"
            for item in leaves(run):
                if isinstance(item, LogoItem):
                    self._logo_form(canvas, item.logo, forms)  # forms cannot nest
            canvas.beginForm(name, 0, 0, page.width + 2 * margin, page.height + 2 * margin)
            self._draw(canvas, run, margin, forms, result, page)
            _end_form(canvas, name)
            forms.add(name)
        return name

    def _background(self, canvas: Canvas, page: Page, forms: set[str], result: RenderResult) -> str:
        """The form holding what every page of this template shares, crop marks included;
        drawn on the first page that needs it."""
        key = (page.width, page.height, page.bleed, page.background, page.folds)
        name = self._backgrounds.get(key)
        if name is None:
            name = f"page-{len(self._backgrounds) + 1}"
            self._backgrounds[key] = name
        if name not in forms:
            for item in page.background:
                if isinstance(item, LogoItem):
                    self._logo_form(canvas, item.logo, forms)  # forms cannot nest
            margin = _margin(page)
            canvas.beginForm(name, 0, 0, page.width + 2 * margin, page.height + 2 * margin)
            self._draw(canvas, page.background, margin, forms, result, page)
            trim = (margin, margin, margin + page.width, margin + page.height)
            if page.marks:
                _crop_marks(canvas, trim, page.bleed)
                _fold_marks(canvas, trim, page.bleed, page.folds)
            _end_form(canvas, name)
            forms.add(name)
        return name

    def _draw(
        self,
        canvas: Canvas,
        items: tuple[Item, ...],
        margin: float,
        forms: set[str],
        result: RenderResult,
        page: Page,
    ) -> None:
        top = margin + page.height  # layout y runs down from the trim's top edge
        for item in items:
            self._item(canvas, item, margin, top, forms, result, page)

    def _item(
        self,
        canvas: Canvas,
        item: Item,
        margin: float,
        top: float,
        forms: set[str],
        result: RenderResult,
        page: Page,
    ) -> None:
        if isinstance(item, GroupItem):
            for inner in item.items:
                self._item(canvas, inner, margin, top, forms, result, page)
        elif isinstance(item, TurnedItem):
            canvas.saveState()
            # Half a turn about the centre: (x, y) → (2cx − x, 2cy − y) on the page.
            cx, cy = margin + item.cx, top - item.cy
            canvas.transform(-1, 0, 0, -1, 2 * cx, 2 * cy)
            self._item(canvas, item.item, margin, top, forms, result, page)
            canvas.restoreState()
        elif isinstance(item, RectItem):
            with _painting(
                canvas, self.colour, item.fill, item.stroke, item.stroke_width, item.dash
            ):
                canvas.rect(
                    margin + item.x, top - item.y - item.h, item.w, item.h,
                    stroke=int(item.stroke is not None), fill=int(item.fill is not None),
                )  # fmt: skip
        elif isinstance(item, PathItem):
            with _painting(
                canvas, self.colour, item.fill, item.stroke, item.stroke_width, item.dash
            ):
                path = canvas.beginPath()
                for points, closed in item.outlines:
                    (x0, y0), rest = points[0], points[1:]
                    path.moveTo(margin + x0, top - y0)
                    for x, y in rest:
                        path.lineTo(margin + x, top - y)
                    if closed:
                        path.close()
                canvas.drawPath(
                    path, stroke=int(item.stroke is not None), fill=int(item.fill is not None)
                )
        elif isinstance(item, TextItem):
            with _painting(canvas, self.colour, item.colour, None, 0.0, ()):
                canvas.setFont(self.font_names[item.font], item.size)
                for line in item.lines:
                    canvas.drawString(margin + line.x, top - line.baseline, line.text)
        elif isinstance(item, QrItem):
            self._qr(canvas, item, margin, top)
        elif isinstance(item, LogoItem):
            self._logo(canvas, item, margin, top, forms)
        elif isinstance(item, LineItem):
            with _painting(canvas, self.colour, None, item.colour, item.width, item.dash):
                canvas.line(margin + item.x, top - item.y, margin + item.x2, top - item.y2)
        elif isinstance(item, ImageItem):
            self._image(canvas, item, margin, top, result, page.label)

    def _qr(self, canvas: Canvas, item: QrItem, margin: float, top: float) -> None:
        # One path of rectangles in module units under a scaling matrix: integers only,
        # ~10 bytes a rectangle, one fill for the whole symbol.
        module = item.size / item.modules
        canvas.saveState()
        canvas.setFillColor(self.colour(item.colour))
        if item.colour.overprint and not self.screen:  # black modules print over a tint
            canvas.setFillOverprint(True)
            canvas.setOverprintMask(True)
        canvas.transform(module, 0, 0, -module, margin + item.x, top - item.y)
        canvas.addLiteral(item.rects + " f")
        canvas.restoreState()

    def _logo_form(self, canvas: Canvas, logo: str, forms: set[str]) -> str:
        """The logo drawn once as a form XObject that every page refers to."""
        name = f"logo-{logo}"
        if name not in forms:
            drawing = self.logos[logo]
            canvas.beginForm(name, 0, 0, drawing.width, drawing.height)
            renderPDF.draw(drawing, canvas, 0, 0)
            _end_form(canvas, name)
            forms.add(name)
        return name

    def _logo(
        self, canvas: Canvas, item: LogoItem, margin: float, top: float, forms: set[str]
    ) -> None:
        drawing = self.logos[item.logo]
        name = self._logo_form(canvas, item.logo, forms)
        scale = min(item.w / drawing.width, item.h / drawing.height)
        w, h = drawing.width * scale, drawing.height * scale
        x = margin + item.x + (item.w - w) / 2
        y = top - item.y - item.h + (item.h - h) / 2
        canvas.saveState()
        canvas.transform(scale, 0, 0, scale, x, y)
        canvas.doForm(name)
        canvas.restoreState()

    def _image(
        self,
        canvas: Canvas,
        item: ImageItem,
        margin: float,
        top: float,
        result: RenderResult,
        label: str,
    ) -> None:
        try:
            image = _cmyk_image(item.path, (item.w, item.h), item.fit, self.cmyk_profile)
        except PhotoError as exc:  # checked in layout already: only a file changed since
            message = Message("{label}: {reason}", label=label, reason=said(exc))
            raise AssetError(Problem(message, str(item.path), None, item.field)) from None
        w, h = item.w, item.h
        if item.fit == "contain":
            scale = min(item.w / image.width, item.h / image.height)
            w, h = image.width * scale, image.height * scale
        x = margin + item.x + (item.w - w) / 2
        y = top - item.y - item.h + (item.h - h) / 2
        canvas.drawImage(ImageReader(image), x, y, w, h)


# What a shared run may hold: no photo (an image's XObject is a page resource) nor table.
_FORM_ITEMS = (RectItem, LineItem, PathItem, TextItem, LogoItem, QrItem)


def _shared_items(pages: list[Page]) -> set[int]:
    """The identities of the items drawn on more than one of `pages`."""
    seen: set[int] = set()
    shared: set[int] = set()
    for page in pages:
        for item in page.items:
            key = id(item)
            if key in seen:
                shared.add(key)
            else:
                seen.add(key)
    return {
        id(item)
        for page in pages
        for item in page.items
        if id(item) in shared and all(isinstance(leaf, _FORM_ITEMS) for leaf in leaves((item,)))
    }


def _runs(items: tuple[Item, ...], shared: set[int]) -> Iterator[tuple[tuple[Item, ...], bool]]:
    """`items` cut into runs, in order: each a run of shared items or of the page's own."""
    run: list[Item] = []
    sharing = False
    for item in items:
        now = id(item) in shared
        if run and now != sharing:
            yield tuple(run), sharing
            run = []
        run.append(item)
        sharing = now
    if run:
        yield tuple(run), sharing


@contextmanager
def _painting(
    canvas: Canvas,
    colour: Callable[[Ink], Color],
    fill: Ink | None,
    stroke: Ink | None,
    width: float,
    dash: tuple[float, ...],
) -> Iterator[None]:
    """Set fill and stroke for one item. Overprinting inks (a die line) and dashes are set
    inside a saved graphics state, so they end with the item."""
    special = bool(dash) or any(ink is not None and ink.overprint for ink in (fill, stroke))
    if special:
        canvas.saveState()
    if fill is not None:
        canvas.setFillColor(colour(fill))
        if fill.overprint:
            canvas.setFillOverprint(True)
    if stroke is not None:
        canvas.setStrokeColor(colour(stroke))
        canvas.setLineWidth(width)
        if stroke.overprint:
            canvas.setStrokeOverprint(True)
    if special:
        canvas.setOverprintMask(True)
    if dash:
        canvas.setDash(list(dash))
    yield
    if special:
        canvas.restoreState()


def _end_form(canvas: Canvas, name: str) -> None:
    """End the form `name`, keeping the spot colours it uses in its resources.

    reportlab gives a form fonts and XObjects but never the Separation colour spaces nor the
    graphics states drawn in it (its PDFFormXObject ignores them), so a registration mark, a
    spot-coloured logo or overprinting text inside a form would name a resource the PDF does
    not define.
    """
    colours = dict(canvas._colorsUsed)
    canvas.endForm()
    form = canvas._doc.idToObject[pdfdoc.xObjectName(name)]
    # reportlab leaves out the graphics states too (overprint: a die line, small black text).
    states = getattr(form, "ExtGState", None)
    if colours or states:
        resources = pdfdoc.PDFResourceDictionary()
        resources.basicFonts()
        resources.allProcs()
        if form.XObjects:
            resources.XObject = form.XObjects
        if states:
            resources.ExtGState = states
        if colours:
            resources.setColorSpace(colours)
        form.Resources = resources


def _margin(page: Page) -> float:
    return media_margin(page.bleed) if page.marks else 0.0


def print_colour(ink: Ink) -> Color:
    """`ink` for print: its CMYK, or a Separation when it names a spot colour."""
    return cmyk_colour(ink)


def screen_colour(ink: Ink) -> Color:
    """`ink` for a screen: exactly its hex, in sRGB."""
    return HexColor(ink.hex)


def _cmyk_image(
    path: Path, box: tuple[float, float], fit: str, profile: bytes | None
) -> Image.Image:
    """The photo in CMYK (print PDFs carry no RGB), upright and cropped to the box (w, h in
    points) for `cover`: through `profile`, the press's ICC characterisation, when there is
    one. Any mode Pillow reads arrives here as 8-bit L, RGB or CMYK (see brandkit.photos)."""
    image, source_profile = photo_for_print(path, box, fit)
    if image.mode != "CMYK":
        if profile:
            image = to_press_cmyk(image, source_profile, profile)
        else:
            image = to_cmyk(image.convert("RGB"))
    buffer = io.BytesIO()
    image.save(buffer, "TIFF")
    buffer.seek(0)
    return Image.open(buffer)


_transforms: dict[tuple[bytes, bytes, str], ImageCms.ImageCmsTransform] = {}


def to_press_cmyk(
    image: Image.Image, source: ImageCms.ImageCmsProfile | None, press: bytes
) -> Image.Image:
    """RGB or grey → the press's CMYK, colour-managed: from the image's own ICC profile (sRGB
    when it has none; untagged grey is sRGB grey, as a browser shows it) to the output
    intent's, relative colorimetric with black-point compensation, the usual choice for
    photographs that are mostly inside the press's gamut."""
    if source is None and image.mode != "RGB":
        image = image.convert("RGB")
    key = (source.tobytes() if source is not None else b"", press, image.mode)
    transform = _transforms.get(key)
    if transform is None:
        transform = ImageCms.buildTransform(
            source if source is not None else ImageCms.createProfile("sRGB"),
            ImageCms.ImageCmsProfile(io.BytesIO(press)),
            image.mode,
            "CMYK",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
        _transforms[key] = transform
    converted = ImageCms.applyTransform(image, transform)
    assert converted is not None
    return converted


def to_cmyk(rgb: Image.Image) -> Image.Image:
    """RGB → CMYK with full grey replacement: neutrals print on the black plate alone.

    Pillow's own conversion (C = 255 − R, K = 0) prints a mid grey as C50 M50 Y50, which
    proofs brownish and wastes ink; K = 1 − max(R, G, B) and C = (1 − R − K) / (1 − K) keeps
    greys neutral. Without the print shop's ICC profile this is the honest default.
    """
    r, g, b = rgb.split()
    brightest = ImageChops.lighter(ImageChops.lighter(r, g), b)

    def plate(channel: Image.Image) -> Image.Image:
        return ImageMath.lambda_eval(
            lambda a: (a["top"] - a["c"]) * 255 / a["max"](a["top"], 1), top=brightest, c=channel
        ).convert("L")

    return Image.merge("CMYK", (plate(r), plate(g), plate(b), ImageChops.invert(brightest)))


def _crop_marks(canvas: Canvas, trim: tuple[float, float, float, float], bleed: float) -> None:
    x0, y0, x1, y1 = trim
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH)
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * start, y, x + sx * end, y))  # horizontal, beside the corner
            lines.append((x, y + sy * start, x, y + sy * end))  # vertical, above/below it
    canvas.lines(lines)


# Fold marks: dashed, in the same band outside the bleed as the crop marks, so a finisher sees
# where to fold without a line printing on the piece.
FOLD_DASH = [mm(1), mm(1)]


def _fold_marks(
    canvas: Canvas,
    trim: tuple[float, float, float, float],
    bleed: float,
    folds: tuple[tuple[str, float], ...],
) -> None:
    if not folds:
        return
    x0, y0, x1, y1 = trim
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setDash(FOLD_DASH)
    lines = []
    for axis, position in folds:
        if axis == "y":
            y = y1 - position  # layout y runs down from the top edge
            lines += [(x0 - end, y, x0 - start, y), (x1 + start, y, x1 + end, y)]
        else:
            x = x0 + position
            lines += [(x, y0 - end, x, y0 - start), (x, y1 + start, x, y1 + end)]
    canvas.lines(lines)
    canvas.restoreState()


def compact(pdf: bytes) -> bytes:
    """`pdf` rewritten by qpdf with object streams (a fifth off a badge PDF) and a
    content-derived /ID, so the same input still gives the same bytes."""
    return finalise(pdf, None, "")
