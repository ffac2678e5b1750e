"""The worker pool: extraction runs in separate processes, each loading the models once, with a hard wall-clock
deadline (the worker is ended and replaced) and a memory ceiling per document.

Every task resolves to an *outcome* dict, never an exception:
``{"result": <contract JSON dict>}`` or ``{"error": {"code": …, "message": …}}``.
Batch, jobs and the HTTP API all run documents through this one pool.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import functools
import logging
import multiprocessing
import multiprocessing.context
import os
import resource
import signal
import threading
import time
import uuid
from concurrent.futures import CancelledError, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from pebble import ProcessExpired, ProcessPool
from pebble.common import CONSTS as PEBBLE_CONSTS

from service.base.errors import NianbaoError, Timeout, TooComplex, trace_of
from service.base.settings import Settings, get_settings

log = logging.getLogger("nianbao.workers")
_PIPELINE = None  # one per worker process, loaded by the initializer
_TRIM_ABOVE_MB = 400  # after a document leaves a worker above this resident size, hand freed memory back
_LIBC = None
# The deadline is first an alarm inside the worker (the document stops, the worker and its loaded models stay);
# only a worker stuck in native code past the grace is ended by the pool and replaced.
HARD_GRACE_SECONDS = 2.0
# pebble's manager threads poll every `sleep_unit` (0.1 s by default): closing a pool waits out that sleep, and a
# cancelled or overdue document is noticed only at the next poll. At 50 ms an idle pool of two workers costs its
# parent about 6 ms of CPU a second (2.4 at 0.1 s, 9.6 at 20 ms).
PEBBLE_CONSTS.sleep_unit = 0.05


class _Overtime(BaseException):
    """Raised inside a worker by SIGALRM at the document's deadline (BaseException: no `except Exception` eats it)."""


def _on_alarm(_signum, _frame) -> None:
    raise _Overtime()


def _init_worker(settings: dict, memory_mb: int, loaded=None) -> None:
    """Worker start: apply the memory ceiling, load every model once, then sign in as loaded (for /readyz)."""
    global _PIPELINE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which ends its workers cleanly
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    from service.core.pipeline import Pipeline

    _PIPELINE = Pipeline.load(Settings(**settings))
    signal.signal(signal.SIGALRM, _on_alarm)
    if loaded is not None:
        with loaded.get_lock():  # a ring of the PIDs of workers that finished loading
            loaded[1 + loaded[0] % (len(loaded) - 1)] = os.getpid()
            loaded[0] += 1


def _resident_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _libc():
    global _LIBC
    _LIBC = _LIBC or ctypes.CDLL(ctypes.util.find_library("c"))
    return _LIBC


def _trim_memory() -> None:
    """glibc keeps freed arenas: give them back once a large document is done, so a worker stays small."""
    try:
        if _resident_mb() > _TRIM_ABOVE_MB:
            _libc().malloc_trim(0)
    except (OSError, AttributeError, ValueError):
        pass  # not Linux/glibc: nothing to trim


# glibc's mallopt parameters, and the values a worker runs with when its parent forced tiny ones.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_HEAP_MMAP_BYTES, _HEAP_TRIM_BYTES = 16 * 2**20, 32 * 2**20


def roomy_heap() -> bool:
    """Undo a MALLOC_TRIM_THRESHOLD_/MALLOC_MMAP_THRESHOLD_ set in the environment (a Dask nanny sets a 64 KB trim
    threshold): with it every array past the threshold is a fresh mmap and every free at the top of the heap gives
    pages back, ~220 page faults a short report and ~7% more CPU. Blocks up to 16 MB then come from the heap, as
    glibc's own sliding threshold gives a local worker; `_trim_memory` still hands memory back after a large document.
    True when the parameters were set (Linux/glibc, and the environment had asked for a threshold)."""
    if not any(os.environ.get(k) for k in ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")):
        return False
    try:
        libc = _libc()
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, _HEAP_MMAP_BYTES) and libc.mallopt(_M_TRIM_THRESHOLD, _HEAP_TRIM_BYTES))
    except (OSError, AttributeError, ValueError, TypeError):
        return False  # not glibc


def _internal(exc: BaseException) -> dict:
    trace_id = uuid.uuid4().hex[:12]
    log.error("internal error %s: %s", trace_id, trace_of(exc))
    return {"error": {"code": "INTERNAL", "message": f"服务内部错误（追踪号 {trace_id}），请联系管理员。",
                      "trace_id": trace_id}}


def _run(data: bytes | str, filename: str | None, as_json: bool = False) -> dict:
    """Runs inside a worker: one document to an outcome dict (`as_json`: the result as UTF-8 JSON bytes, "result_json")."""
    seconds = _PIPELINE.settings.max_seconds
    try:
        return _run_timed(data, filename, as_json, seconds)
    except _Overtime:  # also when the alarm rang just as the document finished: the deadline had passed
        return Timeout(f"处理超时：超过了每份文档 {seconds:g} 秒的处理时限，已停止处理。").to_dict()


def _run_timed(data: bytes | str, filename: str | None, as_json: bool, seconds: float) -> dict:
    if seconds > 0:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        report = _PIPELINE.run(data, filename)
        return {"result_json": _as_json(report)} if as_json else {"result": report.model_dump(mode="json")}
    except NianbaoError as err:
        return err.to_dict()
    except (MemoryError, RecursionError):
        return TooComplex().to_dict()
    except Exception as exc:  # a true bug: still an answer, logged with a trace id
        return _internal(exc)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        del data
        _trim_memory()


@functools.cache
def _report_adapter():
    from pydantic import TypeAdapter

    from service.base.schema import Report

    return TypeAdapter(Report)


def _as_json(report) -> bytes:
    """The report as UTF-8 JSON bytes: they cross the process pipe and reach the client with no decode or encode."""
    return _report_adapter().dump_json(report)


def _run_path(path: str, as_json: bool = False) -> dict:
    """Runs inside a worker: read a file (unreadable files are an error row), then extract it."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return {"error": {"code": "READ_ERROR", "message": f"无法读取文件：{exc.strerror or exc}"}}
    return _run(data, Path(path).name, as_json)


def _run_paths(paths: list[str], as_json: bool = False) -> list[dict]:
    """Runs inside a worker: several files one after the other, each with its own deadline and outcome."""
    return [_run_path(path, as_json) for path in paths]


def outcome_of(future: Future, deadline: float | None = None) -> dict:
    """The outcome of a finished task: the worker's dict, or the error its ending means."""
    try:
        return future.result(timeout=0)
    except FutureTimeout:
        return (Timeout(f"处理超时：超过了每份文档 {deadline:g} 秒的处理时限，已停止处理。") if deadline else Timeout()).to_dict()
    except CancelledError:
        return {"error": {"code": "CANCELLED", "message": "任务已取消。"}}
    except ProcessExpired as exc:  # killed from outside, by the memory ceiling, or by a crash of a native library
        log.warning("worker ended while processing (exit code %s)", exc.exitcode)
        return dict(WORKER_LOST)
    except BrokenProcessPool:  # a worker died outside any task and pebble dropped the pool: not this document's fault
        return dict(WORKER_LOST)
    except MemoryError:
        return TooComplex().to_dict()
    except Exception as exc:
        if type(exc).__name__ == "KilledWorker":  # Dask: the task ended every worker it was tried on
            return TooComplex().to_dict()
        return _internal(exc)


# A worker that ended under a document is not proof against the document (a kill from outside, an OOM elsewhere on
# the machine): callers try it once more on a fresh worker, and only a second loss makes it TOO_COMPLEX.
WORKER_LOST = {"error": {"code": "WORKER_LOST", "message": "处理该文件的工作进程意外退出，将在新的工作进程上重试一次。"}}
LOST_TWICE = TooComplex("该文件两次导致工作进程退出（超出内存或结构上限），已停止处理。").to_dict()


def grouped(sizes: list[int], most: int, most_bytes: int) -> list[range]:
    """Consecutive runs of positions with at most `most` items and `most_bytes` in all (an item that would overflow a
    run starts the next; one larger than `most_bytes` goes alone): how a batch's files are cut into pool tasks."""
    runs, start, total = [], 0, 0
    for i, size in enumerate(sizes):
        if i > start and (i - start >= most or total + size > most_bytes):
            runs.append(range(start, i))
            start, total = i, 0
        total += size
    if start < len(sizes):
        runs.append(range(start, len(sizes)))
    return runs


def _size_of(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the worker reports it unreadable


def _split_chunk(futures: list[Future], task: Future) -> None:
    """Settle each file's Future from its chunk's task."""
    try:
        outcomes = task.result(timeout=0)
    except (FutureTimeout, TimeoutError):  # together past their deadlines: each alone once more
        outcomes = [dict(WORKER_LOST) for _ in futures]
    except BaseException as exc:  # ended worker, broken pool, cancelled: as a single file's task would end
        for future in futures:
            future.set_exception(exc)
        return
    for future, outcome in zip(futures, outcomes):
        future.set_result(outcome)


def worker_lost(outcome: dict) -> bool:
    """Did this outcome end with the worker, rather than with the document?"""
    return (outcome.get("error") or {}).get("code") == "WORKER_LOST"


CHUNK = 4  # files per pool task at most in a batch: a quarter of the messages and wake-ups in the parent
CHUNK_BYTES = 256 * 1024  # a large file goes alone, so a lost chunk costs little and big work stays spread

REBUILDS = 3  # new pools a minute after pebble gave one up

_PIPE_BYTES = 1 << 20  # a report's JSON is ~60 KB: a 64 KB pipe held one, so a worker waited for the parent to read


class _RoomyPipes(multiprocessing.context.SpawnContext):
    """The spawn start method (never fork a threaded server) with one-way pipes of 1 MB: a worker hands over its
    result and goes on while the parent (on the same cores) is not reading."""

    def Pipe(self, duplex=True):  # multiprocessing's name
        ends = super().Pipe(duplex)
        if not duplex:
            with contextlib.suppress(OSError):  # a smaller pipe-max-size: the default pipe still works
                fcntl.fcntl(ends[0].fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
        return ends


def _spawn_context():
    if os.name != "posix":
        return multiprocessing.get_context("spawn")
    return _RoomyPipes()


class WorkerPool:
    """A pool of extraction processes. ``submit`` returns a Future; ``outcome_of(future)`` reads it once done.

    Cancelling a running future ends its worker (the pool starts a new one), so a disconnected client's document
    stops using a core.
    """

    def __init__(self, workers: int | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.size = workers or self.settings.workers or os.cpu_count() or 1
        self.deadline = self.settings.max_seconds
        self.chunk = CHUNK  # a batch plans and sends this many files at a time (submit_paths)
        self.capacity = self.size + max(0, self.settings.max_queue)  # running + waiting documents
        self._context = _spawn_context()  # never fork a threaded server
        self._loaded = self._context.Array("l", 1 + 4 * self.size + 16)  # [count, pid ring…] of loaded workers
        self._live: set[Future] = set()  # submitted, not finished; a set, so a callback run twice counts once
        self._lock = threading.Lock()
        self._closed = False
        self._rebuilds: list[float] = []  # monotonic times of recent pool rebuilds
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPool:
        pool = ProcessPool(max_workers=self.size, context=self._context, initializer=_init_worker,
                           initargs=(self.settings.model_dump(mode="json"), self.settings.worker_memory_mb,
                                     self._loaded))
        _ = pool.active  # start the workers now, so their models load before the first document
        return pool

    def _working_pool(self) -> ProcessPool:
        """The process pool, started anew if it broke. pebble gives up on the whole pool when a worker dies while
        it holds no acknowledged task (killed idle from outside, or between two documents); its documents then end
        WORKER_LOST and are retried on the new pool."""
        with self._lock:
            if not self._closed and not self._pool.active and self._may_rebuild():
                log.warning("worker pool broken (a worker ended outside a document): starting new workers")
                broken, self._pool = self._pool, self._new_pool()
                threading.Thread(target=broken.stop, name="nianbao-broken-pool", daemon=True).start()
            return self._pool

    def _may_rebuild(self) -> bool:
        """At most REBUILDS new pools a minute: workers that cannot even start (a broken install, no memory) must
        not turn into a respawn storm; the pool then stays down and its documents get an error."""
        now = time.monotonic()
        self._rebuilds = [t for t in self._rebuilds if now - t < 60]
        if len(self._rebuilds) >= REBUILDS:
            return False
        self._rebuilds.append(now)
        return True

    def _schedule(self, fn, args: tuple) -> Future:
        future = self._working_pool().schedule(fn, args=args, timeout=self.deadline + HARD_GRACE_SECONDS)
        with self._lock:
            self._live.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future) -> None:
        with self._lock:
            self._live.discard(future)

    def submit(self, data: bytes | str, filename: str | None = None) -> Future:
        """Schedule one document given as bytes or str."""
        return self._schedule(_run, (data, filename))

    def submit_json(self, data: bytes | str, filename: str | None = None) -> Future:
        """Like submit, but a success is ``{"result_json": <the report as UTF-8 JSON bytes>}``: the server passes it
        on without decoding or validating it again."""
        return self._schedule(_run, (data, filename, True))

    def submit_path(self, path: str | Path, as_json: bool = False) -> Future:
        """Schedule one file; the worker reads it, so an unreadable file becomes an error row, not a crash here.

        With `as_json` a success is ``{"result_json": <UTF-8 JSON bytes>}``: the batch writes it without decoding it."""
        return self._schedule(_run_path, (str(path), as_json))

    def submit_paths(self, paths: list[str | Path], as_json: bool = False) -> list[Future]:
        """Like `submit_path` for each of `paths`, sent in chunks of up to CHUNK files and CHUNK_BYTES (one pool
        task a chunk; each file still has its own deadline inside the worker); one Future per path, in order.

        A chunk that fails whole (its worker ended, or it ran past every file's deadline together) answers
        WORKER_LOST for each of its files, so each is tried once more alone: the document that caused it is then
        the only one to fail."""
        paths = [str(path) for path in paths]
        sizes = [_size_of(path) for path in paths]
        return [future for run in grouped(sizes, CHUNK, CHUNK_BYTES)
                for future in self._schedule_chunk(paths[run.start:run.stop], as_json)]

    def _schedule_chunk(self, paths: list[str], as_json: bool) -> list[Future]:
        if len(paths) == 1:
            return [self.submit_path(paths[0], as_json)]
        task = self._working_pool().schedule(_run_paths, args=(paths, as_json),
                                             timeout=len(paths) * self.deadline + HARD_GRACE_SECONDS)
        with self._lock:
            self._live.add(task)
        task.add_done_callback(self._done)
        futures = [Future() for _ in paths]
        for future in futures:
            future.set_running_or_notify_cancel()
        task.add_done_callback(functools.partial(_split_chunk, futures))
        return futures

    @property
    def pending(self) -> int:
        """Documents submitted and not yet finished (running or waiting)."""
        return len(self._live)

    @property
    def full(self) -> bool:
        """True when `capacity` documents are running or waiting: callers answering clients should refuse more."""
        return len(self._live) >= self.capacity

    def retry_after(self) -> int:
        """Seconds a refused client should wait: about one document's turn per worker ahead of it."""
        return max(1, round(len(self._live) / self.size))

    def status(self) -> dict:
        """Workers alive and with their models loaded, from local state only (answers in microseconds; a broken
        pool is replaced here too, so a readiness probe brings it back without waiting for a document)."""
        self._working_pool()
        alive = self._alive_pids()
        with self._loaded.get_lock():
            ring, starts = set(self._loaded[1:]), self._loaded[0]
        loaded = len(alive & ring) if alive is not None else min(self.size, starts)
        return {"workers": self.size, "alive": len(alive) if alive is not None else self.size, "loaded": loaded,
                "starts": starts,
                "pending": len(self._live), "capacity": self.capacity, "accepting": self.alive}

    def wait_ready(self, seconds: float = 120) -> bool:
        """Block until a live worker has its models loaded (False when `seconds` pass first)."""
        end = time.monotonic() + seconds
        while self.status()["loaded"] < 1:
            if time.monotonic() > end:
                return False
            time.sleep(0.05)
        return True

    def _alive_pids(self) -> set[int] | None:
        manager = getattr(getattr(self._pool, "_pool_manager", None), "worker_manager", None)
        workers = getattr(manager, "workers", None)
        if workers is None:
            return None  # pebble's internals moved: fall back to the loaded count
        return {pid for pid, process in list(workers.items()) if process.is_alive()}

    def run(self, data: bytes | str, filename: str | None = None) -> dict:
        """Extract one document and wait for its outcome."""
        future = self.submit(data, filename)
        wait([future])
        return outcome_of(future, self.deadline)

    @property
    def alive(self) -> bool:
        """True while the pool accepts work."""
        return not self._closed and self._pool.active

    def close(self) -> None:
        """Stop accepting work and end the workers (running documents are abandoned)."""
        with self._lock:
            self._closed = True
        self._pool.stop()
        self._pool.join(timeout=10)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
