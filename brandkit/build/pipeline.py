"""The build, read as its stages: load and validate, plan, prepare, enforce the brand rules,
skip what is up to date, lay out and render, commit, bundle, report."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from brandkit import __version__
from brandkit.build.assets import BUILT_IN_REGISTRY, Registry, registry_for
from brandkit.build.bundle import TicketContext, bundle_changes, bundle_tasks, run_bundle
from brandkit.build.commit import (
    Staging,
    interrupted,
    new_output_folder,
    output_lock,
    recover,
    staging,
)
from brandkit.build.execute import executor_for
from brandkit.build.extras import Extras
from brandkit.build.incremental import (
    Change,
    brand_changes,
    job_changes,
    up_to_date,
    with_digests,
)
from brandkit.build.manifest import (
    LastBuild,
    Manifest,
    merge_manifest,
    merged_entries,
    read_manifest,
)
from brandkit.build.options import BuildWarning, Options, Report
from brandkit.build.plan import Job, Plan, plan
from brandkit.build.records import select_units, staff_file
from brandkit.build.work import (
    JobResult,
    WorkContext,
    Worker,
    brand_result,
    check_job,
    run_job,
)
from brandkit.check import CheckReport, RuleError, check_layouts, rule_problems
from brandkit.data.staff import read_staff
from brandkit.errors import BrandkitError
from brandkit.i18n import Message
from brandkit.spec.load import SpecFile, load_spec
from brandkit.spec.order import Order, load_order, merge_orders
from brandkit.validate import validate_spec

Progress = Callable[[int, str], None]
T = TypeVar("T")


def build(
    options: Options,
    assets: tuple[str, ...] | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    extras: Extras | None = None,
) -> Report:
    """Make `assets` (every kind when None) for the chosen units, and what `extras` (the
    brand manual, office documents, attire: `brandkit.documents.Documents.of`) makes of the
    plan. Nothing is written unless every job succeeds; files whose inputs and bytes are
    unchanged are left alone; one build writes to a folder at a time (`on_wait` is called when
    this one must wait)."""
    spec_file, registry = load_and_validate(options.spec, assets)
    order = ticket_order(spec_file.spec.order, options.order)
    planned = plan(spec_file, registry, options, assets or registry.names)
    worker = prepare(planned)
    report = Report(warnings=list(planned.warnings))
    report.warnings += enforce_rules(planned, worker, options.force)
    worker.renderer()  # font and logo problems surface before any work starts
    jobs = with_digests(spec_file, worker.intent.sha256, list(planned.jobs))
    documents = extras(planned, worker.intent.sha256) if extras is not None else None
    out = options.out
    with new_output_folder(out), output_lock(out, options.wait, on_wait):
        if recover(out):
            finished = Message("finished an interrupted build in {out}/", out=out)
            report.warnings.append(BuildWarning(finished))
        manifest = read_manifest(out)
        todo = jobs if options.rebuild else [j for j in jobs if not up_to_date(j, manifest, out)]
        outputs = sum(len(j.outputs()) for j in jobs)
        report.unchanged = outputs - sum(len(j.outputs()) for j in todo)
        report.items = sum(job.pages for job in todo)
        document_tasks, same_documents = (
            documents.todo(manifest, out, options.rebuild) if documents is not None else ([], 0)
        )
        report.unchanged += same_documents
        if on_total:
            zips = len(planned.units) if options.bundle else 0
            on_total(len(todo) + len(document_tasks) + zips)
        with staging(out) as staged:
            worker.context = dataclasses.replace(worker.context, tmp_dir=staged.folder)
            results = execute(worker, todo, run_job, options, progress)
            if documents is not None:
                results += execute(worker, document_tasks, documents.work, options, progress)
            results.append(brand_result(worker, planned.assets))
            stage_results(results, manifest, staged, report)
            if options.bundle:
                paths = {path for job in jobs for path in job.outputs()}
                bundles = Bundling(planned, manifest, paths, order)
                make_bundles(worker, bundles, staged, progress, report)
            last = LastBuild(
                tuple(report.rewritten), options.formats, options.dpi, options.png_trim
            )
            _, text = merge_manifest(out, report.written, last, manifest)
            staged.commit(text)
    return report


def validate(options: Options, assets: tuple[str, ...] | None = None) -> Report:
    """Everything `build` checks before it draws, and nothing written: the spec, its data,
    the brand rules (even with `force`), and every page laid out."""
    spec_file, registry = load_and_validate(options.spec)
    planned = plan(spec_file, registry, options, assets or registry.names)
    worker = prepare(planned)
    report = Report(warnings=list(planned.warnings))
    report.warnings += enforce_rules(planned, worker, force=False)
    worker.renderer()
    results = execute(worker, list(planned.jobs), check_job, options, None)
    report.items = sum(r.pages for r in results)
    report.warnings += [BuildWarning(w) for r in results for w in r.warnings]
    return report


def check(
    options: Options, assets: tuple[str, ...] | None = None
) -> tuple[CheckReport, list[BuildWarning]]:
    """`brandkit check`: every brand rule over every asset of the chosen units."""
    spec_file, registry = load_and_validate(options.spec)
    planned = plan(spec_file, registry, options, assets or registry.names)
    return check_jobs(planned, prepare(planned)), list(planned.warnings)


def changes(
    options: Options,
    assets: tuple[str, ...] | None = None,
    *,
    like_last_build: bool = False,
    extras: Extras | None = None,
) -> tuple[list[Change], int, list[BuildWarning]]:
    """What `build` with `options` would write, compared with `<out>/manifest.json`, and how
    many files it would leave as they are; nothing is written. With `like_last_build`, the
    formats, resolution and crop of PNGs are those the last build used."""
    manifest = read_manifest(options.out)
    if like_last_build:
        options = _like(options, manifest)
    spec_file, registry = load_and_validate(options.spec)
    planned = plan(spec_file, registry, options, assets or registry.names)
    intent = Worker.output_intent(spec_file)
    jobs = with_digests(spec_file, intent.sha256, list(planned.jobs))
    found, unchanged = job_changes(jobs, manifest, options.out)
    brand, same = brand_changes(spec_file, planned.assets, manifest, options.out)
    found += brand
    if extras is not None:
        documents, same_documents = extras(planned, intent.sha256).changes(manifest, options.out)
        found += documents
        same += same_documents
    if options.bundle:
        found += bundle_changes(planned.units, manifest, options.out, found)
    # A build stopped in the middle of its commit: the next build puts these in place.
    pending = set(interrupted(options.out))
    found = [
        dataclasses.replace(c, status="interrupted") if c.path in pending else c for c in found
    ]
    return found, unchanged + same, list(planned.warnings)


def _like(options: Options, manifest: Manifest) -> Options:
    last = manifest.last_build
    return dataclasses.replace(
        options,
        formats=last.formats or options.formats,
        dpi=last.dpi if last.dpi is not None else options.dpi,
        png_trim=last.png_trim if last.png_trim is not None else options.png_trim,
    )


# ---------------------------------------------------------------------------------------------
# The stages


def load_and_validate(
    spec: Path, assets: tuple[str, ...] | None = None
) -> tuple[SpecFile, Registry]:
    """The spec, type-checked and cross-checked, its geometry and logos checked, and its asset
    kinds. Logos are also drawn by cairosvg when `assets` (all when None) include a
    brand-wide kind, the files cairosvg makes."""
    spec_file = load_spec(spec)
    raster = assets is None or any(
        BUILT_IN_REGISTRY[a].brand_wide for a in assets if a in BUILT_IN_REGISTRY
    )
    validate_spec(spec_file, raster=raster)
    return spec_file, registry_for(spec_file)


def prepare(planned: Plan) -> Worker:
    """This process's worker: fonts and the layouts of the templates the jobs use."""
    context = WorkContext(
        spec=planned.spec_file.path,
        templates=frozenset(job.template for job in planned.jobs),
        tmp_dir="",
    )
    return Worker.prepare(context, planned.spec_file)


def check_jobs(planned: Plan, worker: Worker) -> CheckReport:
    """The brand rules applied to what the plan's jobs would print."""
    jobs = planned.jobs
    faces = [(j.layout, j.unit, j.records) for j in jobs]
    faces += [(j.back, j.unit, j.records) for j in jobs if j.back]
    used = {key for key, _, _ in faces}
    chosen = {key: layout for key, layout in worker.layouts.items() if key in used}
    return check_layouts(planned.spec_file, chosen, faces)


def enforce_rules(planned: Plan, worker: Worker, force: bool) -> list[BuildWarning]:
    """Brand rules first: a print run that breaks them costs more than a refused build. With
    `force`, they are warnings."""
    problems = rule_problems(check_jobs(planned, worker))
    if problems and not force:
        raise RuleError(problems)
    return [
        BuildWarning(Message("{problem} (written anyway: --force)", problem=p)) for p in problems
    ]


def execute(
    worker: Worker,
    tasks: Sequence[T],
    work: Callable[[Worker, T], JobResult],
    options: Options,
    progress: Progress | None,
) -> list[JobResult]:
    """`work` on every task, on `--jobs` processes; every problem of every task is raised
    together, after all have run."""
    # Big units first so the processes finish together.
    order = sorted(range(len(tasks)), key=lambda i: -len(getattr(tasks[i], "records", ())))
    results: list[JobResult | None] = [None] * len(tasks)

    def done(index: int, result: JobResult) -> None:
        results[index] = result
        if progress:
            progress(1, getattr(tasks[index], "unit", ""))

    executor = executor_for(options.jobs, len(tasks), options.start_method)
    executor.run(worker, tasks, order, work, done)
    finished = [r for r in results if r is not None]
    problems = [p for r in finished for p in r.problems]
    if problems:
        raise BrandkitError(problems)
    return finished


def stage_results(
    results: list[JobResult], manifest: Manifest, staged: Staging, report: Report
) -> None:
    """Each made file to be moved into place at the commit, but for those whose bytes are
    already there (their date is kept, so a print shop sees what really changed)."""
    out = staged.out
    for result in results:
        report.warnings += [BuildWarning(w) for w in result.warnings]
        for entry, temp in result.files:
            report.written.append(entry)
            if manifest.status_of(entry.path, None, out) == "unchanged":
                old = manifest.get(entry.path)
                if old is not None and old.sha256 == entry.sha256:
                    report.unchanged += 1
                    continue
            staged.stage(temp, entry.path)
            report.rewritten.append(entry.path)


@dataclass(frozen=True)
class Bundling:
    """What the bundles of a build are made from: the plan, the manifest before this build,
    the paths the plan makes, and the print order of the job tickets."""

    planned: Plan
    manifest: Manifest
    planned_paths: set[str]
    order: Order | None


def ticket_order(spec_order: Order | None, order_file: Path | None) -> Order | None:
    """The print order of the job tickets: the spec's, with the order file's fields winning
    (read and checked before anything is made, so a bad file writes nothing)."""
    return merge_orders(spec_order, load_order(order_file) if order_file is not None else None)


def make_bundles(
    worker: Worker,
    bundling: Bundling,
    staged: Staging,
    progress: Progress | None,
    report: Report,
) -> None:
    """Each chosen unit's print-shop zip, remade when a file in it (or its ticket) changed;
    made from the files as this build leaves them (staged or already in place)."""
    planned, manifest, planned_paths = bundling.planned, bundling.manifest, bundling.planned_paths
    intent = worker.intent
    options = planned.options
    context = TicketContext(
        spec=planned.spec_file.spec,
        registry=planned.registry,
        profile={"name": intent.identifier, "description": intent.condition, "file": intent.file},
        generator=f"brandkit {__version__}",
        sheet=options.sheet.name if options.sheet else None,
        order=bundling.order,
    )
    units = [(u.id, u.name) for u in planned.units]
    current = Manifest(merged_entries(options.out, report.written, manifest))
    files = {path: temp for temp, path in staged.renames}
    notes: list[str] = []
    tasks, unchanged = bundle_tasks(
        context, units, current, planned_paths, options.out, options.rebuild, files, notes
    )
    report.warnings += [BuildWarning(n) for n in notes]
    report.unchanged += unchanged
    if progress and len(units) > len(tasks):
        progress(len(units) - len(tasks), "")
    for result in execute(worker, tasks, run_bundle, options, progress):
        for entry, temp in result.files:
            staged.stage(temp, entry.path)
            report.rewritten.append(entry.path)
            report.written.append(entry)


# ---------------------------------------------------------------------------------------------
# Units


@dataclass(frozen=True, kw_only=True)
class UnitRow:
    """One unit as `brandkit units` lists it."""

    id: str
    name: str
    kind: str
    parent: str | None
    people: int | None  # in the staff list; None when the spec names no list
    counters: int


def list_units(options: Options) -> list[UnitRow]:
    """The chosen units of the spec with how many people the staff list has for each."""
    spec_file = load_spec(options.spec)
    units = select_units(spec_file, options.units)
    people: dict[str, int] | None = None
    if options.staff is not None or spec_file.spec.data.staff is not None:
        path, display = staff_file(spec_file, options)
        people = {}
        for person in read_staff(path, spec_file, display, None):
            people[person.unit] = people.get(person.unit, 0) + 1
    counts = people or {}
    return [
        UnitRow(
            id=u.id,
            name=u.name,
            kind=u.kind,
            parent=u.parent,
            people=None if people is None else counts.get(u.id, 0),
            counters=len(u.counters),
        )
        for u in units
    ]


__all__ = ["Job", "build", "changes", "check", "list_units", "validate"]
