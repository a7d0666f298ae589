"""Staff lists: who gets a badge, matched to the spec's units by id or name."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from brandkit.data.table import read_rows, spec_aliases
from brandkit.errors import DataError, Problem
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Unit
from brandkit.text import fold_accents, match_key

# Headers seen on real Vietnamese staff lists; a spec's `data.staff.columns` adds more.
STAFF_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "Mã cán bộ", "Mã số", "Mã CB", "Mã nhân viên", "Số hiệu", "Mã"),
    "name": ("name", "Họ và tên", "Họ tên", "Họ và tên cán bộ", "Tên cán bộ"),
    "title": ("title", "Chức danh", "Chức vụ", "Vị trí"),
    "unit": ("unit", "Đơn vị", "Đơn vị công tác", "Nơi công tác", "Bộ phận"),
    "photo": ("photo", "Ảnh", "Ảnh chân dung", "Ảnh thẻ"),
}
REQUIRED = ("id", "name", "title", "unit")


@dataclass(frozen=True)
class Staff:
    id: str
    name: str
    title: str
    unit: str
    photo: Path | None
    file: str
    row: int
    photo_px: tuple[int, int] | None = None  # the photo's size in pixels


class UnitIndex:
    """Finds a unit by its id or its name, ignoring case and Unicode normalisation."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = {u.id: u for u in units}
        self._keys: dict[str, str] = {}
        self._shared: dict[str, list[str]] = {}  # names several units have
        for unit in units:
            self._keys.setdefault(match_key(unit.id), unit.id)
        for unit in units:
            key = match_key(unit.name)
            if key in self._keys and self._keys[key] != unit.id:
                owner = self._keys[key]
                if owner not in self.units or match_key(owner) != key:  # not an id
                    self._shared.setdefault(key, [owner]).append(unit.id)
                continue
            self._keys[key] = unit.id

    def find(self, text: str) -> Unit | None:
        """The unit with this id or name; None if there is none or the name is shared."""
        key = match_key(text)
        if key in self._shared:
            return None
        unit_id = self._keys.get(key)
        return self.units[unit_id] if unit_id else None

    def sharing(self, text: str) -> list[str]:
        """The ids of the units that share the name `text` (empty if it is not shared)."""
        return self._shared.get(match_key(text), [])

    def not_found(self, text: str) -> str:
        """Why `text` selects no unit, with a hint."""
        ids = self.sharing(text)
        if ids:
            return f"several units are named {text!r} ({', '.join(ids)}); give the unit id"
        close = self.suggest(text)
        hint = f"; did you mean {close!r}?" if close else ""
        return f"no unit {text!r} in the spec{hint}"

    def suggest(self, text: str) -> str | None:
        folded = {fold_accents(k): k for k in self._keys}
        close = difflib.get_close_matches(fold_accents(match_key(text)), list(folded), n=1)
        return self.units[self._keys[folded[close[0]]]].name if close else None


def inspect_photo(path: Path) -> tuple[int, int] | str:
    """The size in pixels of the JPEG or PNG at `path`, or why it cannot be placed."""
    if not path.is_file():
        return "no such photo file"
    try:
        with Image.open(path) as image:
            kind, size = image.format, image.size
            image.verify()
    except (OSError, SyntaxError, ValueError):
        return "not a readable image"
    if kind not in ("JPEG", "PNG"):
        return f"the photo is {kind or 'of an unknown format'}; use JPEG or PNG"
    return size


def read_staff(
    path: Path, spec_file: SpecFile, display: str | None = None, default_unit: str | None = None
) -> list[Staff]:
    """Every person in the list at `path`, or every bad row at once.

    `default_unit` (a unit id) is used when the list has no unit column at all.
    """
    display = display or str(path)
    source = spec_file.spec.data.staff
    aliases = spec_aliases(STAFF_ALIASES, spec_file, "staff")
    required = [f for f in REQUIRED if not (f == "unit" and default_unit)]
    own_list = source is not None and path.resolve() == spec_file.resolve(source.file)
    sheet = source.sheet if source is not None and own_list else None
    rows = read_rows(path, aliases, required, display, sheet)
    index = UnitIndex(spec_file.spec.units)
    people: list[Staff] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row in rows:
        v = row.values
        where = (display, row.number)
        for fld in ("id", "name"):
            if not v.get(fld):
                problems.append(Problem(f"{fld!r} is empty", *where, fld))
        unit_text = v.get("unit", "") or (default_unit or "")
        unit = index.find(unit_text) if unit_text else None
        if unit is None:
            if not unit_text:
                problems.append(Problem("'unit' is empty", *where, "unit"))
            else:
                problems.append(Problem(index.not_found(unit_text), *where, "unit"))
        staff_id = v.get("id", "")
        if staff_id in seen:
            problems.append(
                Problem(f"id {staff_id!r} is already used on row {seen[staff_id]}", *where, "id")
            )
        elif staff_id:
            seen[staff_id] = row.number
        photo = None
        photo_px = None
        if v.get("photo"):
            photo = (path.parent / v["photo"]).resolve()
            found = inspect_photo(photo)
            if isinstance(found, str):
                problems.append(Problem(f"{found}: {v['photo']}", *where, "photo"))
            else:
                photo_px = found
        if unit is not None and v.get("id") and v.get("name"):
            title = v.get("title", "")
            person = Staff(
                staff_id, v["name"], title, unit.id, photo, display, row.number, photo_px
            )
            people.append(person)
    if problems:
        raise DataError(problems)
    return people
