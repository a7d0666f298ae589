"""Print-shop bundles: a unit's print PDFs and sheets zipped with a job ticket and a proof sheet."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brandkit.build.assets import Registry
from brandkit.build.incremental import Change, page_range, record_changes
from brandkit.build.manifest import Entry, Manifest
from brandkit.build.work import JobResult, Worker
from brandkit.errors import Problem
from brandkit.fonts import font_paths
from brandkit.spec.model import Spec, Unit
from brandkit.spec.order import Order

TICKET_JSON = "job-ticket.json"
TICKET_PDF = "job-ticket.pdf"
PROOF_PDF = "proof.pdf"


@dataclass(frozen=True)
class BundleTask:
    """One unit's bundle: which written files go in, and the digest of all it is made from."""

    unit: str
    unit_name: str
    path: str  # relative to the output folder: <unit>/<unit>-print-bundle.zip
    out: str  # the output folder the files are read from
    entries: tuple[Entry, ...]  # manifest entries of the files it carries
    ticket: dict[str, Any]
    inputs: str
    staged: tuple[tuple[str, str], ...] = ()  # (path, temporary file) of those not yet in place


def bundle_path(unit: str) -> str:
    return f"{unit}/{unit}-print-bundle.zip"


@dataclass(frozen=True, kw_only=True)
class TicketContext:
    """What every job ticket of a build says besides its unit's files."""

    spec: Spec
    registry: Registry
    profile: dict[str, str]  # the output intent: name, description, file
    generator: str
    sheet: str | None  # the press sheet this build imposes on
    order: Order | None = None  # the print order: customer, contact, dates, delivery


def bundle_task(
    context: TicketContext,
    unit: str,
    unit_name: str,
    manifest: dict[str, Entry],
    out: Path,
    staged: dict[str, str] | None = None,
    units: dict[str | None, list[tuple[str, Entry]]] | None = None,
) -> BundleTask | None:
    """The bundle of `unit` from the files the manifest lists for it, with the press sheets
    named `context.sheet` made from those very files (None when the unit has no print files)."""
    registry = context.registry
    listed = (units if units is not None else units_of(manifest)).get(unit, [])
    entries = [
        e
        for path, e in listed
        if e.format == "pdf"
        and e.asset in registry
        and registry[e.asset].press
        and (path in (staged or {}) or (out / path).is_file())
        and (not e.imposes or _current_sheet(e, manifest, context.sheet))
    ]
    if not entries:
        return None
    ticket = job_ticket(context, unit, unit_name, entries)
    digest = hashlib.sha256(
        json.dumps(
            {"ticket": ticket, "files": [(e.path, e.sha256) for e in entries]},
            sort_keys=True,
            ensure_ascii=False,
        ).encode("utf-8")
    ).hexdigest()
    staged = staged or {}
    mine = tuple((e.path, staged[e.path]) for e in entries if e.path in staged)
    path = bundle_path(unit)
    return BundleTask(unit, unit_name, path, str(out), tuple(entries), ticket, digest, mine)


def units_of(manifest: dict[str, Entry]) -> dict[str | None, list[tuple[str, Entry]]]:
    """The manifest's (path, entry) pairs by unit, in path order."""
    out: dict[str | None, list[tuple[str, Entry]]] = {}
    for path, entry in sorted(manifest.items()):
        out.setdefault(entry.unit, []).append((path, entry))
    return out


def _current_sheet(entry: Entry, manifest: dict[str, Entry], sheet: str | None) -> bool:
    """Whether a sheet belongs in the bundle: on the sheet this build imposes on, and holding
    the pieces of its PDF as it is now (not those of an older build left on disk)."""
    pieces = manifest.get(str(entry.imposes))
    return (
        sheet is not None
        and entry.sheet == sheet
        and pieces is not None
        and entry.pieces == pieces.inputs
    )


def _member(path: str, unit: str) -> str:
    """A file's name inside its unit's zip: its path below the unit's folder."""
    return path.removeprefix(f"{unit}/")


def job_ticket(
    context: TicketContext, unit: str, unit_name: str, entries: list[Entry]
) -> dict[str, Any]:
    """The job ticket: an item per print PDF with its kind, size, quantity, stock and finish,
    and the sheets it is imposed on."""
    sheets = {str(e.imposes): e for e in entries if e.imposes}
    items = [
        _ticket_item(context, unit, entry, sheets.get(entry.path))
        for entry in entries
        if not entry.imposes
    ]
    files = [_member(e.path, unit) for e in entries]
    return {
        "title": f"Phiếu yêu cầu in – {unit_name}",
        "unit": {"id": unit, "name": unit_name},
        "spec": context.spec.name,
        "generator": context.generator,
        "colour_profile": context.profile,
        **({"order": context.order.model_dump()} if context.order is not None else {}),
        "items": items,
        "files": sorted([*files, TICKET_PDF, PROOF_PDF]),
    }


def _ticket_item(
    context: TicketContext, unit: str, entry: Entry, sheet: Entry | None
) -> dict[str, Any]:
    """One print PDF on the job ticket."""
    template = context.spec.templates.get(entry.template or "")
    order = template.print if template is not None else None
    sides = entry.sides or 1
    copies = order.copies if order is not None else 1
    kind = context.registry[entry.asset].label if entry.asset in context.registry else None
    return {
        "file": _member(entry.path, unit),
        "asset": entry.asset,
        "kind": kind,
        "title": (template.title if template is not None else None) or kind or entry.asset,
        "trim_mm": list(entry.trim_mm) if entry.trim_mm else None,
        "bleed_mm": entry.bleed_mm,
        "pages": entry.pages,
        "sides": sides,
        "copies": copies,
        "quantity": entry.pages // sides * copies,
        "stock": order.stock if order is not None else None,
        "finish": order.finish if order is not None else None,
        "sha256": entry.sha256,
        # Each page's record (digest, who), to tell the next bundle what changed.
        "records": [list(r) for r in entry.records] if entry.records is not None else None,
        "sheet": None if sheet is None else _ticket_sheet(unit, sheet),
    }


def _ticket_sheet(unit: str, sheet: Entry) -> dict[str, Any]:
    return {
        "file": _member(sheet.path, unit),
        "size": sheet.sheet,
        "size_mm": list(sheet.trim_mm) if sheet.trim_mm else None,
        "up": sheet.up,
        "sheets": sheet.sheets,
        "step_and_repeat": bool(sheet.step_and_repeat),
        "press_sheets": sheet.press_sheets if sheet.press_sheets is not None else sheet.sheets,
        "sha256": sheet.sha256,
    }


def since_last_bundle(ticket: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """`ticket` saying, item by item, what changed since the `previous` bundle's ticket (what
    the print shop received last time): a new file, the pages to print again, or nothing.
    A first bundle says nothing of the kind."""
    if previous is None or not well_formed_ticket(previous):
        return ticket
    before = {str(i.get("file")): i for i in previous.get("items", []) if isinstance(i, dict)}
    items, notes = [], []
    for item in ticket["items"]:
        old = before.get(item["file"])
        pages: list[dict[str, Any]] = []
        if old is None:
            status = "new"
            notes.append(f"Tệp mới: {item['file']} (in toàn bộ)")
        elif old.get("sha256") == item["sha256"]:
            status = "unchanged"
        else:
            status = "changed"
            if isinstance(old.get("records"), list) and isinstance(item.get("records"), list):
                pages = record_changes(
                    [(str(d), str(w)) for d, w in old["records"]],
                    [(str(d), str(w)) for d, w in item["records"]],
                    int(item["sides"]),
                )
            words = {"new": "mới", "changed": "sửa", "removed": "bỏ"}
            reprint = [
                f"{page_range(p['pages'], 'trang', 'trang')} ({words[p['change']]}: {p['who']})"
                for p in pages
                if p["pages"]
            ]
            if reprint:
                notes.append(f"In lại {item['file']}: " + "; ".join(reprint))
            elif pages:  # only removals: nothing to print, a piece to withdraw
                removed = "; ".join(p["who"] for p in pages)
                notes.append(f"{item['file']}: không in thêm (bỏ: {removed})")
            else:
                notes.append(f"In lại toàn bộ {item['file']} (mẫu hoặc bộ nhận diện đã đổi)")
        items.append({**item, "since_last_bundle": {"status": status, "pages": pages}})
    dropped = sorted(set(before) - {i["file"] for i in ticket["items"]})
    notes += [f"Không còn trong đợt này: {name}" for name in dropped]
    if not notes:
        notes = ["So với lần gửi trước: không có gì thay đổi."]
    else:
        notes = ["So với lần gửi trước:", *(f"• {n}" for n in notes), "• Các tệp khác không đổi."]
    return {**ticket, "items": items, "since_last_bundle": notes}


# What a damaged zip member or its JSON can raise: a bad header or CRC, an encrypted or
# unsupported compression, a cut-short deflate stream, bytes that are not UTF-8 or JSON.
_UNREADABLE = (
    OSError, KeyError, ValueError, RecursionError, EOFError, RuntimeError, NotImplementedError,
    zipfile.BadZipFile, zlib.error,
)  # fmt: skip


def previous_ticket(path: Path) -> dict[str, Any] | None:
    """The job ticket of the bundle at `path`, if there is a readable, well-formed one.

    A ticket that is not JSON, or JSON of another shape (edited by hand, written by another
    tool, cut short), is taken as no previous bundle: the new ticket then lists every file
    as new, which is what the print shop would need anyway."""
    try:
        with zipfile.ZipFile(path) as archive:
            ticket = json.loads(archive.read(TICKET_JSON).decode("utf-8"))
    except _UNREADABLE:
        return None
    return ticket if well_formed_ticket(ticket) else None


def well_formed_ticket(ticket: object) -> bool:
    """Whether `ticket` has the shape `since_last_bundle` reads: a mapping whose `items` are
    mappings with a text `file`, and whose `records`, where present, are (id, who) pairs."""
    if not isinstance(ticket, dict):
        return False
    items = ticket.get("items", [])
    if not isinstance(items, list):
        return False
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            return False
        records = item.get("records")
        if records is not None and not (
            isinstance(records, list)
            and all(
                isinstance(r, list) and len(r) == 2 and all(isinstance(v, str) for v in r)
                for r in records
            )
        ):
            return False
    return True


def bundle_bytes(task: BundleTask, fonts: dict[str, Path]) -> bytes:
    """The zip of `task`: its PDFs, the job ticket (PDF and JSON) and the proof sheet, in a
    fixed order with fixed dates, so the same files give the same bytes."""
    from brandkit.render.pdfx import document_date
    from brandkit.render.proofs import ProofItem, contact_sheet, job_ticket_pdf, thumbnails

    out = Path(task.out)
    members: dict[str, bytes] = {}
    proofs: list[ProofItem] = []
    items = {item["file"]: item for item in task.ticket["items"]}
    staged = dict(task.staged)
    for entry in task.entries:
        name = _member(entry.path, task.unit)
        data = Path(staged.get(entry.path) or out / entry.path).read_bytes()
        members[name] = data
        item = items.get(name)
        if item is None:
            continue  # a sheet: the proof shows the pieces themselves
        size = _size(item["trim_mm"])
        # Only a two-sided piece's pages repeat (its backs): no other PDF is read for them.
        for page, image in enumerate(thumbnails(data, repeats=item["sides"] == 2), start=1):
            side = ""
            if item["sides"] == 2:
                side = " (mặt sau)" if page % 2 == 0 else " (mặt trước)"
            proofs.append(ProofItem(f"{name} · trang {page}{side}", size, image))
    members[TICKET_PDF] = job_ticket_pdf(task.ticket, fonts)
    members[PROOF_PDF] = contact_sheet(
        proofs, fonts, f"Bản thử – {task.unit_name}", f"{len(proofs)} trang, {len(items)} tệp in"
    )
    ticket = json.dumps(task.ticket, ensure_ascii=False, indent=2) + "\n"
    members[TICKET_JSON] = ticket.encode("utf-8")
    when = document_date()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            # PDFs are compressed inside already; deflating them again saves almost nothing.
            pdf = name.endswith(".pdf")
            info.compress_type = zipfile.ZIP_STORED if pdf else zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name])
    return buffer.getvalue()


def _size(trim_mm: list[float]) -> str:
    """`85,6 × 54 mm`: the Vietnamese decimal comma."""
    w, h = (f"{v:g}".replace(".", ",") for v in trim_mm)
    return f"{w} × {h} mm"


def bundle_tasks(
    context: TicketContext,
    units: list[tuple[str, str]],
    manifest: Manifest,
    planned: set[str],
    out: Path,
    rebuild: bool,
    staged: dict[str, str] | None = None,
    warnings: list[str] | None = None,
) -> tuple[list[BundleTask], int]:
    """The bundles to zip for `units` ((id, name) each), each remade only when a file in it
    (or its ticket) changed; and how many are left as they are. A previous bundle whose
    ticket cannot be read is said in `warnings`."""
    if warnings is None:
        warnings = []
    # What this build made or found up to date: not a file an older spec left behind.
    current = {p: e for p, e in manifest.entries.items() if p in planned}
    tasks, unchanged = [], 0
    by_unit = units_of(current)
    for unit, name in units:
        task = bundle_task(context, unit, name, current, out, staged, by_unit)
        if task is None:
            continue
        if not rebuild and manifest.status_of(task.path, task.inputs, out) == "unchanged":
            unchanged += 1
            continue
        # Only now, when it is made again: what changed since the bundle it replaces (left
        # out of its digest, which stays that of what the bundle carries).
        previous = previous_ticket(out / task.path)
        if previous is None and (out / task.path).is_file():
            warnings.append(
                f"{task.path}: the job ticket of the bundle it replaces cannot be read; this "
                "ticket lists every file as new"
            )
        tasks.append(dataclasses.replace(task, ticket=since_last_bundle(task.ticket, previous)))
    return tasks, unchanged


def run_bundle(worker: Worker, task: BundleTask) -> JobResult:
    """Zip one unit's bundle into a temporary file (in a worker process)."""
    data = bundle_bytes(task, font_paths(worker.spec_file))
    problems = _document_problems(data, task.path)
    if problems:
        return JobResult(problems=problems)
    entry = Entry(
        path=task.path, unit=task.unit, asset="bundle", format="zip", pages=0, trim_mm=None,
        bleed_mm=0.0, sha256=hashlib.sha256(data).hexdigest(), inputs=task.inputs,
        files=len(task.ticket["files"]) + 1,
    )  # fmt: skip
    return JobResult(files=[(entry, worker.write_temp(data))])


def _document_problems(data: bytes, path: str) -> list[Problem]:
    """The job ticket and proof sheet preflighted as the print shop's preflight will check
    them (documents not for press): an error stops the build, as a print file's would. The
    build wrote them with its own writer, so the preflight that finds what the full one finds
    in such a document without walking its content will do (`preflight_written`)."""
    from brandkit.preflight.documents import preflight_written

    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in (TICKET_PDF, PROOF_PDF):
            report = preflight_written(archive.read(name), f"{path}:{name}")
            problems += [
                Problem(f"preflight: {report.path}: {f.check}: {f.message}")
                for f in report.findings
                if f.severity == "error"
            ]
    return problems


def bundle_changes(
    units: tuple[Unit, ...], manifest: Manifest, out: Path, found: list[Change]
) -> list[Change]:
    """The bundles `build --bundle` would write: those of units with a file to write, and
    those missing or edited."""
    changed_units = {c.unit for c in found}
    changes = []
    for unit in units:
        path = bundle_path(unit.id)
        status = manifest.status_of(path, None, out)
        if status == "unchanged" and unit.id in changed_units:
            status = "changed"
        if status != "unchanged":
            changes.append(Change(path, unit.id, "bundle", status))
    return changes
