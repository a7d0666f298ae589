"""Attire (`brandkit attire`): the mark and the unit's name at the size and place the spec's
`attire:` gives them on each garment, as vector PDF/X-4 files for the embroiderer, every
colour a named spot (a thread), and as SVG: <out>/<unit>/attire/<unit>-<item>.pdf and .svg.
The brand manual draws the same artwork on the garment's outline."""

from __future__ import annotations

import io
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from brandkit.attire.svg import Outlines, artwork_svg
from brandkit.build.records import unit_record
from brandkit.errors import Problem, SpecError
from brandkit.fonts import FontMetrics, font_paths, load_fonts
from brandkit.i18n import Message
from brandkit.layout.page import Ink, Page
from brandkit.layout.template import Layout, Record, layout_page, make_inks
from brandkit.spec.load import SpecFile
from brandkit.spec.model import AttireItem, Spec, Template, Unit
from brandkit.text.words import Words
from brandkit.units import PT_PER_MM, to_mm

if TYPE_CHECKING:
    from brandkit.colour import OutputIntent
    from brandkit.render.pdf import PdfRenderer

MARGIN_MM = 5.0  # around the artwork, for the embroiderer's hoop marks


@dataclass(frozen=True)
class Artwork:
    """An item's mark and name as one small page: its corner's place on the garment (points
    from the garment's top-left corner) and the template that lays it out."""

    x: float
    y: float
    template: Template


def artwork(item: AttireItem) -> Artwork | None:
    """The page holding what is embroidered on `item` (None when nothing is)."""
    boxes: list[tuple[float, float, float, float]] = []
    elements: list[dict[str, Any]] = []
    if item.logo is not None:
        mark = item.logo
        boxes.append((mark.x, mark.y, mark.w, mark.w))
        elements.append({"type": "logo", "name": "logo", "logo": mark.logo, "w": mark.w,
                         "h": mark.w, "x": mark.x, "y": mark.y})  # fmt: skip
    if item.name is not None:
        name = item.name
        boxes.append((name.x, name.y, name.w, name.h))
        text = {"type": "text", "name": "name", **name.model_dump(exclude_none=True)}
        text["align"], text["valign"] = "center", "middle"
        elements.append(text)
    if not boxes:
        return None
    margin = MARGIN_MM * PT_PER_MM
    left = min(b[0] for b in boxes) - margin
    top = min(b[1] for b in boxes) - margin
    right = max(b[0] + b[2] for b in boxes) + margin
    bottom = max(b[1] + b[3] for b in boxes) + margin
    for element in elements:
        element["x"] = f"{(element['x'] - left) / PT_PER_MM:.4f}mm"
        element["y"] = f"{(element['y'] - top) / PT_PER_MM:.4f}mm"
        for key in ("w", "h", "size", "min_size"):
            if key in element:
                element[key] = f"{element[key]}pt"
    template = Template.model_validate(
        {
            "asset": "attire", "repeat": "unit", "bleed": "0mm", "safe_margin": "0mm",
            "size": {"width": f"{right - left}pt", "height": f"{bottom - top}pt"},
            "elements": elements,
        }
    )  # fmt: skip
    return Artwork(left, top, template)


def lay_out_artwork(
    art: Artwork, inks: dict[str, Ink], fonts: dict[str, FontMetrics], spec: Spec, record: Record
) -> Page:
    """The artwork laid out for a unit, by the layout code every piece goes through."""
    words = Words(tuple(spec.typography.keep))
    page = layout_page(Layout("attire", art.template, inks, fonts, "", words), record)
    return replace(page, items=(*page.background, *page.items), background=())


def thread_inks(spec: Spec) -> dict[str, Ink]:
    """The brand's inks, each a named spot (a thread colour): its own spot name, else its name."""
    return {name: replace(ink, spot=ink.spot or name) for name, ink in make_inks(spec).items()}


def check_attire(spec: Spec) -> None:
    """Every logo, colour and font the attire names exists, else a SpecError naming them."""
    problems = []
    for name, item in spec.attire.items():
        wanted: list[tuple[str, str, Collection[str]]] = [("colours", item.fabric, spec.colours)]
        if item.logo is not None:
            wanted.append(("logos", item.logo.logo, spec.logos))
        if item.name is not None:
            wanted += [("colours", item.name.colour, spec.colours),
                       ("fonts", item.name.font, spec.fonts)]  # fmt: skip
        for section, value, known in wanted:
            if value not in known:
                message = Message("no {section} entry {name!r}", section=section, name=value)
                problems.append(Problem(message, field=f"attire.{name}"))
    if problems:
        raise SpecError(problems)


@dataclass(frozen=True)
class AttireFile:
    """One embroiderer's file: its item, its bytes, and its page's size in mm."""

    item: str
    format: str  # pdf or svg
    data: bytes
    size_mm: tuple[float, float]


class AttireMaker:
    """What the embroiderer's files are drawn with (thread inks, fonts, a renderer), prepared
    once for many units."""

    def __init__(self, spec_file: SpecFile) -> None:
        check_attire(spec_file.spec)
        self.spec_file = spec_file
        self.inks, self.fonts = thread_inks(spec_file.spec), load_fonts(spec_file)
        self.renderer, self.intent = _renderer(spec_file, self.inks)
        self.outlines = Outlines(font_paths(spec_file))

    def files(self, unit: Unit) -> list[AttireFile]:
        """Each attire item's artwork for `unit`: a PDF/X-4 and an SVG of the same page."""
        spec_file, spec = self.spec_file, self.spec_file.spec
        record = unit_record(spec_file, unit)
        logos = {name: spec_file.resolve(path) for name, path in spec.logos.items()}
        out = []
        for name, item in spec.attire.items():
            art = artwork(item)
            if art is None:
                continue
            page = lay_out_artwork(art, self.inks, self.fonts, spec, record)
            title = f"{item.label} – {unit.name}"
            size = (to_mm(page.width), to_mm(page.height))
            buffer = io.BytesIO()
            self.renderer.render([page], buffer, title, spec.name, item.method or "", self.intent)
            pdf = buffer.getvalue()
            out.append(AttireFile(name, "pdf", pdf, size))
            svg = artwork_svg(page, self.inks, self.outlines, logos, title)
            out.append(AttireFile(name, "svg", svg, size))
        return out


def _renderer(spec_file: SpecFile, inks: dict[str, Ink]) -> tuple[PdfRenderer, OutputIntent]:
    """A print renderer whose logos are drawn in the thread inks, and the output intent."""
    from brandkit.build.work import Worker
    from brandkit.render.logos import load_logo
    from brandkit.render.pdf import PdfRenderer

    logos = {
        name: load_logo(spec_file.resolve(path), inks, path)
        for name, path in spec_file.spec.logos.items()
    }
    intent = Worker.output_intent(spec_file)
    return PdfRenderer(font_paths(spec_file), logos, False, intent.profile), intent
