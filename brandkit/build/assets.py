"""The registry of asset kinds: one frozen record per kind, built in or declared in the spec."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from brandkit.errors import Problem, SpecError
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Template
from brandkit.text import slugify

Repeat = Literal["staff", "unit", "counter", "procedures"]
Naming = Literal["template", "kind", "plural"]


@dataclass(frozen=True, kw_only=True)
class AssetKind:
    """Everything brandkit knows of one kind of asset; nothing else lists kinds.

    `naming` says how a unit's PDF of the kind is named: `template` after its template (and
    size), `kind` after the kind in the plural for its main template (`badges`; another template
    adds its name: `badges-vip`), `plural` after its template in the plural (`desk-plates`)."""

    name: str
    folder: str  # under <out>/<unit>/ (brand-wide kinds: under <out>/brand/)
    repeats: tuple[Repeat, ...]  # what its pages may repeat over
    label: str  # its name on the print shop's job ticket, in Vietnamese
    command: str  # the shorthand command that makes it (`brandkit signs`), or `make` only
    press: bool = True  # printed on a press: imposed on sheets, bundled, on the job ticket
    brand_wide: bool = False  # made once for the brand (tokens, icons), not per unit
    naming: Naming = "template"
    declared: bool = False  # declared by the spec (a template's new `asset:`), not built in
    document: bool = False  # made by its own module from the spec (brandkit.build.documents)

    def pdf_stem(self, template: str, size: str) -> str:
        """The file stem of a unit's PDF of `template` at `size` (without the unit's id)."""
        if self.naming == "kind":
            own = "" if template == self.name else f"-{slugify(template)}"
            return f"{slugify(self.name)}s{own}"
        if self.naming == "plural":
            return slugify(template) + "s"
        return page_stem(template, size)


def page_stem(template: str, size: str) -> str:
    """The file stem of one page's PNG: the template, and its size when it has several."""
    stem = slugify(template)
    return f"{stem}-{slugify(size)}" if size else stem


BUILT_IN: tuple[AssetKind, ...] = (
    AssetKind(
        name="badge", folder="badges", repeats=("staff",), label="Thẻ tên cán bộ",
        command="badges", naming="kind",
    ),
    AssetKind(
        name="signboard", folder="signs", repeats=("unit",), label="Biển hiệu", command="signs"
    ),
    AssetKind(
        name="door_sign", folder="signs", repeats=("unit",), label="Biển phòng",
        command="signs",
    ),
    AssetKind(
        name="counter_sign", folder="signs", repeats=("counter",), label="Biển quầy",
        command="signs",
    ),
    AssetKind(
        name="desk_plate", folder="signs", repeats=("staff",), label="Biển tên để bàn",
        command="signs", naming="plural",
    ),
    AssetKind(
        name="envelope", folder="envelopes", repeats=("unit",), label="Phong bì",
        command="envelopes",
    ),
    AssetKind(
        name="folder", folder="folders", repeats=("unit",), label="Kẹp file", command="folders"
    ),
    AssetKind(
        name="procedure_board", folder="boards", repeats=("procedures",),
        label="Bảng danh mục thủ tục hành chính", command="boards",
    ),
    AssetKind(
        name="procedure_handout", folder="boards", repeats=("procedures",),
        label="Tờ danh mục thủ tục hành chính", command="boards",
    ),
    # Screens are skins for the kiosk's own software, not printed matter.
    AssetKind(
        name="kiosk", folder="kiosk", repeats=("unit",), label="Màn hình kiosk",
        command="kiosk", press=False,
    ),
    # The thermal ticket is printed at the office on a roll printer, not by a print shop.
    AssetKind(
        name="ticket_proof", folder="ticket", repeats=("unit",),
        label="Phiếu số thứ tự (bản thử)", command="kiosk", press=False,
    ),
    AssetKind(
        name="ticket_logo", folder="ticket", repeats=(), label="Logo in phiếu số thứ tự",
        command="kiosk", press=False, brand_wide=True,
    ),
    AssetKind(
        name="tokens", folder="", repeats=(), label="Mã thiết kế (design tokens)",
        command="tokens", press=False, brand_wide=True,
    ),
    AssetKind(
        name="icon", folder="icons", repeats=(), label="Biểu tượng ứng dụng", command="icons",
        press=False, brand_wide=True,
    ),
    # Documents made by their own modules from the whole spec, not from a template: the brand
    # manual (once for the brand), and per unit the office documents and the attire's files.
    # None goes to a press: the manual is the designers' and printers' reference, not an order.
    # The manual is made once for the brand, into <out>/brand/, but by its own module and
    # from its own inputs' digest: not one of the brand-wide files (tokens, icons) made together.
    AssetKind(
        name="manual", folder="brand", repeats=(), label="Cẩm nang nhận diện thương hiệu",
        command="manual", press=False, document=True,
    ),
    AssetKind(
        name="office", folder="office", repeats=(), label="Văn bản văn phòng",
        command="office", press=False, document=True,
    ),
    AssetKind(
        name="attire", folder="attire", repeats=(), label="Tệp thêu, in trang phục",
        command="attire", press=False, document=True,
    ),
)  # fmt: skip
"""The kinds brandkit makes without being told, in the order `build` makes them."""


@dataclass(frozen=True)
class Registry:
    """The asset kinds of one spec: the built-in ones, then those its templates declare."""

    kinds: tuple[AssetKind, ...]

    def __iter__(self) -> Iterator[AssetKind]:
        return iter(self.kinds)

    def __contains__(self, name: object) -> bool:
        return any(k.name == name for k in self.kinds)

    def __getitem__(self, name: str) -> AssetKind:
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.kinds)

    def of_command(self, command: str) -> tuple[str, ...]:
        """The kinds a shorthand command (`signs`, `boards` …) makes."""
        return tuple(k.name for k in self.kinds if k.command == command)

    def unknown(self, names: tuple[str, ...]) -> list[str]:
        return [n for n in names if n not in self]


BUILT_IN_REGISTRY = Registry(BUILT_IN)


def registry_for(spec_file: SpecFile) -> Registry:
    """The spec's registry: the built-in kinds and a kind for each new `asset:` its templates
    name. Raises SpecError, located at the template's line, for a template that repeats over
    what its kind cannot, or declares a folder or label for a built-in kind."""
    problems: list[Problem] = []
    declared: dict[str, AssetKind] = {}
    templates = spec_file.spec.templates
    for name, template in templates.items():
        if template.asset in BUILT_IN_REGISTRY:
            problems += _built_in_problems(spec_file, name, template)
            continue
        kind = declared_kind(template)
        known = declared.setdefault(template.asset, kind)
        if known.repeats != kind.repeats:
            problems.append(
                spec_file.problem(
                    ("templates", name, "repeat"),
                    f"the templates of {template.asset!r} repeat over "
                    f"{known.repeats[0]!r}; this one over {template.repeat!r}",
                )
            )
        elif known != kind:
            problems.append(
                spec_file.problem(
                    ("templates", name, "asset"),
                    f"the templates of {template.asset!r} give it different folders, labels or "
                    "media; give them once, alike",
                )
            )
    if problems:
        raise SpecError(problems)
    return Registry(BUILT_IN + tuple(declared.values()))


def declared_kind(template: Template) -> AssetKind:
    """The kind a template's new `asset:` declares: its folder, label and what it repeats over
    are the template's own; a screen template's kind goes to no press."""
    name = template.asset
    return AssetKind(
        name=name,
        folder=template.folder or f"{slugify(name)}s",
        repeats=(template.repeat,),
        label=template.label or template.title or name,
        command="make",
        press=template.medium == "print",
        declared=True,
    )


def _built_in_problems(spec_file: SpecFile, name: str, template: Template) -> list[Problem]:
    kind = BUILT_IN_REGISTRY[template.asset]
    problems = []
    if kind.brand_wide or kind.document:
        problems.append(
            spec_file.problem(
                ("templates", name, "asset"),
                f"{kind.name!r} is made from the whole spec (its logos, colours and units), "
                "not from a template; name a new kind",
            )
        )
    elif template.repeat not in kind.repeats:
        allowed = " or ".join(kind.repeats)
        problems.append(
            spec_file.problem(
                ("templates", name, "repeat"),
                f"a {kind.name} repeats over {allowed}, not {template.repeat!r}",
            )
        )
    for key in ("folder", "label"):
        if getattr(template, key) is not None:
            problems.append(
                spec_file.problem(
                    ("templates", name, key),
                    f"{kind.name!r} is a built-in kind with its own {key}; {key} is for a new kind",
                )
            )
    return problems
