"""Executors: run tasks on one process, on forked processes or on spawned ones, alike.

Every executor takes the prepared Worker and a module-level `work(worker, task)` function, and
calls `done(index, result)` in the calling process as each task finishes. The calling process
is one of the workers: `--jobs 2` is this process and one more."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from queue import Empty
from typing import Any, Protocol, TypeVar

from brandkit.build.options import StartMethod
from brandkit.build.work import JobResult, WorkContext, Worker
from brandkit.errors import BrandkitError

T = TypeVar("T")
Work = Callable[[Worker, T], JobResult]
Done = Callable[[int, JobResult], None]


class Executor(Protocol):
    def run(
        self,
        worker: Worker,
        tasks: Sequence[T],
        order: Sequence[int],
        work: Work[T],
        done: Done,
        first: Callable[[], None] | None = None,
    ) -> None:
        """Run `work(worker, tasks[i])` for each i of `order` (roughly in that order).
        `first` runs in the calling process before it takes a task, while the other
        processes already work; when it raises, they are stopped and its error raised."""


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count), up to 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def executor_for(jobs: int, tasks: int, start_method: StartMethod | None = None) -> Executor:
    """One process for one task or `--jobs 1`; else forked processes where the system forks
    (Linux), spawned ones elsewhere or when asked."""
    workers = min(jobs or default_jobs(), tasks)
    if workers <= 1:
        return SerialExecutor()
    method = start_method or (
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    return ProcessExecutor(workers, method)


class SerialExecutor:
    """Every task in the calling process."""

    def run(
        self,
        worker: Worker,
        tasks: Sequence[T],
        order: Sequence[int],
        work: Work[T],
        done: Done,
        first: Callable[[], None] | None = None,
    ) -> None:
        if first is not None:
            first()
        for index in order:
            done(index, work(worker, tasks[index]))


def _child(
    source: Worker | WorkContext,
    tasks: Sequence[Any],
    order: Sequence[int],
    work: Work[Any],
    counter: Any,
    queue: Any,
    parent: int,
) -> None:
    """A worker process: takes the next task from the shared counter until none is left. A
    forked child inherits the prepared Worker; a spawned one prepares its own from the
    context (the spec is loaded again, fonts registered once)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a stopped worker stops at once
    try:
        die_with_parent(parent)
        worker = source if isinstance(source, Worker) else Worker.prepare(source)
        while (index := _next(counter, order)) is not None:
            queue.put((index, work(worker, tasks[index])))
    except BaseException as exc:  # report, so the parent fails cleanly instead of waiting
        queue.put((-1, exc))
    queue.put(None)


def _trim() -> None:
    """Give the heap memory freed so far back to the system (glibc's malloc_trim), so that
    the children do not start with the parent's free pages resident: a fifth of a worker's
    memory after planning a 2,000-person build."""
    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when the build's process dies, even by SIGKILL
    (Linux; elsewhere a worker notices at its next task); exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def _next(counter: Any, order: Sequence[int]) -> int | None:
    with counter.get_lock():
        position = counter.value
        counter.value += 1
    return order[position] if position < len(order) else None


@dataclass
class ProcessExecutor:
    """`workers - 1` child processes and the calling one take tasks from a shared counter.
    Forked children inherit the worker and the tasks (nothing is pickled on the way in);
    spawned children get the tasks and the worker's context pickled, once each."""

    workers: int
    method: StartMethod

    def run(
        self,
        worker: Worker,
        tasks: Sequence[T],
        order: Sequence[int],
        work: Work[T],
        done: Done,
        first: Callable[[], None] | None = None,
    ) -> None:
        context: Any = multiprocessing.get_context(self.method)
        counter = context.Value("i", 0)
        queue: Any = context.Queue()
        source = worker if self.method == "fork" else worker.context
        args = (source, tasks if self.method == "fork" else list(tasks), order, work)
        children = [
            context.Process(target=_child, args=(*args, counter, queue, os.getpid()), daemon=True)
            for _ in range(self.workers - 1)
        ]
        _trim()  # what planning freed goes back to the system, not into each child's RSS
        for process in children:
            process.start()
        collector = _Collector(children, queue, done)
        finished = False
        try:
            if first is not None:
                first()
            while collector.failure is None and (index := _next(counter, order)) is not None:
                done(index, work(worker, tasks[index]))
                collector.collect(block=False)
            collector.collect(block=True)
            finished = collector.failure is None
        finally:
            _stop(children, gently=finished)
        if collector.failure is not None:
            raise collector.failure


def _stop(children: list[Any], gently: bool) -> None:
    """Wait for children that finished their work; stop at once those of a failed or
    interrupted run (SIGTERM, then SIGKILL), so none outlives the build."""
    for process in children:
        if not gently and process.is_alive():
            process.terminate()
    for process in children:
        process.join(timeout=5 if gently else 1)
        if process.is_alive():
            process.kill()
            process.join(timeout=1)


class WorkerDied(BrandkitError):
    """A worker process ended without reporting (killed, out of memory, crashed)."""


class _Collector:
    """Results from the children's queue, as they come; a dead child is a failure."""

    def __init__(self, children: list[Any], queue: Any, done: Done) -> None:
        self.children = children
        self.queue = queue
        self.done = done
        self.running = len(children)
        self.failure: BaseException | None = None

    def collect(self, block: bool) -> None:
        while self.running:
            try:
                message = self.queue.get(block=block, timeout=1 if block else 0)
            except Empty:
                if not block:
                    return
                if not any(p.is_alive() for p in self.children) and self.queue.empty():
                    codes = sorted({p.exitcode for p in self.children if p.exitcode})
                    self.failure = self.failure or WorkerDied(
                        f"a worker process died (exit code {', '.join(map(str, codes))}); "
                        "nothing was written: run the build again"
                    )
                    return
                continue
            if message is None:
                self.running -= 1
            elif message[0] < 0:
                self.failure = self.failure or message[1]
            else:
                self.done(*message)
