"""The manifest: one typed entry per file written, read and written as `<out>/manifest.json`."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any, Literal

MANIFEST = "manifest.json"

Status = Literal["new", "changed", "missing", "edited", "unchanged", "interrupted"]


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One output file, as the manifest describes it. The first eight fields are every
    entry's; the others are there where they apply (None or empty: left out of the JSON)."""

    path: str  # relative to the output folder, with `/`
    unit: str | None  # None for brand-wide files
    asset: str
    format: str  # pdf, png, zip, json, css, ico, bmp
    pages: int
    trim_mm: tuple[float, float] | None  # None for what is not a printed piece
    bleed_mm: float
    sha256: str
    inputs: str | None = None  # the digest of everything the file is made from
    template: str | None = None
    records: tuple[tuple[str, str], ...] | None = None  # each page's (record digest, who)
    sides: int | None = None  # 2 for a duplex piece
    procedures: int | None = None  # a procedure board's: how many it lists
    green_lane: int | None = None  # and how many of them are green-lane
    dpi: float | None = None  # PNGs
    pixels: tuple[int, int] | None = None  # PNGs and icons
    colour: str | None = None  # "sRGB" for screens
    # press sheets
    imposes: str | None = None  # the path of the PDF whose pieces it holds
    pieces: str | None = None  # that PDF's inputs when the sheet was imposed
    sheet: str | None = None
    orientation: str | None = None
    up: int | None = None
    sheets: int | None = None
    step_and_repeat: bool | None = None
    runs: int | None = None
    press_sheets: int | None = None
    positions_mm: tuple[tuple[float, float], ...] | None = None
    files: int | None = None  # a bundle's members
    size: int | None = None  # bytes: with the manifest's date, what spares hashing the file
    forced: bool | None = None  # written with --force over a broken brand rule

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "path": self.path,
            "unit": self.unit or None,
            "asset": self.asset,
            "format": self.format,
            "pages": self.pages,
            "trim_mm": [round(v, 2) for v in self.trim_mm] if self.trim_mm else None,
            "bleed_mm": round(self.bleed_mm, 2),
            "sha256": self.sha256,
        }
        for item in dataclasses.fields(self)[8:]:
            value = getattr(self, item.name)
            if value is not None:
                out[item.name] = _json_value(value)
        return out

    @classmethod
    def from_json(cls, data: object) -> Entry | None:
        """The entry `data` describes, or None when it is not one (a damaged manifest)."""
        if not isinstance(data, dict):
            return None
        try:
            values: dict[str, Any] = {name: _from_json(data.get(name)) for name in _FIELDS}
            entry = cls(**values)
            if not isinstance(entry.path, str) or not isinstance(entry.sha256, str):
                return None
            return entry
        except TypeError:
            return None

    def replace(self, **changes: Any) -> Entry:
        return dataclasses.replace(self, **changes)

    def as_written(self) -> Entry:
        """The entry as the manifest's JSON says it, equal to what `from_json` reads back:
        its lengths rounded to 0.01 mm (every other value reads back equal)."""
        trim = tuple(round(v, 2) for v in self.trim_mm) if self.trim_mm else None
        bleed = round(self.bleed_mm, 2)
        if trim == self.trim_mm and bleed == self.bleed_mm:
            return self
        return dataclasses.replace(self, trim_mm=trim, bleed_mm=bleed)  # type: ignore[arg-type]


_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))


def _json_value(value: object) -> object:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _from_json(value: object) -> object:
    if isinstance(value, list):
        return tuple(_from_json(v) for v in value)
    return value


@dataclass(frozen=True)
class LastBuild:
    """What the last build wrote and with which output settings: `changes` compares with
    what a build of the same settings would write."""

    rewritten: tuple[str, ...] = ()
    formats: frozenset[str] | None = None
    dpi: float | None = None
    png_trim: bool | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"rewritten": sorted(self.rewritten)}
        if self.formats is not None:
            out["formats"] = sorted(self.formats)
        if self.dpi is not None:
            out["dpi"] = int(self.dpi) if float(self.dpi).is_integer() else self.dpi
        if self.png_trim is not None:
            out["png_trim"] = self.png_trim
        return out

    @classmethod
    def from_json(cls, data: object) -> LastBuild:
        if not isinstance(data, dict):
            return cls()
        formats = data.get("formats")
        dpi = data.get("dpi")
        trim = data.get("png_trim")
        return cls(
            tuple(str(p) for p in data.get("rewritten", []) if isinstance(p, str)),
            frozenset(map(str, formats)) if isinstance(formats, list) and formats else None,
            float(dpi) if isinstance(dpi, (int, float)) and not isinstance(dpi, bool) else None,
            trim if isinstance(trim, bool) else None,
        )


@dataclass
class Manifest:
    """The entries of `<out>/manifest.json` by path, and what the last build did."""

    entries: dict[str, Entry] = field(default_factory=dict)
    last_build: LastBuild = field(default_factory=LastBuild)
    # When the manifest was written (ns): a file of the size it lists, last modified before
    # then, is the file the build wrote (rsync's quick check); any other is hashed, and so is
    # one dated in the manifest's own clock tick, which an edit right after the build shares
    # (git's "racily clean" rule).
    written_ns: int | None = None

    def get(self, path: str) -> Entry | None:
        return self.entries.get(path)

    def status_of(self, path: str, inputs: str | None, out: Path) -> Status:
        """Whether the file at `path` would be written again: new (never made), changed (made
        from other inputs; None: inputs not known, compare bytes elsewhere), missing (deleted),
        edited (its bytes differ from what was written), or unchanged."""
        entry = self.entries.get(path)
        if entry is None:
            return "new"
        if inputs is not None and entry.inputs != inputs:
            return "changed"
        final = out / path
        try:
            stat = final.stat()
        except OSError:
            return "missing"
        if not S_ISREG(stat.st_mode):
            return "missing"
        quick = (
            entry.size is not None
            and self.written_ns is not None
            and stat.st_size == entry.size
            and stat.st_mtime_ns < self.written_ns
        )
        if not quick and not same_file(final, entry):
            return "edited"
        return "unchanged"


def read_manifest(out: Path) -> Manifest:
    """`<out>/manifest.json` (empty when it is missing or unreadable)."""
    try:
        with open(out / MANIFEST, "rb") as handle:
            written_ns = os.fstat(handle.fileno()).st_mtime_ns
            document = json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError):
        return Manifest()
    if not isinstance(document, dict) or not isinstance(document.get("files", []), list):
        return Manifest()
    entries = {}
    for data in document.get("files", []):
        entry = Entry.from_json(data)
        if entry is not None:
            entries[entry.path] = entry
    return Manifest(entries, LastBuild.from_json(document.get("last_build")), written_ns)


def same_file(path: Path, entry: Entry) -> bool:
    """Whether the file at `path` is still the one `entry` describes (not edited by hand)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256
    except OSError:
        return False


def merged_entries(
    out: Path,
    written: list[Entry],
    previous: Manifest | None = None,
    staged: dict[str, str] | None = None,
) -> dict[str, Entry]:
    """The entries of `<out>/manifest.json` with `written` merged in (keyed by path; entries
    of files no longer on disk dropped), each as the file will say it (lengths rounded), so
    what is read back later is equal to what is returned. `staged` gives the temporary file
    each written path is about to be replaced by; each entry records its file's size."""
    old = previous if previous is not None else read_manifest(out)
    entries = {p: e for p, e in old.entries.items() if (out / p).is_file()}
    staged = staged or {}
    for entry in written:
        try:
            size = os.path.getsize(staged.get(entry.path) or out / entry.path)
        except OSError:
            size = None
        sized = entry.replace(size=size) if size != entry.size else entry
        entries[entry.path] = sized.as_written()
    return entries


def merge_manifest(
    out: Path,
    written: list[Entry],
    last_build: LastBuild | None = None,
    previous: Manifest | None = None,
    staged: dict[str, str] | None = None,
) -> tuple[Manifest, str]:
    """The manifest `<out>/manifest.json` becomes with `written` merged in, and its text.
    `previous` is the manifest as last read, if the caller has it."""
    entries = merged_entries(out, written, previous, staged)
    head: dict[str, object] = {"generator": "brandkit"}
    if last_build is not None:  # what the last build changed: what to send to print again
        head["last_build"] = last_build.to_json()
    return Manifest(entries, last_build or LastBuild()), manifest_text(
        head, [entries[k].to_json() for k in sorted(entries)]
    )


def manifest_text(head: dict[str, object], files: list[dict[str, object]]) -> str:
    """The manifest's JSON: its head indented, then one file per line (json's C encoder
    writes a line; an indented dump of thousands of entries takes its pure-Python one)."""
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    entries = ",\n".join(f"    {json.dumps(f, ensure_ascii=False)}" for f in files)
    body = f'  "files": [\n{entries}\n  ]' if files else '  "files": []'
    return "{\n" + "\n".join([*lines, body]) + "\n}\n"


def write_manifest(
    out: Path,
    written: list[Entry],
    last_build: LastBuild | None = None,
    previous: Manifest | None = None,
) -> Manifest:
    """Merge `written` into `<out>/manifest.json`, atomically; returns what it wrote."""
    manifest, text = merge_manifest(out, written, last_build, previous)
    temp = out / f".{MANIFEST}.tmp"
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, out / MANIFEST)
    return manifest
