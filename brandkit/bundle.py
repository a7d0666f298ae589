"""Print-shop bundles: a unit's print PDFs and sheets zipped with a job ticket and a proof sheet."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brandkit.spec.model import Spec

# What a print shop prints: not the thermal ticket proof (a roll printer at the office) and
# not kiosk screens.
NOT_FOR_PRESS = ("ticket_proof", "kiosk")
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
    entries: tuple[dict[str, Any], ...]  # manifest entries of the files it carries
    ticket: dict[str, Any]
    inputs: str


def bundle_path(unit: str) -> str:
    return f"{unit}/{unit}-print-bundle.zip"


def bundle_task(
    spec: Spec,
    unit: str,
    unit_name: str,
    manifest: dict[str, dict[str, Any]],
    out: Path,
    profile: dict[str, str],
    generator: str,
    sheet: str | None,
) -> BundleTask | None:
    """The bundle of `unit` from the files the manifest lists for it, with the press sheets
    named `sheet` made from those very files (None when the unit has no print files)."""
    entries = [
        e
        for path, e in sorted(manifest.items())
        if e.get("unit") == unit
        and e.get("format") == "pdf"
        and e.get("asset") not in NOT_FOR_PRESS
        and (out / path).is_file()
        and (not e.get("imposes") or _current_sheet(e, manifest, sheet))
    ]
    if not entries:
        return None
    ticket = job_ticket(spec, unit, unit_name, entries, profile, generator)
    digest = hashlib.sha256(
        json.dumps(
            {"ticket": ticket, "files": [(e["path"], e["sha256"]) for e in entries]},
            sort_keys=True,
            ensure_ascii=False,
        ).encode("utf-8")
    ).hexdigest()
    return BundleTask(unit, unit_name, bundle_path(unit), str(out), tuple(entries), ticket, digest)


def _current_sheet(
    entry: dict[str, Any], manifest: dict[str, dict[str, Any]], sheet: str | None
) -> bool:
    """Whether a sheet belongs in the bundle: on the sheet this build imposes on, and holding
    the pieces of its PDF as it is now (not those of an older build left on disk)."""
    pieces = manifest.get(str(entry["imposes"]))
    return (
        sheet is not None
        and entry.get("sheet") == sheet
        and pieces is not None
        and entry.get("pieces") == pieces.get("inputs")
    )


def _member(path: str, unit: str) -> str:
    """A file's name inside its unit's zip: its path below the unit's folder."""
    return path.removeprefix(f"{unit}/")


def job_ticket(
    spec: Spec,
    unit: str,
    unit_name: str,
    entries: list[dict[str, Any]],
    profile: dict[str, str],
    generator: str,
) -> dict[str, Any]:
    """The job ticket: an item per print PDF with its size, quantity, stock and finish, and
    the sheets it is imposed on."""
    sheets = {str(e["imposes"]): e for e in entries if e.get("imposes")}
    items = []
    for entry in entries:
        if entry.get("imposes"):
            continue
        template = spec.templates.get(str(entry.get("template", "")))
        order = template.print if template is not None else None
        sides = int(entry.get("sides", 1))
        pieces = int(entry["pages"]) // sides
        copies = order.copies if order is not None else 1
        sheet = sheets.get(str(entry["path"]))
        items.append(
            {
                "file": _member(str(entry["path"]), unit),
                "asset": entry["asset"],
                "title": (template.title if template is not None else None) or entry["asset"],
                "trim_mm": entry["trim_mm"],
                "bleed_mm": entry["bleed_mm"],
                "pages": entry["pages"],
                "sides": sides,
                "copies": copies,
                "quantity": pieces * copies,
                "stock": order.stock if order is not None else None,
                "finish": order.finish if order is not None else None,
                "sha256": entry["sha256"],
                # Each page's record (digest, who), to tell the next bundle what changed.
                "records": entry.get("records"),
                "sheet": None
                if sheet is None
                else {
                    "file": _member(str(sheet["path"]), unit),
                    "size": sheet["sheet"],
                    "size_mm": sheet["trim_mm"],
                    "up": sheet["up"],
                    "sheets": sheet["sheets"],
                    "step_and_repeat": sheet.get("step_and_repeat", False),
                    "press_sheets": sheet.get("press_sheets", sheet["sheets"]),
                    "sha256": sheet["sha256"],
                },
            }
        )
    files = [_member(str(e["path"]), unit) for e in entries]
    return {
        "title": f"Phiếu yêu cầu in – {unit_name}",
        "unit": {"id": unit, "name": unit_name},
        "spec": spec.name,
        "generator": generator,
        "colour_profile": profile,
        "items": items,
        "files": sorted([*files, TICKET_PDF, PROOF_PDF]),
    }


def since_last_bundle(ticket: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """`ticket` saying, item by item, what changed since the `previous` bundle's ticket (what
    the print shop received last time): a new file, the pages to print again, or nothing.
    A first bundle says nothing of the kind."""
    from brandkit.inputs import page_range, record_changes

    if previous is None:
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


def previous_ticket(path: Path) -> dict[str, Any] | None:
    """The job ticket of the bundle at `path`, if there is a readable one."""
    try:
        with zipfile.ZipFile(path) as archive:
            ticket = json.loads(archive.read(TICKET_JSON).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return ticket if isinstance(ticket, dict) else None


def bundle_bytes(task: BundleTask, fonts: dict[str, Path]) -> bytes:
    """The zip of `task`: its PDFs, the job ticket (PDF and JSON) and the proof sheet, in a
    fixed order with fixed dates, so the same files give the same bytes."""
    from brandkit.render.pdfx import document_date
    from brandkit.render.proofs import ProofItem, contact_sheet, job_ticket_pdf, thumbnails

    out = Path(task.out)
    members: dict[str, bytes] = {}
    proofs: list[ProofItem] = []
    items = {item["file"]: item for item in task.ticket["items"]}
    for entry in task.entries:
        name = _member(str(entry["path"]), task.unit)
        data = (out / str(entry["path"])).read_bytes()
        members[name] = data
        item = items.get(name)
        if item is None:
            continue  # a sheet: the proof shows the pieces themselves
        size = _size(item["trim_mm"])
        for page, image in enumerate(thumbnails(data), start=1):
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
