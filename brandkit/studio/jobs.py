"""Builds started from the studio: each runs `brandkit.build.build` in a child process (the
server stays responsive; a crash stays there), reports its progress through a queue, and
waits for the output folder's lock like any build, so two people building at once never write
the same folder together."""

from __future__ import annotations

import multiprocessing
import queue
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brandkit.build import Options, build
from brandkit.build.bundle import bundle_path, previous_ticket
from brandkit.errors import BrandkitError, Problem
from brandkit.studio.accounts import Accounts

POLL_SECONDS = 0.2
KEEP_FINISHED = 200  # finished jobs remembered for their status page
_MESSAGES = {"stopped": "The build process stopped unexpectedly: nothing was written."}


@dataclass
class BuildJob:
    """One studio build, as its status endpoint reports it."""

    id: str
    unit: str
    user: str
    state: str = "starting"  # starting, waiting, running, done, failed
    done: int = 0
    total: int = 0
    problems: list[Problem] | list[str] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.time)

    def status(self) -> dict[str, Any]:
        share = self.done / self.total if self.total else 0.0
        return {
            "id": self.id,
            "unit": self.unit,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "percent": round(100 * min(share, 1.0)) if self.state != "done" else 100,
            "problems": self.problems,
            "rewritten": len(self.rewritten),
        }


def _child(options: Options, events: Any) -> None:
    """The build, in the child process: every event goes back through `events`."""
    try:
        report = build(
            options,
            progress=lambda n, _unit: events.put(("step", n)),
            on_total=lambda n: events.put(("total", n)),
            on_wait=lambda: events.put(("wait", 0)),
        )
    except BrandkitError as exc:
        events.put(("failed", exc.problems))  # Problems travel whole, to be translated
        return
    except Exception as exc:  # reported to the person as a failed build, not a lost job
        events.put(("failed", [f"{type(exc).__name__}: {exc}"]))
        return
    events.put(("done", list(report.rewritten)))


class Builds:
    """The studio's builds: start one, read its status."""

    def __init__(self, spec: Path, out: Path, accounts: Accounts) -> None:
        self.spec = spec
        self.out = out
        self.accounts = accounts
        self._jobs: dict[str, BuildJob] = {}
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")

    def start(self, user: str, unit: str, staff: Path | None) -> BuildJob:
        job = BuildJob(secrets.token_hex(8), unit, user)
        options = Options(
            spec=self.spec, out=self.out, jobs=1, units=(unit,), staff=staff, bundle=True
        )
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[:-KEEP_FINISHED]:
                if self._jobs[old].state in ("done", "failed"):
                    del self._jobs[old]
        threading.Thread(target=self._run, args=(job, options), daemon=True).start()
        return job

    def get(self, job_id: str) -> BuildJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: BuildJob, options: Options) -> None:
        events = self._context.Queue()
        process = self._context.Process(target=_child, args=(options, events), daemon=True)
        process.start()
        while True:
            try:
                kind, value = events.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if process.is_alive() or not events.empty():
                    continue
                kind, value = "failed", [_MESSAGES["stopped"]]
            if kind in ("done", "failed"):
                break
            self._apply(job, kind, value)
        process.join(timeout=10)
        if kind == "done":
            job.rewritten = value
        else:
            job.problems = value
        self._record(job, kind)
        job.state = kind  # last: a page that sees "done" finds the build in the history

    @staticmethod
    def _apply(job: BuildJob, kind: str, value: Any) -> None:
        if kind == "total":
            job.total, job.state = value, "running"
        elif kind == "step":
            job.done += value
            job.state = "running"
        elif kind == "wait":
            job.state = "waiting"

    def _record(self, job: BuildJob, state: str) -> None:
        detail: dict[str, Any] = {"rewritten": len(job.rewritten), "changes": []}
        path = bundle_path(job.unit)
        if state == "done" and path in job.rewritten:
            ticket = previous_ticket(self.out / path) or {}
            detail["changes"] = bundle_changes(ticket)
        detail["problems"] = [str(p) for p in job.problems[:20]]
        self.accounts.record_build(job.user, job.unit, state, detail)


def bundle_changes(ticket: dict[str, Any]) -> list[dict[str, Any]]:
    """What a bundle's ticket says changed since the bundle before it, item by item: the file,
    new or changed, and the pages to print again (first, last)."""
    out = []
    for item in ticket.get("items", []):
        since = item.get("since_last_bundle") if isinstance(item, dict) else None
        if not isinstance(since, dict):
            out.append({"file": item.get("file"), "status": "new", "pages": []})
            continue
        if since.get("status") == "unchanged":
            continue
        pages = [p["pages"] for p in since.get("pages", []) if p.get("pages")]
        out.append({"file": item.get("file"), "status": since.get("status"), "pages": pages})
    return out
