"""A second small content-stream interpreter, for what `pdfcheck` does not follow.

`pdfcheck.inspect_page` records painted paths and colour spaces; the sign, envelope and folder
tests also need the colour values, the dash pattern, the overprint settings in effect (an
ExtGState's /OP, /op and /OPM) and where text is shown under which matrix (a tent card's back
face is drawn turned half a turn). This follows all of that through a page and the form
XObjects it draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pikepdf

from tests.render.pdfcheck import IDENTITY, Box, Matrix, apply, bbox, then

Point = tuple[float, float]
Segment = tuple[Point, Point]


@dataclass(frozen=True)
class State:
    ctm: Matrix = IDENTITY
    fill_space: str = "/DeviceGray"
    stroke_space: str = "/DeviceGray"
    fill: tuple[float, ...] = (0.0,)
    stroke: tuple[float, ...] = (0.0,)
    width: float = 1.0
    dash: tuple[float, ...] = ()
    stroke_overprint: bool = False
    fill_overprint: bool = False
    overprint_mode: int = 0


@dataclass
class Paint:
    """One painted path in page space, with the graphics state it was painted in."""

    op: str
    box: Box
    segments: list[Segment]
    closed: bool
    state: State

    @property
    def strokes(self) -> bool:
        return self.op in ("S", "s", "B", "B*", "b", "b*")

    @property
    def fills(self) -> bool:
        return self.op not in ("S", "s", "n")

    @property
    def stroke_space(self) -> str:
        return self.state.stroke_space

    @property
    def fill_space(self) -> str:
        return self.state.fill_space


@dataclass
class Shown:
    """One string shown: its bytes and the text rendering matrix (Tm × CTM) at its start,
    with the font size set by Tf and the graphics state (fill colour, overprint) it is
    shown in."""

    text: bytes
    matrix: Matrix
    font_size: float = 0.0
    state: State = field(default_factory=State)

    @property
    def size(self) -> float:
        """The size on the page in points: the font size scaled by the matrix."""
        a, b, c, d = self.matrix[:4]
        return abs(self.font_size) * abs(a * d - b * c) ** 0.5


@dataclass
class PageState:
    paints: list[Paint] = field(default_factory=list)
    shown: list[Shown] = field(default_factory=list)


def _space(resources: pikepdf.Dictionary, name: str) -> str:
    """'/DeviceCMYK', or 'Separation:/Name' for a named Separation resource."""
    if name.startswith("/Device") or name == "/Pattern":
        return name
    value = resources.get("/ColorSpace", {}).get(name)
    if isinstance(value, pikepdf.Array) and str(value[0]) == "/Separation":
        return f"Separation:{value[1]}"
    return f"other:{name}"


def _numbers(operands: list[object]) -> tuple[float, ...]:
    """The numeric operands (a pattern's name after `scn` is left out)."""
    return tuple(float(v) for v in operands if not isinstance(v, pikepdf.Name))  # type: ignore[arg-type]


def walk_page(page: pikepdf.Page) -> PageState:
    out = PageState()
    _walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), State(), out, 0)
    return out


def _walk(
    owner: pikepdf.Object,
    resources: pikepdf.Dictionary,
    state: State,
    out: PageState,
    depth: int,
) -> None:
    assert depth < 10, "form XObjects nested too deep"
    stack: list[State] = []
    path: list[Point] = []
    segments: list[Segment] = []
    current: Point | None = None
    start: Point | None = None
    closed = False
    text_matrix: Matrix = IDENTITY
    line_matrix: Matrix = IDENTITY
    leading = 0.0
    font_size = 0.0
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        args = list(operands)
        if op == "q":
            stack.append(state)
        elif op == "Q":
            state = stack.pop()
        elif op == "cm":
            state = replace(state, ctm=then(tuple(float(a) for a in args), state.ctm))  # type: ignore[arg-type]
        elif op == "w":
            state = replace(state, width=float(args[0]))
        elif op == "d":
            state = replace(state, dash=tuple(float(v) for v in args[0]))
        elif op == "gs":
            gs = resources["/ExtGState"][str(args[0])]
            if "/OP" in gs:
                stroke_op = bool(gs["/OP"])
                fill_op = bool(gs["/op"]) if "/op" in gs else stroke_op
                state = replace(state, stroke_overprint=stroke_op, fill_overprint=fill_op)
            elif "/op" in gs:
                state = replace(state, fill_overprint=bool(gs["/op"]))
            if "/OPM" in gs:
                state = replace(state, overprint_mode=int(gs["/OPM"]))
        elif op == "k":
            state = replace(state, fill_space="/DeviceCMYK", fill=_numbers(args))
        elif op == "K":
            state = replace(state, stroke_space="/DeviceCMYK", stroke=_numbers(args))
        elif op == "cs":
            state = replace(state, fill_space=_space(resources, str(args[0])), fill=(1.0,))
        elif op == "CS":
            state = replace(state, stroke_space=_space(resources, str(args[0])), stroke=(1.0,))
        elif op in ("sc", "scn"):
            state = replace(state, fill=_numbers(args))
        elif op in ("SC", "SCN"):
            state = replace(state, stroke=_numbers(args))
        elif op == "m":
            current = start = apply(state.ctm, float(args[0]), float(args[1]))
            path.append(current)
        elif op == "l":
            point = apply(state.ctm, float(args[0]), float(args[1]))
            if current is not None:
                segments.append((current, point))
            current = point
            path.append(point)
        elif op in ("c", "v", "y"):
            for i in range(0, len(args), 2):
                path.append(apply(state.ctm, float(args[i]), float(args[i + 1])))
            current = path[-1]
        elif op == "h":
            if current is not None and start is not None and current != start:
                segments.append((current, start))
            current, closed = start, True
        elif op == "re":
            x, y, w, h = (float(v) for v in args)
            corners = [apply(state.ctm, px, py) for px, py in
                       ((x, y), (x + w, y), (x + w, y + h), (x, y + h))]  # fmt: skip
            path.extend(corners)
            segments.extend(zip(corners, corners[1:] + corners[:1], strict=True))
            closed = True
        elif op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
            if path and op != "n":
                out.paints.append(Paint(op, bbox(path), segments, closed or op == "s", state))
            path, segments, current, start, closed = [], [], None, None, False
        elif op == "BT":
            text_matrix = line_matrix = IDENTITY
        elif op == "Tm":
            text_matrix = line_matrix = tuple(float(v) for v in args)  # type: ignore[assignment]
        elif op == "TL":
            leading = float(args[0])
        elif op == "Tf":
            font_size = float(args[1])
        elif op in ("Td", "TD"):
            tx, ty = float(args[0]), float(args[1])
            if op == "TD":
                leading = -ty
            text_matrix = line_matrix = then((1, 0, 0, 1, tx, ty), line_matrix)
        elif op in ("T*", "'", '"'):
            text_matrix = line_matrix = then((1, 0, 0, 1, 0, -leading), line_matrix)
        if op in ("Tj", "'", '"', "TJ"):
            value = args[-1]
            if op == "TJ":
                text = b"".join(bytes(v) for v in value if isinstance(v, pikepdf.String))
            else:
                text = bytes(value)
            out.shown.append(Shown(text, then(text_matrix, state.ctm), font_size, state))
        elif op == "Do":
            xobject = resources["/XObject"][str(args[0])]
            if str(xobject.get("/Subtype")) == "/Form":
                matrix = tuple(float(v) for v in xobject.get("/Matrix", list(IDENTITY)))
                inner = xobject.get("/Resources", resources)
                inner_state = replace(state, ctm=then(matrix, state.ctm))  # type: ignore[arg-type]
                _walk(xobject, inner, inner_state, out, depth + 1)
