"""The worker pool: extraction runs in separate processes, each loading the models once, with a hard wall-clock
deadline (the worker is ended and replaced) and a memory ceiling per document.

Every task resolves to an *outcome* dict, never an exception:
``{"result": <contract JSON dict>}`` or ``{"error": {"code": …, "message": …}}``.
Batch, jobs and the HTTP API all run documents through this one pool.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import traceback
import uuid
from concurrent.futures import CancelledError, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from .errors import NianbaoError, Timeout, TooComplex
from .settings import Settings, get_settings

log = logging.getLogger("nianbao.workers")
_PIPELINE = None  # one per worker process, loaded by the initializer


def _init_worker(settings: dict, memory_mb: int) -> None:
    """Worker start: apply the memory ceiling, then load every model once."""
    global _PIPELINE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which ends its workers cleanly
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    from .pipeline import Pipeline

    _PIPELINE = Pipeline.load(Settings(**settings))


def _internal(exc: BaseException) -> dict:
    trace_id = uuid.uuid4().hex[:12]
    log.error("internal error %s: %s", trace_id, "".join(traceback.format_exception(exc)))
    return {"error": {"code": "INTERNAL", "message": f"服务内部错误（追踪号 {trace_id}），请联系管理员。",
                      "trace_id": trace_id}}


def _run(data: bytes | str, filename: str | None, as_json: bool = False) -> dict:
    """Runs inside a worker: one document to an outcome dict (`as_json`: the result as JSON text, "result_json")."""
    try:
        report = _PIPELINE.run(data, filename)
        return {"result_json": report.model_dump_json()} if as_json else {"result": report.model_dump(mode="json")}
    except NianbaoError as err:
        return err.to_dict()
    except (MemoryError, RecursionError):
        return TooComplex().to_dict()
    except Exception as exc:  # a true bug: still an answer, logged with a trace id
        return _internal(exc)


def _run_path(path: str, as_json: bool = False) -> dict:
    """Runs inside a worker: read a file (unreadable files are an error row), then extract it."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return {"error": {"code": "READ_ERROR", "message": f"无法读取文件：{exc.strerror or exc}"}}
    return _run(data, Path(path).name, as_json)


def outcome_of(future: Future) -> dict:
    """The outcome of a finished task: the worker's dict, or the error its ending means."""
    try:
        return future.result(timeout=0)
    except FutureTimeout:
        return Timeout().to_dict()
    except CancelledError:
        return {"error": {"code": "CANCELLED", "message": "任务已取消。"}}
    except ProcessExpired as exc:  # killed by the memory ceiling or a crash of a native library
        log.warning("worker ended while processing (exit code %s)", exc.exitcode)
        return TooComplex().to_dict()
    except MemoryError:
        return TooComplex().to_dict()
    except Exception as exc:
        return _internal(exc)


class WorkerPool:
    """A pool of extraction processes. ``submit`` returns a Future; ``outcome_of(future)`` reads it once done.

    Cancelling a running future ends its worker (the pool starts a new one), so a disconnected client's document
    stops using a core.
    """

    def __init__(self, workers: int | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.size = workers or self.settings.workers or os.cpu_count() or 1
        self.deadline = self.settings.max_seconds
        context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self._pool = ProcessPool(max_workers=self.size, context=context, initializer=_init_worker,
                                 initargs=(self.settings.model_dump(mode="json"), self.settings.worker_memory_mb))

    def submit(self, data: bytes | str, filename: str | None = None) -> Future:
        """Schedule one document given as bytes or str."""
        return self._pool.schedule(_run, args=(data, filename), timeout=self.deadline)

    def submit_path(self, path: str | Path, as_json: bool = False) -> Future:
        """Schedule one file; the worker reads it, so an unreadable file becomes an error row, not a crash here.

        With `as_json` a success is ``{"result_json": <JSON text>}``: the batch writes it without decoding it."""
        return self._pool.schedule(_run_path, args=(str(path), as_json), timeout=self.deadline)

    def run(self, data: bytes | str, filename: str | None = None) -> dict:
        """Extract one document and wait for its outcome."""
        future = self.submit(data, filename)
        wait([future])
        return outcome_of(future)

    @property
    def alive(self) -> bool:
        """True while the pool accepts work."""
        return self._pool.active

    def close(self) -> None:
        """Stop accepting work and end the workers (running documents are abandoned)."""
        self._pool.stop()
        self._pool.join(timeout=10)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
