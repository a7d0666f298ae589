"""Builds started from the studio: one output folder is written by one build at a time; the
second waits (and says so), then finishes, and the studio's history records it."""

from __future__ import annotations

import time
from pathlib import Path

from brandkit.build import read_manifest
from brandkit.build.commit import output_lock
from brandkit.i18n import translator
from brandkit.studio.accounts import Accounts
from brandkit.studio.app import shown
from brandkit.studio.jobs import BuildJob, Builds
from tests.studio.conftest import make_site


def wait_for(job: BuildJob, states: tuple[str, ...], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while job.state not in states and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.state in states, (job.state, job.problems)


def test_a_build_waits_for_another_writing_the_same_folder(tmp_path: Path) -> None:
    spec, out = make_site(tmp_path)
    out.mkdir()
    accounts = Accounts(tmp_path / "out.studio.sqlite")
    builds = Builds(spec, out, accounts)
    with output_lock(out):  # another build (here: this test) is writing the folder
        job = builds.start("quanly", "phuong-tay-ho", None)
        wait_for(job, ("waiting",), 60)
        assert job.status()["state"] == "waiting"
        assert not (out / "manifest.json").exists()
    wait_for(job, ("done", "failed"), 120)
    assert job.state == "done" and job.status()["percent"] == 100
    manifest = read_manifest(out)
    assert "phuong-tay-ho/phuong-tay-ho-print-bundle.zip" in manifest.entries
    [last] = accounts.builds("phuong-tay-ho")
    assert last["status"] == "done" and last["user"] == "quanly" and last["changes"]


def test_a_failed_build_says_why_and_writes_nothing(tmp_path: Path) -> None:
    spec, out = make_site(tmp_path)
    staff = tmp_path / "ds.csv"
    staff.write_text("Mã cán bộ,Họ và tên,Chức danh,Đơn vị\nX1,,Chuyên viên,Phường Tây Hồ\n")
    builds = Builds(spec, out, Accounts(tmp_path / "out.studio.sqlite"))
    job = builds.start("quanly", "phuong-tay-ho", staff)
    wait_for(job, ("done", "failed"), 120)
    assert job.state == "failed" and job.problems
    assert not (out / "manifest.json").exists()


def test_a_build_failed_on_the_spec_tells_the_studio_why_in_vietnamese(tmp_path: Path) -> None:
    spec, out = make_site(tmp_path)
    text = spec.read_text(encoding="utf-8").replace("height: 85.6mm}", "height: 85.6}", 1)
    spec.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "height: 85.6}" in t)
    builds = Builds(spec, out, Accounts(tmp_path / "out.studio.sqlite"))
    job = builds.start("quanly", "phuong-tay-ho", None)
    wait_for(job, ("done", "failed"), 120)
    assert job.state == "failed"
    said = shown(job.problems, translator("vi"))  # the size, and the back now of another size
    assert 'mặt sau "badge_back" phải có "size" giống mặt trước' in said[1]
    assert said[0] == (
        f"{spec}:{line}: templates.badge.size.height: cần một độ dài có đơn vị đo, như '85.6mm' "
        "hoặc '12pt'; đang ghi 85.6"
    )
    assert not (out / "manifest.json").exists()
