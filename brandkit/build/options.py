"""What a build is asked to do (Options) and what it did (Report)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from brandkit.build.manifest import Entry
from brandkit.layout.impose import SheetSize

StartMethod = Literal["fork", "spawn"]


@dataclass(frozen=True, kw_only=True)
class Options:
    """What a command asked for, parsed and checked by the CLI."""

    spec: Path
    out: Path
    jobs: int = 0  # processes, the calling one included; 0: one per core
    quiet: bool = False
    units: tuple[str, ...] = ()  # ids or names; every unit when empty
    templates: tuple[str, ...] = ()  # only these templates (`make --template`); all when empty
    formats: frozenset[str] = frozenset({"pdf"})
    staff: Path | None = None
    dpi: float = 300
    png_trim: bool = True
    sizes: tuple[str, ...] = ()  # named sizes to make (envelopes' --size); all when empty
    force: bool = False  # write even when brand rules fail
    screens: tuple[str, ...] = ()  # screen sizes to make ("1080x1920"); all when empty
    procedures: Path | None = None  # the procedure list, instead of data.procedures.file
    sheet: SheetSize | None = None  # impose print pieces N-up on this press sheet too
    rebuild: bool = False  # make every file, even those whose inputs have not changed
    bundle: bool = False  # a zip per unit for the print shop, with job ticket and proof
    order: Path | None = None  # a print order (YAML) for the job tickets; its fields win
    start_method: StartMethod | None = None  # how worker processes start; fork where it can
    wait: bool = True  # wait for another build writing to the same folder (else fail at once)
    sample_unit: str | None = None  # the unit the brand manual shows (`manual --unit`); first


@dataclass
class Report:
    """What a build did, for the CLI to print."""

    written: list[Entry] = field(default_factory=list)  # every file made (the manifest's)
    warnings: list[str] = field(default_factory=list)
    items: int = 0  # pages laid out, backs included
    rewritten: list[str] = field(default_factory=list)  # files whose bytes changed (or new)
    unchanged: int = 0  # files left as they were: inputs or bytes the same


class BuildWarning(str):
    """A warning a build reports: the text a person reads (English); its class says what it is
    about. Made from a `brandkit.i18n.Message`, it keeps it to be shown in another language."""

    source: object

    def __new__(cls, text: object) -> BuildWarning:
        self = super().__new__(cls, text)
        self.source = text  # a Message, a located Problem, another warning, or plain text
        return self

    def in_language(self, _: Callable[..., str]) -> str:
        """The warning as `_` (a `brandkit.i18n.translator`) speaks."""
        in_language = getattr(self.source, "in_language", None)
        if callable(in_language):
            return str(in_language(_))
        return _(self.source if isinstance(self.source, str) else str(self.source))


class TooBigForSheet(BuildWarning):
    """A piece that does not fit the press sheet, so it is printed from its own pages."""

    piece: str = ""  # the template and its size with bleed, e.g. "signboard (3000 × 800 mm)"
    sheet: str = ""  # the sheet's label, e.g. "SRA3 (320 × 450 mm)"
