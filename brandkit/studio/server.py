"""The studio's web application: its routes, sessions signed with the database's secret,
static files, and error pages in the person's language (never a traceback)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from brandkit.errors import BrandkitError
from brandkit.i18n import translator
from brandkit.studio import routes_design, routes_office, routes_people
from brandkit.studio.app import HERE, LoginNeeded, Studio, StudioConfig, lang_of, render, shown

LOG = logging.getLogger("brandkit.studio")

_STATUS_TEXT: dict[int | str, str] = {
    "csrf": "The form has expired. Go back, reload the page and try again.",
    400: "The request could not be understood.",
    403: "You may not open this page or file.",
    404: "There is no such page or file.",
    405: "This address cannot be used that way.",
    409: "Correct the list first.",
    503: "The brand specification has problems: the designer is correcting it. Try again soon.",
    413: "The file is too large: at most 20 MB.",
    500: "Something went wrong. Nothing was changed; try again, and tell the designer if it "
    "happens again.",
}


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    key: int | str = "csrf" if exc.detail == "csrf" else exc.status_code
    message = _STATUS_TEXT.get(key, _STATUS_TEXT[500])
    if request.url.path.endswith(".json") or request.url.path.startswith("/jobs/"):
        _ = translator(lang_of(request))
        return Response(_(message), status_code=exc.status_code, media_type="text/plain")
    return render(request, "error.html", exc.status_code, message=message)


async def server_error(request: Request, exc: Exception) -> Response:
    LOG.exception("error while answering %s", request.url.path, exc_info=exc)
    return render(request, "error.html", 500, message=_STATUS_TEXT[500])


async def spec_broken(request: Request, exc: Exception) -> Response:
    """The spec cannot be read (a designer is editing it): its problems, not a traceback."""
    assert isinstance(exc, BrandkitError)
    problems = shown(exc.problems, translator(lang_of(request)))
    return render(request, "error.html", 503, message=_STATUS_TEXT[503], problems=problems)


async def login_needed(request: Request, exc: Exception) -> Response:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def create_app(config: StudioConfig) -> Starlette:
    """The studio for `config`: routes, sessions signed with the database's secret, static
    files, and error pages in the person's language (never a traceback)."""
    studio = Studio(config)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        studio.close()

    routes = [
        *routes_people.ROUTES,
        *routes_office.ROUTES,
        *routes_design.ROUTES,
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(
            SessionMiddleware,
            secret_key=studio.accounts.secret(),
            session_cookie="brandkit_studio",
            same_site="strict",
            https_only=False,
        )
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={
            HTTPException: http_error,
            LoginNeeded: login_needed,
            BrandkitError: spec_broken,
            Exception: server_error,
        },
    )
    app.state.studio = studio
    return app
