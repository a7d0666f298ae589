"""The build, read as its stages: load and validate, plan, prepare, enforce the brand rules,
skip what is up to date, lay out and render, commit, bundle, report."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

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
    brand_digest,
    brand_up_to_date,
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
from brandkit.build.quick import (
    fingerprint,
    forget_fingerprint,
    nothing_changed,
    read_fingerprint,
    write_fingerprint,
)
from brandkit.build.records import select_units, staff_file
from brandkit.build.work import (
    JobResult,
    WorkContext,
    Worker,
    brand_result,
    check_job,
    run_job,
)
from brandkit.check import (
    CheckReport,
    Observations,
    RuleError,
    check_layouts,
    report_of,
    rule_problems,
)
from brandkit.data.staff import read_staff
from brandkit.errors import BrandkitError, Problem, SpecError
from brandkit.fonts import font_paths
from brandkit.i18n import Message
from brandkit.spec.load import SpecFile, load_spec
from brandkit.spec.order import Order, load_order, merge_orders
from brandkit.validate import check_logos, validate_spec

Progress = Callable[[int, str], None]
T = TypeVar("T")


def build(
    options: Options,
    assets: tuple[str, ...] | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    extras: Extras | None = None,
    quick_checked: bool = False,
) -> Report:
    """Make `assets` (every kind when None) for the chosen units, and what `extras` (the
    brand manual, office documents, attire: `brandkit.documents.Documents.of`) makes of the
    plan. Nothing is written unless every job succeeds; files whose inputs and bytes are
    unchanged are left alone; one build writes to a folder at a time (`on_wait` is called when
    this one must wait). `quick_checked`: the caller has found with `quick.nothing_changed`
    that the build has something to do."""
    asked = (assets, extras is not None)
    done = None if quick_checked else nothing_changed(options, asked, on_wait)
    if done is not None:
        return done
    # The inputs as they are before anything is read: the spec's folder, and the files the
    # last build read from elsewhere (those only this plan finds are dated after it).
    known = read_fingerprint(options.out)
    before = [Path(p) for p in (known or {}).get("elsewhere", {})]
    before += [p for p in (options.staff, options.procedures, options.order) if p is not None]
    inputs = fingerprint(options, asked, before)
    # The logos are drawn by cairosvg (the check `raster` adds) only when brand-wide files
    # are made again, below.
    spec_file, registry = load_and_validate(options.spec, assets, raster=False)
    order = ticket_order(spec_file.spec.order, options.order)
    planned = plan(spec_file, registry, options, assets or registry.names)
    found = fingerprint(options, asked, read_elsewhere(planned))["elsewhere"]
    inputs["elsewhere"] = {
        path: inputs["elsewhere"].get(path, stat) for path, stat in found.items()
    }
    report = Report(warnings=list(planned.warnings))
    profile = Worker.output_intent(spec_file).sha256
    jobs = with_digests(spec_file, profile, list(planned.jobs))
    documents = extras(planned, profile) if extras is not None else None
    out = options.out
    with new_output_folder(out), output_lock(out, options.wait, on_wait):
        if recover(out):
            finished = Message("finished an interrupted build in {out}/", out=out)
            report.warnings.append(BuildWarning(finished))
        manifest = read_manifest(out)
        todo = jobs if options.rebuild else [j for j in jobs if not up_to_date(j, manifest, out)]
        # What is up to date was checked when it was made (a file written with --force is
        # not up to date for a build without it): the rules are applied to what is remade.
        worker = prepare(planned, todo)
        if todo:
            worker.renderer()  # font and logo problems surface before any work starts
        forced: list[BuildWarning] = []
        outputs = sum(len(j.outputs()) for j in jobs)
        report.unchanged = outputs - sum(len(j.outputs()) for j in todo)
        brand = brand_todo(planned, manifest, options, report)
        brand_made: list[JobResult] = []
        report.items = sum(job.pages for job in todo)
        document_tasks, same_documents = (
            documents.todo(manifest, out, options.rebuild) if documents is not None else ([], 0)
        )
        report.unchanged += same_documents

        def first() -> None:
            # In this process, while the others start on the pieces and documents: the logos
            # as cairosvg draws them, then the brand-wide files (cairosvg is imported by this
            # process only). The progress is shown once the logos have passed (tasks are
            # counted done after this).
            if brand is not None:
                check_raster(planned)
            if on_total:
                zips = len(planned.units) if options.bundle else 0
                on_total(len(todo) + len(document_tasks) + zips)
            if brand is not None:
                brand_made.append(brand_result(worker, planned.assets, brand))

        with staging(out) as staged:
            worker.context = dataclasses.replace(worker.context, tmp_dir=staged.folder)
            # The pieces and the documents in one run over the processes, so that the
            # longest task (the manual) overlaps the pieces instead of following them.
            tasks = [Task(run_job, job) for job in todo]
            if documents is not None:
                tasks += [Task(documents.work, task) for task in document_tasks]
            made = run_tasks(worker, tasks, options, progress, first=first)
            # The brand rules, judged from what each job measured as it was made: nothing is
            # committed unless they pass; a broken rule is said before any other problem.
            forced += judge_rules(planned, worker, options.force, todo, made[: len(todo)])
            results = raise_problems(made[: len(todo)])  # the pieces' problems come first
            report.warnings += forced
            results += raise_problems(made[len(todo) :])
            results += brand_made
            stage_results(results, manifest, staged, report, forced=bool(forced))
            if options.bundle:
                paths = {path for job in jobs for path in job.outputs()}
                bundles = Bundling(planned, manifest, paths, order)
                make_bundles(worker, bundles, staged, progress, report)
            inputs["outputs"] = report.unchanged + len(report.rewritten)
            last = LastBuild(
                tuple(report.rewritten), options.formats, options.dpi, options.png_trim
            )
            temps = {path: temp for temp, path in staged.renames}
            _, text = merge_manifest(out, report.written, last, manifest, temps)
            forget_fingerprint(out)
            staged.commit(text)
        write_fingerprint(out, inputs)
    return report


def read_elsewhere(planned: Plan) -> list[Path]:
    """The files a build reads besides its spec's folder (fonts of an installed package,
    lists and photos kept elsewhere): the quick check's fingerprint stats them too."""
    spec_file, options = planned.spec_file, planned.options
    spec = spec_file.spec
    paths = list(font_paths(spec_file).values())
    paths += [spec_file.resolve(p) for p in spec.logos.values()]
    paths += [spec_file.resolve(s.file) for s in (spec.data.staff, spec.data.procedures) if s]
    paths += [p for p in (options.staff, options.procedures, options.order) if p is not None]
    if spec.colour_profile.file:
        paths.append(spec_file.base_dir / spec.colour_profile.file)
    paths += [path for job in planned.jobs for r in job.records for path in r.files.values()]
    return paths


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
    spec: Path, assets: tuple[str, ...] | None = None, raster: bool | None = None
) -> tuple[SpecFile, Registry]:
    """The spec, type-checked and cross-checked, its geometry and logos checked, and its asset
    kinds. Logos are also drawn by cairosvg when `raster`, by default when `assets` (all when
    None) include a brand-wide kind, the files cairosvg makes."""
    spec_file = load_spec(spec)
    if raster is None:
        raster = brand_wide(assets)
    validate_spec(spec_file, raster=raster)
    return spec_file, registry_for(spec_file)


def brand_wide(assets: tuple[str, ...] | None) -> bool:
    """Whether `assets` (all when None) include a brand-wide kind."""
    return assets is None or any(
        BUILT_IN_REGISTRY[a].brand_wide for a in assets if a in BUILT_IN_REGISTRY
    )


def brand_todo(planned: Plan, manifest: Manifest, options: Options, report: Report) -> str | None:
    """The digest of the brand-wide files' inputs when they are to be made again (their logos
    are to be checked as cairosvg draws them first: `check_raster`); None when there are none
    to make or they are up to date (counted as unchanged)."""
    spec_file, assets = planned.spec_file, planned.assets
    kinds = {a for a in assets if a in planned.registry and planned.registry[a].brand_wide}
    if not kinds:
        return None
    digest = brand_digest(spec_file, assets)
    fresh, count = brand_up_to_date(kinds, digest, manifest, options.out)
    if fresh and not options.rebuild:
        report.unchanged += count
        return None
    return digest


def check_raster(planned: Plan) -> None:
    """The logos as cairosvg draws them (the brand-wide files are made by it): a SpecError
    naming each that it cannot draw."""
    problems = check_logos(planned.spec_file, raster=True)
    if problems:
        raise SpecError(problems)


def prepare(planned: Plan, jobs: Sequence[Job] | None = None) -> Worker:
    """This process's worker: fonts and the layouts of the templates the jobs (by default
    the plan's) use."""
    context = WorkContext(
        spec=planned.spec_file.path,
        templates=frozenset(job.template for job in planned.jobs if jobs is None)
        | frozenset(job.template for job in jobs or ()),
        tmp_dir="",
    )
    return Worker.prepare(context, planned.spec_file)


def check_jobs(planned: Plan, worker: Worker, jobs: Sequence[Job] | None = None) -> CheckReport:
    """The brand rules applied to what the jobs (by default the plan's) would print."""
    jobs = planned.jobs if jobs is None else jobs
    faces = [(j.layout, j.unit, j.records) for j in jobs]
    faces += [(j.back, j.unit, j.records) for j in jobs if j.back]
    used = {key for key, _, _ in faces}
    chosen = {key: layout for key, layout in worker.layouts.items() if key in used}
    return check_layouts(planned.spec_file, chosen, faces)


def enforce_rules(
    planned: Plan, worker: Worker, force: bool, jobs: Sequence[Job] | None = None
) -> list[BuildWarning]:
    """Brand rules first: a print run that breaks them costs more than a refused build. With
    `force`, they are warnings."""
    if jobs is not None and not jobs:
        return []
    return _enforced(rule_problems(check_jobs(planned, worker, jobs)), force)


def judge_rules(
    planned: Plan,
    worker: Worker,
    force: bool,
    jobs: Sequence[Job],
    results: Sequence[JobResult],
) -> list[BuildWarning]:
    """The brand rules over `jobs`, judged from what their `results` measured (`run_job`).
    Broken rules raise RuleError; with `force`, they are warnings."""
    return _enforced(rule_problems(judged(planned, worker, jobs, results)), force)


def judged(
    planned: Plan, worker: Worker, jobs: Sequence[Job], results: Sequence[JobResult]
) -> CheckReport:
    """The report `check_jobs` makes over `jobs`, from what their `results` measured as they
    were made, in its order (every front, then every back): no text is set a second time."""
    observed = Observations()
    for part in ("front", "back"):
        for result in results:
            measured = getattr(result, part)
            if measured is not None:
                observed.merge(measured)
    used = {key for job in jobs for key in (job.layout, job.back) if key}
    chosen = {key: layout for key, layout in worker.layouts.items() if key in used}
    return report_of(observed, planned.spec_file, chosen)


def _enforced(problems: list[Problem], force: bool) -> list[BuildWarning]:
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
    first: Callable[[], None] | None = None,
) -> list[JobResult]:
    """`work` on every task, on `--jobs` processes; every problem of every task is raised
    together, after all have run. `first` runs before this process takes a task (see
    Executor.run), even when there are none."""
    tasks_of = [Task(work, task) for task in tasks]
    return raise_problems(run_tasks(worker, tasks_of, options, progress, first))


@dataclass(frozen=True)
class Task:
    """One task and the module-level function a worker does it with, so that tasks of
    different kinds (pieces, documents) share one run over the processes (picklable)."""

    work: Callable[[Worker, Any], JobResult]
    task: Any

    @property
    def unit(self) -> str:
        return str(getattr(self.task, "unit", ""))

    @property
    def weight(self) -> int:
        """How long it takes, roughly: its records (the manual says it is the longest)."""
        return len(getattr(self.task, "records", ()))


def _do(worker: Worker, task: Task) -> JobResult:
    return task.work(worker, task.task)


def run_tasks(
    worker: Worker,
    tasks: Sequence[Task],
    options: Options,
    progress: Progress | None,
    first: Callable[[], None] | None = None,
) -> list[JobResult]:
    """Every task on `--jobs` processes, its result at its index. `first` runs before this
    process takes a task (see Executor.run), even when there are none."""
    # Big tasks first so the processes finish together.
    order = sorted(range(len(tasks)), key=lambda i: -tasks[i].weight)
    results: list[JobResult | None] = [None] * len(tasks)

    def done(index: int, result: JobResult) -> None:
        results[index] = result
        if progress:
            progress(1, tasks[index].unit)

    executor = executor_for(options.jobs, len(tasks), options.start_method)
    executor.run(worker, tasks, order, _do, done, first)
    return [r for r in results if r is not None]


def raise_problems(results: list[JobResult]) -> list[JobResult]:
    """`results`, unless they hold problems: then every one of them, raised together."""
    problems = [p for r in results for p in r.problems]
    if problems:
        raise BrandkitError(problems)
    return results


def stage_results(
    results: list[JobResult],
    manifest: Manifest,
    staged: Staging,
    report: Report,
    forced: bool = False,
) -> None:
    """Each made file to be moved into place at the commit, but for those whose bytes are
    already there (their date is kept, so a print shop sees what really changed). `forced`:
    the brand rules were broken and the files written anyway (`--force`), which their
    entries say, so that a build without it checks them again."""
    out = staged.out
    for result in results:
        report.warnings += [BuildWarning(w) for w in result.warnings]
        for entry, temp in result.files:
            if forced and entry.inputs is not None:
                entry = entry.replace(forced=True)
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
