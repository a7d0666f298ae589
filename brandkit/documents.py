"""The documents a build makes beside the printed pieces, each by its own package: the brand
manual (once for the brand), and per unit the office documents (a Word letterhead, an e-mail
signature per person) and the attire's files for the embroiderer (PDF/X-4 and SVG).

Those packages use the build (the manual lays out the pieces), so the build is handed this
module's `Documents.of` by its caller (`brandkit build`, `make`, `changes` …) as its `extras`.
Whether a document is up to date is decided from the digest of its inputs (brandkit's code,
the spec's bytes or the parts it draws, fonts, logos, colour profile, the lists), never by
making it: a build with nothing changed makes none of them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from brandkit.build.incremental import Change, bound_fields, file_digest, shared_digest
from brandkit.build.manifest import Entry, Manifest
from brandkit.build.options import Options
from brandkit.build.plan import Plan, Planner
from brandkit.build.records import unit_values
from brandkit.build.work import JobResult, Worker, preflight
from brandkit.data.staff import Staff
from brandkit.errors import BrandkitError
from brandkit.fonts import font_paths
from brandkit.layout.template import Record
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Unit
from brandkit.text import slugify
from brandkit.units import PT_PER_MM

MANUAL_PATH = "brand/brand-manual.pdf"
MANUAL_SAFE_MARGIN_PT = 3 * PT_PER_MM  # preflight's default, as `brandkit preflight` checks it
UNITS_PER_TASK = 8  # office and attire units made by one task: set-up shared, cores kept busy
# What of a unit its office documents show (its letterhead's header and footer, the lines of
# its people's signatures): a change to anything else of the unit does not make them again.
OFFICE_FIELDS = frozenset(
    ("name", "hierarchy", "hierarchy_parent", "hierarchy_name", "address", "hotline", "email",
     "website")
)  # fmt: skip
MANUAL_WEIGHT = 1000  # the manual is the longest task: run it first (execute sorts by weight)


@dataclass(frozen=True)
class Output:
    """A document file a build would write: where, of which kind and unit, from what."""

    path: str
    asset: str
    unit: str  # "" for the brand-wide manual
    inputs: str


@dataclass(frozen=True, kw_only=True)
class DocumentTask:
    """Documents of one kind to make in a worker: the manual, or a few units' office documents
    or attire files (pure data, picklable)."""

    asset: str
    units: tuple[str, ...]  # unit ids; the manual's: the unit whose pieces it shows
    outputs: tuple[Output, ...]  # the files wanted, with their inputs
    people: tuple[tuple[str, tuple[Staff, ...]], ...] = ()  # office: each unit's staff
    staff: Path | None = None  # the manual: the lists the build reads
    procedures: Path | None = None

    @property
    def unit(self) -> str:
        return self.units[0] if self.asset != "manual" else ""

    @property
    def records(self) -> tuple[int, ...]:
        """How long it takes, roughly, as `execute` reads it (it runs the longest first)."""
        return tuple(range(MANUAL_WEIGHT if self.asset == "manual" else len(self.outputs)))


def is_document(planned: Plan, asset: str) -> bool:
    return asset in planned.registry and planned.registry[asset].document


def document_outputs(planned: Plan, profile_sha256: str) -> tuple[list[Output], dict[str, Any]]:
    """Every document file the plan's kinds make, with the digest of its inputs, and what the
    tasks need besides (each unit's people); computed from the spec and the lists, nothing
    drawn. An attire naming what the spec lacks is a SpecError here, before anything is made."""
    assets = [a for a in planned.assets if is_document(planned, a)]
    if not assets:
        return [], {}
    spec_file = planned.spec_file
    spec = spec_file.spec
    logos = {name: spec_file.resolve(p) for name, p in spec.logos.items()}
    shared = shared_digest(spec, font_paths(spec_file), logos, profile_sha256)
    people = _people(planned) if "office" in assets or "manual" in assets else {}
    outputs: list[Output] = []
    if "manual" in assets:
        outputs.append(Output(MANUAL_PATH, "manual", "", _manual_inputs(planned, shared, people)))
    values = {unit.id: unit_values(unit, spec) for unit in planned.units}
    if "office" in assets:
        for unit in planned.units:
            shown = {k: v for k, v in values[unit.id].items() if k in OFFICE_FIELDS}
            base = {"shared": shared, "name": spec.name, "unit": shown}
            outputs.append(
                Output(letterhead_path(unit.id), "office", unit.id, _digest({**base, "doc": 1}))
            )
            for person in people.get(unit.id, ()):
                who = [person.id, person.name, person.title, person.phone, person.email]
                inputs = _digest({**base, "person": who})
                outputs.append(Output(signature_path(unit.id, person), "office", unit.id, inputs))
    if "attire" in assets and spec.attire:
        from brandkit.attire import artwork, check_attire

        check_attire(spec)
        keep = list(spec.typography.keep)
        items = {
            name: (item.model_dump(mode="json"), bound_fields(art.template))
            for name, item in spec.attire.items()
            if (art := artwork(item)) is not None
        }
        for unit in planned.units:
            for name, (dump, bound) in items.items():
                shown = {k: v for k, v in values[unit.id].items() if f"unit.{k}" in bound}
                inputs = _digest({"shared": shared, "unit": shown, "item": dump, "keep": keep})
                for extension in ("pdf", "svg"):
                    path = attire_path(unit.id, name, extension)
                    outputs.append(Output(path, "attire", unit.id, inputs))
    return outputs, {"people": people}


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _people(planned: Plan) -> dict[str, list[Staff]]:
    """The staff list by unit: as the plan's per-person pieces have it (the list is read once
    per build), else read (empty when the spec and options name none)."""
    people: dict[str, list[Staff]] = {}
    for job in planned.jobs:
        if job.unit not in people and job.records and "staff" in job.records[0].values:
            people[job.unit] = [_person(record, job.unit) for record in job.records]
    if people:
        return people
    planner = Planner(planned.spec_file, planned.registry, planned.options, ("office",))
    return planner.staff() if planner.has_staff() else {}


def _person(record: Record, unit: str) -> Staff:
    """The person a per-person page's record shows."""
    values = record.values["staff"]
    photo = values.get("photo")
    return Staff(
        id=values["id"], name=values["name"], title=values["title"], unit=unit,
        photo=Path(photo) if photo else None, file=record.file or "", row=record.row or 0,
        short_title=values.get("short_title", ""), phone=values.get("phone", ""),
        email=values.get("email", ""),
    )  # fmt: skip


def letterhead_path(unit: str) -> str:
    """Where a unit's Word letterhead goes, relative to the output folder."""
    return f"{unit}/office/{unit}-letterhead.docx"


def signature_path(unit: str, person: Staff) -> str:
    """Where a person's e-mail signature goes, relative to the output folder."""
    return f"{unit}/office/signatures/{slugify(f'{person.id} {person.name}')}.html"


def attire_path(unit: str, item: str, extension: str) -> str:
    """Where a unit's file of an attire item goes, relative to the output folder."""
    return f"{unit}/attire/{unit}-{item.replace('_', '-')}.{extension}"


def _manual_inputs(planned: Plan, shared: str, people: dict[str, list[Staff]]) -> str:
    """What the manual is made from: the spec's bytes (every section shows), the procedure list
    its boards are laid out from, the person its per-person pieces show (the first of the unit
    it shows) with their photo, and the shared inputs. Another person's change is not its."""
    spec_file, options = planned.spec_file, planned.options
    spec = spec_file.spec
    unit = _manual_unit(spec_file, options)
    lists = []
    if options.procedures is not None:
        lists.append(file_digest(options.procedures))
    elif spec.data.procedures is not None:
        lists.append(file_digest(spec_file.resolve(spec.data.procedures.file)))
    shown = _sample_people(planned, unit, people)[:1]
    person = [
        [p.id, p.name, p.title, p.short_title, p.phone, p.email,
         file_digest(p.photo) if p.photo and p.photo.is_file() else ""]
        for p in shown
    ]  # fmt: skip
    return _digest(
        {"shared": shared, "spec": file_digest(spec_file.path), "unit": unit, "lists": lists,
         "person": person}
    )  # fmt: skip


def _sample_people(planned: Plan, unit: str, people: dict[str, list[Staff]]) -> list[Staff]:
    """The people of the unit the manual shows: as the build has them, or read from the list
    when the build makes other units."""
    if any(u.id == unit for u in planned.units):
        return people.get(unit, [])
    options = replace(planned.options, units=(unit,))
    planner = Planner(planned.spec_file, planned.registry, options, ("office",))
    return planner.staff().get(unit, []) if planner.has_staff() else []


def _manual_unit(spec_file: SpecFile, options: Options) -> str:
    """The unit whose pieces the manual shows: the one `brandkit manual --unit` names, else
    the spec's first."""
    from brandkit.manual import sample_unit

    return sample_unit(spec_file, options.sample_unit)


def document_tasks(
    planned: Plan, outputs: list[Output], extra: dict[str, Any], wanted: set[str] | None
) -> list[DocumentTask]:
    """The tasks that make the `wanted` outputs (all when None), a few units to a task."""
    chosen = [o for o in outputs if wanted is None or o.path in wanted]
    options = planned.options
    tasks: list[DocumentTask] = []
    for output in chosen:
        if output.asset == "manual":
            unit = _manual_unit(planned.spec_file, options)
            tasks.append(
                DocumentTask(asset="manual", units=(unit,), outputs=(output,),
                             staff=options.staff, procedures=options.procedures)
            )  # fmt: skip
    people: dict[str, list[Staff]] = extra.get("people", {})
    for asset in ("office", "attire"):
        by_unit: dict[str, list[Output]] = {}
        for output in chosen:
            if output.asset == asset:
                by_unit.setdefault(output.unit, []).append(output)
        units = list(by_unit)
        for start in range(0, len(units), UNITS_PER_TASK):
            batch = tuple(units[start : start + UNITS_PER_TASK])
            staff = tuple((u, tuple(people.get(u, ()))) for u in batch) if asset == "office" else ()
            tasks.append(
                DocumentTask(asset=asset, units=batch, people=staff,
                             outputs=tuple(o for u in batch for o in by_unit[u]))
            )  # fmt: skip
    return tasks


@dataclass(frozen=True)
class Documents:
    """The document files of a plan's kinds, with their inputs, and what their tasks need."""

    planned: Plan
    outputs: list[Output]
    extra: dict[str, Any]

    @classmethod
    def of(cls, planned: Plan, profile_sha256: str) -> Documents:
        """Raises, before anything is written, what the spec's attire lacks."""
        outputs, extra = document_outputs(planned, profile_sha256)
        return cls(planned, outputs, extra)

    def todo(self, manifest: Manifest, out: Path, rebuild: bool) -> tuple[list[DocumentTask], int]:
        """The tasks making the files that are not up to date (all with `rebuild`), and how
        many files are left as they are."""
        stale = {
            o.path for o in self.outputs
            if rebuild or manifest.status_of(o.path, o.inputs, out) != "unchanged"
        }  # fmt: skip
        tasks = document_tasks(self.planned, self.outputs, self.extra, stale)
        return tasks, len(self.outputs) - len(stale)

    @property
    def work(self) -> Callable[[Worker, Any], JobResult]:
        return run_document

    def changes(self, manifest: Manifest, out: Path) -> tuple[list[Change], int]:
        """The files a build would write (new, changed, missing or edited), and how many it
        would leave as they are."""
        found: list[Change] = []
        for output in self.outputs:
            status = manifest.status_of(output.path, output.inputs, out)
            if status != "unchanged":
                found.append(Change(output.path, output.unit, output.asset, status))
        return found, len(self.outputs) - len(found)


def run_document(worker: Worker, task: DocumentTask) -> JobResult:
    """Make a task's documents into temporary files of the build (run in a worker)."""
    result = JobResult()
    try:
        if task.asset == "manual":
            _manual(worker, task, result)
        elif task.asset == "office":
            _office(worker, task, result)
        else:
            _attire(worker, task, result)
    except BrandkitError as exc:
        result.problems += exc.problems
    return result


def _add(
    worker: Worker, result: JobResult, output: Output, data: bytes, format: str, **more: Any
) -> None:
    entry = Entry(
        path=output.path, unit=output.unit or None, asset=output.asset, format=format,
        pages=more.pop("pages", 1), trim_mm=more.pop("trim_mm", None),
        bleed_mm=more.pop("bleed_mm", 0.0), sha256=hashlib.sha256(data).hexdigest(),
        inputs=output.inputs, **more,
    )  # fmt: skip
    result.files.append((entry, worker.write_temp(data)))


def _manual(worker: Worker, task: DocumentTask, result: JobResult) -> None:
    from brandkit.manual import manual_pdf
    from brandkit.manual.sheet import BLEED_MM, PAGE_H_MM, PAGE_W_MM

    (output,) = task.outputs
    manual = manual_pdf(
        worker.spec_file, worker.registry, task.units[0], task.staff, task.procedures,
        MANUAL_SAFE_MARGIN_PT,
    )  # fmt: skip
    preflight(manual.pdf, output.path, MANUAL_SAFE_MARGIN_PT, result, manual.cleared, manual.keys)
    _add(worker, result, output, manual.pdf, "pdf", pages=manual.pages,
         trim_mm=(PAGE_W_MM, PAGE_H_MM), bleed_mm=BLEED_MM)  # fmt: skip


def _units(worker: Worker, ids: tuple[str, ...]) -> list[Unit]:
    wanted = set(ids)
    return [u for u in worker.spec_file.spec.units if u.id in wanted]


def _office(worker: Worker, task: DocumentTask, result: JobResult) -> None:
    from brandkit.office import OfficeBrand, office_date

    spec_file = worker.spec_file
    wanted = {o.path: o for o in task.outputs}
    brand, date = OfficeBrand.of(spec_file), office_date()
    people = dict(task.people)
    for unit in _units(worker, task.units):
        values = unit_values(unit, spec_file.spec)
        output = wanted.get(letterhead_path(unit.id))
        if output is not None:
            _add(worker, result, output, brand.letterhead_docx(unit, values, date), "docx",
                 trim_mm=(210.0, 297.0))  # fmt: skip
        for person in people.get(unit.id, ()):
            output = wanted.get(signature_path(unit.id, person))
            if output is not None:
                _add(worker, result, output, brand.signature_html(values, person), "html")


def _attire(worker: Worker, task: DocumentTask, result: JobResult) -> None:
    from brandkit.attire import AttireMaker

    wanted = {o.path: o for o in task.outputs}
    maker = AttireMaker(worker.spec_file)
    for unit in _units(worker, task.units):
        for file in maker.files(unit):
            output = wanted.get(attire_path(unit.id, file.item, file.format))
            if output is None:
                continue
            if file.format == "pdf":
                preflight(file.data, output.path, 0.0, result)
            _add(worker, result, output, file.data, file.format, trim_mm=file.size_mm)
