"""Incremental builds: the digest of what each file is made from, which files are up to date,
and `changes`: what a build would write, and the pages to print again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brandkit.build.digest import code_digest, file_digest
from brandkit.build.manifest import Entry, Manifest, Status
from brandkit.build.plan import Job
from brandkit.build.work import brand_files_of
from brandkit.fonts import font_paths
from brandkit.i18n import Message
from brandkit.layout.template import Record
from brandkit.spec.load import SpecFile
from brandkit.spec.model import FIELD_REF


def _plain(value: Any) -> Any:
    """`value` as JSON-able data, leaving out where a record came from (its file and row): a
    row that moves down the staff list prints the same badge."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return file_digest(value) if value.is_file() else str(value)
    if hasattr(value, "__dataclass_fields__"):
        fields = {
            name: _plain(getattr(value, name))
            for name in value.__dataclass_fields__
            if name not in ("file", "row")
        }
        return {"type": type(value).__name__, **fields}
    return value


def record_digest(
    record: Record,
    bound: frozenset[str] | None = None,
    rows: dict[tuple[int, ...], Any] | None = None,
) -> str:
    """What one page shows: its values (only the `bound` ones, `root.name`, when given), its
    files' contents (a photo), its table rows. A file counts by its bytes, not its path: a
    staff list moved to another folder prints the same."""
    values = {
        root: {k: v for k, v in fields.items() if bound is None or f"{root}.{k}" in bound}
        for root, fields in record.values.items()
    }
    shown = {v for fields in values.values() for v in fields.values() if isinstance(v, str)}
    files = {text: _plain(path) for text, path in record.files.items() if text in shown}
    values = {
        root: {k: files.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
        for root, fields in values.items()
    }
    data = {
        "values": _plain(values),
        "files": sorted(files.values()),
        "pixels": sorted([files[k], _plain(v)] for k, v in record.pixels.items() if k in files),
        "rows": _plain_rows(record.rows, rows),
    }
    return _digest(data)


def _plain_rows(records: tuple[Any, ...], known: dict[tuple[int, ...], Any] | None) -> Any:
    """A board's rows as JSON data; `known` remembers them by the rows' identities while a
    build digests its jobs (most units list the same procedures, on the same boards)."""
    if known is None or not records:
        return _plain(records)
    key = tuple(map(id, records))
    plain = known.get(key)
    if plain is None:
        plain = known[key] = _plain(records)
    return plain


_REF = re.compile(r"[a-z_]+\.[a-z_]+")


def bound_fields(*templates: Any) -> frozenset[str]:
    """Every `root.name` a template (and its back) binds: in `{root.name}` fields and in
    `when:`/`unless:` conditions; and the unit's name, which every PDF's title carries. A
    change to any other value of a record draws nothing new."""
    found = {"unit.name"}
    for template in templates:
        for text in _strings(template.model_dump(mode="json")):
            found |= {f"{root}.{name}" for root, name in FIELD_REF.findall(text)}
            if _REF.fullmatch(text):
                found.add(text)
    return frozenset(found)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Digests:
    """Digests of a build's shared inputs, computed once per build."""

    shared: str  # code, colours, fonts, logos, colour profile, spec name
    templates: dict[int, str] = field(default_factory=dict)  # digests, by id of the template

    def job(self, template: Any, back: Any, params: dict[str, Any], records: Iterable[str]) -> str:
        """The digest of one job: its template (and back), its parameters, its records."""
        return _digest(
            {
                "shared": self.shared,
                "template": self._dump(template),
                "back": self._dump(back) if back is not None else None,
                "params": _plain(params),
                "records": list(records),
            }
        )

    def _dump(self, template: Any) -> Any:
        """The template's digest, made once per build (thousands of jobs share it)."""
        dump = self.templates.get(id(template))
        if dump is None:
            dump = self.templates[id(template)] = _digest(template.model_dump(mode="json"))
        return dump


def shared_digest(spec: Any, fonts: dict[str, Path], logos: dict[str, Path], profile: str) -> str:
    """The inputs every output shares."""
    return _digest(
        {
            "code": code_digest(),
            "name": spec.name,
            "colours": spec.model_dump(mode="json")["colours"],
            "fonts": {role: file_digest(path) for role, path in sorted(fonts.items())},
            "logos": {name: file_digest(path) for name, path in sorted(logos.items())},
            "profile": profile,  # the ICC profile's bytes; the condition is in the spec's dump
            "colour_profile": spec.model_dump(mode="json")["colour_profile"],
        }
    )


def record_changes(
    before: list[tuple[str, str]], now: list[tuple[str, str]], sides: int
) -> list[dict[str, Any]]:
    """How a PDF's pages changed, from its records before and now ((digest, who) each, in page
    order): each new, changed or removed record with its pages in the new PDF (first, last)."""
    old = {who: digest for digest, who in before}
    pages = {who: [i * sides + 1, (i + 1) * sides] for i, (_, who) in enumerate(now)}
    out: list[dict[str, Any]] = []
    for digest, who in now:
        if who not in old:
            out.append({"change": "new", "who": who, "pages": pages[who]})
        elif old[who] != digest:
            out.append({"change": "changed", "who": who, "pages": pages[who]})
    current = {who for _, who in now}
    out += [
        {"change": "removed", "who": who, "pages": None} for _, who in before if who not in current
    ]
    return out


def page_range(pages: list[int], word: str = "page", plural: str = "pages") -> str:
    """`page 4` or `pages 7–8`."""
    first, last = pages
    return f"{word} {first}" if first == last else f"{plural} {first}–{last}"


@dataclass(frozen=True)
class Change:
    """A file a build would write, and why."""

    path: str
    unit: str
    asset: str
    status: Status  # new, changed (its inputs), missing (deleted), edited (bytes differ)
    pages: tuple[str, ...] = ()  # of a changed PDF: which pages, e.g. "new: Phạm An (CB9)"

    def entry(self) -> dict[str, object]:
        return {
            "path": self.path, "unit": self.unit or None, "asset": self.asset,
            "status": self.status, "pages": list(self.pages),
        }  # fmt: skip


def with_digests(spec_file: SpecFile, profile_sha256: str, jobs: list[Job]) -> list[Job]:
    """`jobs`, each with the digests of its inputs (of its PDF, of its PNGs and of its
    sheets) and of each of its records. A PDF's digest leaves out what only its PNGs depend
    on (format, resolution, crop), so a build of other formats never remakes it."""
    spec = spec_file.spec
    logos = {name: spec_file.resolve(p) for name, p in spec.logos.items()}
    digests = Digests(shared_digest(spec, font_paths(spec_file), logos, profile_sha256))
    bound_by_template: dict[str, frozenset[str]] = {}
    rows: dict[tuple[int, ...], Any] = {}
    out = []
    for job in jobs:
        template = spec.templates[job.template]
        back = spec.templates[template.back] if template.back else None
        if job.template not in bound_by_template:
            bound_by_template[job.template] = bound_fields(template, *filter(None, [back]))
        bound = bound_by_template[job.template]
        records = tuple(record_digest(r, bound, rows) for r in job.records)
        params = {
            "layout": job.layout, "stems": job.stems, "pdf": job.pdf_path, "extra": job.extra,
        }  # fmt: skip
        inputs = digests.job(template, back, params, records)
        # A screen is its own size in pixels; a proof depends on its resolution and crop.
        proof = {} if job.screen else {"dpi": float(job.dpi), "png_trim": job.png_trim}
        png = _derived(inputs, {**proof, "stems": job.stems})
        sheet = _derived(inputs, repr(job.imposition)) if job.imposition is not None else ""
        out.append(
            dataclasses.replace(
                job, inputs=inputs, png_inputs=png, sheet_inputs=sheet, record_digests=records
            )
        )
    return out


def _derived(inputs: str, more: object) -> str:
    return hashlib.sha256(f"{inputs} {more!r}".encode()).hexdigest()


def up_to_date(job: Job, manifest: Manifest, out: Path) -> bool:
    """Whether every file `job` writes is there, made from the same inputs, unedited, and
    not written over a broken brand rule (`--force`): such a file is checked again."""
    for path in job.outputs():
        if manifest.status_of(path, job.inputs_of(path), out) != "unchanged":
            return False
        entry = manifest.get(path)
        if entry is not None and entry.forced:
            return False
    return True


def job_changes(jobs: list[Job], manifest: Manifest, out: Path) -> tuple[list[Change], int]:
    """The files of `jobs` a build would write, and how many it would leave as they are."""
    found: list[Change] = []
    unchanged = 0
    for job in jobs:
        for path in job.outputs():
            status = manifest.status_of(path, job.inputs_of(path), out)
            if status == "unchanged":
                unchanged += 1
                continue
            pages: tuple[str, ...] = ()
            entry = manifest.get(path)
            if status == "changed" and path == job.pdf_path and entry is not None:
                pages = page_changes(job, entry)
            found.append(Change(path, job.unit, job.asset, status, pages))
    return found, unchanged


def brand_digest(spec_file: SpecFile, assets: tuple[str, ...]) -> str:
    """What the brand-wide files (tokens, icons, ticket logos) are made from: the spec, its
    fonts and logos, brandkit's code, and which of those kinds are made."""
    spec = spec_file.spec
    return _digest(
        {
            "code": code_digest(),
            "spec": spec.model_dump(mode="json"),
            "fonts": {role: file_digest(p) for role, p in sorted(font_paths(spec_file).items())},
            "logos": {n: file_digest(spec_file.resolve(p)) for n, p in sorted(spec.logos.items())},
            "assets": sorted(assets),
        }
    )


def brand_up_to_date(
    kinds: set[str], digest: str, manifest: Manifest, out: Path
) -> tuple[bool, int]:
    """Whether the brand-wide files of `kinds` on disk were made from `digest` and are
    unedited, and how many there are."""
    entries = [e for e in manifest.entries.values() if e.asset in kinds]
    fresh = bool(entries) and all(
        manifest.status_of(e.path, digest, out) == "unchanged" for e in entries
    )
    return fresh, len(entries)


def brand_changes(
    spec_file: SpecFile, assets: tuple[str, ...], manifest: Manifest, out: Path
) -> tuple[list[Change], int]:
    """The brand-wide files (tokens, icons, ticket logos) a build would write: they are made
    (a second or two) and compared with what is on disk."""
    found, same = [], 0
    for file in brand_files_of(spec_file, assets):
        status = manifest.status_of(file.path, None, out)
        entry = manifest.get(file.path)
        if status == "unchanged" and entry is not None:
            if entry.sha256 == hashlib.sha256(file.data).hexdigest():
                same += 1
                continue
            status = "changed"
        found.append(Change(file.path, "", file.asset, status))
    return found, same


def page_changes(job: Job, entry: Entry) -> tuple[str, ...]:
    """Which records of a PDF a rebuild changes: new, changed or gone, with their pages in the
    new PDF (what to send to print again); every page when what they share (the template,
    the brand, the tool) changed."""
    if entry.records is None:
        return ()
    before = [(str(digest), str(who)) for digest, who in entry.records]
    now = [(d[:16], r.who) for r, d in zip(job.records, job.record_digests, strict=True)]
    out: list[str] = []
    for change in record_changes(before, now, job.sides):
        where: str = ""
        if change["pages"]:
            first, last = change["pages"]
            where = (
                Message(", page {first}", first=first)
                if first == last
                else Message(", pages {first}–{last}", first=first, last=last)
            )
        word = CHANGE_WORDS.get(change["change"], change["change"])
        out.append(Message("{change}: {who}{where}", change=word, who=change["who"], where=where))
    if not out and [w for _, w in before] != [w for _, w in now]:
        return (Message("the same pages in another order"),)
    if not out:
        return (Message("every page (the template, the brand or brandkit changed)"),)
    return tuple(out)


# How a record of a PDF changed, and how a file stands against the last build, in words.
CHANGE_WORDS = {
    "new": Message("new"), "changed": Message("changed"), "removed": Message("removed"),
    "missing": Message("missing"), "edited": Message("edited"),
    "interrupted": Message("interrupted"), "unchanged": Message("unchanged"),
}  # fmt: skip
