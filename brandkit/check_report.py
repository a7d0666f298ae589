"""The brand rules' report for people: each rule's name and the texts of its findings as
catalogued messages, and the table `brandkit check` prints in the reader's language (the rule
ids of the JSON report stay English: scripts read them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from brandkit.i18n import Message, translator

if TYPE_CHECKING:
    from brandkit.check import CheckReport

RULES = (
    "contrast",
    "letter_height",
    "fit",
    "glyphs",
    "qr_quiet_zone",
    "die_clearance",
    "empty",
    "words",
    "short_form",
    "print_inks",
    "qr_modules",
)
"""Every rule, in the order reports list them."""

RULE_NAMES = {
    "contrast": Message("contrast"),
    "letter_height": Message("letter height"),
    "fit": Message("fit"),
    "glyphs": Message("glyphs"),
    "qr_quiet_zone": Message("qr quiet zone"),
    "die_clearance": Message("die clearance"),
    "empty": Message("empty"),
    "words": Message("words"),
    "short_form": Message("short form"),
    "print_inks": Message("print inks"),
    "qr_modules": Message("qr modules"),
}
"""A rule's name for people (its id with spaces, in English)."""

TABLE_PARTS = {
    "cells": Message("cells"),
    "header": Message("header"),
    "headings": Message("headings"),
    "green mark": Message("green mark"),
}
"""A table's parts, as findings name them."""


def passed(rule: str, texts: int) -> Message:
    """The finding of `rule` (words, short_form or empty) when it found nothing to report;
    `texts`: the texts set."""
    if rule == "words":
        return Message("{texts} texts set with their words whole", texts=texts)
    if rule == "short_form":
        return Message("every text in its full form")
    return Message("every person has the fields it shows")


def texts_set(count: int) -> Message:
    return Message("{count} texts set", count=count)


def ground_name(ground: str | None) -> str:
    """A colour's name, or the paper where nothing is printed."""
    return ground or Message("paper")


def knocked_out(colour: str, ground: str, count: int) -> Message:
    return Message(
        "{colour} knocked out of {ground}, {count} inks: misregistration fills it in",
        colour=colour, ground=ground, count=count,
    )  # fmt: skip


def not_solid(colour: str, count: int, ground: str | None) -> Message:
    what = Message("a tint") if count == 1 else Message("{count} inks", count=count)
    return Message(
        "{colour} is {what} on {ground}: use one solid ink (100 % K, overprinting)",
        colour=colour, what=what, ground=ground_name(ground),
    )  # fmt: skip


def ink_mark(is_text: bool, size: float, unit: str | None, problem: str, colour: str) -> Message:
    """A small text's or a hairline's print_inks finding."""
    what = (
        Message("text {size} pt", size=f"{size:g}")
        if is_text
        else Message("rule {size} pt", size=f"{size:.2g}")
    )
    where = f" ({unit})" if unit and problem else ""
    verdict = problem or Message("{colour}, one solid ink or knocked out cleanly", colour=colour)
    return Message("{what}{where}: {verdict}", what=what, where=where, verdict=verdict)


def table_ink(part: str, size: float, problem: str, colour: str, fill: str | None) -> Message:
    """A table part's print_inks finding."""
    verdict = problem or Message("{colour} on {ground}", colour=colour, ground=ground_name(fill))
    return Message(
        "{part}: text {size} pt: {verdict}",
        part=TABLE_PARTS[part], size=f"{size:.3g}", verdict=verdict,
    )  # fmt: skip


def table_rules_ink(width: float, problem: str, colour: str) -> Message:
    verdict = problem or Message("{colour}, one solid ink", colour=colour)
    return Message("rules {width} pt: {verdict}", width=f"{width:g}", verdict=verdict)


def table_contrast(
    part: str, colour: str, fill: str | None, ratio: float, large: bool, size: float, limit: float
) -> Message:
    return Message(
        "{part}: {colour} on {ground}: {ratio}:1 ({kind} {size} pt; needs {limit}:1)",
        part=TABLE_PARTS[part], colour=colour, ground=ground_name(fill), ratio=f"{ratio:.2f}",
        kind=Message("large text") if large else Message("text"), size=f"{size:g}",
        limit=f"{limit:g}",
    )  # fmt: skip


def table_letter_height(
    part: str, cap_mm: float, size: float, distance_m: float, needed_mm: float
) -> Message:
    return Message(
        "{part}: cap height {cap} mm at {size} pt; read from {distance} m it needs {needed} mm",
        part=TABLE_PARTS[part], cap=f"{cap_mm:.1f}", size=f"{size:g}",
        distance=f"{distance_m:g}", needed=f"{needed_mm:.1f}",
    )  # fmt: skip


def quiet_zone_entered(intruder: str, module_mm: float, who: str) -> Message:
    return Message(
        "{intruder} enters the quiet zone of 4 modules ({width} mm) around the code ({who})",
        intruder=intruder, width=f"{4 * module_mm:.1f}", who=who,
    )  # fmt: skip


def quiet_zones_kept(count: int) -> Message:
    return Message("{count} QR code(s) with 4 modules of light ground around", count=count)


def element_column(element: str | None, _: Callable[..., str]) -> str:
    """The element as the table names it: a table's part ("procedures cells") in the reader's
    language."""
    for part, name in (*TABLE_PARTS.items(), ("rules", Message("rules"))):
        if element and element.endswith(f" {part}"):
            return f"{element[: -len(part)]}{_(name)}"
    return element or ""


def rule_column(rule: str, _: Callable[..., str]) -> str:
    """The rule as the table's first column names it: its id in English, its name otherwise."""
    name = RULE_NAMES[rule]
    shown = _(name)
    return rule if shown == name else shown


def format_report(report: CheckReport, _: Callable[..., str] | None = None) -> str:
    """The report as a table for people: a row per rule, template and element, failures
    first and located, then a verdict per rule; in the language of `_` (a
    `brandkit.i18n.translator`; English by default)."""
    _ = _ or translator("en")
    rows = [(_("RULE"), _("TEMPLATE"), _("ELEMENT"), _("RESULT"), _("DETAIL"))]
    ordered = sorted(
        report.findings,
        key=lambda f: (f.ok, f.warning, RULES.index(f.rule), f.template, f.size),
    )
    for f in ordered:
        template = f"{f.template} ({f.size})" if f.size else f.template
        detail = _(f.message) if f.ok or not f.where else f"{f.where}: {_(f.message)}"
        result = _("ok") if f.ok else _("warn") if f.warning else _("FAIL")
        element = element_column(f.element, _)
        rows.append((rule_column(f.rule, _), template, element, result, detail))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
        for r in rows
    ]
    lines.append("")
    for rule in RULES:
        checked = [f for f in report.findings if f.rule == rule]
        failed = [f for f in checked if not f.ok and not f.warning]
        warned = len(checked) - len(failed) - sum(1 for f in checked if f.ok)
        verdict = _("{count} failed", count=len(failed)) if failed else _("ok")
        verdict += _(", {count} warned", count=warned) if warned else ""
        name = _(RULE_NAMES[rule])
        lines.append(
            _("{rule}: {verdict} ({count} checked)", rule=name, verdict=verdict, count=len(checked))
        )
    lines.append(_("All brand rules pass.") if report.ok else _("Some brand rules fail."))
    return "\n".join(line.rstrip() for line in lines)
