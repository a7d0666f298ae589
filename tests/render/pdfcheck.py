"""A small PDF content-stream interpreter for the render tests.

It follows the graphics state (CTM, colour spaces) through a page and the form XObjects it
draws, and records every operator used, every painted path's bounding box in page space with
the colour space it was painted in, and every image placed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Box = tuple[float, float, float, float]  # x0, y0, x1, y1

PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
RGB_OR_GRAY_OPS = {"rg", "RG", "g", "G"}
CMYK_SPACES = {"/DeviceCMYK"}


def then(first: Matrix, second: Matrix) -> Matrix:
    """The matrix that applies `first`, then `second`."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def bbox(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass
class Painted:
    """One painted path: its bounding box in page space and how it was painted."""

    op: str
    box: Box
    space: str  # the colour space of the paint used: "/DeviceCMYK" or "Separation:<name>"
    line_width: float
    segments: list[tuple[tuple[float, float], tuple[float, float]]]


@dataclass
class Placed:
    name: str
    box: Box
    colour_space: str
    width: int
    height: int


@dataclass
class PageInfo:
    operators: set[str] = field(default_factory=set)
    colour_operands: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)
    painted: list[Painted] = field(default_factory=list)
    images: list[Placed] = field(default_factory=list)
    fonts: list[pikepdf.Dictionary] = field(default_factory=list)
    colour_spaces: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _space_name(resources: pikepdf.Dictionary, name: str) -> str:
    """'/DeviceCMYK', 'Separation:/All', or whatever else the resource is (to be refused)."""
    if name in ("/DeviceCMYK", "/DeviceRGB", "/DeviceGray", "/Pattern"):
        return name
    spaces = resources.get("/ColorSpace", {})
    value = spaces.get(name)
    if value is None:
        return f"missing:{name}"
    if isinstance(value, pikepdf.Array) and str(value[0]) == "/Separation":
        alternate = str(value[2])
        if alternate != "/DeviceCMYK":
            return f"Separation-with-{alternate}"
        return f"Separation:{value[1]}"
    if isinstance(value, pikepdf.Array):
        return f"other:{value[0]}"
    return f"other:{value}"


def inspect_page(page: pikepdf.Page) -> PageInfo:
    info = PageInfo()
    _walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), IDENTITY, info, depth=0)
    return info


def _walk(
    owner: pikepdf.Object,
    resources: pikepdf.Dictionary,
    ctm: Matrix,
    info: PageInfo,
    depth: int,
) -> None:
    assert depth < 10, "form XObjects nested too deep"
    for font in resources.get("/Font", {}).values():
        info.fonts.append(font)
    for name, space in resources.get("/ColorSpace", {}).items():
        info.colour_spaces[name] = space
    stack: list[tuple[Matrix, str, str, float]] = []
    fill_space, stroke_space, width = "/DeviceGray", "/DeviceGray", 1.0  # PDF's initial state
    path: list[tuple[float, float]] = []
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    current: tuple[float, float] | None = None
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        info.operators.add(op)
        if op == "q":
            stack.append((ctm, fill_space, stroke_space, width))
        elif op == "Q":
            ctm, fill_space, stroke_space, width = stack.pop()
        elif op == "cm":
            ctm = then(tuple(float(a) for a in operands), ctm)  # type: ignore[arg-type]
        elif op == "w":
            width = float(operands[0])
        elif op == "k":
            fill_space = "/DeviceCMYK"
        elif op == "K":
            stroke_space = "/DeviceCMYK"
        elif op in RGB_OR_GRAY_OPS:
            info.problems.append(f"device RGB/grey colour operator {op} {list(operands)}")
            if op in ("rg", "g"):
                fill_space = "/DeviceRGB" if op == "rg" else "/DeviceGray"
            else:
                stroke_space = "/DeviceRGB" if op == "RG" else "/DeviceGray"
        elif op in ("cs", "CS"):
            space = _space_name(resources, str(operands[0]))
            if space != "/DeviceCMYK" and not space.startswith("Separation:"):
                info.problems.append(f"{op} selects colour space {space}")
            if op == "cs":
                fill_space = space
            else:
                stroke_space = space
        elif op in ("sc", "scn", "SC", "SCN"):
            space = fill_space if op in ("sc", "scn") else stroke_space
            info.colour_operands.append((space, tuple(operands)))
            if space != "/DeviceCMYK" and not space.startswith("Separation:"):
                info.problems.append(f"{op} in colour space {space}")
        elif op == "m":
            current = apply(ctm, float(operands[0]), float(operands[1]))
            path.append(current)
        elif op == "l":
            point = apply(ctm, float(operands[0]), float(operands[1]))
            if current is not None:
                segments.append((current, point))
            current = point
            path.append(point)
        elif op == "c":
            for i in (0, 2, 4):
                path.append(apply(ctm, float(operands[i]), float(operands[i + 1])))
            current = path[-1]
        elif op in ("v", "y"):
            for i in (0, 2):
                path.append(apply(ctm, float(operands[i]), float(operands[i + 1])))
            current = path[-1]
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            corners = [apply(ctm, x, y), apply(ctm, x + w, y + h),
                       apply(ctm, x + w, y), apply(ctm, x, y + h)]  # fmt: skip
            path.extend(corners)
        elif op in PAINT_OPS:
            if path and op != "n":
                strokes = op in ("S", "s", "B", "B*", "b", "b*")
                space = stroke_space if strokes else fill_space
                scale = (abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])) ** 0.5
                info.painted.append(Painted(op, bbox(path), space, width * scale, segments))
            path, segments, current = [], [], None
        elif op == "Do":
            name = str(operands[0])
            xobject = resources["/XObject"][name]
            subtype = str(xobject.get("/Subtype"))
            if subtype == "/Image":
                corners = [apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                info.images.append(
                    Placed(
                        name,
                        bbox(corners),
                        str(xobject.get("/ColorSpace")),
                        int(xobject.Width),
                        int(xobject.Height),
                    )
                )
            elif subtype == "/Form":
                matrix = tuple(float(v) for v in xobject.get("/Matrix", list(IDENTITY)))
                inner = xobject.get("/Resources", resources)
                _walk(xobject, inner, then(matrix, ctm), info, depth + 1)  # type: ignore[arg-type]
        elif op == "BI":
            info.problems.append("inline image")
        elif op == "sh":
            info.problems.append("shading")


def inside(box: Box, outer: Box, tolerance: float = 0.01) -> bool:
    return (
        box[0] >= outer[0] - tolerance
        and box[1] >= outer[1] - tolerance
        and box[2] <= outer[2] + tolerance
        and box[3] <= outer[3] + tolerance
    )


def overlaps(box: Box, other: Box) -> bool:
    """True if the boxes share some area (touching edges do not count)."""
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def inflate(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def page_box(page: pikepdf.Page, name: str) -> Box:
    x0, y0, x1, y1 = (float(v) for v in page.obj[name])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    """The base names of the fonts in `pdf` with no embedded program (FontFile2/3); and a
    sentinel when the file has no font at all, so a test cannot pass on an empty file."""
    fonts = [
        o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"
    ]
    if not fonts:
        return ["(no font at all)"]
    missing = []
    for font in fonts:
        if font.Subtype == "/Type0":
            descriptor = font.DescendantFonts[0].FontDescriptor
        else:
            descriptor = font.FontDescriptor
        if "/FontFile2" not in descriptor and "/FontFile3" not in descriptor:
            missing.append(str(font.BaseFont))
    return missing
