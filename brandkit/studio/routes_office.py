"""The office manager's pages: find a unit, upload its staff list, see every problem and
every badge before anything is written, build, follow the progress, download the files."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from brandkit.build import Options, preview, read_manifest
from brandkit.errors import BrandkitError
from brandkit.i18n import translator
from brandkit.spec.model import Unit
from brandkit.studio.app import (
    Studio,
    Upload,
    check_csrf,
    lang_of,
    need_user,
    render,
    shown,
    studio_of,
)
from brandkit.studio.lists import check_list
from brandkit.studio.uploads import NotAList, TooLarge, limited, save_upload
from brandkit.text import fold_accents, match_key

LIST_ASSETS = ("badge", "desk_plate")  # what a staff list prints: previewed before a build


def search_units(units: list[Unit], query: str) -> list[Unit]:
    """The units whose name or id holds every word of `query`, marks and case aside."""
    words = fold_accents(match_key(query)).split()
    if not words:
        return list(units)
    found = []
    for unit in units:
        text = fold_accents(match_key(f"{unit.name} {unit.short_name or ''} {unit.id}"))
        text += " " + text.replace("-", " ")
        if all(w in text.split() or w in text for w in words):
            found.append(unit)
    return found


def unit_for(request: Request) -> tuple[Studio, Unit]:
    """The unit the address names, if this person may see it (403 otherwise, 404 if none)."""
    user = need_user(request)
    unit_id = request.path_params["unit"]
    if not user.may_see_unit(unit_id):
        raise HTTPException(403)
    studio = studio_of(request)
    unit = next((u for u in studio.spec_file().spec.units if u.id == unit_id), None)
    if unit is None:
        raise HTTPException(404)
    return studio, unit


async def units(request: Request) -> Response:
    user = need_user(request)
    if user.role == "printshop":
        raise HTTPException(403)
    query = request.query_params.get("q", "")
    every = [u for u in studio_of(request).spec_file().spec.units if user.may_see_unit(u.id)]
    found = search_units(every, query)
    return render(request, "units.html", units=found[:200], total=len(found), q=query)


def _upload_of(request: Request, studio: Studio, unit: Unit) -> Upload | None:
    token = request.session.get("lists", {}).get(unit.id)
    upload = studio.uploads.get(token) if isinstance(token, str) else None
    user = need_user(request)
    if upload is None or upload.unit != unit.id or upload.user != user.name:
        return None
    return upload


def _files_of(studio: Studio, unit: Unit) -> list[dict[str, Any]]:
    manifest = read_manifest(studio.config.out)
    entries = [e for e in manifest.entries.values() if e.unit == unit.id]
    shown = [e for e in entries if e.format in ("pdf", "zip") and not e.imposes]
    registry = studio.spec_file()
    labels = {name: t.label or t.title for name, t in registry.spec.templates.items()}
    return [
        {"path": e.path, "name": e.path.rsplit("/", 1)[-1], "pages": e.pages,
         "asset": e.asset, "label": labels.get(e.template or "") or e.asset,
         "bundle": e.format == "zip"}
        for e in sorted(shown, key=lambda e: (e.format != "zip", e.path))
    ]  # fmt: skip


async def unit_page(request: Request) -> Response:
    studio, unit = unit_for(request)
    upload = _upload_of(request, studio, unit)
    job_id = request.query_params.get("job", "")
    job = studio.builds.get(job_id)
    _ = translator(lang_of(request))
    return render(
        request,
        "unit.html",
        unit=unit,
        upload=upload,
        preview_problems=shown(upload.preview_problems, _) if upload else [],
        files=_files_of(studio, unit),
        history=studio.accounts.builds(unit.id),
        job=job if job is not None and job.unit == unit.id else None,
    )


async def upload_list(request: Request) -> Response:
    studio, unit = unit_for(request)
    user = need_user(request)
    _ = translator(lang_of(request))
    try:
        form = await limited(request).form(max_files=1, max_fields=5)
    except TooLarge:
        raise HTTPException(413) from None
    check_csrf(request, form.get("csrf"))
    upload = form.get("list")
    if not isinstance(upload, UploadFile):
        return _list_refused(request, unit, _("Choose a file first."))
    try:
        path = await save_upload(upload, studio.work)
    except TooLarge:
        raise HTTPException(413) from None
    except NotAList:
        message = _("This file is not a staff list: upload an Excel file (.xlsx, .xls) or CSV.")
        return _list_refused(request, unit, message)
    finally:
        await upload.close()
    spec_file = studio.spec_file()
    checked = await run_in_threadpool(check_list, path, spec_file, unit, _)
    token = secrets.token_hex(12)
    entry = Upload(token, user.name, unit.id, path, checked)
    if not checked.problems:
        await run_in_threadpool(_draw_thumbnails, studio, entry)
    _forget(request, studio, unit)
    studio.uploads[token] = entry
    lists = dict(request.session.get("lists", {}))
    lists[unit.id] = token
    request.session["lists"] = lists
    return RedirectResponse(f"/units/{unit.id}#list", status_code=303)


def _list_refused(request: Request, unit: Unit, message: str) -> Response:
    studio = studio_of(request)
    return render(
        request, "unit.html", 400, unit=unit, upload=None, refused=message,
        files=_files_of(studio, unit), history=studio.accounts.builds(unit.id), job=None,
    )  # fmt: skip


def _forget(request: Request, studio: Studio, unit: Unit) -> None:
    """The person's previous upload for `unit`, removed with its folder."""
    old = _upload_of(request, studio, unit)
    if old is not None:
        studio.uploads.pop(old.token, None)
        shutil.rmtree(old.path.parent, ignore_errors=True)


def _draw_thumbnails(studio: Studio, upload: Upload) -> None:
    options = Options(
        spec=studio.config.spec, out=studio.config.out, jobs=1, units=(upload.unit,),
        staff=upload.path,
    )  # fmt: skip
    with studio.render_lock:
        try:
            upload.thumbnails = preview(options, LIST_ASSETS).thumbnails
        except BrandkitError as exc:
            upload.preview_problems = exc.problems


async def thumbnail(request: Request) -> Response:
    studio, unit = unit_for(request)
    upload = _upload_of(request, studio, unit)
    index = request.path_params["index"]
    if upload is None or not 0 <= index < len(upload.thumbnails):
        raise HTTPException(404)
    return Response(upload.thumbnails[index].png, media_type="image/png")


async def start_build(request: Request) -> Response:
    studio, unit = unit_for(request)
    user = need_user(request)
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    upload = _upload_of(request, studio, unit)
    if upload is not None and upload.check.problems:
        raise HTTPException(409)
    job = studio.builds.start(user.name, unit.id, upload.path if upload else None)
    return RedirectResponse(f"/units/{unit.id}?job={job.id}#build", status_code=303)


async def job_status(request: Request) -> Response:
    user = need_user(request)
    job = studio_of(request).builds.get(request.path_params["job"])
    if job is None or not user.may_see_unit(job.unit):
        raise HTTPException(404)
    status = job.status()
    _ = translator(lang_of(request))
    messages = {
        "starting": _("Starting…"),
        "waiting": _("Waiting for another build of this folder to finish…"),
        "running": _("Building…"),
        "done": _("Done."),
        "failed": _("The build stopped: nothing was written."),
    }
    status["message"] = messages[job.state]
    status["problems"] = shown(job.problems, _)
    return JSONResponse(status)


def output_file(out: Path, relative: str) -> tuple[Path, str]:
    """The file at `relative` inside the output folder and its path there, resolved (links
    and `..` followed); 404 for anything outside the folder."""
    root = out.resolve()
    try:
        target = (root / relative).resolve()
    except (OSError, ValueError, RuntimeError):
        raise HTTPException(404) from None
    if not target.is_relative_to(root) or target == root:
        raise HTTPException(404)
    return target, target.relative_to(root).as_posix()


async def download(request: Request) -> Response:
    """A file of the output folder, if this person may have it: a manager only their units'
    files, a print shop only bundles; checked on the resolved path, whatever the URL."""
    user = need_user(request)
    studio = studio_of(request)
    target, path = output_file(studio.config.out, request.path_params["path"])
    parts = path.split("/")
    unit = parts[0] if len(parts) > 1 else None
    if user.role == "printshop":
        allowed = path.endswith("-print-bundle.zip") and len(parts) == 2
    else:
        allowed = user.may_see_unit(unit) or (unit is None and user.may_design())
    if not allowed or path.endswith(".sqlite") or parts[0].startswith("."):
        raise HTTPException(403)
    if not target.is_file():
        raise HTTPException(404)
    return FileResponse(target, filename=target.name)


ROUTES = [
    Route("/units", units),
    Route("/units/{unit}", unit_page),
    Route("/units/{unit}/list", upload_list, methods=["POST"]),
    Route("/units/{unit}/thumbs/{index:int}.png", thumbnail),
    Route("/units/{unit}/build", start_build, methods=["POST"]),
    Route("/jobs/{job}", job_status),
    Route("/files/{path:path}", download),
]
