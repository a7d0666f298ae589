"""Checks of a loaded spec that need layout or drawing: every element inside its template's safe
area (shapes inside the bleed) on every size, every page one a PDF reader can open, and every
logo one that svglib (print) and cairosvg (icons) draw in full, in brand colours only."""

from __future__ import annotations

from collections.abc import Iterator

from brandkit.errors import AssetError, Problem, SpecError
from brandkit.i18n import Message
from brandkit.layout.marks import media_margin
from brandkit.layout.template import Frame, element_box, make_inks
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Size, Template
from brandkit.spec.yamlfile import Path_
from brandkit.units import to_mm

# The largest page a PDF reader must handle is 200 × 200 in (14,400 pt; PDF 1.7 Annex C);
# Acrobat and most RIPs refuse bigger pages, so a sign near 5 m is the limit of one page.
MAX_PAGE_PT = 14_400.0


def validate_spec(spec_file: SpecFile, *, raster: bool = True) -> None:
    """Raise SpecError with every geometry and logo problem of the spec, in the order of its
    lines; the logos drawn by cairosvg too when `raster` (for icons and ticket logos)."""
    problems = check_geometry(spec_file) + check_logos(spec_file, raster=raster)
    if problems:
        raise SpecError(sorted(problems, key=lambda p: (p.line or 0, p.field or "")))


def check_geometry(spec_file: SpecFile) -> list[Problem]:
    """Every element inside its template's safe area (rectangles, lines and paths: inside the
    bleed) on every size, and every page within what a PDF reader can open."""
    problems: list[Problem] = []
    for name, template in spec_file.spec.templates.items():
        for size_name, size in template.named_sizes().items():
            problems += _page_size(spec_file, name, template, size_name, size)
            problems += _elements_inside(spec_file, name, template, size_name, size)
        problems += _element_sizes(spec_file, name, template)
    return problems


def _page_size(
    spec_file: SpecFile, name: str, template: Template, size_name: str, size: Size
) -> Iterator[Problem]:
    """The page with bleed and marks must be one a PDF reader and a RIP open."""
    width, height = template.sheet(size)
    margin = media_margin(template.bleed)
    where = f" ({size_name})" if size_name else ""
    if max(width, height) + 2 * margin > MAX_PAGE_PT:
        at: Path_ = ("templates", name, "sizes", size_name) if size_name else (
            "templates", name, "size",
        )  # fmt: skip
        yield spec_file.problem(
            at,
            Message(
                "the page{where} with bleed and marks would be {width} × {height} mm; "
                "PDF readers and RIPs open at most {limit} mm a side",
                where=where,
                width=f"{to_mm(width + 2 * margin):.0f}",
                height=f"{to_mm(height + 2 * margin):.0f}",
                limit=f"{to_mm(MAX_PAGE_PT):.0f}",
            ),
        )


def _elements_inside(
    spec_file: SpecFile, name: str, template: Template, size_name: str, size: Size
) -> Iterator[Problem]:
    """Texts, images, logos and codes inside the safe area; shapes inside the bleed."""
    where = f" ({size_name})" if size_name else ""
    frame = Frame(size.width, size.height)
    for i, element in enumerate(template.elements):
        if element.sizes is not None and size_name not in element.sizes:
            continue
        shape = element.type in ("rect", "line", "path")
        if shape and template.medium == "screen":
            continue  # a screen clips shapes at its edge: a band may span every size
        x0, y0, x1, y1 = element_box(element, frame)
        if shape:
            limit, what = -template.bleed, Message("the bleed")
        else:
            limit, what = template.safe_margin, Message("the safe area")
        eps = 1e-6
        outside = x0 < limit - eps or y0 < limit - eps
        outside = outside or x1 > size.width - limit + eps
        outside = outside or y1 > size.height - limit + eps
        if outside:
            yield spec_file.problem(
                ("templates", name, "elements", i),
                Message(
                    "element reaches outside {what}{where} (box {x0},{y0} to {x1},{y1} mm, "
                    "trim {width} × {height} mm)",
                    what=what,
                    where=where,
                    x0=f"{to_mm(x0):.1f}",
                    y0=f"{to_mm(y0):.1f}",
                    x1=f"{to_mm(x1):.1f}",
                    y1=f"{to_mm(y1):.1f}",
                    width=f"{to_mm(size.width):.1f}",
                    height=f"{to_mm(size.height):.1f}",
                ),
            )


def _element_sizes(spec_file: SpecFile, name: str, template: Template) -> Iterator[Problem]:
    """An element's `sizes` name sizes its template has, or another template of its kind has:
    an envelope's blank shares the envelope's elements (a YAML anchor) but not all its sizes."""
    kin = {
        size
        for other in spec_file.spec.templates.values()
        if other.asset == template.asset
        for size in other.named_sizes()
    }
    for i, element in enumerate(template.elements):
        for size_name in element.sizes or []:
            if size_name not in kin:
                known = ", ".join(n for n in template.named_sizes() if n) or Message("none")
                yield spec_file.problem(
                    ("templates", name, "elements", i, "sizes"),
                    Message(
                        "the template has no size {size!r} (its sizes: {known})",
                        size=size_name,
                        known=known,
                    ),
                )


def check_logos(spec_file: SpecFile, *, raster: bool = True) -> list[Problem]:
    """Every logo of the spec as the build and `icons` would draw it: loaded by svglib for print
    (safe, within its limits, every colour a brand colour) and drawn once, small, by cairosvg.
    Each problem is located at the spec's `logos.NAME` line and names the SVG file."""
    from brandkit.render.logos import load_logo

    inks = make_inks(spec_file.spec)
    problems: list[Problem] = []
    for name, relative in spec_file.spec.logos.items():
        path = spec_file.resolve(relative)
        try:
            load_logo(path, inks, relative)
            if raster:  # cairosvg is loaded only for what it draws (icons, ticket logos)
                from brandkit.render.raster import check_renders

                check_renders(path)
        except AssetError as exc:
            problems += [
                spec_file.problem(
                    ("logos", name), Message("{file}: {message}", file=relative, message=p.message)
                )
                for p in exc.problems
            ]
    return problems
