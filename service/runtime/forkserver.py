"""Where local workers come from: a forkserver that imports the pipeline and loads its models once (`preload`),
then forks each worker with them in memory. A worker then starts in milliseconds, not the ~1 s of a fresh
interpreter importing and loading everything; two workers load once, not twice on two busy cores; and a worker
ended by its deadline or memory ceiling is replaced at once.

The forkserver is a single-threaded process of its own, started by spawning a fresh interpreter, so forking from it
is safe whatever threads the server or batch process runs. `start()` launches it early (the batch command calls it
before its own imports) so the models load while the caller is still starting; the first worker waits for it."""
from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver

PRELOAD = ["service.runtime.preload"]


def available() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def start() -> None:
    """Launch the forkserver (it returns at once; the models load in the background). Idempotent."""
    if available():
        multiprocessing.forkserver.set_forkserver_preload(PRELOAD)
        multiprocessing.forkserver.ensure_running()
