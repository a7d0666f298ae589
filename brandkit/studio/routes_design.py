"""The designer's pages: chosen templates of a chosen unit drawn again whenever the spec file
is saved, beside its validation problems (file:line) and the brand-rule table; and a contact
sheet of every asset of a unit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from brandkit.build import Options, Thumbnail, check, preview
from brandkit.errors import BrandkitError, Problem
from brandkit.i18n import translator
from brandkit.spec.load import load_spec
from brandkit.studio.app import Studio, lang_of, need_user, render, shown, studio_of

KEEP_PREVIEWS = 12  # previews kept in memory (a few designers, a few units each)


@dataclass
class DesignPreview:
    """What the designer page shows for one spec version, unit and set of templates."""

    key: str
    version: int
    thumbnails: list[Thumbnail] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)


def _chosen(request: Request) -> tuple[Studio, str, tuple[str, ...]]:
    user = need_user(request)
    if not user.may_design():
        raise HTTPException(403)
    studio = studio_of(request)
    unit = request.query_params.get("unit", "")
    templates = tuple(sorted(set(request.query_params.getlist("t"))))
    return studio, unit, templates


def make_preview(studio: Studio, unit: str, templates: tuple[str, ...]) -> DesignPreview:
    """The preview of `templates` (all when empty) for `unit` at the spec's current version;
    remembered, so polling costs a file's stat until the designer saves."""
    version = studio.spec_version()
    key = hashlib.sha256(repr((version, unit, templates)).encode()).hexdigest()[:16]
    cached = studio.previews.get(key)
    if isinstance(cached, DesignPreview):
        return cached
    result = DesignPreview(key, version)
    options = Options(
        spec=studio.config.spec, out=studio.config.out, jobs=1, units=(unit,) if unit else (),
        templates=templates,
    )  # fmt: skip
    with studio.render_lock:
        try:
            result.thumbnails = preview(options).thumbnails
            report, _ = check(options)
            result.rules = [_rule_row(f) for f in report.findings]
        except BrandkitError as exc:
            result.problems = exc.problems
    studio.previews[key] = result
    for old in list(studio.previews)[:-KEEP_PREVIEWS]:
        studio.previews.pop(old, None)
    return result


def _rule_row(finding: Any) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "template": finding.template,
        "element": finding.element or "",
        "ok": finding.ok,
        "value": finding.value,
        "limit": finding.limit,
        "message": finding.message,
    }


def _unit_choices(studio: Studio) -> tuple[list[Any], dict[str, str]]:
    """The units and the templates (name → what the designer calls it) of the spec."""
    try:
        spec = load_spec(studio.config.spec).spec
    except BrandkitError:
        return [], {}
    labels = {name: t.title or t.label or name for name, t in spec.templates.items()}
    return list(spec.units), labels


async def design(request: Request) -> Response:
    studio, unit, templates = _chosen(request)
    units, labels = await run_in_threadpool(_unit_choices, studio)
    if not unit and units:
        unit = units[0].id
    if not templates and labels:
        templates = (next(iter(labels)),)
    return render(
        request, "design.html", units=units, labels=labels, unit=unit, templates=templates
    )


async def design_state(request: Request) -> Response:
    """What the page shows now: unchanged (`since` is the current version) or all of it."""
    studio, unit, templates = _chosen(request)
    since = request.query_params.get("since", "")
    version = studio.spec_version()
    if since == str(version):
        return JSONResponse({"version": str(version), "same": True})
    result = await run_in_threadpool(make_preview, studio, unit, templates)
    _, labels = await run_in_threadpool(_unit_choices, studio)
    _ = translator(lang_of(request))
    return JSONResponse(
        {
            "version": str(result.version),
            "same": False,
            "images": [
                {
                    "src": f"/design/img/{result.key}/{i}.png",
                    "caption": f"{labels.get(t.template, t.template)} · "
                    f"{_('page {page}', page=t.page)} · {t.who}",
                }
                for i, t in enumerate(result.thumbnails)
            ],
            "problems": shown(result.problems, _),
            "rules": [_translated_rule(r, labels, _) for r in result.rules],
        }
    )


_RULES = {
    "contrast": "Contrast",
    "letter_height": "Letter height",
    "fit": "Text fits",
    "glyphs": "Characters in the font",
}


def _translated_rule(row: dict[str, Any], labels: dict[str, str], _: Any) -> dict[str, Any]:
    value, limit = row["value"], row["limit"]
    measured = "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")
    if limit is not None:
        measured += f" / {limit:.2f}".rstrip("0").rstrip(".")
    return {
        "rule": _(_RULES.get(row["rule"], row["rule"])),
        "template": labels.get(row["template"], row["template"]),
        "element": row["element"],
        "ok": row["ok"],
        "result": _("passes") if row["ok"] else _("fails"),
        "measured": measured,
    }


async def design_image(request: Request) -> Response:
    studio, _, _ = _chosen(request)
    result = studio.previews.get(request.path_params["key"])
    index = request.path_params["index"]
    if not isinstance(result, DesignPreview) or not 0 <= index < len(result.thumbnails):
        raise HTTPException(404)
    return Response(result.thumbnails[index].png, media_type="image/png")


async def contact_sheet(request: Request) -> Response:
    studio, unit, _ = _chosen(request)
    units, labels = await run_in_threadpool(_unit_choices, studio)
    if not unit and units:
        unit = units[0].id
    result = await run_in_threadpool(make_preview, studio, unit, ())
    problems = shown(result.problems, translator(lang_of(request)))
    return render(
        request, "sheet.html", units=units, unit=unit, result=result, labels=labels,
        problems=problems,
    )  # fmt: skip


ROUTES = [
    Route("/design", design),
    Route("/design/state.json", design_state),
    Route("/design/img/{key}/{index:int}.png", design_image),
    Route("/design/sheet", contact_sheet),
]
