"""Dask executor: documents go to an existing ``dask.distributed`` cluster; each Dask worker loads the pipeline once
(a WorkerPlugin). Same interface as WorkerPool — ``submit``/``submit_path`` return concurrent Futures whose result
is an outcome dict — so batch and jobs do not care which one runs them.

The client reads files and sends their bytes, so workers need no shared file system. A batch sends files in
chunks (``submit_paths``: up to CHUNK documents or CHUNK_BYTES of input in one task), since one scheduler round trip
per document costs a short report a third of its time; every document still gets its own Future and outcome, and a
chunk whose task fails as a whole is sent again one document per task. On a Dask worker the
per-document deadline answers TIMEOUT on time, but the runaway thread is not ended (use ``dask worker
--memory-limit`` and the nanny for the memory ceiling).
"""
from __future__ import annotations

import functools
import queue
import threading
from concurrent.futures import CancelledError, Future
from pathlib import Path

from distributed import Client, WorkerPlugin, get_worker

from service.base.errors import Timeout
from service.base.settings import Settings, get_settings
from service.base.version import current_version
from service.runtime.workers import _run_timed, grouped

PLUGIN = "nianbao-pipeline"
CHUNK = 8  # documents per task at most: ~0.1 s of short reports per round trip, still 4 tasks in a batch's window
CHUNK_BYTES = 256 * 1024  # input bytes per task at most: a large PDF or a scan goes alone, so big work stays spread


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline once when a Dask worker starts, from the worker's own installation and environment."""

    name = PLUGIN

    def __init__(self, max_seconds: float) -> None:
        self.max_seconds = max_seconds
        self.version: str | None = None

    def setup(self, worker) -> None:
        """Load and warm the models in this worker process."""
        from service.core.pipeline import Pipeline
        from service.runtime import workers

        workers.roomy_heap()  # before the models load, so their arrays come from the heap too
        settings = get_settings()
        workers._PIPELINE = Pipeline.load(settings)
        self.version = current_version(settings)


class _Runner:
    """A long-lived thread that runs one document at a time for a Dask task thread, which waits at most the
    deadline. A thread started per document cost ~1 ms a short report (~6% of its CPU: a fresh thread starts with
    empty allocator caches); a runner stuck past a deadline is left to its document and never used again."""

    _idle: list[_Runner] = []
    _lock = threading.Lock()

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._loop, name="nianbao-runner", daemon=True).start()

    def _loop(self) -> None:
        while True:
            self._jobs.get()()

    @classmethod
    def run(cls, fn, seconds: float) -> dict | None:
        """fn() on an idle runner (or a new one); None when it has not returned after `seconds` (0: no limit)."""
        with cls._lock:
            runner = cls._idle.pop() if cls._idle else cls()
        box: dict = {}
        done = threading.Event()

        def job() -> None:
            try:
                box["out"] = fn()
            finally:
                done.set()

        runner._jobs.put(job)
        if not done.wait(seconds if seconds > 0 else None):
            return None  # the runner stays with the runaway document
        with cls._lock:
            cls._idle.append(runner)
        return box.get("out")


def _dask_task(data: bytes | str, filename: str | None, as_json: bool = False) -> dict:
    """Runs on a Dask worker: one document to an outcome dict, answered TIMEOUT when past the deadline."""
    plugin: PipelinePlugin = get_worker().plugins[PLUGIN]
    # no SIGALRM here (a Dask worker runs tasks in threads and does not handle it): the runner's wait is the deadline
    outcome = _Runner.run(lambda: _run_timed(data, filename, as_json, 0), plugin.max_seconds) or Timeout().to_dict()
    return {**outcome, "pipeline_version": plugin.version}


def _dask_chunk(docs: list[tuple[bytes | str, str | None]], as_json: bool = False) -> dict:
    """Runs on a Dask worker: several documents, one after the other, each with its own deadline and outcome."""
    outcomes = [_dask_task(data, filename, as_json) for data, filename in docs]
    return {"outcomes": [{k: v for k, v in o.items() if k != "pipeline_version"} for o in outcomes],
            "pipeline_version": outcomes[0]["pipeline_version"] if outcomes else None}


class _DaskFuture(Future):
    """A concurrent Future fed by Dask; cancelling it calls `on_cancel` (the Dask task's cancel, or for a document
    in a chunk its chunk's `cancel_one`), and its outcome arrives as CANCELLED from Dask."""

    def __init__(self, on_cancel) -> None:
        super().__init__()
        self._on_cancel = on_cancel
        self.set_running_or_notify_cancel()

    def cancel(self) -> bool:
        self._on_cancel()
        return False


class _Chunk:
    """The documents of one task and their Futures."""

    def __init__(self, docs: list[tuple[bytes | str, str | None]]) -> None:
        self.docs = docs
        self.futures = [_DaskFuture(self.cancel_one) for _ in docs]
        self.dask = None
        self.singles: list[Future] = []  # the documents sent again alone, after the chunk failed whole
        self._cancelled = 0
        self._lock = threading.Lock()

    def cancel_one(self) -> None:
        with self._lock:
            self._cancelled += 1
            everyone = self._cancelled >= len(self.futures)
        if everyone and self.dask is not None:
            self.dask.cancel()
            for single in self.singles:
                single.cancel()


class DaskPool:
    """Runs documents on a Dask cluster at `scheduler` (tcp://HOST:8786)."""

    def __init__(self, scheduler: str, settings: Settings | None = None, wait_seconds: float = 60) -> None:
        self.settings = settings or get_settings()
        self.version = current_version(self.settings)
        try:
            self.client = Client(scheduler, timeout="8s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ConnectionError(f"无法连接 Dask 调度器 {scheduler}：{exc}") from exc
        self.client.register_plugin(PipelinePlugin(self.settings.max_seconds), name=PLUGIN)
        try:
            self.client.wait_for_workers(1, timeout=wait_seconds)
        except TimeoutError as exc:
            self.client.close()
            raise ConnectionError(f"Dask 调度器 {scheduler} 上没有可用的工作进程。") from exc
        self.size = sum(self.client.nthreads().values()) or 1
        self.chunk = CHUNK  # a batch plans and sends this many files at a time (submit_paths)

    def submit(self, data: bytes | str, filename: str | None = None, as_json: bool = False) -> Future:
        """Schedule one document on the cluster."""
        task = self.client.submit(_dask_task, data, filename, as_json, pure=False)
        out = _DaskFuture(task.cancel)
        task.add_done_callback(lambda f: self._settle(f, out))
        return out

    def submit_path(self, path: str | Path, as_json: bool = False) -> Future:
        """Read a file here (an unreadable one is an error outcome) and send its bytes to the cluster."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return _read_error(exc)
        return self.submit(data, Path(path).name, as_json)

    def submit_paths(self, paths: list[str | Path], as_json: bool = False) -> list[Future]:
        """Like `submit_path` for each of `paths`, read here and sent in chunks of up to CHUNK documents and
        CHUNK_BYTES of input (one scheduler round trip a chunk); one Future per path, in order."""
        out: list[Future | None] = [None] * len(paths)
        docs: list[tuple[bytes, str]] = []
        slots: list[int] = []  # the position in `out` of each readable document
        for slot, path in enumerate(paths):
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                out[slot] = _read_error(exc)
                continue
            slots.append(slot)
            docs.append((data, Path(path).name))
        for run in grouped([len(data) for data, _ in docs], CHUNK, CHUNK_BYTES):
            self._send_chunk(docs[run.start:run.stop], slots[run.start:run.stop], out, as_json)
        return out

    def _send_chunk(self, docs: list, slots: list[int], out: list, as_json: bool) -> None:
        if len(docs) == 1:  # alone, a document goes as before (its task's failure is its own)
            out[slots[0]] = self.submit(*docs[0], as_json)
            return
        chunk = _Chunk(docs)
        for slot, future in zip(slots, chunk.futures):
            out[slot] = future
        chunk.dask = self.client.submit(_dask_chunk, docs, as_json, pure=False)
        chunk.dask.add_done_callback(lambda f: self._settle_chunk(f, chunk, as_json))

    def _settle_chunk(self, dask_future, chunk: _Chunk, as_json: bool) -> None:
        try:
            answer = dask_future.result()
        except CancelledError as exc:
            for future in chunk.futures:
                future.set_exception(exc)
            return
        except BaseException:  # the task ended its worker(s) or failed whole: each document alone, as if sent so
            for (data, name), future in zip(chunk.docs, chunk.futures):
                single = self.submit(data, name, as_json)
                chunk.singles.append(single)
                single.add_done_callback(functools.partial(_copy_into, future))
            return
        version = answer.get("pipeline_version")
        for outcome, future in zip(answer["outcomes"], chunk.futures):
            future.set_result(self._checked(outcome, version))

    def _settle(self, dask_future, out: Future) -> None:
        try:
            outcome = dask_future.result()
        except BaseException as exc:  # a cancelled task or a worker that died: outcome_of reads it
            out.set_exception(exc)
            return
        out.set_result(self._checked(outcome, outcome.pop("pipeline_version", None)))

    def _checked(self, outcome: dict, worker_version: str | None) -> dict:
        """The outcome, or VERSION_MISMATCH when the worker runs another pipeline version than this machine."""
        if worker_version != self.version:
            return {"error": {"code": "VERSION_MISMATCH", "message": (
                f"Dask 工作进程的模型版本（{worker_version}）与本机（{self.version}）不一致，结果未采用。")}}
        return outcome

    @property
    def alive(self) -> bool:
        """True while connected to the scheduler."""
        return self.client.status == "running"

    def close(self) -> None:
        """Disconnect from the cluster (the cluster keeps running)."""
        self.client.close()

    def __enter__(self) -> DaskPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read_error(exc: OSError) -> Future:
    done: Future = Future()
    done.set_result({"error": {"code": "READ_ERROR", "message": f"无法读取文件：{exc.strerror or exc}"}})
    return done


def _copy_into(target: Future, source: Future) -> None:
    """Settle `target` as `source` settled (a chunk's document sent again alone)."""
    try:
        target.set_result(source.result())
    except BaseException as exc:
        target.set_exception(exc)

