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

from brandkit.colour import profile_problem
from brandkit.errors import Problem, SpecError
from brandkit.i18n import Message
from brandkit.spec.messages import error_message, tag_hint, unknown_key, with_input
from brandkit.spec.model import (
    FIELD_REF,
    FIELD_ROOTS,
    HIERARCHY_FIELDS,
    REPEAT_ROOTS,
    Spec,
)
from brandkit.spec.yamlfile import LocatedYaml, Path_, load_yaml
from brandkit.units import parse_length


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
        raise SpecError(Problem(Message("the spec must be a mapping of keys"), source.file, 1))
    problems = list(check_references(source, path.resolve().parent))
    try:
        spec = Spec.model_validate(source.data)
    except ValidationError as exc:
        problems = _merge(list(_problems(exc, source)), problems)
        raise SpecError(sorted(problems, key=_order)) from None
    if problems:
        raise SpecError(sorted(problems, key=_order))
    spec_file = SpecFile(spec, path.resolve(), source)
    return spec_file


def _merge(first: list[Problem], second: list[Problem]) -> list[Problem]:
    """Both lists, without a second report of a field the first already covers."""
    covered = {(p.line, p.field) for p in first}
    return first + [p for p in second if (p.line, p.field) not in covered]


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
        message: str
        if kind == "extra_forbidden":
            message = unknown_key(str(loc[-1]), _allowed_keys(tuple(error["loc"])[:-1]))
        elif kind == "missing":
            message = Message("required key is missing")
        elif kind == "union_tag_invalid":
            message = Message(
                "unknown element type {type!r}; {hint}",
                type=error["input"].get("type"), hint=tag_hint(error),
            )  # fmt: skip
        elif kind == "union_tag_not_found":
            message = Message("missing 'type'; {hint}", hint=tag_hint(error))
        else:
            message = error_message(error)
            if kind not in ("value_error",) and "input" in error and _short(error["input"]):
                message = with_input(message, error["input"])
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        yield Problem(message, source.file, source.line_of(loc), _dotted(loc))


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


def check_references(source: LocatedYaml, base_dir: Path) -> Iterator[Problem]:
    """Every name the spec uses must exist; every field a template binds must be known.

    Works on the raw YAML data, so it runs (and reports) even when parts of the spec have
    type errors: one `validate` shows every problem.
    """
    data = source.data

    def problem(path: Path_, message: str) -> Problem:
        return Problem(message, source.file, source.line_of(path), _dotted(path))

    units = _list(data.get("units"))
    seen: dict[str, int] = {}
    for i, unit in enumerate(units):
        unit_id = _dict(unit).get("id")
        if isinstance(unit_id, str):
            if unit_id in seen:
                yield problem(
                    ("units", i, "id"),
                    Message(
                        "unit id {id!r} is already used by units[{index}]",
                        id=unit_id, index=seen[unit_id],
                    ),
                )  # fmt: skip
            seen.setdefault(unit_id, i)
    for i, unit in enumerate(units):
        parent = _dict(unit).get("parent")
        if isinstance(parent, str) and parent not in seen:
            yield problem(("units", i, "parent"), Message("no unit has the id {id!r}", id=parent))
    outside_allowed = data.get("allow_paths_outside") is True
    for at, file in _named_files(data):
        if not outside_allowed:
            message = _outside(base_dir, file)
            if message:
                yield problem(at, message)
                continue
        if at[0] == "colour_profile":
            yield from _check_profile(problem, base_dir, file)
        elif at[:2] == ("data", "procedures"):
            continue  # read (and reported) by the data reader; `--procedures` may replace it
        elif not (base_dir / file).is_file():
            yield problem(at, Message("no such file: {file}", file=file))
    logos = _dict(data.get("logos"))
    fonts = _dict(data.get("fonts"))
    names = {
        "colour": _dict(data.get("colours")),
        "font": fonts,
        "logo": logos,
        "link": _dict(data.get("links")),
    }
    templates = _dict(data.get("templates"))
    for name, template in templates.items():
        yield from _check_template(problem, names, name, _dict(template))
    yield from _check_backs(problem, templates)
    yield from _check_hierarchy(problem, _dict(data.get("hierarchy")))


def _check_hierarchy(problem: Any, hierarchy: dict[str, Any]) -> Iterator[Problem]:
    """A hierarchy line binds only its unit's and its parent's names and address."""
    for kind, lines in hierarchy.items():
        for i, line in enumerate(_list(lines)):
            for key in ("text", "short"):
                value = _dict(line).get(key)
                for match in FIELD_REF.finditer(value if isinstance(value, str) else ""):
                    root, field = match.group(1), match.group(2)
                    if root not in ("unit", "parent") or field not in HIERARCHY_FIELDS:
                        yield problem(
                            ("hierarchy", kind, i, key),
                            Message(
                                "a hierarchy line can use {{unit.FIELD}} and {{parent.FIELD}} "
                                "with FIELD one of {fields}, not {found}",
                                fields=", ".join(HIERARCHY_FIELDS),
                                found=match.group(0),
                            ),
                        )


def _named_files(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """(where, path as written) of every file the spec names: logos, font files, the staff and
    procedure lists, the colour profile."""
    for name, logo in _dict(data.get("logos")).items():
        if isinstance(logo, str):
            yield ("logos", name), logo
    for name, font in _dict(data.get("fonts")).items():
        file = _dict(font).get("file")
        if isinstance(file, str):
            yield ("fonts", name, "file"), file
    for kind in ("staff", "procedures"):
        file = _dict(_dict(data.get("data")).get(kind)).get("file")
        if isinstance(file, str):
            yield ("data", kind, "file"), file
    file = _dict(data.get("colour_profile")).get("file")
    if isinstance(file, str):
        yield ("colour_profile", "file"), file


def _outside(base_dir: Path, file: str) -> str | None:
    """Why `file` (as the spec writes it) may not be used, when it lies outside the spec's folder
    once symlinks and `..` are resolved: a spec folder is then self-contained, and a spec sent
    to a shared server (the studio) cannot read the server's other files."""
    try:
        inside = (base_dir / file).resolve().is_relative_to(base_dir.resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        inside = False
    if inside:
        return None
    return Message(
        "{file} lies outside the spec's folder; move it in or set allow_paths_outside: true",
        file=file,
    )


def _check_backs(problem: Any, templates: dict[str, Any]) -> Iterator[Problem]:
    """A `back:` names another template of the same asset kind, size, bleed and records,
    which is nobody else's front and has no back of its own."""
    backs: dict[str, str] = {}
    for name, template in templates.items():
        back = _dict(template).get("back")
        if not isinstance(back, str):
            continue
        at = ("templates", name, "back")
        other = _dict(templates.get(back))
        if back not in templates:
            known = ", ".join(sorted(templates)) or Message("none")
            yield problem(at, Message("no template named {name!r} (known: {known})", name=back,
                                      known=known))  # fmt: skip
            continue
        if back == name or other.get("back") is not None:
            yield problem(at, Message("the back {back!r} cannot have a back of its own", back=back))
            continue
        if back in backs:
            yield problem(
                at,
                Message("{back!r} is already the back of {front!r}", back=back, front=backs[back]),
            )
            continue
        backs[back] = name
        front = _dict(template)
        for key in ("asset", "repeat", "size", "sizes", "bleed"):
            if front.get(key) != other.get(key):
                yield problem(
                    at,
                    Message(
                        "the back {back!r} must have the same {key!r} as its front "
                        "({here!r} here, {there!r} there)",
                        back=back,
                        key=key,
                        here=front.get(key),
                        there=other.get(key),
                    ),
                )
                break


def _check_profile(problem: Any, base_dir: Path, file: str) -> Iterator[Problem]:
    at = ("colour_profile", "file")
    path = base_dir / file
    if not path.is_file():
        yield problem(at, Message("no such file: {file}", file=file))
        return
    why = profile_problem(path.read_bytes())
    if why:
        yield problem(
            at,
            Message(
                "{file} is {why}: PDF/X needs the CMYK output profile of the press",
                file=file,
                why=why,
            ),
        )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _length(value: Any) -> float | None:
    try:
        return parse_length(value)
    except ValueError:
        return None


_NAME_KEYS = {"fill": "colour", "stroke": "colour", "colour": "colour", "font": "font"}
_NAME_KEYS["logo"] = "logo"
# A table's own colour and font keys.
for _key in ("header_colour", "header_fill", "group_colour", "group_fill", "rule", "qr_colour",
             "green_fill", "green_colour"):  # fmt: skip
    _NAME_KEYS[_key] = "colour"
for _key in ("header_font", "group_font"):
    _NAME_KEYS[_key] = "font"


def _check_template(
    problem: Any, names: dict[str, dict[str, Any]], name: str, template: dict[str, Any]
) -> Iterator[Problem]:
    repeat = template.get("repeat")
    links = tuple(str(k) for k in names["link"])
    roots = {"unit", "link"}
    roots |= set(REPEAT_ROOTS.get(repeat, ())) if isinstance(repeat, str) else set()
    for i, element in enumerate(_list(template.get("elements"))):
        element = _dict(element)
        at: Path_ = ("templates", name, "elements", i)
        for key, kind in _NAME_KEYS.items():
            value = element.get(key)
            if key == "logo" and element.get("type") != "logo":
                continue
            if isinstance(value, str) and value not in names[kind]:
                close = difflib.get_close_matches(value, list(names[kind]), n=1)
                hint = Message("; did you mean {name!r}?", name=close[0]) if close else ""
                known = ", ".join(sorted(names[kind]))
                unknown = Message(
                    "no {kind} named {value!r} (known: {known}){hint}",
                    kind=kind, value=value, known=known, hint=hint,
                )  # fmt: skip
                yield problem((*at, key), unknown)
        for key in ("text", "short", "data", "source", "qr"):
            value = element.get(key)
            if isinstance(value, str):
                for match in FIELD_REF.finditer(value):
                    message = _field_problem(match.group(1), match.group(2), roots, links)
                    if message:
                        yield problem((*at, key), message)
        for key in ("when", "unless"):
            value = element.get(key)
            if isinstance(value, str):
                root, _, field = value.partition(".")
                message = _field_problem(root, field, roots, links)
                if message:
                    yield problem((*at, key), message)


def _field_problem(
    root: str, field: str, roots: set[str], links: tuple[str, ...] = ()
) -> str | None:
    if root not in roots:
        return Message(
            "unknown data {root!r}: this template can use {roots}",
            root=root, roots=", ".join(sorted(roots)),
        )  # fmt: skip
    fields = links if root == "link" else FIELD_ROOTS[root]
    if field not in fields:
        close = difflib.get_close_matches(field, fields, n=1)
        hint = (
            Message("did you mean {root}.{close}?", root=root, close=close[0])
            if close
            else Message("known: {fields}", fields=", ".join(fields))
        )
        return Message("unknown field {root}.{field}; {hint}", root=root, field=field, hint=hint)
    return None
