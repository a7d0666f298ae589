"""Access rules, CSRF, upload limits and sniffing, search and language, through Starlette's
test client (no browser, no build)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from brandkit.studio import StudioConfig, create_app, is_loopback
from brandkit.studio.accounts import Accounts
from tests.studio.conftest import PEOPLE, REPO, staff_xlsx

SPEC = REPO / "specs" / "hanoi-one-stop.yaml"
PASSWORD = "mat-khau-1234"


def token(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, path
    return found.group(1)


def logged_in(client: TestClient, name: str) -> TestClient:
    form = {"csrf": token(client), "name": name, "password": PASSWORD, "next": "/"}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return client


@pytest.fixture
def out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    bundle = "phuong-ba-dinh/phuong-ba-dinh-print-bundle.zip"
    for path in ("phuong-tay-ho/badges/a.pdf", "phuong-ba-dinh/badges/b.pdf", bundle,
                 "brand/tokens.json"):  # fmt: skip
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(b"%PDF-1.6 test")
    accounts = Accounts(tmp_path / "out.studio.sqlite")
    accounts.add("quanly", "manager", PASSWORD, ("phuong-tay-ho",))
    accounts.add("nhain", "printshop", PASSWORD)
    return out


@pytest.fixture
def client(out: Path) -> Iterator[TestClient]:
    config = StudioConfig(spec=SPEC, out=out, database=out.parent / "out.studio.sqlite")
    with TestClient(create_app(config)) as client:
        yield client


def test_loopback_addresses() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.10", "::", "studio.example"]))


def test_pages_need_a_login_when_there_are_accounts(client: TestClient) -> None:
    response = client.get("/units/phuong-tay-ho", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    form = {"csrf": token(client), "name": "quanly", "password": "sai-mat-khau", "next": "/"}
    refused = client.post("/login", data=form)
    assert refused.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in refused.text


def test_a_login_without_the_form_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"name": "quanly", "password": PASSWORD})
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.text


def test_a_manager_reads_only_their_units_files(client: TestClient, out: Path) -> None:
    logged_in(client, "quanly")
    assert client.get("/files/phuong-tay-ho/badges/a.pdf").status_code == 200
    assert client.get("/files/phuong-ba-dinh/badges/b.pdf").status_code == 403
    assert client.get("/files/phuong-tay-ho/%2e%2e/phuong-ba-dinh/badges/b.pdf").status_code == 403
    assert client.get("/files/brand/tokens.json").status_code == 403
    assert client.get("/files/%2e%2e/out.studio.sqlite").status_code == 404
    os.symlink(out / "phuong-ba-dinh/badges/b.pdf", out / "phuong-tay-ho/badges/link.pdf")
    assert client.get("/files/phuong-tay-ho/badges/link.pdf").status_code == 403
    os.symlink("/etc/hostname", out / "phuong-tay-ho/badges/outside.pdf")
    assert client.get("/files/phuong-tay-ho/badges/outside.pdf").status_code == 404
    assert client.get("/units/phuong-ba-dinh").status_code == 403
    assert client.get("/bundles").status_code == 403
    assert client.get("/design").status_code == 403


def test_a_print_shop_reads_only_bundles(client: TestClient) -> None:
    logged_in(client, "nhain")
    assert client.get("/files/phuong-ba-dinh/phuong-ba-dinh-print-bundle.zip").status_code == 200
    assert client.get("/files/phuong-ba-dinh/badges/b.pdf").status_code == 403
    assert client.get("/units").status_code == 403
    assert "Phường Ba Đình" not in client.get("/bundles").text  # an unreadable ticket: its id
    assert "phuong-ba-dinh" in client.get("/bundles").text


def test_uploads_are_limited_while_they_stream(client: TestClient) -> None:
    logged_in(client, "quanly")
    csrf = token(client, "/units/phuong-tay-ho")
    big = b"0" * (21 << 20)
    declared = client.post(
        "/units/phuong-tay-ho/list", data={"csrf": csrf}, files={"list": ("a.xlsx", big)}
    )
    assert declared.status_code == 413 and "Tệp quá lớn" in declared.text

    def chunks() -> Iterator[bytes]:
        yield b'--x\r\nContent-Disposition: form-data; name="list"; filename="a.csv"\r\n\r\n'
        for _ in range(22):
            yield b"0" * (1 << 20)

    streamed = client.post(
        "/units/phuong-tay-ho/list",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert streamed.status_code == 413


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        ("rong.csv", b""),
        ("zip.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_an_upload_that_is_no_list_is_refused_in_vietnamese(
    client: TestClient, name: str, data: bytes
) -> None:
    logged_in(client, "quanly")
    csrf = token(client, "/units/phuong-tay-ho")
    response = client.post(
        "/units/phuong-tay-ho/list", data={"csrf": csrf}, files={"list": (name, data)}
    )
    assert response.status_code == 400
    assert "Tệp này không phải danh sách cán bộ" in response.text


def test_a_list_is_checked_and_its_problems_placed(client: TestClient, tmp_path: Path) -> None:
    logged_in(client, "quanly")
    rows = [PEOPLE[0], ["", "Không Mã", "Chuyên viên", "Phường Tây Hồ"],
            ["TH001", "Trùng Mã", "Chuyên viên", "Phường Ba Đình"]]  # fmt: skip
    path = staff_xlsx(tmp_path / "ds.xlsx", rows)
    csrf = token(client, "/units/phuong-tay-ho")
    with path.open("rb") as handle:
        page = client.post(
            "/units/phuong-tay-ho/list", data={"csrf": csrf}, files={"list": ("../../x", handle)}
        )
    assert page.status_code == 200
    assert "Dòng 4, cột “Mã cán bộ”: Ô “Mã cán bộ” đang trống: hãy điền mã cán bộ." in page.text
    assert "Dòng 5, cột “Mã cán bộ”: Mã “TH001” đã dùng ở dòng 3" in page.text
    assert "Dòng 5, cột “Đơn vị”: Người này thuộc Phường Ba Đình, không thuộc Phường Tây Hồ" in (
        page.text
    )


def test_units_are_found_with_or_without_marks(client: TestClient) -> None:
    logged_in(client, "quanly")
    assert "Phường Tây Hồ" in client.get("/units", params={"q": "tay ho"}).text
    assert "Phường Tây Hồ" in client.get("/units", params={"q": "Tây Hồ"}).text
    assert "Phường Ba Đình" not in client.get("/units", params={"q": ""}).text


def test_the_language_switch(client: TestClient) -> None:
    response = client.get(
        "/lang/en", params={"next": "//elsewhere.example/"}, follow_redirects=False
    )
    assert response.headers["location"] == "/"
    client.get("/lang/en", params={"next": "/login"})
    page = client.get("/login").text
    assert "User name" in page and "Tên đăng nhập" not in page
    client.get("/lang/vi")
    assert "Tên đăng nhập" in client.get("/login").text


def test_one_person_on_this_computer_needs_no_account(tmp_path: Path) -> None:
    config = StudioConfig(spec=SPEC, out=tmp_path / "out", database=tmp_path / "s.sqlite")
    with TestClient(create_app(config)) as client:
        page = client.get("/units/phuong-tay-ho")
        assert page.status_code == 200 and "Đăng xuất" not in page.text
        assert client.get("/bundles").status_code == 200
    remote = StudioConfig(
        spec=SPEC, out=tmp_path / "out", database=tmp_path / "s.sqlite", host="0.0.0.0"
    )
    with TestClient(create_app(remote)) as client:
        assert client.get("/units", follow_redirects=False).status_code == 303
