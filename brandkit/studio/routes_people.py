"""Who is using the studio: home, logging in and out, the language switch, and the print
shop's list of bundles ready to download."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from brandkit.build.bundle import previous_ticket
from brandkit.i18n import LANGUAGES
from brandkit.studio.app import (
    check_csrf,
    need_user,
    render,
    studio_of,
)


def local_path(target: object, default: str = "/") -> str:
    """`target` when it is a path of this site (never another site's address)."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//"):
        return target if "\\" not in target else default
    return default


async def home(request: Request) -> Response:
    user = need_user(request)
    if user.role == "printshop":
        return RedirectResponse("/bundles", status_code=303)
    if user.role == "designer":
        return RedirectResponse("/design", status_code=303)
    if user.role == "manager" and len(user.units) == 1:
        return RedirectResponse(f"/units/{user.units[0]}", status_code=303)
    return RedirectResponse("/units", status_code=303)


async def login_page(request: Request) -> Response:
    if not studio_of(request).accounts_required:
        return RedirectResponse("/", status_code=303)
    next_page = local_path(request.query_params.get("next"))
    return render(request, "login.html", next_page=next_page, failed=False)


async def login(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    studio = studio_of(request)
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    next_page = local_path(form.get("next"))
    user = studio.accounts.verify(name, password) if name and password else None
    if user is None:
        time.sleep(0.2)  # guessing passwords stays slow
        return render(request, "login.html", 401, next_page=next_page, failed=True, name=name)
    request.session.clear()
    request.session["user"] = user.name
    return RedirectResponse(next_page, status_code=303)


async def logout(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


async def switch_language(request: Request) -> Response:
    code = request.path_params["code"]
    if code not in LANGUAGES:
        raise HTTPException(404)
    response = RedirectResponse(local_path(request.query_params.get("next")), status_code=303)
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="lax")
    return response


async def bundles(request: Request) -> Response:
    """The print shop's page: every unit's bundle in the output folder, with its ticket."""
    user = need_user(request)
    if not user.may_read_bundles():
        raise HTTPException(403)
    out = studio_of(request).config.out
    found = sorted(out.glob("*/*-print-bundle.zip"), key=lambda p: -p.stat().st_mtime)
    ready = [_bundle_row(out, path) for path in found]
    return render(request, "bundles.html", bundles=ready)


def _bundle_row(out: Path, path: Path) -> dict[str, Any]:
    ticket = previous_ticket(path) or {}
    stat = path.stat()
    unit = ticket.get("unit") if isinstance(ticket.get("unit"), dict) else {}
    return {
        "path": path.relative_to(out).as_posix(),
        "unit": (unit or {}).get("name") or path.parent.name,
        "at": stat.st_mtime,
        "size_kb": max(1, round(stat.st_size / 1024)),
        "items": [i for i in ticket.get("items", []) if isinstance(i, dict)],
        "notes": [n for n in ticket.get("since_last_bundle", []) if isinstance(n, str)],
    }


ROUTES = [
    Route("/", home),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/lang/{code}", switch_language),
    Route("/bundles", bundles),
]
