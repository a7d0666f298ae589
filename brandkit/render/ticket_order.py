"""The job ticket's print order: its lines under the title, and the approval block at its end
("Duyệt in": signature and stamp boxes for the customer and the print shop)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from brandkit.units import mm

# The order's fields as the ticket's header names them, in the order a print shop reads them.
ORDER_LABELS = (
    ("number", "Số đơn hàng"),
    ("customer", "Khách hàng"),
    ("contact", "Người liên hệ"),
    ("phone", "Điện thoại"),
    ("ordered", "Ngày đặt"),
    ("deadline", "Hạn giao"),
    ("delivery", "Địa chỉ giao hàng"),
    ("notes", "Ghi chú"),
)
DATES = ("ordered", "deadline")
NONE = "—"

APPROVAL_TITLE = "DUYỆT IN"
APPROVAL_NOTE = "Chỉ in khi mẫu đã được khách hàng và cơ sở in ký duyệt."
APPROVAL_SIDES = ("Khách hàng duyệt mẫu", "Cơ sở in xác nhận")
SIGNATURE, STAMP = "Ký, ghi rõ họ tên", "Đóng dấu"
DATE_LINE = "Ngày ...... / ...... / ............"

TITLE_SIZE, LABEL_SIZE, SMALL_SIZE = 10.0, 8.0, 6.5
BOX_HEIGHT = mm(26)
STAMP_WIDTH = mm(30)
GAP = mm(4)  # between the two sides, and between the signature and stamp boxes
APPROVAL_HEIGHT = mm(6) + mm(5) + mm(5) + BOX_HEIGHT + mm(6)
"""The block's height: title, note, the sides' names, the boxes, the date line."""


def vietnamese_date(iso: str) -> str:
    """2026-12-06 as Vietnamese write it: 06/12/2026."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def order_lines(order: Mapping[str, Any] | None) -> list[str]:
    """The order's given fields as the ticket's header lines ("Hạn giao: 20/12/2026")."""
    if not order:
        return []
    lines = []
    for key, label in ORDER_LABELS:
        value = order.get(key)
        if value is None or str(value).strip() == "":
            continue
        text = vietnamese_date(str(value)) if key in DATES else str(value)
        lines.append(f"{label}: {text}")
    return lines


def _text(value: Any) -> str:
    return NONE if value is None or str(value).strip() == "" else str(value)


def info_lines(ticket: Mapping[str, Any]) -> list[str]:
    """The job ticket's lines under its title: the unit, the order, the spec, the colour
    profile, the generator and what changed since the previous bundle."""
    lines = []
    unit = ticket.get("unit") or {}
    if unit:
        name = _text(unit.get("name"))
        lines.append(f"Đơn vị: {name} ({unit['id']})" if unit.get("id") else f"Đơn vị: {name}")
    lines += order_lines(ticket.get("order"))
    if ticket.get("spec"):
        lines.append(f"Bộ nhận diện: {ticket['spec']}")
    profile = ticket.get("colour_profile")
    if profile:
        text = _text(profile.get("name"))
        if profile.get("description"):
            text += f" – {profile['description']}"
        if profile.get("file"):
            text += f" · tệp {profile['file']}"
        lines.append(f"Hồ sơ màu: {text}")
    else:
        lines.append(f"Hồ sơ màu: {NONE}")
    if ticket.get("generator"):
        lines.append(f"Phần mềm tạo: {ticket['generator']}")
    # What changed since the previous bundle: what to print again, and only that.
    for note in ticket.get("since_last_bundle") or ():
        lines.append(str(note))
    return lines


def draw_approval(
    canvas: Canvas, fonts: tuple[str, str], x: float, top: float, width: float
) -> None:
    """The approval block, `width` wide, from `top` down by APPROVAL_HEIGHT: a side each for
    the customer and the print shop, each a signature box, a stamp box and a date line.
    `fonts`: the heading and body fonts' registered names."""
    heading, body = fonts
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.setFont(heading, TITLE_SIZE)
    y = top - TITLE_SIZE
    canvas.drawString(x, y, APPROVAL_TITLE)
    canvas.setFillGray(0.4)
    canvas.setFont(body, SMALL_SIZE + 1)
    y -= mm(5)
    canvas.drawString(x, y, APPROVAL_NOTE)
    side_w = (width - GAP) / 2
    canvas.setLineWidth(0.5)
    canvas.setStrokeGray(0.4)
    for i, side in enumerate(APPROVAL_SIDES):
        left = x + i * (side_w + GAP)
        canvas.setFillGray(0)
        canvas.setFont(heading, LABEL_SIZE)
        canvas.drawString(left, y - mm(5), side)
        boxes_top = y - mm(6.5)
        sign_w = side_w - GAP - STAMP_WIDTH
        for bx, bw, label in ((left, sign_w, SIGNATURE), (left + sign_w + GAP, STAMP_WIDTH, STAMP)):
            canvas.rect(bx, boxes_top - BOX_HEIGHT, bw, BOX_HEIGHT, stroke=1, fill=0)
            canvas.setFillGray(0.4)
            canvas.setFont(body, SMALL_SIZE)
            canvas.drawCentredString(bx + bw / 2, boxes_top - mm(3.5), label)
        canvas.setFillGray(0)
        canvas.setFont(body, LABEL_SIZE)
        canvas.drawString(left, boxes_top - BOX_HEIGHT - mm(4.5), DATE_LINE)
    canvas.restoreState()
