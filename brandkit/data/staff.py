"""Staff lists: who gets a badge, matched to the spec's units by id or name."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from brandkit import photos
from brandkit.data.table import Row, read_rows, spec_aliases
from brandkit.errors import DataError, Problem
from brandkit.i18n import Message
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Unit
from brandkit.text import fold_accents, match_key

# Headers seen on real Vietnamese staff lists; a spec's `data.staff.columns` adds more.
STAFF_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "Mã cán bộ", "Mã số", "Mã CB", "Mã nhân viên", "Số hiệu", "Mã"),
    "name": ("name", "Họ và tên", "Họ tên", "Họ và tên cán bộ", "Tên cán bộ"),
    "title": ("title", "Chức danh", "Chức vụ", "Vị trí"),
    "short_title": ("short_title", "Chức danh rút gọn", "Chức danh ngắn", "Chức vụ rút gọn"),
    "unit": ("unit", "Đơn vị", "Đơn vị công tác", "Nơi công tác", "Bộ phận"),
    "photo": ("photo", "Ảnh", "Ảnh chân dung", "Ảnh thẻ"),
    "phone": ("phone", "Điện thoại", "Số điện thoại", "SĐT", "Di động"),
    "email": ("email", "E-mail", "Thư điện tử", "Địa chỉ email"),
}
REQUIRED = ("id", "name", "title", "unit")
# An unknown header holding these words is taken for a misspelt unit column, not ignored.
UNIT_HEADER_WORDS = ("don vi",)


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
    short_title: str = ""  # a shorter title, set where the full one does not fit (optional)
    phone: str = ""  # optional: a business card's phone line
    email: str = ""  # optional: a business card's e-mail line


class StaffList(list[Staff]):
    """The people of a list, with notes for the build summary (how units were filled in, the
    text encoding, rows of units not being built that were skipped)."""

    def __init__(self, people: Iterable[Staff], notices: list[str]) -> None:
        super().__init__(people)
        self.notices = notices


# Words that open a unit's name in everyday writing ("UBND phường Tây Hồ"), folded.
_AUTHORITY = ("uy ban nhan dan", "ubnd")
_KINDS = ("phuong", "xa", "thi tran")


def _split_name(key: str) -> tuple[str | None, str]:
    """A matched name's kind word ("phuong", "xa") and the rest, with "UBND …" dropped."""
    folded = fold_accents(key)
    for word in _AUTHORITY:
        if folded.startswith(word + " "):
            key, folded = key[len(word) + 1 :], folded[len(word) + 1 :]
            break
    for word in _KINDS:
        if folded.startswith(word + " "):
            return word, key[len(word) + 1 :].strip()
    return None, key


class UnitIndex:
    """Finds a unit by its id or its name, ignoring case and Unicode normalisation.

    A name that matches no unit exactly still finds the one unit whose name it is once marks
    (for a name typed without any), the kind word ("Phường", "Xã") or "UBND" are set aside;
    when several units match that way, none is chosen.
    """

    def __init__(self, units: list[Unit]) -> None:
        self.units = {u.id: u for u in units}
        self._keys: dict[str, str] = {}
        self._shared: dict[str, list[str]] = {}  # names several units have
        self._parts = {u.id: _split_name(match_key(u.name)) for u in units}
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
        if unit_id:
            return self.units[unit_id]
        loose = self.loose(text)
        return self.units[loose[0]] if len(loose) == 1 else None

    def loose(self, text: str) -> list[str]:
        """The ids of the units `text` names once marks (if it has none), the kind word and
        "UBND" are set aside."""
        key = match_key(text)
        if not key:
            return []
        plain = key == fold_accents(key)
        kind, core = _split_name(key)
        if plain:
            core = fold_accents(core)
        found = []
        for unit_id, (unit_kind, unit_core) in self._parts.items():
            if kind is not None and unit_kind != kind:
                continue
            if (fold_accents(unit_core) if plain else unit_core) == core:
                found.append(unit_id)
        return found

    def sharing(self, text: str) -> list[str]:
        """The ids of the units that share the name `text` (empty if it is not shared)."""
        return self._shared.get(match_key(text), [])

    def not_found(self, text: str) -> str:
        """Why `text` selects no unit, with a hint."""
        ids = self.sharing(text) or self.loose(text)
        if ids:
            return Message(
                "several units are named {unit!r} ({ids}); give the unit id",
                unit=text, ids=", ".join(ids),
            )  # fmt: skip
        close = self.suggest(text)
        hint = Message("; did you mean {name!r}?", name=close) if close else ""
        return Message("no unit {unit!r} in the spec{hint}", unit=text, hint=hint)

    def suggest_id(self, text: str) -> str | None:
        """The id of the unit `text` most likely means: first one whose name holds every word
        typed (accents aside, the shortest such name), else the closest spelling."""
        _, core = _split_name(match_key(text))
        words = fold_accents(core).split()
        if words:
            holding = [
                unit_id
                for unit_id, (_, unit_core) in self._parts.items()
                if all(w in fold_accents(unit_core).split() for w in words)
            ]
            if holding:
                return min(holding, key=lambda i: (len(self.units[i].name), self.units[i].name))
        folded = {fold_accents(k): k for k in self._keys}
        close = difflib.get_close_matches(fold_accents(match_key(text)), list(folded), n=1)
        return self._keys[folded[close[0]]] if close else None

    def suggest(self, text: str) -> str | None:
        unit_id = self.suggest_id(text)
        return self.units[unit_id].name if unit_id else None

    def may_mean(self, text: str, units: set[str]) -> bool:
        """Whether an unknown unit `text` could be meant for one of `units`."""
        suggested = self.suggest_id(text)
        return suggested in units or any(i in units for i in self.loose(text))


def inspect_photo(path: Path) -> tuple[int, int] | str:
    """The upright size in pixels of the JPEG or PNG at `path`, or why it cannot be placed:
    the same decoding check the layout makes (pixel limit, cut-short file, damaged colour
    profile), remembered per file, so each photo is decoded once."""
    if not path.is_file():
        return Message("no such photo file")
    try:
        size = photos.inspect_photo(path).size
    except photos.PhotoError as exc:
        return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    try:  # under the pixel limit now, so Pillow has nothing to warn about
        with Image.open(path) as image:
            kind = image.format
    except (OSError, SyntaxError, ValueError):
        return Message("not a readable image")
    if kind not in ("JPEG", "PNG"):
        if not kind:
            return Message("the photo is of an unknown format; use JPEG or PNG")
        return Message("the photo is {format}; use JPEG or PNG", format=kind)
    return size


def photo_path(cell: str, list_path: Path, spec_file: SpecFile) -> Path | str:
    """The file a photo cell names (relative to the list's folder), or why it may not be used:
    a NUL character, or a place outside the list's folder unless the spec allows that."""
    if "\x00" in cell:
        return Message("the photo path holds a NUL character")
    folder = list_path.parent.resolve()
    try:
        photo = (folder / cell).resolve()
    except (OSError, ValueError, RuntimeError) as exc:
        return Message("not a usable photo path ({reason})", reason=exc)
    if not spec_file.spec.allow_paths_outside and not photo.is_relative_to(folder):
        return Message(
            "the photo {photo!r} lies outside the list's folder; move it beside the list, or set "
            "allow_paths_outside: true in the spec",
            photo=cell,
        )
    return photo


@dataclass
class _StaffRows:
    """What checking the rows of one staff list needs, and the ids seen so far."""

    path: Path
    spec_file: SpecFile
    display: str
    headers: dict[str, str]  # field → the header as the list writes it
    index: UnitIndex
    fallback: Unit | None  # every row's unit, for a list with no unit column
    units: set[str] | None  # the units being built (None: every unit)
    seen: dict[str, int] = field(default_factory=dict)

    def problem(self, message: str, row: int, fld: str) -> Problem:
        return Problem(message, self.display, row, fld, self.headers.get(fld))

    def empty(self, fld: str, row: int) -> Problem:
        header = self.headers.get(fld)
        column = Message(" (column {header!r})", header=header) if header else ""
        return self.problem(
            Message("{field!r} is empty{column}", field=fld, column=column), row, fld
        )

    def check(self, row: Row) -> tuple[Staff | None, list[Problem], bool]:
        """The person of `row` (None if it has problems), its problems, and whether it may
        belong to a unit being built."""
        v, number = row.values, row.number
        found = [self.empty(fld, number) for fld in ("id", "name") if not v.get(fld)]
        unit_text = v.get("unit", "")
        found_unit = self.index.find(unit_text) if unit_text else None
        unit = self.fallback if self.fallback is not None else found_unit
        ours = self.units is None or unit is None or unit.id in self.units
        if unit is None and not unit_text:
            found.append(self.empty("unit", number))
        elif unit is None:
            found.append(self.problem(self.index.not_found(unit_text), number, "unit"))
            ours = self.units is None or self.index.may_mean(unit_text, self.units)
        staff_id = v.get("id", "")
        if staff_id in self.seen:
            message = Message(
                "id {id!r} is already used on row {row}", id=staff_id, row=self.seen[staff_id]
            )
            found.append(self.problem(message, number, "id"))
        elif staff_id:
            self.seen[staff_id] = number
        photo, photo_px, why = self.photo(v.get("photo", ""))
        if why is not None:
            found.append(self.problem(why, number, "photo"))
        if found or unit is None:
            return None, found, ours
        person = Staff(
            staff_id, v["name"], v.get("title", ""), unit.id, photo, self.display, number,
            photo_px, v.get("short_title", ""), v.get("phone", ""), v.get("email", ""),
        )  # fmt: skip
        return person, found, ours

    def photo(self, cell: str) -> tuple[Path | None, tuple[int, int] | None, str | None]:
        """The photo a cell names and its size in pixels, or why it cannot be used."""
        if not cell:
            return None, None, None
        placed = photo_path(cell, self.path, self.spec_file)
        inspected = inspect_photo(placed) if isinstance(placed, Path) else placed
        if isinstance(inspected, str) or not isinstance(placed, Path):
            shown = cell.replace("\x00", "\\x00")
            return None, None, Message("{problem}: {photo}", problem=inspected, photo=shown)
        return placed, inspected, None


def read_staff(
    path: Path,
    spec_file: SpecFile,
    display: str | None = None,
    default_unit: str | None = None,
    units: set[str] | None = None,
) -> StaffList:
    """Every person in the list at `path`, or every bad row at once.

    `default_unit` (a unit id) is used only when the list has no unit column at all; the
    result's `notices` then say so. An empty unit cell is always an error. When `units` (the
    ids of the units being built) is given, a bad row of another unit is a notice, not an error.
    """
    display = display or str(path)
    source = spec_file.spec.data.staff
    aliases = spec_aliases(STAFF_ALIASES, spec_file, "staff")
    required = [f for f in REQUIRED if not (f == "unit" and default_unit)]
    own_list = source is not None and path.resolve() == spec_file.resolve(source.file)
    sheet = source.sheet if source is not None and own_list else None
    rows = read_rows(path, aliases, required, display, sheet, {"unit": UNIT_HEADER_WORDS})
    index = UnitIndex(spec_file.spec.units)
    has_unit_column = "unit" in rows.headers
    fallback = None if has_unit_column or not default_unit else index.find(default_unit)
    if not has_unit_column and fallback is None:
        raise DataError(Problem(index.not_found(default_unit or ""), field="--unit"))
    checker = _StaffRows(path, spec_file, display, rows.headers, index, fallback, units)
    people: list[Staff] = []
    problems: list[Problem] = []
    notices = list(rows.notices)
    for row in rows:
        person, found, ours = checker.check(row)
        if found and not ours:
            notices.extend(
                Message("{problem} (another unit's row: skipped)", problem=p) for p in found
            )
            continue
        problems.extend(found)
        if person is not None:
            people.append(person)
    if problems:
        raise DataError(problems)
    if fallback is not None:
        notices.append(
            Message(
                "{file}: {count} people, all of {unit} (the list has no unit column)",
                file=display, count=len(people), unit=fallback.name,
            )
        )  # fmt: skip
    return StaffList(people, notices)
