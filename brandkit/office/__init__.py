"""Office documents (`brandkit office`): per unit a Word letterhead template, per person an HTML
e-mail signature, both naming the unit by its hierarchy lines, as the printed pieces do:
<out>/<unit>/office/<unit>-letterhead.docx and <out>/<unit>/office/signatures/<person>.html."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

from brandkit.data.staff import Staff
from brandkit.fonts import font_paths
from brandkit.office.signature import Signature, signature_html
from brandkit.office.word import Face, Letterhead, letterhead_docx
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Unit

LOGO_PNG_PX = 256  # the mark's PNG: 16 mm in Word at 400 dpi, 64 px in mail at 4×


def office_date() -> tuple[int, int, int, int, int, int]:
    """The date inside every .docx (the build's fixed document date, so bytes repeat)."""
    from brandkit.render.pdfx import document_date

    when = document_date()
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


def _face(path: Path) -> Face:
    """The family Word knows a font file by, and whether it is the bold of that family."""
    with TTFont(path, lazy=True) as font:
        names = font["name"]
        family = names.getDebugName(16) or names.getDebugName(1) or path.stem
        weight = font["OS/2"].usWeightClass if "OS/2" in font else 400
    return Face(family, weight >= 600)


@dataclass(frozen=True)
class OfficeBrand:
    """The spec's mark, faces and colours, as the office documents use them."""

    name: str
    logo_png: bytes
    body: Face
    heading: Face
    colours: dict[str, str]  # role → hex

    @classmethod
    def of(cls, spec_file: SpecFile) -> OfficeBrand:
        from brandkit.render.raster import logo_png

        spec = spec_file.spec
        logo = spec_file.resolve(next(iter(spec.logos.values())))
        paths = font_paths(spec_file)
        first = next(iter(paths))

        def hex_of(*names: str) -> str:
            name = next((n for n in names if n in spec.colours), next(iter(spec.colours)))
            return spec.colours[name].hex

        return cls(
            name=spec.name, logo_png=logo_png(logo, LOGO_PNG_PX),
            body=_face(paths.get("body", paths[first])),
            heading=_face(paths.get("heading", paths[first])),
            colours={"primary": hex_of("primary"), "accent": hex_of("accent", "primary"),
                     "text": hex_of("text", "black", "ink")},
        )  # fmt: skip

    def letterhead(
        self, unit: Unit, values: dict[str, str], date: tuple[int, int, int, int, int, int]
    ) -> Letterhead:
        contacts = [values.get("address", "")]
        line = " · ".join(
            part for part in (
                f"Đường dây nóng: {values['hotline']}" if values.get("hotline") else "",
                values.get("email", ""), values.get("website", ""),
            ) if part
        )  # fmt: skip
        return Letterhead(
            parent_lines=tuple(p for p in values.get("hierarchy_parent", "").split("\n") if p),
            name=values.get("hierarchy_name") or unit.name,
            contacts=tuple(c for c in (*contacts, line) if c), logo_png=self.logo_png,
            body=self.body, heading=self.heading, primary=self.colours["primary"],
            accent=self.colours["accent"], text=self.colours["text"],
            title=f"Giấy tiêu đề – {unit.name}", author=self.name, date=date,
        )  # fmt: skip

    def letterhead_docx(
        self, unit: Unit, values: dict[str, str], date: tuple[int, int, int, int, int, int]
    ) -> bytes:
        """A unit's Word letterhead template, as .docx bytes."""
        return letterhead_docx(self.letterhead(unit, values, date))

    def signature_html(self, values: dict[str, str], person: Staff) -> bytes:
        """A person's e-mail signature, as UTF-8 HTML."""
        signature = self.signature(values, person.name, person.title, person.phone, person.email)
        return signature_html(signature).encode("utf-8")

    def signature(
        self, values: dict[str, str], name: str, title: str, phone: str, email: str
    ) -> Signature:
        lines = tuple(line for line in values.get("hierarchy", "").split("\n") if line)
        return Signature(
            name=name, title=title, unit_lines=lines, phone=phone, email=email,
            website=values.get("website", ""), hotline=values.get("hotline", ""),
            logo_png=self.logo_png, primary=self.colours["primary"],
            accent=self.colours["accent"], text=self.colours["text"], family=self.body.family,
        )  # fmt: skip
