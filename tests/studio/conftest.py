"""Fixtures of the studio tests: a copy of the sample spec, staff lists made with openpyxl,
the studio served from a child process on a free loopback port, and a real Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

REPO = Path(__file__).absolute().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
PASSWORD = "mat-khau-thu-nghiem"
HEADERS = ["Mã cán bộ", "Họ và tên", "Chức danh", "Đơn vị"]
PEOPLE = [
    ["TH001", "Nguyễn Thị Hương", "Chuyên viên", "Phường Tây Hồ"],
    ["TH002", "Trần Văn Đức", "Công chức Văn phòng – Thống kê", "Phường Tây Hồ"],
    ["TH003", "Lê Minh Khôi", "Phó Chủ tịch", "Phường Tây Hồ"],
]


def cli_env() -> dict[str, str]:
    """The environment of a child brandkit: Vietnamese, whatever the machine's locale."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env["BRANDKIT_LANG"] = "vi"
    return env


def brandkit(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brandkit", *args],
        input=stdin, capture_output=True, text=True, env=cli_env(), timeout=120,
    )  # fmt: skip


def staff_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """A staff list as an office keeps it: a title line above Vietnamese headers."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH CÁN BỘ BỘ PHẬN MỘT CỬA"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    url: str
    spec: Path
    out: Path
    root: Path


def make_site(root: Path) -> tuple[Path, Path]:
    """A copy of the sample spec folder (so a test may edit it) and an output folder."""
    shutil.copytree(REPO / "specs", root / "specs")
    return root / "specs" / "hanoi-one-stop.yaml", root / "out"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The studio with accounts, serving a copy of the sample spec; another ward already
    built from the command line (for the print shop and the access tests)."""
    root = tmp_path_factory.mktemp("studio")
    spec, out = make_site(root)
    common = ("--spec", str(spec), "--out", str(out))
    accounts = [
        ("quanly", "manager", "--unit", "phuong-tay-ho"),
        ("badinh", "manager", "--unit", "phuong-ba-dinh"),
        ("thietke", "designer"),
        ("nhain", "printshop"),
    ]
    for name, role, *units in accounts:
        done = brandkit(*common, "users", "add", name, "--role", role, *units,
                        "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        assert done.returncode == 0, done.stderr
    built = brandkit(*common, "--jobs", "1", "build", "--unit", "phuong-ba-dinh", "--bundle")
    assert built.returncode == 0, built.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "brandkit", *common, "serve", "--port", str(port)],
        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield Served(url, spec, out, root)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_until_up(url: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(
                f"the studio did not start: {server.stdout and server.stdout.read()}"
            )
        try:
            with urllib.request.urlopen(url + "/login", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the studio did not answer within 30 s")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (make install puts it in /usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
