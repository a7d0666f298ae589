"""The content-stream walker: what a page (with its forms, patterns and annotations) draws."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Mapping
from typing import Any

import pikepdf

from brandkit.i18n import Message
from brandkit.preflight.geometry import IDENTITY, Box, Matrix, matrix, scale, then, transform_box
from brandkit.preflight.limits import (
    MAX_FORM_DEPTH,
    MAX_FORM_EXPANSION,
    MAX_PLACEMENTS,
    Budget,
    LimitExceeded,
)
from brandkit.preflight.objects import box_of, embedded, font_files, label, resource
from brandkit.preflight.report import short

_STROKE_OPS = frozenset({"S", "s", "b", "B", "b*", "B*"})
_SHOW_OPS = frozenset({"Tj", "TJ", "'", '"'})
_RGB_NAMES = frozenset({"/DeviceRGB", "/RGB"})  # /RGB: the inline-image abbreviation
# Only these come back from qpdf's parser: path construction (most of a stream) is skipped in C++.
_OPERATORS = (
    " ".join(sorted(_STROKE_OPS | _SHOW_OPS)) + " q Q cm w gs Tf rg RG cs CS scn SCN sh Do BI ID EI"
)
_PRINT_FLAG = 4  # annotation flag bit 3: the annotation prints

# Colour kinds found in content: DEVICE_RGB, or "ICCBased RGB", "CalRGB", "Lab".
DEVICE_RGB = "DeviceRGB"


class Summary:
    """What one content stream (with the forms it draws) does, in its own coordinate space.

    A form drawn on every page is summarised once per document and placed by matrix
    multiplication, instead of being interpreted again on every page.
    """

    __slots__ = ("colours", "fonts", "images", "operators", "problems", "strokes")

    def __init__(self) -> None:
        self.colours: dict[str, list[Any]] = {}  # kind → [first place, uses]
        self.fonts: set[str] = set()  # BaseFonts of unembedded fonts that show text
        # (line width, or None for "inherited from whoever draws the form"; CTM scale) → count
        self.strokes: Counter[tuple[float | None, float]] = Counter()
        self.images: list[tuple[str, int, int, Matrix]] = []  # label, px width, px height, CTM
        self.problems: dict[str, None] = {}  # malformed content, in order, once each
        # Operators drawn, counting a form's once per time it is drawn (MAX_FORM_EXPANSION).
        self.operators = 0

    def colour(self, kind: str, place: str, uses: int = 1) -> None:
        seen = self.colours.get(kind)
        if seen is None:
            self.colours[kind] = [place, uses]
        else:
            seen[1] += uses

    def add(self, other: Summary, ctm: Matrix, width: float | None) -> None:
        """Add what `other` draws when it is drawn under `ctm` with line width `width`."""
        for kind, (place, uses) in other.colours.items():
            self.colour(kind, place, uses)
        self.fonts |= other.fonts
        factor = scale(ctm)
        for (w, s), n in other.strokes.items():
            self.strokes[(width if w is None else w, s * factor)] += n
        self.images.extend((lb, pw, ph, then(m, ctm)) for lb, pw, ph, m in other.images)
        self.problems.update(other.problems)
        self.operators += other.operators


# A form's summary is kept per form and per the resources it reads: its own, or (a form
# without /Resources, PDF 1.1) those of whoever draws it, named by ResourcesKey.
ResourcesKey = tuple[object, ...]
FormKey = tuple[tuple[int, int], ResourcesKey]


def resources_key(owner: pikepdf.Object, resources: pikepdf.Dictionary) -> ResourcesKey:
    """Names `resources` (read by `owner`) for the form cache: by object number when they
    are an object of their own, else by the object that holds them."""
    if resources.objgen != (0, 0):
        return ("object", resources.objgen)
    return ("of", owner.objgen) if owner.objgen != (0, 0) else ("none",)


class ContentWalker:
    """Summarises content streams for one document, interpreting each form only once.

    Every form is memoised (those that borrow their caller's resources per those
    resources), so forms that draw forms ten times, nine levels deep, cost one visit per
    form; what they expand to is counted, not drawn, against MAX_FORM_EXPANSION.
    """

    def __init__(self, budget: Budget | None = None) -> None:
        self.budget = budget if budget is not None else Budget()
        self.summaries: dict[FormKey, Summary] = {}
        self.over: dict[FormKey, LimitExceeded] = {}  # forms over a limit, to fail again fast
        self.active: set[FormKey] = set()  # forms being summarised: a cycle guard
        self.placements = 0  # images and stroke widths added into summaries (MAX_PLACEMENTS)
        self.font_problems: dict[tuple[int, int], str | None] = {}
        self.space_kinds: dict[tuple[int, int], str | None] = {}
        # Forms the page being walked draws whose summaries the caller knows, by their names
        # in the page's resources (preflight_pdf(forms=…)): not read again.
        self.known: Mapping[str, Summary] = {}

    def walk(
        self,
        owner: pikepdf.Object,
        resources: pikepdf.Dictionary,
        depth: int,
        where: ResourcesKey | None = None,
    ) -> Summary:
        """Interpret one content stream (a page's, a form's or a pattern's) from identity.

        `where` names `resources` for the form cache (by default: as `owner`'s). Raises
        LimitExceeded when the stream, or what its forms expand to, passes a limit.
        """
        where = resources_key(owner, resources) if where is None else where
        self.budget.content(owner)
        out = Summary()
        ctm = IDENTITY
        width: float | None = None
        font: str | None = None  # BaseFont of the current font if it is not embedded
        stack: list[tuple[Matrix, float | None, str | None]] = []
        instructions = _parse(owner, out)
        out.operators = len(instructions)
        for instruction in instructions:
            op = str(instruction.operator)
            operands = instruction.operands
            try:
                if op in _STROKE_OPS:
                    out.strokes[(width, scale(ctm))] += 1
                elif op in _SHOW_OPS:
                    if font is not None:
                        out.fonts.add(font)
                elif op == "q":
                    stack.append((ctm, width, font))
                elif op == "Q":
                    if stack:
                        ctm, width, font = stack.pop()
                elif op == "cm":
                    ctm = then(matrix(operands), ctm)
                elif op == "w":
                    width = float(operands[0])
                elif op == "gs":
                    state = resource(resources, "/ExtGState", operands[0])
                    if isinstance(state, pikepdf.Dictionary) and "/LW" in state:
                        width = float(state["/LW"])
                elif op == "Tf":
                    font = self._font(resources, operands[0], out)
                else:
                    self._paint(op, operands, resources, where, out, ctm, width, depth)
            except (IndexError, TypeError, ValueError, ArithmeticError) as exc:
                # A malformed operator is reported; the rest of the stream is still checked.
                shown = pikepdf.unparse_content_stream([instruction]).decode("latin-1")
                said = Message(
                    "cannot interpret “{op}” ({reason})", op=short(shown, 60), reason=short(exc)
                )
                out.problems[said] = None
        return out

    def _paint(
        self,
        op: str,
        operands: Any,
        resources: pikepdf.Dictionary,
        where: ResourcesKey,
        out: Summary,
        ctm: Matrix,
        width: float | None,
        depth: int,
    ) -> None:
        """Note what an operator that selects colour or draws an object brings onto the page."""
        if op in ("rg", "RG"):
            out.colour(DEVICE_RGB, Message("{op} operator", op=op))
        elif op in ("cs", "CS"):
            kind = self._named_space(resources, operands[0], out)
            if kind is not None:
                out.colour(kind, f"{op} {operands[0]}")
        elif op in ("scn", "SCN"):
            if operands and isinstance(operands[-1], pikepdf.Name):
                self._pattern(resources, where, operands[-1], out, width, depth)
        elif op == "sh":
            shading = resource(resources, "/Shading", operands[0])
            if isinstance(shading, pikepdf.Dictionary | pikepdf.Stream):
                kind = self._space_kind(shading.get("/ColorSpace"))
                if kind is not None:
                    out.colour(kind, Message("shading {name}", name=label(operands[0])))
        elif op == "Do":
            self._do(resources, where, operands[0], out, ctm, width, depth)
        elif op == "INLINE IMAGE":
            self._inline_image(resources, operands[0], out, ctm)

    def _do(
        self,
        resources: pikepdf.Dictionary,
        where: ResourcesKey,
        name: pikepdf.Object,
        out: Summary,
        ctm: Matrix,
        width: float | None,
        depth: int,
    ) -> None:
        xobject = resource(resources, "/XObject", name)
        if not isinstance(xobject, pikepdf.Stream):
            said = Message(
                "content draws XObject {name}, which the resources do not define", name=name
            )
            out.problems[said] = None
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            image = label(name)
            if not xobject.get("/ImageMask", False):
                kind = self._space_kind(xobject.get("/ColorSpace"))
                if kind is not None:
                    out.colour(kind, Message("image {name}", name=image))
            out.images.append(
                (image, int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0)), ctm)
            )
        elif subtype == "/Form":
            inner = self.known.get(str(name)) if depth == 0 else None
            if inner is None or "/Group" in xobject:
                inner = self._form(xobject, resources, where, depth, out)
            if inner is not None:
                self.place(out, inner, then(matrix(xobject.get("/Matrix", IDENTITY)), ctm), width)

    def place(self, out: Summary, inner: Summary, ctm: Matrix, width: float | None) -> None:
        """Add `inner` into `out` (Summary.add), within the expansion and placement limits."""
        if out.operators + inner.operators > MAX_FORM_EXPANSION:
            raise LimitExceeded(
                Message(
                    "the forms on this page expand to more than {limit} operators, counting a "
                    "form once per time it is drawn (preflight's form-expansion limit, "
                    "MAX_FORM_EXPANSION)",
                    limit=f"{MAX_FORM_EXPANSION:,}",
                )
            )
        self.placements += len(inner.images) + len(inner.strokes)
        if self.placements > MAX_PLACEMENTS:
            raise LimitExceeded(
                Message(
                    "the file's forms place more than {limit} images and line widths (preflight's "
                    "placement limit, MAX_PLACEMENTS)",
                    limit=f"{MAX_PLACEMENTS:,}",
                )
            )
        out.add(inner, ctm, width)

    def _form(
        self,
        form: pikepdf.Stream,
        resources: pikepdf.Dictionary,
        where: ResourcesKey,
        depth: int,
        out: Summary,
    ) -> Summary | None:
        """The summary of a form (or tiling pattern), interpreted once per document for the
        resources it reads."""
        own = form.get("/Resources")
        if isinstance(own, pikepdf.Dictionary):
            resources, where = own, resources_key(form, own)
        # A form without resources borrows its caller's (PDF 1.1): its summary is kept per
        # the resources it borrowed.
        key: FormKey = (form.objgen, where)
        cached = self.summaries.get(key)
        if cached is not None:
            return cached
        if key in self.over:
            raise self.over[key]
        if key in self.active:
            out.problems[Message("a form draws itself (the forms are nested in a cycle)")] = None
            return None
        if depth >= MAX_FORM_DEPTH:
            raise LimitExceeded(
                Message(
                    "forms are nested more than {limit} deep (preflight's form-depth limit, "
                    "MAX_FORM_DEPTH)",
                    limit=MAX_FORM_DEPTH,
                )
            )
        self.active.add(key)
        try:
            summary = self.walk(form, resources, depth + 1, where)
        except pikepdf.PdfError as exc:
            summary = Summary()
            said = Message("a form's content cannot be parsed ({reason})", reason=short(exc))
            summary.problems[said] = None
        except LimitExceeded as exc:
            self.over[key] = exc
            raise
        finally:
            self.active.discard(key)
        self.group(form, summary, Message("a form's transparency group"))
        self.summaries[key] = summary
        return summary

    def _pattern(
        self,
        resources: pikepdf.Dictionary,
        where: ResourcesKey,
        name: pikepdf.Name,
        out: Summary,
        width: float | None,
        depth: int,
    ) -> None:
        pattern = resource(resources, "/Pattern", name)
        if isinstance(pattern, pikepdf.Stream) and pattern.get("/PatternType") == 1:
            inner = self._form(pattern, resources, where, depth, out)
            if inner is not None:
                # Pattern space is the default space of the stream that uses the pattern: its
                # identity here, since summaries are built from identity.
                self.place(out, inner, matrix(pattern.get("/Matrix", IDENTITY)), width)
        elif isinstance(pattern, pikepdf.Dictionary | pikepdf.Stream):
            shading = pattern.get("/Shading")
            if isinstance(shading, pikepdf.Dictionary | pikepdf.Stream):
                kind = self._space_kind(shading.get("/ColorSpace"))
                if kind is not None:
                    out.colour(kind, Message("shading pattern {name}", name=label(name)))

    def _inline_image(
        self, resources: pikepdf.Dictionary, image: Any, out: Summary, ctm: Matrix
    ) -> None:
        info = image.obj
        if not info.get("/ImageMask", False):
            space = info.get("/ColorSpace")
            if isinstance(space, pikepdf.Name) and str(space) not in _RGB_NAMES:
                space = resource(resources, "/ColorSpace", space) or space
            kind = self._space_kind(space)
            if kind is not None:
                out.colour(kind, Message("inline image"))
        out.images.append(("inline image", int(image.width), int(image.height), ctm))

    def group(self, owner: pikepdf.Object, out: Summary, place: str) -> None:
        group = owner.get("/Group")
        if isinstance(group, pikepdf.Dictionary):
            kind = self._space_kind(group.get("/CS"))
            if kind is not None:
                out.colour(kind, place)

    def annotations(self, page: pikepdf.Dictionary, out: Summary) -> None:
        """Add the normal appearance of every printing annotation, placed on its /Rect."""
        annots = page.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            return
        for annot in annots:
            found = _printed_appearance(annot)
            if found is None:
                continue
            normal, rect = found
            inner = self._form(normal, pikepdf.Dictionary(), ("none",), 0, out)
            bbox = box_of(normal.get("/BBox"))
            if inner is None or bbox is None:
                continue
            # PDF 12.5.5: the form's BBox, transformed by its Matrix, is fitted onto the Rect.
            form_matrix = matrix(normal.get("/Matrix", IDENTITY))
            x0, y0, x1, y1 = transform_box(form_matrix, bbox)
            if x1 - x0 <= 0 or y1 - y0 <= 0:
                continue
            sx, sy = (rect[2] - rect[0]) / (x1 - x0), (rect[3] - rect[1]) / (y1 - y0)
            fit = (sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy)
            self.place(out, inner, then(form_matrix, fit), None)

    def _font(
        self, resources: pikepdf.Dictionary, name: pikepdf.Object, out: Summary
    ) -> str | None:
        """The BaseFont of the font `name` if it is not embedded, else None."""
        font = resource(resources, "/Font", name)
        if not isinstance(font, pikepdf.Dictionary):
            said = Message("text uses font {name}, which the resources do not define", name=name)
            out.problems[said] = None
            return None
        key = font.objgen
        if key != (0, 0) and key in self.font_problems:
            return self.font_problems[key]
        problem = None if embedded(font) else str(font.get("/BaseFont", name)).lstrip("/")
        for program in font_files(font):  # pdfium inflates these to find glyph positions
            self.budget.stream(program)
        if key != (0, 0):
            self.font_problems[key] = problem
        return problem

    def _named_space(
        self, resources: pikepdf.Dictionary, name: pikepdf.Object, out: Summary
    ) -> str | None:
        if str(name) in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
            return self._space_kind(name)
        space = resource(resources, "/ColorSpace", name)
        if space is None:
            said = Message(
                "content selects colour space {name}, which the resources do not define", name=name
            )
            out.problems[said] = None
        return self._space_kind(space)

    def _space_kind(self, space: pikepdf.Object | None, depth: int = 0) -> str | None:
        """DEVICE_RGB, a key of _WARN_KINDS, or None for a colour space print accepts."""
        if isinstance(space, pikepdf.Name):
            return DEVICE_RGB if str(space) in _RGB_NAMES else None
        if not isinstance(space, pikepdf.Array) or len(space) == 0 or depth > 4:
            return None
        key = space.objgen
        if key != (0, 0) and key in self.space_kinds:
            return self.space_kinds[key]
        family = str(space[0])
        kind = None
        if family in _RGB_NAMES:
            kind = DEVICE_RGB
        elif family == "/ICCBased" and len(space) > 1 and isinstance(space[1], pikepdf.Stream):
            profile = space[1]
            n = profile.get("/N")
            if n is None:
                kind = self._space_kind(profile.get("/Alternate"), depth + 1)
            elif int(n) == 3:
                kind = "ICCBased RGB"
        elif family in ("/CalRGB", "/Lab"):
            kind = family[1:]
        elif family in ("/Indexed", "/I", "/Pattern") and len(space) > 1:
            kind = self._space_kind(space[1], depth + 1)
        if key != (0, 0):
            self.space_kinds[key] = kind
        return kind


def _printed_appearance(annot: object) -> tuple[pikepdf.Stream, Box] | None:
    """The normal appearance stream of an annotation that prints, with its /Rect."""
    if not isinstance(annot, pikepdf.Dictionary):
        return None
    if not int(annot.get("/F", 0)) & _PRINT_FLAG:
        return None
    appearance = annot.get("/AP")
    normal = appearance.get("/N") if isinstance(appearance, pikepdf.Dictionary) else None
    if isinstance(normal, pikepdf.Dictionary) and not isinstance(normal, pikepdf.Stream):
        state = annot.get("/AS")
        normal = normal.get(state) if isinstance(state, pikepdf.Name) else None
    rect = box_of(annot.get("/Rect"))
    if not isinstance(normal, pikepdf.Stream) or rect is None:
        return None
    return normal, rect


def _parse(owner: pikepdf.Object, out: Summary) -> list[Any]:
    """The instructions of a content stream that matter here; damage qpdf notes goes to `out`."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # qpdf's notes on a damaged stream arrive as these
        instructions = pikepdf.parse_content_stream(owner, _OPERATORS)
    for warning in caught:
        if issubclass(warning.category, _NOT_THE_STREAM):
            continue  # the process's own (a file left to the garbage collector), not qpdf's
        said = Message("a content stream is damaged ({reason})", reason=str(warning.message))
        out.problems[said] = None
    return instructions


# Warnings that can fire while a stream is parsed without being about it: the garbage
# collector closing a file some other code left open, a library's deprecation notes.
_NOT_THE_STREAM = (ResourceWarning, DeprecationWarning, PendingDeprecationWarning)
