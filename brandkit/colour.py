"""Colour shared by layout, rules, rasters and PDFs: luma, black-or-paper, the output intent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from brandkit.i18n import Message


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """`#RRGGBB` as 0–255 channels."""
    value = int(hex_colour[1:], 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def luma(hex_colour: str) -> float:
    """ITU-R BT.601 luma, 0–255: what Pillow's greyscale conversion (and so a thermal
    printer's 1-bit logo) uses."""
    r, g, b = rgb(hex_colour)
    return (299 * r + 587 * g + 114 * b) / 1000


def prints_black(hex_colour: str) -> bool:
    """Whether a one-colour (thermal) printer prints this colour as black: luma below half,
    the same threshold as the 1-bit ticket logos, so a proof matches the ticket."""
    return luma(hex_colour) < 128


BUNDLED_PROFILE = Path(__file__).resolve().parent / "profiles" / "FOGRA39-brandkit.icc"
"""brandkit's own FOGRA39 characterisation, made from FOGRA's freely licensed measurement data
(see brandkit/profiles/README.md)."""


@dataclass(frozen=True)
class OutputIntent:
    """The printing condition a PDF's CMYK is meant for, with its ICC characterisation."""

    identifier: str  # OutputConditionIdentifier: a name in the ICC registry, e.g. FOGRA39
    condition: str  # OutputCondition: the same, in words
    registry: str  # RegistryName, where `identifier` is defined
    profile: bytes  # the CMYK output ICC profile (DestOutputProfile)
    info: str = ""  # Info: the profile's description
    file: str = ""  # the profile's file name, for job tickets

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.profile).hexdigest()


def profile_problem(data: bytes) -> str | None:
    """Why `data` cannot be a PDF/X output intent's profile, or None when it can: it must be an
    ICC profile of class output ('prtr') for CMYK."""
    if len(data) < 128 or data[36:40] != b"acsp":
        return Message("not an ICC profile (no 'acsp' signature)")
    if data[16:20] != b"CMYK":
        colour_space = data[16:20].decode("latin-1").strip()
        return Message("an ICC profile for {space}, not CMYK", space=colour_space)
    if data[12:16] != b"prtr":
        return Message(
            "an ICC profile of class {kind!r}, not output ('prtr')",
            kind=data[12:16].decode("latin-1"),
        )
    return None


def output_intent_for(
    identifier: str, condition: str, registry: str, file: Path | None = None
) -> OutputIntent:
    """The output intent of a printing condition, characterised by the CMYK output ICC profile
    at `file` (brandkit's bundled FOGRA39 profile when None)."""
    path = file if file is not None else BUNDLED_PROFILE
    profile = path.read_bytes()
    return OutputIntent(
        identifier,
        condition,
        registry,
        profile,
        _profile_description(profile) or condition,
        path.name,
    )


def _profile_description(data: bytes) -> str:
    """The profile's `desc` text (ICC v2 textDescriptionType or v4 mluc), or ""."""
    count = int.from_bytes(data[128:132], "big") if len(data) >= 132 else 0
    for i in range(count):
        entry = data[132 + 12 * i : 144 + 12 * i]
        if entry[:4] != b"desc":
            continue
        offset, size = int.from_bytes(entry[4:8], "big"), int.from_bytes(entry[8:12], "big")
        tag = data[offset : offset + size]
        if tag[:4] == b"desc":
            length = int.from_bytes(tag[8:12], "big")
            return tag[12 : 12 + length].rstrip(b"\0").decode("latin-1")
        if tag[:4] == b"mluc" and len(tag) >= 28:
            length, at = int.from_bytes(tag[20:24], "big"), int.from_bytes(tag[24:28], "big")
            return tag[at : at + length].decode("utf-16-be", "replace")
    return ""
