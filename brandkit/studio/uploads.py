"""Uploaded staff lists: the body read with a size limit while it streams, the file's kind
told from its bytes (never from its name), kept in a temporary folder of the studio."""

from __future__ import annotations

import secrets
import zipfile
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.types import Message

from brandkit.data.table import decode_list
from brandkit.errors import DataError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the list readers' own limit (MAX_XLSX_BYTES and kin)
FORM_OVERHEAD_BYTES = 64 * 1024  # multipart boundaries, headers and the form's small fields
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # every .xls (a Compound File) starts with this


class TooLarge(Exception):
    """The request body is over the limit (answered 413)."""


class NotAList(Exception):
    """The bytes are no spreadsheet or text list (answered with a message, not a traceback)."""


def limited(request: Request, limit: int = MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES) -> Request:
    """`request` whose body raises TooLarge as soon as more than `limit` bytes have come in
    (a declared Content-Length over it is refused before anything is read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    seen = 0
    receive = request.receive

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
        return message

    return Request(request.scope, counted)


def sniff(path: Path) -> str:
    """The list's kind from its content: "xlsx" (a zip with a workbook part), "xls" (an OLE2
    file) or "csv" (text in an encoding the list readers know). NotAList otherwise."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist()[:2000])
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise NotAList("zip") from exc
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        raise NotAList("zip")
    if head == OLE2:
        return "xls"
    try:
        text, _ = decode_list(path.read_bytes(), "upload")
    except DataError as exc:
        raise NotAList("binary") from exc
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\r\n")
    if controls:  # Windows-1252 decodes any bytes at all: a list typed by people has none
        raise NotAList("binary")
    return "csv"


async def save_upload(upload: UploadFile, folder: Path) -> Path:
    """The uploaded file in a new folder under `folder`, named by its sniffed kind
    (`list.xlsx`, `list.xls`, `list.csv`); the client's file name is never used."""
    target = folder / secrets.token_hex(12)
    target.mkdir(mode=0o700, parents=True)
    raw = target / "upload.bin"
    size = 0
    with raw.open("wb") as handle:
        while chunk := await upload.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise TooLarge
            handle.write(chunk)
    if size == 0:
        raise NotAList("empty")
    kind = sniff(raw)
    return raw.rename(target / f"list.{kind}")
