"""Print PDFs: exact trim, bleed, crop marks, boxes, CMYK only, embedded fonts; screens in sRGB.

Pages are written as PDF directly (render.writer): the operators of each item, the fonts as
TrueType subsets cut by reportlab's font code, the logos as forms drawn once by reportlab's
graphics and grafted in. A print PDF comes out PDF/X-4 as it is written, without a second
pass through another library.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageChops, ImageCms, ImageMath
from reportlab import rl_config
from reportlab.graphics import shapes
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from brandkit.colour import OutputIntent
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
from brandkit.render.document import Content, Document, Graft, logo_graft
from brandkit.render.writer import fp_str
from brandkit.units import mm

# The registration colour prints on every separation, so marks show on every plate.
REGISTRATION_INK = Ink("registration", (1.0, 1.0, 1.0, 1.0), "#000000", spot="All")

# What reportlab still writes (each logo's form, once per process) is
# Flate-compressed binary; its default ASCII85 layer on top only adds a quarter to every
# stream (a 7-bit-safe PDF has not been needed for decades).
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
        # Only the characters a PDF shows go into its subsets (reportlab's default puts all
        # of printable ASCII in the first, whether used or not: a third of a badge PDF).
        pdfmetrics.registerFont(TTFont(name, str(path), asciiReadable=False))
        _registered[path] = name
    return name


@dataclass
class RenderResult:
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    # Per page, what preflight reads of it (render.document.page_key): pages with the same
    # key are checked once.
    page_keys: list[bytes] = field(default_factory=list)


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
        self._fonts: dict[str, TTFont] = {
            role: pdfmetrics.getFont(name) for role, name in self.font_names.items()
        }
        # Print is CMYK only (RGB refused); a screen is drawn in sRGB from the inks' hex.
        self.screen = screen
        # reportlab's graphics start every drawing (our logos) in Helvetica, which would put an
        # unembedded standard font in the PDF; start them in a font we embed instead.
        shapes.STATE_DEFAULTS["fontName"] = next(iter(self.font_names.values()))
        self.logos = logos
        # Photos are converted to the press's CMYK through its ICC profile (the output intent).
        self.cmyk_profile = cmyk_profile
        self._grafts: dict[str, tuple[Drawing, Graft]] = {}

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
        intent: OutputIntent | None = None,
    ) -> RenderResult:
        """Write `pages` as one PDF to `target` (byte-identical for the same inputs); with
        `intent`, declared PDF/X-4 with that output intent."""
        result = RenderResult()
        pages = list(pages)
        draw = _Drawer(self, Document(self.screen), result)
        draw.shared = _shared_items(pages)
        for page in pages:
            draw.page(page)
            result.pages += 1
        data = draw.doc.finish(title, author, subject, intent)
        result.page_keys = draw.doc.page_keys
        if isinstance(target, str | Path):
            Path(target).write_bytes(data)
        else:
            target.write(data)
        return result

    def graft(self, logo: str) -> Graft:
        """The logo `logo` as a form, drawn once per renderer by reportlab's graphics."""
        drawing = self.logos[logo]
        known = self._grafts.get(logo)
        if known is None or known[0] is not drawing:  # a logo replaced (the manual's misuse)
            font = next(iter(self.font_names.values()))
            known = self._grafts[logo] = (drawing, logo_graft(drawing, font, self.screen))
        return known[1]


class _Drawer:
    """One PDF being drawn: each item as the operators that draw it."""

    def __init__(self, renderer: PdfRenderer, doc: Document, result: RenderResult) -> None:
        self.renderer = renderer
        self.doc = doc
        self.result = result
        self.shared: set[int] = set()
        self._runs: dict[tuple[int, ...], str] = {}
        self._backgrounds: dict[tuple[object, ...], str] = {}

    def page(self, page: Page) -> None:
        margin = _margin(page)
        width, height = page.width + 2 * margin, page.height + 2 * margin
        out = self.doc.content()
        out.do(self._background(page))
        for run, shared in _runs(page.items, self.shared):
            if shared:
                out.do(self._run_form(run, page))
            else:
                self._draw(out, run, margin, page)
        b = page.bleed
        trim = (margin, margin, margin + page.width, margin + page.height)
        bleed = (trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b)
        self.doc.add_page(out, width, height, {"TrimBox": trim, "BleedBox": bleed})

    def _run_form(self, run: tuple[Item, ...], page: Page) -> str:
        """The form of a run of items several pages share (a unit's lines on each person's
        badge, a badge's whole back, the die line): drawn once per PDF, then referred to."""
        key = tuple(id(item) for item in run)
        name = self._runs.get(key)
        if name is None:
            name = self._runs[key] = f"shared-{len(self._runs) + 1}"
            margin = _margin(page)
            out = self.doc.content()
            self._draw(out, run, margin, page)
            self.doc.add_form(name, out, page.width + 2 * margin, page.height + 2 * margin)
        return name

    def _background(self, page: Page) -> str:
        """The form holding what every page of this template shares, crop marks included;
        drawn on the first page that needs it."""
        key = (page.width, page.height, page.bleed, page.background, page.folds)
        name = self._backgrounds.get(key)
        if name is None:
            name = self._backgrounds[key] = f"page-{len(self._backgrounds) + 1}"
            margin = _margin(page)
            out = self.doc.content()
            self._draw(out, page.background, margin, page)
            trim = (margin, margin, margin + page.width, margin + page.height)
            if page.marks:
                out.colour(REGISTRATION_INK, stroke=True)
                out.append(f"{fp_str(MARK_WIDTH)} w")
                out.lines(crop_lines(trim, page.bleed))
                folds = fold_lines(trim, page.bleed, page.folds)
                if folds:
                    out.append(f"q [{fp_str(*FOLD_DASH)}] 0 d")
                    out.lines(folds)
                    out.append("Q")
            self.doc.add_form(name, out, page.width + 2 * margin, page.height + 2 * margin)
        return name

    def _draw(self, out: Content, items: tuple[Item, ...], margin: float, page: Page) -> None:
        top = margin + page.height  # layout y runs down from the trim's top edge
        for item in items:
            self._item(out, item, margin, top, page)

    def _item(self, out: Content, item: Item, margin: float, top: float, page: Page) -> None:
        if isinstance(item, TextItem):
            out.text(item, margin, top, self.renderer._fonts[item.font])
        elif isinstance(item, RectItem):
            with out.painting(item.fill, item.stroke, item.stroke_width, item.dash) as paint:
                x, y = margin + item.x, top - item.y - item.h
                out.append(f"{fp_str(x, y, item.w, item.h)} re {paint}", f"re {paint}")
        elif isinstance(item, GroupItem):
            for inner in item.items:
                self._item(out, inner, margin, top, page)
        elif isinstance(item, QrItem):
            # One path of rectangles in module units under a scaling matrix: integers only,
            # ~10 bytes a rectangle, one fill for the whole symbol.
            module = item.size / item.modules
            out.append("q")
            out.colour(item.colour)
            if item.colour.overprint:  # black modules print over a tint
                out.overprint(fill=True)
            out.append(f"{fp_str(module, 0, 0, -module, margin + item.x, top - item.y)} cm")
            out.append(item.rects + " f Q", "re f Q")
        elif isinstance(item, LineItem):
            with out.painting(None, item.colour, item.width, item.dash) as paint:
                out.append(
                    f"{fp_str(margin + item.x, top - item.y)} m "
                    f"{fp_str(margin + item.x2, top - item.y2)} l {paint}"
                )
        elif isinstance(item, PathItem):
            with out.painting(item.fill, item.stroke, item.stroke_width, item.dash) as paint:
                parts = []
                for points, closed in item.outlines:
                    (x0, y0), rest = points[0], points[1:]
                    parts.append(f"{fp_str(margin + x0, top - y0)} m")
                    parts += [f"{fp_str(margin + x, top - y)} l" for x, y in rest]
                    if closed:
                        parts.append("h")
                out.append(" ".join(parts) + " " + paint)
        elif isinstance(item, LogoItem):
            self._logo(out, item, margin, top)
        elif isinstance(item, TurnedItem):
            # Half a turn about the centre: (x, y) → (2cx − x, 2cy − y) on the page.
            cx, cy = margin + item.cx, top - item.cy
            out.append(f"q -1 0 0 -1 {fp_str(2 * cx, 2 * cy)} cm")
            self._item(out, item.item, margin, top, page)
            out.append("Q")
        elif isinstance(item, ImageItem):
            self._image(out, item, margin, top, page.label)

    def _logo(self, out: Content, item: LogoItem, margin: float, top: float) -> None:
        drawing = self.renderer.logos[item.logo]
        name = self.doc.graft(f"logo-{item.logo}", self.renderer.graft(item.logo))
        scale = min(item.w / drawing.width, item.h / drawing.height)
        w, h = drawing.width * scale, drawing.height * scale
        x = margin + item.x + (item.w - w) / 2
        y = top - item.y - item.h + (item.h - h) / 2
        out.append(f"q {fp_str(scale, 0, 0, scale, x, y)} cm")
        out.do(name)
        out.append("Q")

    def _image(self, out: Content, item: ImageItem, margin: float, top: float, label: str) -> None:
        key = (item.path, item.w, item.h, item.fit)
        name = self.doc.known_image(key)
        if name is None:
            try:
                profile = self.renderer.cmyk_profile
                image = _cmyk_image(item.path, (item.w, item.h), item.fit, profile)
            except PhotoError as exc:  # checked in layout already: only a file changed since
                message = Message("{label}: {reason}", label=label, reason=said(exc))
                raise AssetError(Problem(message, str(item.path), None, item.field)) from None
            name = self.doc.add_image(key, image)
        width, height = self.doc.image_size(name)
        w, h = item.w, item.h
        if item.fit == "contain":
            scale = min(item.w / width, item.h / height)
            w, h = width * scale, height * scale
        x = margin + item.x + (item.w - w) / 2
        y = top - item.y - item.h + (item.h - h) / 2
        out.append(f"q {fp_str(w, 0, 0, h, x, y)} cm")
        out.do(name)
        out.append("Q")


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


def _margin(page: Page) -> float:
    return media_margin(page.bleed) if page.marks else 0.0


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
    return image


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


def crop_lines(
    trim: tuple[float, float, float, float], bleed: float
) -> list[tuple[float, float, float, float]]:
    """The crop marks of a piece trimmed at `trim`: two lines beside each corner, outside
    the bleed."""
    x0, y0, x1, y1 = trim
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * start, y, x + sx * end, y))  # horizontal, beside the corner
            lines.append((x, y + sy * start, x, y + sy * end))  # vertical, above/below it
    return lines


# Fold marks: dashed, in the same band outside the bleed as the crop marks, so a finisher sees
# where to fold without a line printing on the piece.
FOLD_DASH = [mm(1), mm(1)]


def fold_lines(
    trim: tuple[float, float, float, float],
    bleed: float,
    folds: tuple[tuple[str, float], ...],
) -> list[tuple[float, float, float, float]]:
    """The fold marks of a piece: a short dashed line beyond the bleed at each end of a fold."""
    x0, y0, x1, y1 = trim
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    lines = []
    for axis, position in folds:
        if axis == "y":
            y = y1 - position  # layout y runs down from the top edge
            lines += [(x0 - end, y, x0 - start, y), (x1 + start, y, x1 + end, y)]
        else:
            x = x0 + position
            lines += [(x, y0 - end, x, y0 - start), (x, y1 + start, x, y1 + end)]
    return lines
