"""The studio's application: its state (config, accounts, builds, uploads, previews), the
Starlette app with sessions, CSRF checks, the language switch and error pages."""

from __future__ import annotations

import ipaddress
import logging
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from brandkit.build import Thumbnail
from brandkit.errors import Problem
from brandkit.i18n import DEFAULT_LANGUAGE, LANGUAGES, translator
from brandkit.spec.load import SpecFile, load_spec
from brandkit.studio.accounts import LOCAL_USER, Accounts, User
from brandkit.studio.jobs import Builds
from brandkit.studio.lists import ListCheck

HERE = Path(__file__).parent
LOG = logging.getLogger("brandkit.studio")


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class StudioConfig:
    spec: Path
    out: Path
    database: Path
    host: str = "127.0.0.1"


@dataclass
class Upload:
    """A staff list an office manager uploaded, checked, and its thumbnails once drawn."""

    token: str
    user: str
    unit: str
    path: Path
    check: ListCheck
    thumbnails: list[Thumbnail] = field(default_factory=list)
    preview_problems: list[Problem] = field(default_factory=list)


class Studio:
    """Everything the routes share: held by the app, never in a module global."""

    def __init__(self, config: StudioConfig) -> None:
        self.config = config
        self.accounts = Accounts(config.database)
        self.builds = Builds(config.spec, config.out, self.accounts)
        self.work = Path(tempfile.mkdtemp(prefix="brandkit-studio-"))
        self.uploads: dict[str, Upload] = {}
        self.previews: dict[str, Any] = {}  # designer previews by key (see routes_design)
        self.render_lock = threading.Lock()  # reportlab's registries are per process
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html"]),
        )
        self.env.filters["when"] = when
        self._spec: tuple[int, SpecFile] | None = None

    @property
    def accounts_required(self) -> bool:
        return not is_loopback(self.config.host) or self.accounts.exists()

    def spec_version(self) -> int:
        """The spec file's modification time: a designer's save changes it."""
        try:
            return self.config.spec.stat().st_mtime_ns
        except OSError:
            return 0

    def spec_file(self) -> SpecFile:
        """The spec as last saved (loaded again when the file changes)."""
        version = self.spec_version()
        if self._spec is None or self._spec[0] != version:
            self._spec = (version, load_spec(self.config.spec))
        return self._spec[1]

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def shown(problems: list[Problem] | list[str], _: Callable[..., str]) -> list[str]:
    """Problems as the person reads them: located, in their language."""
    return [p.in_language(_) if isinstance(p, Problem) else _(p) for p in problems]


def when(timestamp: float) -> str:
    """A moment as offices write it: 06/12/2026 09:41 (the server's local time)."""
    return time.strftime("%d/%m/%Y %H:%M", time.localtime(timestamp))


def studio_of(request: Request) -> Studio:
    studio: Studio = request.app.state.studio
    return studio


def lang_of(request: Request) -> str:
    lang = request.cookies.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, token: object) -> None:
    """A POST whose form does not carry this session's token is refused (403)."""
    expected = request.session.get("csrf")
    if not (isinstance(token, str) and isinstance(expected, str)):
        raise HTTPException(403, "csrf")
    if not secrets.compare_digest(token, expected):
        raise HTTPException(403, "csrf")


class LoginNeeded(Exception):
    """No one is logged in where accounts are required."""


def current_user(request: Request) -> User | None:
    studio = studio_of(request)
    if not studio.accounts_required:
        return LOCAL_USER
    name = request.session.get("user")
    return studio.accounts.get(name) if isinstance(name, str) else None


def need_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise LoginNeeded
    return user


def render(request: Request, page: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The page `page`, in the person's language, with their name and the form token."""
    lang = lang_of(request)
    studio = studio_of(request)
    html = studio.env.get_template(page).render(
        request=request,
        _=translator(lang),
        lang=lang,
        user=current_user(request),
        accounts=studio.accounts_required,
        csrf=csrf_token(request),
        **context,
    )
    return HTMLResponse(html, status_code=status)
