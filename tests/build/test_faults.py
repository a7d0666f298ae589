"""Faults, injected: killed and stopped builds, dead workers, concurrent builds, a full disk and
a failed rename. Each leaves the output folder consistent, and the next build heals it."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import brandkit.build.commit as commit_module
import brandkit.build.work as work_module
from brandkit.build import Options, build, changes
from tests.conftest import SAMPLE_SPEC

UNIT = "phuong-tay-ho"
ROOT = Path(__file__).resolve().parents[2]


def brandkit(*args: object) -> subprocess.Popen[str]:
    """brandkit in its own process, as a person or a service would start it."""
    command = [sys.executable, "-m", "brandkit", "--spec", str(SAMPLE_SPEC), *map(str, args)]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def children_of(pid: int) -> set[int]:
    """The live processes whose parent is `pid` (from /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for_workers(process: subprocess.Popen[str], out: Path, timeout: float = 60) -> set[int]:
    """The build's worker processes, once it is drawing (its temporary folder exists)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = children_of(process.pid)
        if workers and list(out.glob(".brandkit-*")):
            return workers
        if process.poll() is not None:
            pytest.fail(f"the build ended before it could be stopped: {process.stderr}")
        time.sleep(0.05)
    pytest.fail("the build never started its workers")


def files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


# A build slow enough to be stopped in the middle: PNG proofs of a unit's every asset.
SLOW = ("--jobs", "2", "build", "--unit", UNIT, "--format", "pdf,png")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What an undisturbed build writes."""
    out = tmp_path_factory.mktemp("clean") / "out"
    process = brandkit("--out", out, *SLOW)
    assert process.wait(timeout=300) == 0, process.communicate()
    return files(out)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_stopped_build_leaves_no_worker_and_the_next_build_is_clean(
    tmp_path: Path, clean: dict[str, bytes], sig: signal.Signals
) -> None:
    out = tmp_path / "out"
    process = brandkit("--out", out, *SLOW)
    workers = wait_for_workers(process, out)
    process.send_signal(sig)
    code = process.wait(timeout=30)
    assert code in (-sig, 128 + sig), code
    if sig == signal.SIGTERM:  # cleaned up like Ctrl-C: no traceback, no temporary folder
        assert "Traceback" not in process.communicate()[1]
        assert not list(out.glob(".brandkit-*"))
    deadline = time.monotonic() + 2
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)], "a worker outlived its build"
    again = brandkit("--out", out, *SLOW)
    assert again.wait(timeout=300) == 0, again.communicate()
    assert not list(out.glob(".brandkit-*"))  # a killed build's temporary folder is gone
    assert files(out) == clean


def test_a_killed_worker_fails_the_build_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = brandkit("--out", out, *SLOW)
    (worker, *_) = wait_for_workers(process, out)
    os.kill(worker, signal.SIGKILL)
    code = process.wait(timeout=120)
    stderr = process.communicate()[1]
    assert code == 1, stderr
    assert "a worker process died" in stderr and "Traceback" not in stderr
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


def test_six_builds_into_one_folder_keep_every_entry(tmp_path: Path) -> None:
    out = tmp_path / "out"
    units = ["trung-tam", "chi-nhanh-01", "chi-nhanh-02", "chi-nhanh-03", "phuong-tay-ho",
             "xa-huong-son"]  # fmt: skip
    out.mkdir()
    processes = [brandkit("--out", out, "-j", "1", "badges", "--unit", u) for u in units]
    for process in processes:
        assert process.wait(timeout=300) == 0, process.communicate()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    paths = {e["path"] for e in manifest["files"]}
    assert {f"{u}/badges/{u}-badges.pdf" for u in units} <= paths
    assert not list(out.glob(".*"))  # no temporary folder or manifest left behind


def test_a_second_build_may_refuse_to_wait(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = brandkit("--out", out, *SLOW)
    wait_for_workers(first, out)
    second = brandkit("--out", out, "badges", "--unit", UNIT, "--no-wait")
    assert second.wait(timeout=60) == 1
    assert "another build is writing to" in second.communicate()[1]
    assert first.wait(timeout=300) == 0


def options(out: Path, **more: object) -> Options:
    return Options(spec=SAMPLE_SPEC, out=out, jobs=1, quiet=True, units=(UNIT,), **more)  # type: ignore[arg-type]


def test_an_interrupted_commit_is_reported_and_finished_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(options(out))
    before = files(out)
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(source: str, target: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # the power goes off after two files are in place
            raise OSError(errno.EIO, "simulated failure")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(commit_module.os, "replace", failing_replace)
    with pytest.raises(OSError):
        build(options(out, rebuild=True, formats=frozenset({"pdf", "png"})))
    monkeypatch.setattr(commit_module.os, "replace", real_replace)
    found, _, _ = changes(options(out, formats=frozenset({"pdf", "png"})))
    assert any(c.status == "interrupted" for c in found)
    report = build(options(out, formats=frozenset({"pdf", "png"})))
    assert "finished an interrupted build" in " ".join(report.warnings)
    assert not list(out.glob(".brandkit-*"))
    after = files(out)
    assert {p: d for p, d in after.items() if p in before} == before
    assert changes(options(out, formats=frozenset({"pdf", "png"})))[0] == []


def test_a_full_disk_while_drawing_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(options(out))
    before = files(out)
    manifest = (out / "manifest.json").read_bytes()
    real_write = work_module.Worker.write_temp
    calls = {"n": 0}

    def full_disk(self: work_module.Worker, data: bytes) -> str:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(work_module.Worker, "write_temp", full_disk)
    with pytest.raises(OSError):
        build(options(out, rebuild=True, formats=frozenset({"pdf", "png"})))
    assert files(out) == before
    assert (out / "manifest.json").read_bytes() == manifest
    assert not list(out.glob(".brandkit-*"))


def test_a_full_disk_on_a_real_small_filesystem(tmp_path: Path) -> None:
    # A tmpfs of a few megabytes: the first build fits, a second with PNG proofs does not.
    # Nothing of the first build is replaced, and the message says what happened.
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)])
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        out = mount / "out"
        first = brandkit("--out", out, "-j", "1", "badges", "--unit", UNIT)
        assert first.wait(timeout=120) == 0, first.communicate()
        before = files(out)
        manifest = (out / "manifest.json").read_bytes()
        second = brandkit("--out", out, "-j", "1", "build", "--unit", UNIT, "--format", "pdf,png")
        assert second.wait(timeout=300) == 1
        stderr = second.communicate()[1]
        assert "No space left on device" in stderr and "Traceback" not in stderr
        assert files(out) == before
        assert (out / "manifest.json").read_bytes() == manifest
        assert not list(out.glob(".brandkit-*"))
    finally:
        subprocess.run(["umount", "-l", str(mount)])


@pytest.mark.parametrize("stage", [1, 2], ids=["the new manifest", "the journal"])
def test_a_full_disk_at_the_commit_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: int
) -> None:
    # The commit writes the new manifest and then the journal into the temporary folder
    # before it moves anything: the disk filling up at either leaves the output as it was.
    out = tmp_path / "out"
    build(options(out))
    before = files(out)
    manifest = (out / "manifest.json").read_bytes()
    real_write = commit_module._write_synced
    calls = {"n": 0}

    def full_disk(path: str, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == stage:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(commit_module, "_write_synced", full_disk)
    with pytest.raises(OSError):
        build(options(out, rebuild=True, formats=frozenset({"pdf", "png"})))
    assert calls["n"] == stage
    assert files(out) == before
    assert (out / "manifest.json").read_bytes() == manifest
    assert not list(out.glob(".brandkit-*"))
    monkeypatch.setattr(commit_module, "_write_synced", real_write)
    assert changes(options(out))[0] == []
