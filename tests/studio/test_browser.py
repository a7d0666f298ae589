"""The studio in a real Chromium: an office manager's list, thumbnails, build and bundle; a
wrong unit on its row; access between wards; CSRF and size limits; a designer's live preview;
the print shop's bundles. Screenshots go to docs/ when BRANDKIT_SCREENSHOTS is set."""

from __future__ import annotations

import io
import json
import os
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.studio.conftest import PASSWORD, PEOPLE, REPO, Served, staff_xlsx

SCREENSHOTS = os.environ.get("BRANDKIT_SCREENSHOTS")  # a folder: pictures for the README


def shoot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        path = Path(SCREENSHOTS) / f"studio-{name}.png"
        page.screenshot(path=str(path))  # what a 1280 × 860 window shows


def log_in(browser: Any, site: Served, name: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True)
    page = context.new_page()
    page.goto(site.url + "/")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    return page


@pytest.fixture
def manager(browser: Any, site: Served) -> Iterator[Any]:
    page = log_in(browser, site, "quanly")
    yield page
    page.context.close()


def test_manager_uploads_previews_builds_and_downloads(
    manager: Any, site: Served, tmp_path: Path
) -> None:
    page = manager
    assert page.url.endswith("/units/phuong-tay-ho")
    assert page.locator("h1").inner_text() == "Phường Tây Hồ"
    page.set_input_files("input[name=list]", str(staff_xlsx(tmp_path / "ds.xlsx", PEOPLE)))
    page.click("form.upload button")
    page.wait_for_selector("#summary")
    assert page.locator("#summary").inner_text() == "Không có lỗi: 3 người."
    assert page.locator("#staff-table thead th").all_inner_texts() == [
        "Dòng", "Mã cán bộ", "Họ và tên", "Chức danh", "Đơn vị",
    ]  # fmt: skip
    images = page.locator(".thumbs img")
    assert images.count() == 9  # three badges, front and back, and three desk plates
    page.wait_for_function(
        "[...document.querySelectorAll('.thumbs img')].every(i => i.complete && i.naturalWidth)"
    )
    shoot(page, "manager-list")
    page.click("#build button")
    page.wait_for_selector(".progress[data-state=done]", timeout=60_000)
    page.wait_for_selector("#files li.bundle a", timeout=10_000)
    with page.expect_download() as download:
        page.click("#files li.bundle a")
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        names = set(bundle.namelist())
        ticket = json.loads(bundle.read("job-ticket.json"))
    assert {"badges/phuong-tay-ho-badges.pdf", "signs/phuong-tay-ho-desk-plates.pdf"} <= names
    assert {"job-ticket.json", "job-ticket.pdf", "proof.pdf"} <= names
    badges = next(i for i in ticket["items"] if i["file"] == "badges/phuong-tay-ho-badges.pdf")
    assert badges["pages"] == 6
    assert [r[1] for r in badges["records"]] == [f"{p[1]} ({p[0]})" for p in PEOPLE]
    history = page.locator("#history li").first.inner_text()
    assert "xong" in history


def test_a_second_build_says_which_pages_to_print_again(
    manager: Any, site: Served, tmp_path: Path
) -> None:
    changed = [*PEOPLE[:2], ["TH003", "Lê Minh Khôi", "Chủ tịch", "Phường Tây Hồ"]]
    page = manager
    page.set_input_files("input[name=list]", str(staff_xlsx(tmp_path / "ds2.xlsx", changed)))
    page.click("form.upload button")
    page.wait_for_selector(".thumbs img")
    page.click("#build button")
    page.wait_for_selector(".progress[data-state=done]", timeout=60_000)
    page.wait_for_url(re.compile(r"/units/phuong-tay-ho#files$"))
    latest = page.locator("#history > ol > li").first.inner_text()
    assert "In lại badges/phuong-tay-ho-badges.pdf: trang 5–6" in latest
    page.locator("#files").scroll_into_view_if_needed()
    shoot(page, "manager-built")


def test_a_wrong_unit_is_said_on_its_row(manager: Any, tmp_path: Path) -> None:
    rows = [PEOPLE[0], ["TH009", "Phạm Thu Trang", "Chuyên viên", "Phường Tây Hồ Mới"]]
    page = manager
    page.set_input_files("input[name=list]", str(staff_xlsx(tmp_path / "sai.xlsx", rows)))
    page.click("form.upload button")
    page.wait_for_selector("#summary.alert")
    why = page.locator("tr.why[data-row='4']")
    assert why.count() == 1
    text = why.inner_text().strip()
    assert text.startswith("Dòng 4, cột “Đơn vị”:")
    assert "Không có đơn vị “Phường Tây Hồ Mới”" in text
    assert "Phường Tây Hồ" in text and "hãy ghi" in text
    assert page.locator("tr.bad[data-row='4'] td.badcell").inner_text() == "Phường Tây Hồ Mới"
    assert page.locator(".thumbs img").count() == 0
    assert page.locator("#build button").count() == 0
    shoot(page, "manager-problem")


def test_a_manager_gets_403_for_another_wards_files(manager: Any, site: Served) -> None:
    other = "phuong-ba-dinh/badges/phuong-ba-dinh-badges.pdf"
    assert (site.out / other).is_file()
    assert manager.request.get(f"{site.url}/files/{other}").status == 403
    sneaky = f"{site.url}/files/phuong-tay-ho/%2e%2e/{other}"
    assert manager.request.get(sneaky).status == 403
    assert manager.request.get(f"{site.url}/units/phuong-ba-dinh").status == 403
    page = manager.goto(f"{site.url}/files/{other}")
    assert page is not None and page.status == 403
    assert "Bạn không có quyền" in manager.locator("main").inner_text()


def test_a_post_without_the_form_token_is_refused(manager: Any, site: Served) -> None:
    response = manager.request.post(f"{site.url}/units/phuong-tay-ho/build", form={"x": "1"})
    assert response.status == 403
    forged = manager.request.post(
        f"{site.url}/units/phuong-tay-ho/build", form={"csrf": "not-the-token"}
    )
    assert forged.status == 403


def test_an_oversized_upload_is_refused_with_413(manager: Any, site: Served) -> None:
    token = manager.locator("input[name=csrf]").first.get_attribute("value")
    big = {"name": "ds.xlsx", "mimeType": "application/octet-stream", "buffer": b"0" * (21 << 20)}
    response = manager.request.post(
        f"{site.url}/units/phuong-tay-ho/list", multipart={"csrf": token, "list": big}
    )
    assert response.status == 413


def test_the_designer_page_follows_the_spec_file(browser: Any, site: Served) -> None:
    page = log_in(browser, site, "thietke")
    try:
        page.goto(f"{site.url}/design?unit=phuong-tay-ho&t=badge&t=desk_plate")
        page.wait_for_selector("#images img")
        page.wait_for_selector("#rules tr")
        assert page.locator("#problems li").inner_text() == "Không có lỗi."
        shoot(page, "designer")
        spec = site.spec.read_text(encoding="utf-8")
        broken = spec.replace("  badge:\n", "  badge:\n    colour_of_the_day: red\n", 1)
        line = broken.splitlines().index("    colour_of_the_day: red") + 1
        started = time.monotonic()
        site.spec.write_text(broken, encoding="utf-8")
        expected = re.compile(rf"hanoi-one-stop\.yaml:{line}:")
        page.wait_for_function(
            "re => [...document.querySelectorAll('#problems li')]"
            ".some(li => new RegExp(re).test(li.textContent))",
            arg=expected.pattern,
            timeout=3_000,
        )
        assert time.monotonic() - started < 3
        site.spec.write_text(spec, encoding="utf-8")
        page.wait_for_function(
            "document.querySelector('#problems li').textContent === 'Không có lỗi.'",
            timeout=3_000,
        )
        page.wait_for_selector("#images img")
    finally:
        page.context.close()


def test_the_print_shop_reads_only_bundles(browser: Any, site: Served) -> None:
    page = log_in(browser, site, "nhain")
    try:
        assert page.url.endswith("/bundles")
        cards = page.locator(".bundle-card")
        assert cards.count() >= 1
        assert "Phường Ba Đình" in page.locator("main").inner_text()
        shoot(page, "printshop")
        bundle = f"{site.url}/files/phuong-ba-dinh/phuong-ba-dinh-print-bundle.zip"
        assert page.request.get(bundle).status == 200
        pdf = f"{site.url}/files/phuong-ba-dinh/badges/phuong-ba-dinh-badges.pdf"
        assert page.request.get(pdf).status == 403
        assert page.request.get(f"{site.url}/units/phuong-ba-dinh").status == 403
    finally:
        page.context.close()


def test_screenshots_are_small(site: Served) -> None:
    """The pictures the README shows (docs/studio-*.png) stay under 200 KB each."""
    for path in sorted((REPO / "docs").glob("studio-*.png")):
        assert path.stat().st_size < 200_000, path.name
