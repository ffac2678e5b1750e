"""Dask executor: documents go to an existing ``dask.distributed`` cluster; each Dask worker loads the pipeline once
(a WorkerPlugin). Same interface as WorkerPool — ``submit``/``submit_path`` return concurrent Futures whose result
is an outcome dict — so batch and jobs do not care which one runs them.

The client reads files and sends their bytes, so workers need no shared file system. On a Dask worker the
per-document deadline answers TIMEOUT on time, but the runaway thread is not ended (use ``dask worker
--memory-limit`` and the nanny for the memory ceiling).
"""
from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

from distributed import Client, WorkerPlugin, get_worker

from service.base.errors import Timeout
from service.base.settings import Settings, get_settings
from service.base.version import current_version
from service.runtime.workers import _run_timed

PLUGIN = "nianbao-pipeline"


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

        settings = get_settings()
        workers._PIPELINE = Pipeline.load(settings)
        self.version = current_version(settings)


def _dask_task(data: bytes | str, filename: str | None, as_json: bool = False) -> dict:
    """Runs on a Dask worker: one document to an outcome dict, answered TIMEOUT when past the deadline."""
    plugin: PipelinePlugin = get_worker().plugins[PLUGIN]
    box: dict = {}
    # no SIGALRM here (a Dask worker runs tasks in threads and does not handle it): the join below is the deadline
    thread = threading.Thread(target=lambda: box.update(out=_run_timed(data, filename, as_json, 0)), daemon=True)
    thread.start()
    thread.join(plugin.max_seconds)
    outcome = box.get("out") or Timeout().to_dict()
    return {**outcome, "pipeline_version": plugin.version}


class _DaskFuture(Future):
    """A concurrent Future fed by a Dask future; cancelling it cancels the Dask task."""

    def __init__(self, dask_future) -> None:
        super().__init__()
        self._dask = dask_future
        self.set_running_or_notify_cancel()

    def cancel(self) -> bool:
        self._dask.cancel()
        return False


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

    def submit(self, data: bytes | str, filename: str | None = None, as_json: bool = False) -> Future:
        """Schedule one document on the cluster."""
        out = _DaskFuture(self.client.submit(_dask_task, data, filename, as_json, pure=False))
        out._dask.add_done_callback(lambda f: self._settle(f, out))
        return out

    def submit_path(self, path: str | Path, as_json: bool = False) -> Future:
        """Read a file here (an unreadable one is an error outcome) and send its bytes to the cluster."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            done: Future = Future()
            done.set_result({"error": {"code": "READ_ERROR", "message": f"无法读取文件：{exc.strerror or exc}"}})
            return done
        return self.submit(data, Path(path).name, as_json)

    def _settle(self, dask_future, out: Future) -> None:
        try:
            outcome = dask_future.result()
        except BaseException as exc:  # a cancelled task or a worker that died: outcome_of reads it
            out.set_exception(exc)
            return
        worker_version = outcome.pop("pipeline_version", None)
        if worker_version != self.version:
            outcome = {"error": {"code": "VERSION_MISMATCH", "message": (
                f"Dask 工作进程的模型版本（{worker_version}）与本机（{self.version}）不一致，结果未采用。")}}
        out.set_result(outcome)

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

