"""A previous bundle's job ticket is read only when it is well formed; anything else is taken
as no previous bundle, never a crash of the bundle stage."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from brandkit.build.bundle import TICKET_JSON, previous_ticket, since_last_bundle

GOOD = {
    "items": [
        {"file": "badges/x.pdf", "sha256": "a", "records": [["1", "An"]], "sides": 2},
    ]
}
NEW = {
    "items": [
        {"file": "badges/x.pdf", "sha256": "b", "records": [["1", "An"]], "sides": 2},
    ]
}


def zip_with(tmp_path: Path, ticket: bytes | None) -> Path:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("badges/x.pdf", b"%PDF-1.6")
        if ticket is not None:
            archive.writestr(TICKET_JSON, ticket)
    return path


def test_a_well_formed_ticket_is_read(tmp_path: Path) -> None:
    assert previous_ticket(zip_with(tmp_path, json.dumps(GOOD).encode())) == GOOD


@pytest.mark.parametrize(
    "ticket",
    [
        b"garbage \xff\xfe not json",
        b"",
        b"[1, 2, 3]",
        b'"a string"',
        b'{"items": 5}',
        b'{"items": "abc"}',
        b'{"items": [1, "x", null]}',
        b'{"items": [{"sha256": "a"}]}',
        b'{"items": [{"file": 7}]}',
        b'{"items": [{"file": "badges/x.pdf", "records": [1, 2]}]}',
        b'{"items": [{"file": "badges/x.pdf", "records": [["1", "An", "x"]]}]}',
        b'{"items": [{"file": "badges/x.pdf", "records": "1,An"}]}',
        b"[" * 100_000,
        None,
    ],
)
def test_a_malformed_or_missing_ticket_is_no_previous_bundle(
    tmp_path: Path, ticket: bytes | None
) -> None:
    assert previous_ticket(zip_with(tmp_path, ticket)) is None


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 cut short", b"not a zip at all"])
def test_a_damaged_zip_is_no_previous_bundle(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(content)
    assert previous_ticket(path) is None
    assert previous_ticket(tmp_path / "missing.zip") is None


@pytest.mark.parametrize(
    "previous",
    [
        {"items": 5},
        {"items": [{"file": "badges/x.pdf", "sha256": "a", "records": [1, 2]}]},
        {"items": [None, {"file": "badges/x.pdf", "sha256": "a", "records": "x"}]},
    ],
)
def test_since_last_bundle_ignores_a_malformed_previous_ticket(previous: Any) -> None:
    assert since_last_bundle(NEW, previous) == NEW


def test_since_last_bundle_compares_with_a_well_formed_one() -> None:
    ticket = since_last_bundle(NEW, GOOD)
    assert ticket["items"][0]["since_last_bundle"]["status"] == "changed"
