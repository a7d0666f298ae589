"""Logo variants the brand manual draws to show what must not be done with the mark: pulled out
of proportion and recoloured (reportlab stays in render/)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group

from brandkit.layout.page import Ink
from brandkit.render.logos import load_logo
from brandkit.render.pdf import PdfRenderer


def _scaled(drawing: Drawing, sx: float, sy: float) -> Drawing:
    out = Drawing(drawing.width * sx, drawing.height * sy)
    out.add(Group(*drawing.contents, transform=(sx, 0, 0, sy, 0, 0)))
    return out


def add_misuse_logos(
    renderer: PdfRenderer, logo: str, path: Path, inks: dict[str, Ink], wrong: Ink
) -> None:
    """Give `renderer` the variants of `logo`, drawn by the names `<logo>--misuse-stretched`
    (1.6 × as wide), `--misuse-squeezed` (0.6 × as tall) and `--misuse-recoloured` (every
    colour but white printed in `wrong`)."""
    drawing = renderer.logos[logo]
    renderer.logos[f"{logo}--misuse-stretched"] = _scaled(drawing, 1.6, 1.0)
    renderer.logos[f"{logo}--misuse-squeezed"] = _scaled(drawing, 1.0, 0.6)
    white = (0.0, 0.0, 0.0, 0.0)
    recoloured = {
        name: ink if ink.cmyk == white else replace(ink, cmyk=wrong.cmyk, spot=None)
        for name, ink in inks.items()
    }
    renderer.logos[f"{logo}--misuse-recoloured"] = load_logo(path, recoloured, str(path))
