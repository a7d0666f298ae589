"""A unit's Word letterhead template (.docx): A4 with the margins of a Vietnamese administrative
document (Nghị định 30/2020/NĐ-CP), the mark and the unit's hierarchy lines in the header, its
address in the footer, and the body and heading styles set in the brand's fonts."""

from __future__ import annotations

import copy
import io
import math
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph

# Nghị định 30/2020/NĐ-CP, Phụ lục I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
HEADER_DISTANCE_MM = 8.0
FOOTER_DISTANCE_MM = 8.0
LOGO_MM = 16.0


@dataclass(frozen=True)
class Face:
    """A font role as Word names it: the family, and whether it is set bold."""

    family: str
    bold: bool


@dataclass(frozen=True)
class Letterhead:
    """What the letterhead shows and how: the unit's lines, its contacts, the brand's faces
    and colours (hex), the mark as a PNG, and the document's title, author and date."""

    parent_lines: tuple[str, ...]
    name: str
    contacts: tuple[str, ...]
    logo_png: bytes
    body: Face
    heading: Face
    primary: str
    accent: str
    text: str
    title: str
    author: str
    date: tuple[int, int, int, int, int, int]


def _twips(mm: float) -> Twips:
    """A length in Word's twentieths of a point, rounded up: a margin the decree gives as at
    least 15 mm is never 14.99 mm."""
    return Twips(math.ceil(mm * 1440 / 25.4))


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _styles(document: object, body: Face, heading: Face, text: str, primary: str) -> None:
    """Normal in the body face; Title and Heading 1–2 in the heading face, brand blue."""
    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name, normal.font.size, normal.font.bold = body.family, Pt(13), body.bold
    normal.font.color.rgb = _rgb(text)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), body.family)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 18), ("Heading 1", 15), ("Heading 2", 13)):
        style = styles[name]
        style.font.name, style.font.size = heading.family, Pt(size)
        style.font.bold, style.font.italic = heading.bold, False
        style.font.color.rgb = _rgb(primary)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), heading.family)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would win over the brand's


def _rule_below(paragraph: Paragraph, colour: str) -> None:
    """A line under the paragraph (the header's accent rule), as Word's paragraph border."""
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "8"), ("space", "4"), ("color", colour[1:])):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


def _run(paragraph: Paragraph, text: str, face: Face, size: float, colour: str) -> None:
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold = face.family, Pt(size), face.bold
    run.font.color.rgb = _rgb(colour)


def _header(section: object, spec: Letterhead) -> None:
    """The mark beside the unit's lines, the governing body's above its own, over a rule."""
    header = section.header  # type: ignore[attr-defined]
    empty = header.paragraphs[0]._p  # the table comes first, the rule after it
    empty.getparent().remove(empty)
    table = header.add_table(1, 2, Mm(165))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    logo_cell, lines_cell = table.rows[0].cells
    logo_cell.width, lines_cell.width = Mm(LOGO_MM + 4), Mm(161 - LOGO_MM)
    logo_cell.paragraphs[0].add_run().add_picture(io.BytesIO(spec.logo_png), width=Mm(LOGO_MM))
    first = lines_cell.paragraphs[0]
    for n, line in enumerate(spec.parent_lines):
        paragraph = first if n == 0 else lines_cell.add_paragraph()
        _run(paragraph, line.upper(), spec.body, 9, spec.text)
    name = lines_cell.add_paragraph() if spec.parent_lines else first
    _run(name, spec.name.upper(), spec.heading, 11, spec.text)
    _rule_below(header.add_paragraph(), spec.accent)


def _footer(section: object, spec: Letterhead) -> None:
    footer = section.footer  # type: ignore[attr-defined]
    paragraph = footer.paragraphs[0]
    for n, line in enumerate(spec.contacts):
        if n:
            paragraph.add_run().add_break()
        _run(paragraph, line, spec.body, 8, spec.text)


def letterhead_docx(spec: Letterhead) -> bytes:
    """The letterhead as .docx bytes, the same for the same inputs (fixed dates inside and on
    every member of the zip)."""
    # A copy of the page and styles every letterhead of the brand shares: copying the parsed
    # package takes half the time of opening python-docx's template again, and the styles
    # are set once.
    document = copy.deepcopy(_prototype(spec.body, spec.heading, spec.text, spec.primary))
    section = document.sections[0]
    _header(section, spec)
    _footer(section, spec)
    document.add_paragraph("", style="Normal")  # where the letter begins
    properties = document.core_properties
    properties.title, properties.author = spec.title, spec.author
    properties.last_modified_by, properties.revision = spec.author, 1
    stamp = _datetime(spec.date)
    properties.created = properties.modified = properties.last_printed = stamp
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue(), spec.date)


@lru_cache(maxsize=4)
def _prototype(body: Face, heading: Face, text: str, primary: str) -> Any:
    """python-docx's blank document as A4 with the decree's margins, in the brand's styles:
    what every letterhead of the brand starts from (copied, never changed)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = (
        _twips(MARGINS_MM["top"]),
        _twips(MARGINS_MM["bottom"]),
    )
    section.left_margin, section.right_margin = (
        _twips(MARGINS_MM["left"]),
        _twips(MARGINS_MM["right"]),
    )
    section.header_distance = _twips(HEADER_DISTANCE_MM)
    section.footer_distance = _twips(FOOTER_DISTANCE_MM)
    _styles(document, body, heading, text, primary)
    return document


def _datetime(date: tuple[int, int, int, int, int, int]) -> object:
    import datetime as dt

    return dt.datetime(*date, tzinfo=dt.UTC)


def _fixed_zip(data: bytes, date: tuple[int, int, int, int, int, int]) -> bytes:
    """`data` (a zip) again, its members in the same order with one fixed date."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
