"""Preflight a print bundle as delivered: every PDF inside the zip, read in memory.

Nothing is unpacked to disk, so a member named `../../etc/x` cannot land anywhere; such a name
is still an error (a print shop's unzip would follow it). Sizes are bounded as preflight's
are: a member over the file limit, too many members, or a zip bomb is refused, not read.
Only the bundle's own `job-ticket.pdf` and `proof.pdf` may be documents not for press; every
other PDF is checked as a print file, whatever it says about itself.
"""

from __future__ import annotations

import json
import posixpath
import zipfile
import zlib
from pathlib import Path

from brandkit.i18n import Message
from brandkit.preflight.documents import preflight_file
from brandkit.preflight.limits import MAX_FILE_BYTES, mib
from brandkit.preflight.report import ERROR, FileReport, Finding, short
from brandkit.units import mm

MAX_MEMBERS = 10_000  # a unit's bundle holds a few dozen files
MAX_BUNDLE_BYTES = 4 * MAX_FILE_BYTES  # all members together, uncompressed
DOCUMENTS = {"job-ticket.pdf": "job-ticket", "proof.pdf": "proof"}
TICKET_JSON = "job-ticket.json"


def is_bundle(path: Path) -> bool:
    """Whether `path` is a zip file (by its content, not its name)."""
    return path.is_file() and zipfile.is_zipfile(path)


def unsafe_name(name: str) -> bool:
    """Whether a member's name would leave the folder it is unpacked into (zip-slip): absolute,
    a drive, a backslash, or a `..` part."""
    if not name or name.startswith("/") or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in posixpath.normpath(name).split("/") or ".." in name.split("/")


def preflight_bundle(
    path: Path, display: str | None = None, *, safe_margin: float = mm(3), min_dpi: float = 300
) -> list[FileReport]:
    """A report per PDF in the bundle at `path` (named `bundle.zip:member`), and one for the
    bundle itself when its structure is at fault (unsafe names, sizes, a missing file)."""
    shown = display or str(path)
    problems: list[Finding] = []
    reports: list[FileReport] = []
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_MEMBERS:
                limit = Message("more than {count} files in the bundle", count=MAX_MEMBERS)
                return [FileReport(shown, 0, [Finding("limits", ERROR, limit)], None)]
            total = sum(m.file_size for m in members)
            if total > MAX_BUNDLE_BYTES:
                limit = Message(
                    "the bundle unpacks to more than {limit}", limit=mib(MAX_BUNDLE_BYTES)
                )
                return [FileReport(shown, 0, [Finding("limits", ERROR, limit)], None)]
            names = {m.filename for m in members}
            for member in members:
                report = _member(archive, member, shown, problems, safe_margin, min_dpi)
                if report is not None:
                    reports.append(report)
            problems += _ticket_problems(archive, names)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, RuntimeError) as exc:
        reason = Message("not a readable zip ({reason})", reason=short(exc))
        return [FileReport(shown, 0, [Finding("file", ERROR, reason)], None)]
    if not reports:
        problems.append(Finding("file", ERROR, Message("no PDF in the bundle")))
    if problems:
        reports.insert(0, FileReport(shown, 0, problems, None))
    return reports


def _member(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    shown: str,
    problems: list[Finding],
    safe_margin: float,
    min_dpi: float,
) -> FileReport | None:
    """Preflight one member, if it is a PDF that may be read; else note why not."""
    name = member.filename
    if unsafe_name(name):
        problems.append(
            Finding("file", ERROR, Message("unsafe file name in the bundle: {name!r}", name=name))
        )
        return None
    if not name.lower().endswith(".pdf"):
        return None
    display = f"{shown}:{name}"
    if member.file_size > MAX_FILE_BYTES:
        limit = Message("the file is larger than {limit}", limit=mib(MAX_FILE_BYTES))
        return FileReport(display, 0, [Finding("limits", ERROR, limit)], None)
    with archive.open(member) as stream:  # the header's size may lie: read one byte more
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        limit = Message("the file is larger than {limit}", limit=mib(MAX_FILE_BYTES))
        return FileReport(display, 0, [Finding("limits", ERROR, limit)], None)
    as_print = name not in DOCUMENTS
    return preflight_file(
        data, display, safe_margin=safe_margin, min_dpi=min_dpi, as_print=as_print
    )


def _ticket_problems(archive: zipfile.ZipFile, names: set[str]) -> list[Finding]:
    """The job ticket's list of files against what the bundle holds."""
    if TICKET_JSON not in names:
        return [Finding("file", ERROR, Message("the bundle has no {name}", name=TICKET_JSON))]
    info = archive.getinfo(TICKET_JSON)
    if info.file_size > MAX_FILE_BYTES:
        limit = Message("the file is larger than {limit}", limit=mib(MAX_FILE_BYTES))
        return [Finding("limits", ERROR, limit)]
    try:
        ticket = json.loads(archive.read(TICKET_JSON).decode("utf-8"))
        listed = [str(f) for f in ticket.get("files", [])]
    except (ValueError, AttributeError, TypeError) as exc:
        reason = Message("{name} cannot be read ({reason})", name=TICKET_JSON, reason=short(exc))
        return [Finding("file", ERROR, reason)]
    missing = sorted(set(listed) - names)
    unlisted = sorted(n for n in names - set(listed) - {TICKET_JSON} if n.endswith(".pdf"))
    findings = []
    if missing:
        findings.append(
            Finding(
                "file", ERROR,
                Message("the job ticket lists files the bundle lacks: {files}",
                        files=", ".join(missing)),
            )
        )  # fmt: skip
    if unlisted:
        findings.append(
            Finding(
                "file", ERROR,
                Message("PDFs in the bundle the job ticket does not list: {files}",
                        files=", ".join(unlisted)),
            )
        )  # fmt: skip
    return findings
