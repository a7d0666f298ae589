"""A person's e-mail signature as HTML that mail programs keep: a table with inline styles, the
mark as an embedded PNG (a data: URL, so opening it fetches nothing), the person, the unit's
hierarchy lines and the ways to reach them."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape

LOGO_PX = 64  # shown 64 px wide; the PNG holds twice that for sharp high-density screens
FONT_STACK = "Roboto, Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class Signature:
    """What one signature shows, and in which colours (hex) and face."""

    name: str
    title: str
    unit_lines: tuple[str, ...]  # the governing body first, the unit last
    phone: str
    email: str
    website: str
    hotline: str
    logo_png: bytes
    primary: str
    accent: str
    text: str
    family: str


def _cell(text: str, size: int, colour: str, bold: bool = False, top: int = 0) -> str:
    weight = "700" if bold else "400"
    style = (
        f"font-family:{FONT_STACK};font-size:{size}px;line-height:1.35;color:{colour};"
        f"font-weight:{weight};padding:{top}px 0 0 0;margin:0"
    )
    return f'<tr><td style="{style}">{text}</td></tr>'


def _link(href: str, text: str, colour: str) -> str:
    style = f"color:{colour};text-decoration:none"
    return f'<a href="{escape(href)}" style="{style}">{escape(text)}</a>'


def signature_html(s: Signature) -> str:
    """The signature as a small HTML document (UTF-8, Vietnamese), its body the table a mail
    program's signature editor takes."""
    logo = base64.b64encode(s.logo_png).decode("ascii")
    family = f"{escape(s.family)}, {FONT_STACK}" if s.family else FONT_STACK
    rows = [
        _cell(escape(s.name), 16, s.primary, bold=True).replace(FONT_STACK, family, 1),
        _cell(escape(s.title), 13, s.text),
    ]
    for n, line in enumerate(s.unit_lines):
        last = n == len(s.unit_lines) - 1
        rows.append(
            _cell(escape(line.upper()), 11 if last else 10, s.text, bold=last, top=6 * (n == 0))
        )
    contacts = []
    if s.phone:
        tel = "".join(c for c in s.phone if c.isdigit() or c == "+")
        contacts.append("Điện thoại: " + _link(f"tel:{tel}", s.phone, s.text))
    if s.email:
        contacts.append("Email: " + _link(f"mailto:{s.email}", s.email, s.primary))
    if s.hotline:
        contacts.append(f"Đường dây nóng: {escape(s.hotline)}")
    if s.website:
        contacts.append(_link(f"https://{s.website}", s.website, s.primary))
    rows += [_cell(c, 12, s.text, top=6 * (n == 0)) for n, c in enumerate(contacts)]
    image = (
        f'<img src="data:image/png;base64,{logo}" width="{LOGO_PX}" height="{LOGO_PX}" '
        f'alt="Logo" style="display:block;border:0;width:{LOGO_PX}px;height:{LOGO_PX}px">'
    )
    table = (
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0" '
        'style="border-collapse:collapse">'
        f'<tr><td style="vertical-align:top;padding:0 14px 0 0">{image}</td>'
        f'<td style="vertical-align:top;padding:0 0 0 14px;border-left:3px solid {s.accent}">'
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0" '
        f'style="border-collapse:collapse">{"".join(rows)}</table></td></tr></table>'
    )
    title = escape(f"Chữ ký thư điện tử – {s.name}")
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n{table}\n</body>\n</html>\n"
    )
