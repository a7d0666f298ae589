"""Load a spec file: YAML with lines, the typed model, then every cross-reference checked."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from brandkit.errors import Problem, SpecError
from brandkit.spec.model import (
    FIELD_REF,
    FIELD_ROOTS,
    ImageElement,
    LineElement,
    LogoElement,
    QrElement,
    RectElement,
    Spec,
    Template,
    TextElement,
)
from brandkit.spec.yamlfile import LocatedYaml, Path_, load_yaml
from brandkit.units import to_mm


@dataclass(frozen=True)
class SpecFile:
    """A validated spec with where it came from, so later problems can point at lines."""

    spec: Spec
    path: Path
    source: LocatedYaml

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def resolve(self, relative: str) -> Path:
        """A path written in the spec, relative to the spec's folder."""
        return (self.base_dir / relative).resolve()

    def problem(self, path: Path_, message: str) -> Problem:
        """A problem located at `path` inside the spec."""
        return Problem(message, self.source.file, self.source.line_of(path), _dotted(path))


def load_spec(path: Path | str, display: str | None = None) -> SpecFile:
    """Load, type-check and cross-check the spec at `path`, reporting every problem at once."""
    path = Path(path)
    source = load_yaml(path, display or str(path))
    if not isinstance(source.data, dict):
        raise SpecError(Problem("the spec must be a mapping of keys", source.file, 1))
    try:
        spec = Spec.model_validate(source.data)
    except ValidationError as exc:
        raise SpecError(sorted(_problems(exc, source), key=_order)) from None
    spec_file = SpecFile(spec, path.resolve(), source)
    problems = list(check_references(spec_file))
    if problems:
        raise SpecError(sorted(problems, key=_order))
    return spec_file


def _order(problem: Problem) -> tuple[int, str]:
    return (problem.line or 0, problem.field or "")


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problems(exc: ValidationError, source: LocatedYaml) -> Iterator[Problem]:
    seen: set[tuple[Path_, str]] = set()
    for error in exc.errors(include_url=False):
        loc = _data_path(tuple(error["loc"]), source.data)
        kind = error["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"unknown key {key!r}"
            allowed = _allowed_keys(tuple(error["loc"])[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if close:
                message += f"; did you mean {close[0]!r}?"
            elif allowed:
                message += f" (expected one of: {', '.join(sorted(allowed))})"
        elif kind == "missing":
            message = "required key is missing"
        elif kind == "union_tag_invalid":
            message = f"unknown element type {error['input'].get('type')!r}; " + _tag_hint(error)
        elif kind == "union_tag_not_found":
            message = "missing 'type'; " + _tag_hint(error)
        else:
            message = error["msg"]
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            if kind not in ("value_error",) and "input" in error and _short(error["input"]):
                message += f" (got {error['input']!r})"
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        yield Problem(message, source.file, source.line_of(loc), _dotted(loc))


def _tag_hint(error: Any) -> str:
    tags = error.get("ctx", {}).get("expected_tags", "")
    return f"expected one of: {tags}" if tags else "see `brandkit schema`"


def _short(value: object) -> bool:
    return isinstance(value, str | int | float | bool) and len(repr(value)) <= 60


def _data_path(loc: Path_, data: Any) -> Path_:
    """Drop pydantic's union-tag steps from `loc` so it matches the YAML's own path."""
    out: list[str | int] = []
    node = data
    previous_was_index = False
    for part in loc:
        is_tag = previous_was_index and isinstance(node, dict) and node.get("type") == part
        previous_was_index = isinstance(part, int)
        if is_tag:
            continue
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            out.append(part)
            node = node[part]
        elif isinstance(node, dict | list):
            out.append(part)
            node = None
        else:
            out.append(part)
            node = None
    return tuple(out)


def _allowed_keys(loc: Path_) -> list[str]:
    """The keys the model accepts at pydantic location `loc` (for "did you mean")."""
    annotation: Any = Spec
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    model = _model_of(annotation)
    return list(model.model_fields) if model else []


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        models = [_model_of(a) for a in typing.get_args(annotation)]
        found = [m for m in models if m is not None]
        return found[0] if len(found) == 1 else None
    return None


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [_strip(a) for a in typing.get_args(annotation) if a is not type(None)]
        for member in members:
            if isinstance(member, type) and issubclass(member, BaseModel):
                tag = member.model_fields.get("type")
                if tag is not None and part in typing.get_args(tag.annotation):
                    return member
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        if len(models) == 1:
            return _step(models[0], part)
        return None
    if origin is list or origin is tuple:
        return typing.get_args(annotation)[0] if isinstance(part, int) else None
    if origin is dict:
        return typing.get_args(annotation)[1]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return field.annotation if field else None
    return None


def check_references(spec_file: SpecFile) -> Iterator[Problem]:
    """Every name the spec uses must exist; every field a template binds must be known."""
    spec = spec_file.spec
    seen: dict[str, int] = {}
    for i, unit in enumerate(spec.units):
        if unit.id in seen:
            yield spec_file.problem(
                ("units", i, "id"), f"unit id {unit.id!r} is already used by units[{seen[unit.id]}]"
            )
        seen.setdefault(unit.id, i)
    for i, unit in enumerate(spec.units):
        if unit.parent is not None and unit.parent not in seen:
            yield spec_file.problem(("units", i, "parent"), f"no unit has the id {unit.parent!r}")
    if spec.data.staff is not None and not spec_file.resolve(spec.data.staff.file).is_file():
        yield spec_file.problem(("data", "staff", "file"), f"no such file: {spec.data.staff.file}")
    for name, logo in spec.logos.items():
        if not spec_file.resolve(logo).is_file():
            yield spec_file.problem(("logos", name), f"no such file: {logo}")
    for name, font in spec.fonts.items():
        if font.file is not None and not spec_file.resolve(font.file).is_file():
            yield spec_file.problem(("fonts", name, "file"), f"no such file: {font.file}")
    for name, template in spec.templates.items():
        yield from _check_template(spec_file, name, template)


def _check_template(spec_file: SpecFile, name: str, template: Template) -> Iterator[Problem]:
    spec = spec_file.spec
    roots = {template.repeat, "unit"}
    width, height = template.size.width, template.size.height
    for i, element in enumerate(template.elements):
        at: Path_ = ("templates", name, "elements", i)

        def ref(
            key: str, value: str | None, kind: str, names: dict[str, Any], at: Path_ = at
        ) -> Iterator[Problem]:
            if value is not None and value not in names:
                close = difflib.get_close_matches(value, list(names), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                known = ", ".join(sorted(names))
                yield spec_file.problem(
                    (*at, key), f"no {kind} named {value!r} (known: {known}){hint}"
                )

        for key in ("fill", "stroke", "colour"):
            yield from ref(key, getattr(element, key, None), "colour", spec.colours)
        yield from ref("font", getattr(element, "font", None), "font", spec.fonts)
        yield from ref("logo", getattr(element, "logo", None), "logo", spec.logos)
        for key in ("text", "data", "source"):
            value = getattr(element, key, None)
            if isinstance(value, str):
                for match in FIELD_REF.finditer(value):
                    problem = _field_problem(match.group(1), match.group(2), roots)
                    if problem:
                        yield spec_file.problem((*at, key), problem)
        for key in ("when", "unless"):
            value = getattr(element, key, None)
            if value is not None:
                root, _, field = value.partition(".")
                problem = _field_problem(root, field, roots)
                if problem:
                    yield spec_file.problem((*at, key), problem)
        box = _element_box(element)
        if box is None:
            continue
        x0, y0, x1, y1 = box
        if isinstance(element, RectElement | LineElement):
            limit, what = -template.bleed, "the bleed"
        else:
            limit, what = template.safe_margin, "the safe area"
        if (
            x0 < limit - 1e-6
            or y0 < limit - 1e-6
            or x1 > width - limit + 1e-6
            or (y1 > height - limit + 1e-6)
        ):
            yield spec_file.problem(
                at,
                f"element reaches outside {what} "
                f"(box {to_mm(x0):.1f},{to_mm(y0):.1f} to {to_mm(x1):.1f},{to_mm(y1):.1f} mm, "
                f"trim {to_mm(width):.1f} × {to_mm(height):.1f} mm)",
            )


def _field_problem(root: str, field: str, roots: set[str]) -> str | None:
    if root not in roots:
        return f"unknown data {root!r}: this template can use {', '.join(sorted(roots))}"
    if field not in FIELD_ROOTS[root]:
        fields = FIELD_ROOTS[root]
        close = difflib.get_close_matches(field, fields, n=1)
        hint = f"did you mean {root}.{close[0]}?" if close else f"known: {', '.join(fields)}"
        return f"unknown field {root}.{field}; {hint}"
    return None


def _element_box(element: Any) -> tuple[float, float, float, float] | None:
    if isinstance(element, TextElement | LogoElement | ImageElement | RectElement):
        return element.x, element.y, element.x + element.w, element.y + element.h
    if isinstance(element, QrElement):
        return element.x, element.y, element.x + element.size, element.y + element.size
    if isinstance(element, LineElement):
        return (
            min(element.x, element.x2),
            min(element.y, element.y2),
            max(element.x, element.x2),
            max(element.y, element.y2),
        )
    return None
