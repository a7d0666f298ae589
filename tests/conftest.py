"""Shared fixtures: the repository's paths, an editable copy of the sample spec, staff lists.

Spec files used by the tests come in two kinds:

- `tests/spec/cases/*.yaml` are small, complete, self-contained specs (bundled Roboto fonts, no
  logos, no data files), so they load where they lie and the line numbers they expect are the
  lines of the case file itself;
- tests that need the real sample (logo, staff list, photos) take `spec_copy`, a copy of the
  whole `specs/` folder in `tmp_path` whose YAML they may edit: paths inside a spec resolve
  relative to its folder, so the copy is complete.
"""

from __future__ import annotations

import csv
import shutil
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SPECS_DIR = REPO_ROOT / "specs"
SAMPLE_SPEC = SPECS_DIR / "hanoi-one-stop.yaml"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"

# Headers as Vietnamese offices write them (see specs/data/staff.xlsx).
VI_HEADERS = ("Mã cán bộ", "Họ và tên", "Chức danh", "Đơn vị", "Ảnh")
SHEET = "Danh sách cán bộ"


@pytest.fixture(autouse=True, scope="session")
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user's cache (brandkit.user_cache: the builds' fingerprints, the lists read) is one
    of the test run's own, not the user's, for every process the tests start."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True, scope="session")
def english_messages() -> Iterator[None]:
    """The tests read brandkit's messages in English (BRANDKIT_LANG=en), module-scoped builds
    too; its default is Vietnamese, which tests/cli/test_language.py checks."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRANDKIT_LANG", "en")
        yield


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden images under tests/golden/ instead of comparing with them.",
    )


@pytest.fixture(scope="session")
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def sample_spec_path() -> Path:
    return SAMPLE_SPEC


@pytest.fixture(scope="session")
def sample_spec():
    """The sample spec, loaded once (a `SpecFile`; read-only)."""
    from brandkit.spec import load_spec

    return load_spec(SAMPLE_SPEC)


@dataclass
class SpecCopy:
    """A copy of `specs/` in a temporary folder; `path` is its YAML, free to edit."""

    path: Path

    @property
    def dir(self) -> Path:
        return self.path.parent

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def write(self, text: str) -> None:
        self.path.write_text(text, encoding="utf-8")

    def edit(self, old: str, new: str, count: int = 1) -> None:
        """Replace `old` by `new`; `old` must be there (so a stale edit fails loudly)."""
        text = self.text()
        assert old in text, f"{old!r} is not in the sample spec any more; update the test"
        self.write(text.replace(old, new, count))

    def line_of(self, needle: str) -> int:
        """The 1-based line where `needle` first occurs."""
        text = self.text()
        assert needle in text, needle
        return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def spec_copy(tmp_path: Path) -> SpecCopy:
    folder = tmp_path / "specs"
    shutil.copytree(SPECS_DIR, folder)
    return SpecCopy(folder / SAMPLE_SPEC.name)


StaffWriter = Callable[..., Path]


@pytest.fixture
def write_staff(tmp_path: Path) -> StaffWriter:
    """Write a small staff list into `tmp_path`: `.xlsx` through openpyxl, else CSV.

    `rows` are sequences in the order of `headers` (short rows are padded with empty cells).
    """

    def write(
        name: str,
        rows: Sequence[Sequence[object]],
        headers: Sequence[str] = VI_HEADERS,
        *,
        delimiter: str = ",",
        encoding: str = "utf-8",
        sheet: str = SHEET,
    ) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        padded = [list(row) + [None] * (len(headers) - len(row)) for row in rows]
        if path.suffix == ".xlsx":
            import openpyxl

            book = openpyxl.Workbook()
            ws = book.active
            ws.title = sheet
            ws.append(list(headers))
            for row in padded:
                ws.append(row)
            book.save(path)
        else:
            with path.open("w", newline="", encoding=encoding) as handle:
                writer = csv.writer(handle, delimiter=delimiter)
                writer.writerow(headers)
                writer.writerows([["" if v is None else v for v in row] for row in padded])
        return path

    return write


@pytest.fixture
def photo(tmp_path: Path) -> str:
    """A sample portrait copied next to the staff lists `write_staff` makes; its relative path."""
    target = tmp_path / "photos" / "CB00076.jpg"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(SPECS_DIR / "data" / "photos" / "CB00076.jpg", target)
    return "photos/CB00076.jpg"


def hierarchy_upper(spec: Any, unit_id: str, short_name: bool = False) -> str:
    """The unit's hierarchy as its pieces set it, in capitals, one space between the lines
    (as pdfium extracts them): the full lines, the unit's own short with `short_name`."""
    from brandkit.build.records import hierarchy_lines

    unit = next(u for u in spec.units if u.id == unit_id)
    lines = hierarchy_lines(unit, spec)
    parts = [full for full, _ in lines[:-1]] + [lines[-1][1] if short_name else lines[-1][0]]
    return unicodedata.normalize("NFC", " ".join(parts).upper())


def title_shown(row: dict[str, str]) -> str:
    """A person's title as a badge or desk plate sets it: the sample's short title where the
    list gives one (only for titles too long for the box)."""
    return unicodedata.normalize("NFC", row.get("Chức vụ rút gọn") or row["Chức vụ"])
