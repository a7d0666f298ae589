"""Records: the values a template may bind for a unit, a person, a counter or a procedure."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from brandkit.data.staff import Staff, UnitIndex
from brandkit.errors import DataError, Problem, UsageError
from brandkit.i18n import Message
from brandkit.layout.template import Record, fill_fields
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Counter, Spec, Unit
from brandkit.text import normalise_text

if TYPE_CHECKING:
    from brandkit.build.options import Options
    from brandkit.data.procedures import Procedure
    from brandkit.layout.table import Entry


def unit_values(unit: Unit, spec: Spec) -> dict[str, str]:
    """A unit's fields for templates, blanks filled from the spec's `unit_defaults`, and its
    place in the hierarchy."""
    parent = _parent(unit, spec)
    values = _own_values(unit, spec)
    values["parent_name"] = (parent.short_name or parent.name) if parent else ""
    values["first_counter"] = _counter_line(unit.counters[0]) if unit.counters else ""
    values.update(hierarchy_values(unit, spec))
    return values


def _parent(unit: Unit, spec: Spec) -> Unit | None:
    return next((u for u in spec.units if u.id == unit.parent), None) if unit.parent else None


def _own_values(unit: Unit, spec: Spec) -> dict[str, str]:
    defaults = spec.unit_defaults
    return {
        "id": unit.id,
        "name": unit.name,
        "short_name": unit.short_name or unit.name,
        "kind": unit.kind,
        "address": unit.address or defaults.address or "",
        "hotline": unit.hotline or defaults.hotline or "",
        "opening_hours": unit.opening_hours or defaults.opening_hours or "",
        "authority": unit.authority or defaults.authority or "",
        "website": unit.website or defaults.website or "",
        "email": unit.email or defaults.email or "",
    }


def hierarchy_lines(unit: Unit, spec: Spec) -> list[tuple[str, str]]:
    """The lines that place `unit`, from the governing body down to the unit itself, each as
    (full, short): the spec's `hierarchy:` for its kind, else its authority (or its parent)
    and its name."""
    parent = _parent(unit, spec)
    values = {"unit": _own_values(unit, spec)}
    if parent is not None:
        values["parent"] = _own_values(parent, spec)
    lines = spec.hierarchy.get(unit.kind)
    if lines is None:
        top = values["parent"]["name"] if parent else values["unit"]["authority"]
        own = values["unit"]
        return [(top, top)] * bool(top) + [(own["name"], own["short_name"])]
    out = []
    for line in lines:
        full = normalise_text(fill_fields(line.text, values))
        short = normalise_text(fill_fields(line.short, values)) if line.short else full
        if full:
            out.append((full, short or full))
    return out


def hierarchy_values(unit: Unit, spec: Spec) -> dict[str, str]:
    """The `unit.hierarchy…` fields: every line, the lines above the unit's own, its own;
    full and short."""
    lines = hierarchy_lines(unit, spec)
    out: dict[str, str] = {}
    for suffix, form in (("", 0), ("_short", 1)):
        texts = [line[form] for line in lines]
        out["hierarchy" + suffix] = "\n".join(texts)
        out["hierarchy_parent" + suffix] = "\n".join(texts[:-1])
        out["hierarchy_name" + suffix] = texts[-1] if texts else ""
    return out


def _counter_line(counter: Counter) -> str:
    """A counter as a queue ticket names it: its two-digit number and its name."""
    return f"{counter.number:02d} – {counter.name}"


def unit_index(spec: Spec, unit: Unit) -> int:
    """Where `unit` is in the spec's list (by identity: comparing pydantic models field by
    field, as list.index does, costs a build a second)."""
    for index, candidate in enumerate(spec.units):
        if candidate is unit:
            return index
    return spec.units.index(unit)


def unit_origin(spec_file: SpecFile, unit: Unit) -> tuple[str | None, int | None]:
    """Where a unit's values are written: its name's line in the spec."""
    index = unit_index(spec_file.spec, unit)
    return spec_file.source.file, spec_file.source.line_of(("units", index, "name"))


def staff_record(
    person: Staff,
    unit: Unit,
    spec: Spec,
    unit_at: tuple[str | None, int | None] | None = None,
    of_unit: dict[str, str] | None = None,
) -> Record:
    """A person's record; `of_unit`: the unit's values when the caller has them already (a
    unit's people share them: worked out once, not once a person)."""
    values = {
        "staff": {
            "id": person.id,
            "name": person.name,
            "title": person.title,
            "short_title": person.short_title,
            "unit": unit.name,
            "photo": str(person.photo) if person.photo else "",
            "phone": person.phone,
            "email": person.email,
        },
        "unit": dict(of_unit) if of_unit is not None else unit_values(unit, spec),
        "link": dict(spec.links),
    }
    files = {str(person.photo): person.photo} if person.photo else {}
    pixels = {str(person.photo): person.photo_px} if person.photo and person.photo_px else {}
    origins = {"unit": unit_at} if unit_at else {}
    who = f"{person.name} ({person.id})"
    return Record(values, who, person.file, person.row, files, pixels, origins)


def unit_record(spec_file: SpecFile, unit: Unit) -> Record:
    """The record of a unit's own assets, located at the unit's name in the spec."""
    file, line = unit_origin(spec_file, unit)
    values = {"unit": unit_values(unit, spec_file.spec), "link": dict(spec_file.spec.links)}
    return Record(values, f"{unit.name} ({unit.id})", file, line)


def counter_records(spec_file: SpecFile, unit: Unit) -> list[Record]:
    """A record per counter of `unit`, located at the counter's name in the spec."""
    index = unit_index(spec_file.spec, unit)
    values = unit_values(unit, spec_file.spec)
    unit_at = unit_origin(spec_file, unit)
    out = []
    for i, counter in enumerate(unit.counters):
        line = spec_file.source.line_of(("units", index, "counters", i, "name"))
        number = {"number": str(counter.number), "number2": f"{counter.number:02d}"}
        record_values = {
            "unit": values,
            "counter": {**number, "name": counter.name},
            "link": dict(spec_file.spec.links),
        }
        who = f"{unit.name} ({unit.id}), quầy {counter.number}"
        file = spec_file.source.file
        origins = {"counter": (file, line), "unit": unit_at}
        out.append(Record(record_values, who, file, line, origins=origins))
    return out


def select_units(spec_file: SpecFile, wanted: tuple[str, ...]) -> list[Unit]:
    """The units named by id or name in `wanted` (all when empty), in spec order."""
    if not wanted:
        return list(spec_file.spec.units)
    index = UnitIndex(spec_file.spec.units)
    chosen: set[str] = set()
    problems = []
    for text in wanted:
        unit = index.find(text)
        if unit is None:
            problems.append(Problem(index.not_found(text), field="--unit"))
        else:
            chosen.add(unit.id)
    if problems:
        raise UnitSelectionError(problems)
    return [u for u in spec_file.spec.units if u.id in chosen]


class UnitSelectionError(UsageError):
    """`--unit`, `--size`, `--template` or an asset kind named something the spec does not
    have: a usage error."""


def staff_file(spec_file: SpecFile, options: Options) -> tuple[Path, str]:
    if options.staff is not None:
        return options.staff, str(options.staff)
    source = spec_file.spec.data.staff
    if source is None:
        raise DataError(
            Problem(Message("no staff list: give --staff FILE or set data.staff.file in the spec"))
        )
    return spec_file.resolve(source.file), source.file


def board_entries(procedures: list[Procedure], qr_pattern: str) -> list[Entry]:
    """A unit's procedures as table entries: grouped by field in the order fields first
    appear, numbered 1… down the whole list, each with the URL of its page."""
    from brandkit.layout.table import Heading, TableRow

    groups: dict[str, list[Procedure]] = {}
    for procedure in procedures:
        groups.setdefault(procedure.field, []).append(procedure)
    entries: list[Entry] = []
    number = 0
    for field_name, members in groups.items():
        entries.append(Heading(field_name))
        for p in members:
            number += 1
            cells = {
                "code": p.code, "name": p.name, "field": p.field,
                "processing_time": p.processing_time, "fee": p.fee,
            }  # fmt: skip
            url = fill_fields(qr_pattern, {"procedure": {"code": p.code}}, url=True)
            entries.append(TableRow(number, cells, url, p.green_lane, p.file, p.row))
    return entries
