"""The rows of an XLSX list kept in the user's cache: used again for the same bytes, never for
an edited list, never for a list that could not be read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brandkit.data import table
from brandkit.data.staff import read_staff
from brandkit.errors import DataError
from brandkit.user_cache import cache_folder

PEOPLE = [
    ("CB9001", "Nguyễn Thị Ánh Tuyết", "Chuyên viên", "phuong-tay-ho"),
    ("CB9002", "Đặng Văn Ễnh", "Phó Giám đốc Chi nhánh", "chi-nhanh-03"),
]


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = cache_folder(table.LIST_CACHE)
    assert folder is not None
    return folder


def people(path: Path, spec_file) -> list[tuple[str, str, str, str]]:
    return [(p.id, p.name, p.title, p.unit) for p in read_staff(path, spec_file, path.name)]


def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("the workbook was read again")

    monkeypatch.setattr(table, "_read_xlsx", fail)


def test_the_same_list_is_read_from_the_cache(
    write_staff, sample_spec, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_staff("staff.xlsx", PEOPLE)
    assert people(path, sample_spec) == PEOPLE
    assert len(list(own_cache.glob("*.json"))) == 1
    no_openpyxl(monkeypatch)
    assert people(path, sample_spec) == PEOPLE


def test_an_edited_list_is_read_again(
    write_staff, sample_spec, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_staff("staff.xlsx", PEOPLE)
    assert people(path, sample_spec) == PEOPLE
    stat = path.stat()
    edited = [PEOPLE[0], ("CB9002", "Đặng Văn Ễnh", "Giám đốc Chi nhánh", "chi-nhanh-03")]
    write_staff("staff.xlsx", edited)
    # the same date as before: the cache goes by the bytes, not by the file's date
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert people(path, sample_spec) == edited
    no_openpyxl(monkeypatch)
    assert people(path, sample_spec) == edited


def test_a_damaged_list_is_not_kept(tmp_path: Path, sample_spec, own_cache: Path) -> None:
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    for _ in range(2):
        with pytest.raises(DataError, match="not a readable Excel workbook"):
            read_staff(path, sample_spec, path.name)
    assert not list(own_cache.glob("*.json"))


def test_a_spoilt_entry_is_read_past(write_staff, sample_spec, own_cache: Path) -> None:
    path = write_staff("staff.xlsx", PEOPLE)
    people(path, sample_spec)
    (entry,) = own_cache.glob("*.json")
    for spoilt in ("[[2, [1, 2]]]", "{", '[["2", []]]', "{}"):
        entry.write_text(spoilt, encoding="utf-8")
        assert people(path, sample_spec) == PEOPLE


def test_no_cache_folder_to_write(
    write_staff, sample_spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    path = write_staff("staff.xlsx", PEOPLE)
    assert people(path, sample_spec) == PEOPLE
    assert people(path, sample_spec) == PEOPLE


def test_the_rows_kept_are_the_users_alone(write_staff, sample_spec, own_cache: Path) -> None:
    path = write_staff("staff.xlsx", PEOPLE)
    people(path, sample_spec)
    (entry,) = own_cache.glob("*.json")
    assert entry.stat().st_mode & 0o077 == 0
    assert own_cache.stat().st_mode & 0o077 == 0
    assert not list(own_cache.glob(".*"))  # no temporary file left behind
