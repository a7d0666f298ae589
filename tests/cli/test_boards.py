"""`brandkit boards` on a long, realistic procedure list, checked in the PDFs it writes.

The list (built here, ~120 procedures of Phường Tây Hồ in six fields, with Vietnamese headers,
names up to 300 characters, NFD-decomposed rows and every spelling of a green-lane mark) goes
through the command line once as CSV and once as XLSX; the tests then read the board and
handout PDFs back: text with pdfium (every character with its origin and size), font sizes
from the content stream's `Tf`, QR codes by rasterising the QR column and decoding it.

What a board must show, read from the PDF alone:

- every procedure of the unit, its name in full, in order (fields in order of first
  appearance, each field's procedures in file order), numbered 1…N across the boards;
- no row split between boards, the table header and "Bảng i/n" on every board, no field
  heading left at the foot of a board, "(tiếp theo)" on a field continued on the next;
- a QR code per row that reads as the row's own page on the National Public Service Portal,
  beside its row's text (both centred down the row);
- the table at one size per list, never below the readable minimum (16.75 pt on A0, 9 pt on
  A4), a longer list taking more boards.
"""

from __future__ import annotations

import csv
import ctypes
import functools
import itertools
import json
import random
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from click.testing import Result

from brandkit.build.plan import board_pages as lay_out_boards
from brandkit.data.procedures import procedures_for, read_procedures
from brandkit.fonts import load_fonts
from brandkit.layout.table import Entry, Setting, Table
from brandkit.layout.table import Heading as LaidHeading
from brandkit.layout.template import Layout, make_inks
from brandkit.spec import load_spec
from brandkit.spec.model import TableElement
from tests.cli.conftest import invoke, snapshot, written_files
from tests.conftest import SAMPLE_SPEC
from tests.render.pdfcheck import inside, page_box

PT_PER_MM = 72 / 25.4
UNIT = "phuong-tay-ho"
OTHER_UNIT = "Chi nhánh số 3"  # chi-nhanh-03
QR_URL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={}"
HEADERS = (
    "Mã thủ tục",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Làn xanh",
    "Đơn vị",
)
BOARD = "phuong-tay-ho/boards/phuong-tay-ho-procedure-board.pdf"
HANDOUT = "phuong-tay-ho/boards/phuong-tay-ho-procedure-handout.pdf"

# ---- The procedure list -------------------------------------------------------------------

LAND_300 = (
    "Thủ tục cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn "
    "liền với đất lần đầu đối với tổ chức, cơ sở tôn giáo; người Việt Nam định cư ở nước ngoài "
    "thực hiện dự án đầu tư; tổ chức nước ngoài, cá nhân nước ngoài; doanh nghiệp có vốn đầu tư "
    "nước ngoài thực hiện dự án đầu tư"
)
LAND_266 = (
    "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong các "
    "trường hợp chuyển đổi, chuyển nhượng, cho thuê, cho thuê lại, thừa kế, tặng cho, góp vốn "
    "bằng quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất; giảm diện tích thửa do sạt lở"
)
CIVIL_LONG = (
    "Liên thông các thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế "
    "độ tử tuất, trợ cấp mai táng, hỗ trợ chi phí mai táng, hưởng mai táng phí đối với người "
    "có công với cách mạng, người đang hưởng lương hưu, trợ cấp bảo hiểm xã hội hằng tháng"
)

FIELDS: dict[str, list[str]] = {
    "Hộ tịch": [
        "Thủ tục đăng ký khai sinh",
        "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con",
        "Thủ tục đăng ký lại khai sinh",
        "Thủ tục đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân",
        "Thủ tục đăng ký kết hôn",
        "Thủ tục đăng ký lại kết hôn",
        "Thủ tục đăng ký khai tử",
        "Thủ tục đăng ký lại khai tử",
        "Thủ tục đăng ký nhận cha, mẹ, con",
        "Thủ tục đăng ký giám hộ",
        "Thủ tục đăng ký chấm dứt giám hộ",
        "Thủ tục đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc",
        "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        "Thủ tục cấp bản sao Trích lục hộ tịch",
        "Thủ tục ghi vào Sổ hộ tịch việc hộ tịch của công dân Việt Nam đã được giải quyết tại "
        "cơ quan có thẩm quyền của nước ngoài (ly hôn, hủy việc kết hôn trái pháp luật)",
        "Thủ tục đăng ký khai sinh lưu động",
        "Thủ tục đăng ký kết hôn lưu động",
        "Thủ tục đăng ký khai tử lưu động",
        "Liên thông các thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ "
        "bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        CIVIL_LONG,
        "Thủ tục đăng ký giám sát việc giám hộ",
        "Thủ tục đăng ký chấm dứt giám sát việc giám hộ",
        "Thủ tục đăng ký nhận con nuôi trong nước",
        "Thủ tục đăng ký lại việc nuôi con nuôi trong nước",
        "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân cho công dân Việt Nam cư trú ở trong "
        "nước để đăng ký kết hôn với người nước ngoài tại cơ quan có thẩm quyền của nước ngoài",
    ],
    "Chứng thực": [
        "Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm "
        "quyền của Việt Nam cấp hoặc chứng nhận",
        "Thủ tục chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng "
        "thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ "
        "được)",
        "Thủ tục chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
        "Thủ tục sửa lỗi sai sót trong hợp đồng, giao dịch",
        "Thủ tục cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
        "Thủ tục chứng thực di chúc",
        "Thủ tục chứng thực văn bản từ chối nhận di sản",
        "Thủ tục chứng thực văn bản thỏa thuận phân chia di sản mà di sản là động sản, quyền sử "
        "dụng đất, quyền sử dụng đất và tài sản gắn liền với đất",
        "Thủ tục chứng thực văn bản khai nhận di sản mà di sản là động sản, quyền sử dụng đất, "
        "quyền sử dụng đất và tài sản gắn liền với đất",
        "Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử "
        "dụng đất và nhà ở",
        "Thủ tục chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật của Phòng "
        "Tư pháp",
        "Thủ tục chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật",
        "Thủ tục chứng thực hợp đồng ủy quyền",
        "Thủ tục cấp bản sao từ sổ gốc",
        "Thủ tục chứng thực bản sao điện tử từ bản chính",
        "Thủ tục chứng thực hợp đồng thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
        "Thủ tục chứng thực hợp đồng tặng cho quyền sử dụng đất",
        "Thủ tục chứng thực hợp đồng chuyển nhượng quyền sử dụng đất",
        "Thủ tục chứng thực hợp đồng góp vốn bằng quyền sử dụng đất",
        "Thủ tục chứng thực văn bản thỏa thuận chia tài sản chung của vợ chồng",
    ],
    "Đất đai": [
        LAND_300,
        LAND_266,
        "Thủ tục chuyển quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất của vợ hoặc "
        "chồng thành của chung vợ và chồng",
        "Thủ tục hòa giải tranh chấp đất đai",
        "Thủ tục giao đất, cho thuê đất cho hộ gia đình, cá nhân đối với trường hợp giao đất, "
        "cho thuê đất không thông qua đấu giá quyền sử dụng đất",
        "Thủ tục chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền",
        "Thủ tục đính chính Giấy chứng nhận đã cấp",
        "Thủ tục cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác "
        "gắn liền với đất",
        "Thủ tục cấp lại Giấy chứng nhận hoặc cấp lại Trang bổ sung của Giấy chứng nhận do bị mất",
        "Thủ tục tách thửa hoặc hợp thửa đất",
        "Thủ tục xóa đăng ký cho thuê, cho thuê lại, góp vốn bằng quyền sử dụng đất, quyền sở "
        "hữu tài sản gắn liền với đất",
        "Thủ tục đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
        "Thủ tục xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
        "Thủ tục thu hồi đất do người sử dụng đất tự nguyện trả lại đất",
        "Thủ tục gia hạn sử dụng đất ngoài khu công nghệ cao, khu kinh tế",
        "Thủ tục xác nhận tiếp tục sử dụng đất nông nghiệp của hộ gia đình, cá nhân khi hết "
        "hạn sử dụng đất",
        "Thủ tục đăng ký đất đai lần đầu đối với trường hợp được Nhà nước giao đất để quản lý",
        "Thủ tục cung cấp thông tin, dữ liệu đất đai",
        "Thủ tục đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản "
        "khác gắn liền với đất lần đầu cho hộ gia đình, cá nhân, cộng đồng dân cư",
        "Thủ tục bán hoặc góp vốn bằng tài sản gắn liền với đất thuê của Nhà nước theo hình thức "
        "thuê đất trả tiền hàng năm",
    ],
    "Thành lập và hoạt động của hộ kinh doanh": [
        "Thủ tục đăng ký thành lập hộ kinh doanh",
        "Thủ tục đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Thủ tục tạm ngừng hoạt động hộ kinh doanh",
        "Thủ tục tiếp tục kinh doanh trước thời hạn đã thông báo",
        "Thủ tục chấm dứt hoạt động hộ kinh doanh",
        "Thủ tục cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
        "Thủ tục chuyển đổi hộ kinh doanh thành doanh nghiệp",
        "Thủ tục đăng ký thay đổi chủ hộ kinh doanh trong trường hợp thừa kế, tặng cho",
        "Thủ tục hiệu đính thông tin trong Giấy chứng nhận đăng ký hộ kinh doanh",
        "Thủ tục thông báo thay đổi địa điểm kinh doanh của hộ kinh doanh sang phường, xã khác",
        "Thủ tục cập nhật, bổ sung thông tin đăng ký hộ kinh doanh",
        "Thủ tục cấp Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ ăn uống",
        "Thủ tục cấp Giấy phép bán lẻ sản phẩm thuốc lá",
        "Thủ tục cấp Giấy phép bán lẻ rượu",
        "Thủ tục cấp lại Giấy phép bán lẻ rượu, bán lẻ sản phẩm thuốc lá",
        "Thủ tục cấp sửa đổi, bổ sung Giấy phép bán lẻ rượu",
        "Thủ tục cấp Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh",
        "Thủ tục cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh "
        "doanh dịch vụ ăn uống",
        "Thủ tục đăng ký tổ hợp tác",
        "Thủ tục thông báo thay đổi tổ hợp tác",
    ],
    "Đăng ký, quản lý cư trú": [
        "Thủ tục đăng ký thường trú",
        "Thủ tục đăng ký tạm trú",
        "Thủ tục xóa đăng ký thường trú",
        "Thủ tục xóa đăng ký tạm trú",
        "Thủ tục gia hạn tạm trú",
        "Thủ tục khai báo tạm vắng",
        "Thủ tục thông báo lưu trú",
        "Thủ tục tách hộ",
        "Thủ tục điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú",
        "Thủ tục xác nhận thông tin về cư trú",
        "Thủ tục khai báo thông tin về cư trú đối với người chưa đủ điều kiện đăng ký thường "
        "trú, đăng ký tạm trú",
        "Thủ tục đăng ký thường trú cho người chưa thành niên có cha, mẹ hoặc người giám hộ "
        "đang thường trú tại chỗ ở hợp pháp",
        "Thủ tục cấp, cấp đổi, cấp lại thẻ Căn cước",
        "Thủ tục cấp giấy chứng nhận căn cước cho người gốc Việt Nam chưa xác định được quốc tịch",
        "Thủ tục tích hợp, cập nhật, điều chỉnh thông tin trên thẻ Căn cước",
        "Thủ tục hủy, xác lập lại số định danh cá nhân",
        "Thủ tục đăng ký thường trú đối với người Việt Nam định cư ở nước ngoài còn quốc tịch "
        "Việt Nam về nước",
        "Thủ tục thông báo lưu trú đối với cơ sở kinh doanh dịch vụ lưu trú",
    ],
    "Bảo trợ xã hội": [
        "Thủ tục thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí "
        "chăm sóc, nuôi dưỡng hằng tháng",
        "Thủ tục trợ giúp xã hội khẩn cấp về hỗ trợ chi phí mai táng",
        "Thủ tục xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        "Thủ tục đổi, cấp lại Giấy xác nhận khuyết tật",
        "Thủ tục hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "Thủ tục tiếp nhận đối tượng cần bảo vệ khẩn cấp vào cơ sở trợ giúp xã hội",
        "Thủ tục chi trả trợ cấp xã hội hằng tháng khi đối tượng thay đổi nơi cư trú giữa các "
        "phường, xã trong và ngoài thành phố trực thuộc trung ương",
        "Thủ tục đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng có hoàn "
        "cảnh khó khăn",
        "Thủ tục hỗ trợ cho người lao động bị chấm dứt hợp đồng lao động, hợp đồng làm việc",
        "Thủ tục công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm",
        "Thủ tục công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm",
        "Thủ tục công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp có mức sống "
        "trung bình giai đoạn 2022-2025",
        "Thủ tục trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở",
        "Thủ tục đăng ký nhận chăm sóc, nuôi dưỡng đối tượng cần bảo vệ khẩn cấp",
        "Thủ tục thôi nhận chăm sóc, nuôi dưỡng đối tượng cần bảo vệ khẩn cấp",
        "Thủ tục giải quyết trợ cấp một lần đối với người có thành tích tham gia kháng chiến đã "
        "được tặng Bằng khen của Thủ tướng Chính phủ, Bằng khen của Chủ tịch Hội đồng Bộ "
        "trưởng hoặc Bằng khen của Bộ trưởng, Thủ trưởng cơ quan ngang bộ",
        "Thủ tục hỗ trợ học văn hóa, học nghề, trợ cấp khó khăn ban đầu cho nạn nhân bị mua bán",
        "Thủ tục cấp thẻ bảo hiểm y tế cho đối tượng bảo trợ xã hội",
    ],
}
# Procedures only Chi nhánh số 3 handles: on the list, never on Phường Tây Hồ's boards.
ELSEWHERE = [
    ("Chứng thực", "Thủ tục chứng thực hợp đồng mua bán nhà ở tại chi nhánh số 3"),
    ("Đất đai", "Thủ tục đăng ký đất đai đối với nhà chung cư do chi nhánh số 3 tiếp nhận"),
    ("Hộ tịch", "Thủ tục đăng ký khai sinh có yếu tố nước ngoài tại chi nhánh số 3"),
    ("Bảo trợ xã hội", "Thủ tục trợ cấp một lần cho người có công tại chi nhánh số 3"),
]
GREEN_MARKS = ("x", "", "có", "không", "Có", "", "yes", "TRUE", "", "không", "X", "", "CÓ", "")
GREEN_YES = {"x", "X", "có", "Có", "CÓ", "yes", "TRUE"}
TIMES = (
    "Trong ngày",
    "03 ngày làm việc",
    "05 ngày làm việc",
    "10 ngày làm việc",
    "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    "Ngay trong ngày tiếp nhận; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
)
FEES = (
    "Miễn phí",
    "5.000 đồng",
    "50.000 đồng/hồ sơ",
    "8.000 đồng/bản",
    "1.500.000 đồng",
    "Theo Nghị quyết số 15 của Hội đồng nhân dân Thành phố",
    "",
)


@dataclass(frozen=True)
class Proc:
    """One row of the list as written: `name` and `field` possibly NFD, `green` as typed."""

    code: str
    name: str
    field: str
    time: str
    fee: str
    green: str
    units: str

    @property
    def is_green(self) -> bool:
        return self.green in GREEN_YES

    @property
    def here(self) -> bool:
        """Whether Phường Tây Hồ handles it (an empty units cell means every unit)."""
        return OTHER_UNIT not in self.units or UNIT in self.units

    @property
    def nfc_name(self) -> str:
        return nfc(self.name)

    @property
    def nfc_field(self) -> str:
        return nfc(self.field)

    @property
    def url(self) -> str:
        return QR_URL.format(self.code)

    def cells(self) -> list[str]:
        return [self.code, self.name, self.field, self.time, self.fee, self.green, self.units]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    return " ".join(nfc(text).split())


def make_list(count: int | None = None, seed: int = 2025) -> list[Proc]:
    """The list, fields interleaved (a seeded shuffle), `count` rows of it if given."""
    pairs = [(f, n) for f, names in FIELDS.items() for n in names] + ELSEWHERE
    random.Random(seed).shuffle(pairs)
    codes = ["1.001193", "2.000815"]
    taken = set(codes)
    i = 0
    while len(codes) < len(pairs):
        code = f"{1 + i % 2}.{(1257 + 7919 * i) % 1_000_000:06d}"
        if code not in taken:
            codes.append(code)
            taken.add(code)
        i += 1
    out = []
    elsewhere = {name for _, name in ELSEWHERE}
    for i, ((fld, name), code) in enumerate(zip(pairs, codes, strict=True)):
        units = ""
        if name in elsewhere:
            units = OTHER_UNIT
        elif i % 11 == 3:
            units = "Phường Tây Hồ"
        elif i % 13 == 4:
            units = f"{UNIT}; chi-nhanh-03"
        elif i % 19 == 7:
            units = "Tất cả"
        if i % 6 == 1:
            name = unicodedata.normalize("NFD", name)
        if i % 23 == 2:
            fld = unicodedata.normalize("NFD", fld)
        green = GREEN_MARKS[i % len(GREEN_MARKS)]
        out.append(Proc(code, name, fld, TIMES[i % len(TIMES)], FEES[i % len(FEES)], green, units))
    return out[:count] if count else out


def excel_value(text: str) -> object:
    """A cell as people type it in Excel: TRUE a boolean, line breaks in long names, units one
    per line in their cell."""
    if text == "TRUE":
        return True
    if nfc(text) == CIVIL_LONG:  # a long name broken by hand (Alt+Enter) in its cell
        return text.replace(", ", ",\n", 3)
    if text == f"{UNIT}; chi-nhanh-03":
        return f"Phường Tây Hồ\n{OTHER_UNIT}"
    return text or None


def write_list(path: Path, procs: list[Proc], headers: tuple[str, ...] = HEADERS) -> Path:
    """The list as Excel (openpyxl) or UTF-8 CSV, depending on `path`'s suffix."""
    rows = [list(headers), *(p.cells()[: len(headers)] for p in procs)]
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Danh mục TTHC"
        for row in rows:
            sheet.append([excel_value(v) for v in row])
        book.save(path)
    else:
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return path


def expected_order(procs: list[Proc]) -> list[Proc]:
    """The unit's procedures in board order: fields by first appearance, file order within."""
    groups: dict[str, list[Proc]] = {}
    for p in procs:
        if p.here:
            groups.setdefault(p.nfc_field, []).append(p)
    return [p for members in groups.values() for p in members]


LIST = make_list()
HERE = expected_order(LIST)


def test_the_list_is_what_the_brief_asks_for() -> None:
    assert 115 <= len(HERE) <= 125 and len(LIST) - len(HERE) == len(ELSEWHERE)
    assert len({p.nfc_field for p in LIST}) == 6
    assert len(LAND_266) == 266 and len(LAND_300) == 300
    assert {p.green for p in LIST} >= {"x", "có", "Có", "yes", "TRUE", "", "không"}
    assert any(p.name != p.nfc_name for p in LIST) and any(p.field != p.nfc_field for p in LIST)
    assert len({p.code for p in LIST}) == len(LIST)
    assert {"1.001193", "2.000815"} <= {p.code for p in LIST}
    # Interleaved: the fields do not come in blocks.
    changes = sum(1 for a, b in itertools.pairwise(LIST) if a.nfc_field != b.nfc_field)
    assert changes > 50


# ---- Running the command --------------------------------------------------------------------


def brandkit(*args: object) -> Result:
    return invoke(*args)


def boards(procedures: Path, out: Path, *extra: object) -> Result:
    return brandkit(
        "--spec", SAMPLE_SPEC, "--out", out, "-j", "1", "-q",
        "boards", "--procedures", procedures, "--unit", UNIT, *extra,
    )  # fmt: skip


# ---- Reading the PDFs back ------------------------------------------------------------------


@dataclass
class Char:
    text: str
    x: float  # origin, PDF points, y up
    y: float
    size: float
    box: tuple[float, float, float, float]


@dataclass
class Row:
    number: str
    baseline: float  # of its first line, PDF points
    last_baseline: float = 0.0  # of its last line
    code: str = ""
    name_lines: list[str] = field(default_factory=list)
    number_lines: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return squash(" ".join(self.name_lines))

    @property
    def green(self) -> bool:
        return "LÀN XANH" in " ".join(self.number_lines)  # on one line or two


@dataclass
class Heading:
    text: str


@dataclass
class BoardPage:
    """One page as read back: all its text, the table's header and its entries in order."""

    index: int
    text: str
    chars: list[Char]
    trim: tuple[float, float, float, float]
    header: dict[str, str]  # column field → its title as read
    entries: list[Row | Heading]
    tf_sizes: list[tuple[float, float, float]]  # (x, y, size) of every text shown
    setting: Setting  # what the build set the table at

    @property
    def rows(self) -> list[Row]:
        return [e for e in self.entries if isinstance(e, Row)]


@dataclass(frozen=True)
class Geometry:
    """A table element's place on the page, in PDF points (y up), from the spec, and its
    columns' widths as the build set them for the list."""

    element: TableElement
    trim: tuple[float, float, float, float]
    setting: Setting

    def x(self, x: float) -> float:
        return self.trim[0] + x

    def y(self, y: float) -> float:
        return self.trim[3] - y

    @property
    def box(self) -> tuple[float, float, float, float]:
        e = self.element
        return self.x(e.x), self.y(e.y + e.h), self.x(e.x + e.w), self.y(e.y)

    def column(self, name: str) -> tuple[float, float]:
        left = self.element.x
        for c, width in zip(self.element.columns, self.setting.widths, strict=True):
            if c.field == name:
                return self.x(left), self.x(left + width)
            left += width
        raise KeyError(name)

    def column_of(self, x: float) -> str | None:
        left = self.element.x
        for c, width in zip(self.element.columns, self.setting.widths, strict=True):
            if self.x(left) - 0.01 <= x < self.x(left + width):
                return c.field
            left += width
        return None


@functools.cache
def table_element(template: str) -> TableElement:
    spec = load_spec(SAMPLE_SPEC).spec
    return next(e for e in spec.templates[template].elements if isinstance(e, TableElement))


def board_layout(source: Path, template: str) -> tuple[Table, list[list[Entry]]]:
    """How the build sets `template`'s table for the unit's procedures in `source`, and its
    pages' entries."""
    spec_file = load_spec(SAMPLE_SPEC)
    listed = procedures_for(read_procedures(source, spec_file), UNIT)
    fonts, inks = load_fonts(spec_file), make_inks(spec_file.spec)
    layout = Layout(template, spec_file.spec.templates[template], inks, fonts)
    return lay_out_boards(spec_file, layout, listed)


def page_chars(page: pdfium.PdfPage) -> tuple[str, list[Char]]:
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    chars = []
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
        ch = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
        chars.append(Char(ch, x.value, y.value, size, textpage.get_charbox(i)))
    return text, chars


def lines_of(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped by baseline, top line first, each line left to right."""
    lines: dict[float, list[Char]] = {}
    for c in chars:
        key = next((k for k in lines if abs(k - c.y) < 0.5), c.y)
        lines.setdefault(key, []).append(c)
    return [sorted(lines[k], key=lambda c: c.x) for k in sorted(lines, reverse=True)]


def tf_sizes(page: pikepdf.Page) -> list[tuple[float, float, float]]:
    """(x, y, size) of every `Tj` on the page: its `Tm` origin and the `Tf` size in force
    (brandkit sets text with a translation-only `Tm`, so that size is the size on paper)."""
    shown = []
    size, origin = 0.0, (0.0, 0.0)
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "Tf":
            size = float(operands[1])
        elif op == "Tm":
            a, b, c, d, e, f = (float(v) for v in operands)
            assert (a, b, c, d) == (1, 0, 0, 1), "text under a scaling matrix"
            origin = (e, f)
        elif op in ("Tj", "TJ", "'", '"'):
            shown.append((*origin, size))
    return shown


def read_pages(path: Path, template: str, laid: tuple[Table, list[list[Entry]]]) -> list[BoardPage]:
    element = table_element(template)
    table, laid_pages = laid
    setting = table.setting
    doc = pdfium.PdfDocument(path)
    out = []
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == len(laid_pages)
        for index, (page, pk) in enumerate(zip(doc, pdf.pages, strict=True)):
            trim = page_box(pk, "/TrimBox")
            geometry = Geometry(element, trim, setting)
            text, chars = page_chars(page)
            bands = bands_of(table, laid_pages[index], geometry)
            header, entries = table_entries(chars, geometry, bands)
            out.append(BoardPage(index, text, chars, trim, header, entries, tf_sizes(pk), setting))
    doc.close()
    return out


def cells_of(line: list[Char], g: Geometry) -> dict[str, str]:
    """One line of the table cut into cells by the columns its characters start in."""
    cells: dict[str, str] = {}
    for c in line:
        column = g.column_of(c.x)
        assert column is not None, f"{c.text!r} at x={c.x:.1f} is outside every column"
        cells[column] = cells.get(column, "") + c.text
    return cells


def bands_of(table: Table, page: list[Entry], g: Geometry) -> list[tuple[float, float, bool]]:
    """Where the build put the header and each entry of a page's table: (top, bottom, is a
    heading) in PDF points, y up; the header first."""
    y = g.element.y
    bands = [(g.y(y), g.y(y + table.header_height()), False)]
    y += table.header_height()
    for entry in page:
        h = table.height(entry)
        bands.append((g.y(y), g.y(y + h), isinstance(entry, LaidHeading)))
        y += h
    return bands


def table_entries(
    chars: list[Char], g: Geometry, bands: list[tuple[float, float, bool]]
) -> tuple[dict[str, str], list[Row | Heading]]:
    """The table's header text and its entries, read from the characters inside it: each
    line goes to the header, heading or row whose band (as the build placed them) holds its
    baseline; a row's lines are cut into cells by column."""
    x0, y0, x1, y1 = g.box
    inside = [c for c in chars if x0 - 0.5 <= c.x <= x1 and y0 <= c.y <= y1 + 0.5]
    held: list[list[list[Char]]] = [[] for _ in bands]
    for line in lines_of(inside):
        at = [i for i, (top, bottom, _) in enumerate(bands) if bottom <= line[0].y <= top]
        assert len(at) == 1, f"{''.join(c.text for c in line)!r} is in no one row"
        held[at[0]].append(line)
    header: dict[str, str] = {}
    for line in held[0]:
        for column, text in cells_of(line, g).items():
            header[column] = squash(f"{header.get(column, '')} {text}")
    entries: list[Row | Heading] = []
    for (_, _, heading), lines in zip(bands[1:], held[1:], strict=True):
        if heading:
            assert all(c.size == pytest.approx(g.setting.group_size) for ln in lines for c in ln)
            entries.append(Heading(squash(" ".join("".join(c.text for c in ln) for ln in lines))))
            continue
        row = Row("", lines[0][0].y if lines else 0.0)
        for line in lines:
            cells = cells_of(line, g)
            row.last_baseline = line[0].y
            number = cells.get("number", "").strip()
            if number:
                row.number_lines.append(number)
            if cells.get("code", "").strip() and not row.code:
                row.code = cells["code"].strip()
            if "name" in cells:
                row.name_lines.append(cells["name"])
        if row.number_lines and row.number_lines[0].isdigit():
            row.number = row.number_lines[0]
        entries.append(row)
    return header, entries


# ---- The builds -----------------------------------------------------------------------------


@dataclass
class Build:
    out: Path
    result: Result
    manifest: dict
    seconds: float
    source: Path

    def entry(self, path: str) -> dict:
        return next(f for f in self.manifest["files"] if f["path"] == path)

    def pages(self, path: str = BOARD) -> list[BoardPage]:
        key = "procedure_board" if path == BOARD else "procedure_handout"
        return read_pages(self.out / path, key, board_layout(self.source, key))


def run_build(folder: Path, procs: list[Proc], suffix: str, *extra: object) -> Build:
    folder.mkdir(parents=True, exist_ok=True)
    source = write_list(folder / f"thu-tuc{suffix}", procs)
    out = folder / "out"
    start = time.perf_counter()
    result = boards(source, out, *extra)
    seconds = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return Build(out, result, manifest, seconds, source)


@pytest.fixture(scope="module")
def csv_build(tmp_path_factory) -> Build:
    folder = tmp_path_factory.mktemp("boards-csv")
    return run_build(folder, LIST, ".csv", "--format", "pdf,png", "--dpi", "36")


@pytest.fixture(scope="module")
def board_pages(csv_build: Build) -> list[BoardPage]:
    return csv_build.pages(BOARD)


@pytest.fixture(scope="module")
def handout_pages(csv_build: Build) -> list[BoardPage]:
    return csv_build.pages(HANDOUT)


@pytest.fixture(scope="module")
def xlsx_build(tmp_path_factory) -> Build:
    return run_build(tmp_path_factory.mktemp("boards-xlsx"), LIST, ".xlsx")


@pytest.fixture(scope="module")
def short_build(tmp_path_factory) -> Build:
    """The first 30 procedures only."""
    return run_build(tmp_path_factory.mktemp("boards-30"), make_list(30), ".csv")


@dataclass(frozen=True)
class Doc:
    """What differs between the A0 board and the A4 handout."""

    path: str
    template: str
    label: str  # the page label, "Bảng" or "Trang"
    trim_mm: tuple[float, float]
    min_size: float  # the smallest text the table may use, pt


DOCS = {
    # 16.75 pt: the reading rule's 4.2 mm caps at 1 m, in Roboto (caps 0.711 em).
    "board": Doc(BOARD, "procedure_board", "Bảng", (841, 1189), 16.75),
    "handout": Doc(HANDOUT, "procedure_handout", "Trang", (210, 297), 9),
}


@pytest.fixture(params=list(DOCS), scope="module")
def doc(request, board_pages, handout_pages) -> tuple[Doc, list[BoardPage]]:
    pages = {"board": board_pages, "handout": handout_pages}[request.param]
    return DOCS[request.param], pages


def rows_of(pages: list[BoardPage]) -> list[Row]:
    return [row for page in pages for row in page.rows]


def base_field(heading: Heading) -> str:
    return heading.text.removesuffix(" (tiếp theo)")


# ---- 1. Every procedure, in full, in order -------------------------------------------------


def test_every_name_in_full_in_order_numbered_across_boards(doc) -> None:
    _, pages = doc
    rows = rows_of(pages)
    assert [r.number for r in rows] == [str(n) for n in range(1, len(HERE) + 1)]
    assert [r.code for r in rows] == [p.code for p in HERE]
    for row, proc in zip(rows, HERE, strict=True):
        assert row.name == squash(proc.nfc_name), f"row {row.number} ({proc.code})"
    # The longest names really wrapped over several lines and still came back whole.
    longest = next(r for r in rows if r.code == next(p.code for p in HERE if p.name == LAND_300))
    assert len(longest.name_lines) >= 2 and longest.name == LAND_300


def test_rows_are_grouped_under_their_field(doc) -> None:
    _, pages = doc
    fields = list(dict.fromkeys(p.nfc_field for p in HERE))
    new_headings = [
        e.text for page in pages for e in page.entries
        if isinstance(e, Heading) and not e.text.endswith("(tiếp theo)")
    ]  # fmt: skip
    assert new_headings == fields  # one heading per field, NFD-written fields included
    expected = iter(HERE)
    for page in pages:
        current = None
        for entry in page.entries:
            if isinstance(entry, Heading):
                current = base_field(entry)
            else:
                assert current == next(expected).nfc_field, f"row {entry.number}"


def test_names_reach_the_pdf_composed(doc) -> None:
    _, pages = doc
    for page in pages:
        marks = [c for c in page.chars if unicodedata.combining(c.text)]
        assert not marks, f"page {page.index + 1}: combining marks set as glyphs of their own"


def test_the_xlsx_list_makes_the_same_boards(xlsx_build: Build, board_pages) -> None:
    from_xlsx = xlsx_build.pages(BOARD)
    assert len(from_xlsx) == len(board_pages)
    seen = [(r.number, r.code, r.name, r.green) for r in rows_of(from_xlsx)]
    assert seen == [(r.number, r.code, r.name, r.green) for r in rows_of(board_pages)]
    assert xlsx_build.entry(BOARD)["procedures"] == len(HERE)


# ---- 2. Trim, manifest, green lane ----------------------------------------------------------


def test_manifest_and_trim_box(csv_build: Build, doc) -> None:
    spec, pages = doc
    entry = csv_build.entry(spec.path)
    with pikepdf.open(csv_build.out / spec.path) as pdf:
        assert entry["pages"] == len(pdf.pages) == len(pages)
    assert entry["procedures"] == len(HERE)
    assert entry["green_lane"] == sum(p.is_green for p in HERE)
    assert entry["trim_mm"] == list(spec.trim_mm)
    for page in pages:
        x0, y0, x1, y1 = page.trim
        assert (x1 - x0) / PT_PER_MM == pytest.approx(spec.trim_mm[0], abs=0.01)
        assert (y1 - y0) / PT_PER_MM == pytest.approx(spec.trim_mm[1], abs=0.01)
    pngs = [f for f in csv_build.manifest["files"] if f["format"] == "png"]
    folder = spec.path.rsplit("/", 1)[0] + "/png/"
    stem = spec.path.rsplit("/", 1)[1].removeprefix(f"{spec.path.split('/')[0]}-")[:-4]
    mine = [f for f in pngs if f["path"].startswith(folder + stem + "-")]
    assert len(mine) == len(pages) and all(f["asset"] == spec.template for f in mine)
    on_disk = written_files(csv_build.out)
    assert all(f["path"] in on_disk for f in csv_build.manifest["files"])


def test_no_glyph_outside_the_trim_box(doc) -> None:
    _, pages = doc
    for page in pages:
        outside = [
            c.text for c in page.chars if not c.text.isspace() and not inside(c.box, page.trim)
        ]
        assert not outside, f"page {page.index + 1}: {''.join(outside)!r}"


def test_cell_text_stays_in_its_column(doc) -> None:
    spec, pages = doc
    element = table_element(spec.template)
    for page in pages:
        g = Geometry(element, page.trim, page.setting)
        x0, y0, x1, y1 = g.box
        for c in page.chars:
            if c.text.isspace() or not (x0 - 0.5 <= c.x <= x1 and y0 <= c.y <= y1 + 0.5):
                continue
            assert y0 - 0.5 <= c.box[1] and c.box[3] <= y1 + 0.5, f"{c.text!r} crosses the table"
            if c.size == pytest.approx(page.setting.group_size):
                assert x0 <= c.box[0] and c.box[2] <= x1, f"heading {c.text!r} leaves the table"
                continue
            left, right = g.column(g.column_of(c.x) or "")
            where = f"page {page.index + 1}, {c.text!r} at x={c.x:.1f}"
            assert left - 0.01 <= c.box[0] and c.box[2] <= right + 0.01, where


def test_green_lane_marks(doc) -> None:
    _, pages = doc
    assert [r.green for r in rows_of(pages)] == [p.is_green for p in HERE]
    marks = 0
    for page in pages:
        text = nfc(page.text)
        assert text.count("LÀN XANH:") == 1  # the legend
        on_page = sum(r.green for r in page.rows)
        # The marks, each on one line or broken over two in the number column.
        assert len(re.findall(r"LÀN\s+XANH", text)) - 1 == on_page
        marks += on_page
    assert marks == sum(p.is_green for p in HERE) > 0


# ---- 3. Pages -------------------------------------------------------------------------------


def test_every_page_has_the_header_and_its_label(doc) -> None:
    spec, pages = doc
    element = table_element(spec.template)
    titles = {c.field: squash(c.title) for c in element.columns}
    for i, page in enumerate(pages, start=1):
        assert page.header == titles, f"page {i}"
        assert {"STT", "Tên thủ tục hành chính"} <= set(page.header.values())
        labels = re.findall(rf"{spec.label} (\d+)/(\d+)", nfc(page.text))
        assert labels == [(str(i), str(len(pages)))], f"page {i}"


def test_no_row_split_and_no_heading_left_alone(doc) -> None:
    _, pages = doc
    assert len(pages) > 1
    seen_codes: Counter[str] = Counter()
    for page in pages:
        assert page.rows, f"page {page.index + 1} has no row"
        assert all(r.number for r in page.rows), f"a row split onto page {page.index + 1}"
        seen_codes.update(r.code for r in page.rows)
        assert isinstance(page.entries[0], Heading), f"page {page.index + 1}"
        assert isinstance(page.entries[-1], Row), f"page {page.index + 1} ends on a heading"
        for before, after in itertools.pairwise(page.entries):
            assert not (isinstance(before, Heading) and isinstance(after, Heading))
        continued = [e for e in page.entries[1:] if isinstance(e, Heading)]
        assert not any(h.text.endswith("(tiếp theo)") for h in continued)
    assert set(seen_codes.values()) == {1}


def test_a_field_continued_on_the_next_page_repeats_its_heading(doc) -> None:
    _, pages = doc
    field_of = {p.code: p.nfc_field for p in HERE}
    continued = 0
    for before, page in itertools.pairwise(pages):
        last = field_of[before.rows[-1].code]
        first = field_of[page.rows[0].code]
        heading = page.entries[0]
        assert isinstance(heading, Heading)
        if last == first:
            assert heading.text == f"{first} (tiếp theo)"
            continued += 1
        else:
            assert heading.text == first
    assert continued >= 1  # the long list does carry a field over a page break


# ---- 4. QR codes ----------------------------------------------------------------------------


def test_every_qr_code_reads_as_its_own_procedure(csv_build: Build, board_pages) -> None:
    element = table_element("procedure_board")
    doc = pdfium.PdfDocument(csv_build.out / BOARD)
    scale = 200 / 72
    try:
        for page, rendered in zip(board_pages, doc, strict=True):
            width, height = rendered.get_size()
            g = Geometry(element, page.trim, page.setting)
            left, right = g.column("qr")
            _, y0, _, y1 = g.box
            crop = (left - 4, y0 - 4, width - right - 4, height - y1 - 4)
            image = rendered.render(scale=scale, crop=crop, grayscale=True).to_pil()
            found = zxingcpp.read_barcodes(image)
            assert all(b.format == zxingcpp.BarcodeFormat.QRCode for b in found)
            # Top to bottom, the codes read as the rows' own pages, row by row.
            found.sort(key=lambda b: b.position.top_left.y)
            urls = [QR_URL.format(r.code) for r in page.rows]
            assert [b.text for b in found] == urls, f"board {page.index + 1}"
            # ... and each sits beside its row, both centred down it: the code's middle within
            # half a line of the middle of the row's text.
            size = page.setting.size
            for row, code in zip(page.rows, found, strict=True):
                corners = code.position
                top = y1 + 4 - corners.top_left.y / scale
                bottom = y1 + 4 - corners.bottom_left.y / scale
                text_middle = (row.baseline + row.last_baseline) / 2 + 0.3 * size
                assert abs((top + bottom) / 2 - text_middle) < 0.5 * size, f"row {row.number}"
    finally:
        doc.close()


# ---- 5. Readable sizes ----------------------------------------------------------------------


def table_sizes(page: BoardPage, template: str) -> list[float]:
    x0, y0, x1, y1 = Geometry(table_element(template), page.trim, page.setting).box
    return [s for x, y, s in page.tf_sizes if x0 - 0.5 <= x <= x1 and y0 <= y <= y1 + 0.5]


def test_table_text_is_at_least_the_readable_size(doc) -> None:
    spec, pages = doc
    for page in pages:
        sizes = table_sizes(page, spec.template)
        assert len(sizes) > 4 * len(page.rows)
        assert min(sizes) >= spec.min_size, f"page {page.index + 1}"
        # The same from pdfium's side: every glyph in the table, at its size on paper.
        x0, y0, x1, y1 = Geometry(table_element(spec.template), page.trim, page.setting).box
        small = [
            c.text
            for c in page.chars
            if x0 <= c.x <= x1 and y0 <= c.y <= y1 and c.size < spec.min_size - 0.01
        ]
        assert not small, f"page {page.index + 1}: {''.join(small)!r}"


def test_a_longer_list_takes_more_boards_not_unreadable_text(short_build: Build, doc) -> None:
    spec, long = doc
    short = short_build.pages(spec.path)
    assert len(short) < len(long)
    assert short_build.entry(spec.path)["pages"] == len(short)
    assert len(rows_of(short)) == len(expected_order(make_list(30)))
    # One size per list, on every page: cells, header, headings.
    for pages in (short, long):
        setting = pages[0].setting
        sizes = {s for page in pages for s in table_sizes(page, spec.template)}
        assert sizes == {setting.size, setting.header_size, setting.group_size}
        assert spec.min_size <= setting.size <= table_element(spec.template).size


# ---- 6. Bad rows ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path: Path, suffix: str) -> None:
    procs = list(LIST)
    # Data row k (0-based) is row k + 2 of the file: the header is row 1.
    procs[10] = Proc(procs[3].code, *procs[10].cells()[1:])  # a code used on row 5
    procs[40] = Proc(procs[40].code, "", *procs[40].cells()[2:])  # no name
    bad = procs[77].cells()
    bad[5] = "maybe"
    procs[77] = Proc(*bad)
    source = write_list(tmp_path / f"thu-tuc{suffix}", procs)
    out = tmp_path / "out"
    out.mkdir()
    (out / "bang-cu.pdf").write_bytes(b"%PDF- last week's board")
    before = snapshot(out)
    result = boards(source, out)
    assert result.exit_code == 1
    errors = nfc(result.stderr)
    assert f"{source}:12:" in errors and procs[3].code in errors and "row 5" in errors
    assert f"{source}:42:" in errors and "name" in errors
    assert f"{source}:79:" in errors and "'maybe'" in errors
    assert errors.count(str(source)) == 3
    assert snapshot(out) == before  # nothing written, nothing removed


def test_a_bad_row_with_a_line_break_in_a_cell_is_reported_where_it_starts(
    tmp_path: Path,
) -> None:
    # Row 2 holds a name broken over two lines (as Excel writes Alt+Enter into a CSV) and an
    # unreadable green-lane mark; file lines 2-3, spreadsheet row 2, either way "row 2".
    source = tmp_path / "thu-tuc.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS[:6])
        writer.writerow(["1.001193", "Thủ tục đăng ký\nkhai sinh", "Hộ tịch", "", "", "maybe"])
        writer.writerow(["2.000815", "Thủ tục đăng ký kết hôn", "Hộ tịch", "", "", "x"])
    result = boards(source, tmp_path / "out")
    assert result.exit_code == 1
    assert f"{source}:2: green_lane:" in result.stderr, result.stderr


def test_a_reference_breaks_after_its_slashes_and_hyphens(tmp_path: Path) -> None:
    # "15/2025/NQ-HĐND" is wider than the handout's fee column: it breaks as by hand.
    procs = list(LIST)
    fee = "Theo Nghị quyết 15/2025/NQ-HĐND"
    procs[5] = Proc(*procs[5].cells()[:4], fee, *procs[5].cells()[5:])
    source = write_list(tmp_path / "thu-tuc.csv", procs)
    result = boards(source, tmp_path / "out")
    assert result.exit_code == 0, result.output


def test_a_word_wider_than_its_column_is_located(tmp_path: Path) -> None:
    procs = list(LIST)
    word = "NghịQuyếtHĐNDThànhPhốSố15NămHaiNghìn"  # nowhere to break it
    procs[5] = Proc(*procs[5].cells()[:4], f"Theo {word}", *procs[5].cells()[5:])
    source = write_list(tmp_path / "thu-tuc.csv", procs)
    result = boards(source, tmp_path / "out")
    assert result.exit_code == 1
    assert f"{source}:7: fee:" in result.stderr and word in result.stderr
    assert written_files(tmp_path / "out") == []


# ---- 7. Units -------------------------------------------------------------------------------


def test_procedures_of_another_unit_only_are_left_out(doc) -> None:
    _, pages = doc
    away = [p for p in LIST if not p.here]
    assert len(away) == len(ELSEWHERE)
    text = nfc(" ".join(page.text for page in pages))
    for p in away:
        assert p.code not in text
        assert squash(p.nfc_name) not in {r.name for r in rows_of(pages)}
    # Those listing this unit with another, or "Tất cả", are on it.
    shared = [p for p in LIST if p.units and p.here]
    assert len(shared) >= 5
    assert {p.code for p in shared} <= {r.code for r in rows_of(pages)}


def test_the_whole_build_is_quick(csv_build: Build, xlsx_build: Build) -> None:
    assert csv_build.seconds < 20 and xlsx_build.seconds < 20
