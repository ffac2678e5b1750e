"""A server SIGKILLed in the middle of a job and restarted on the same SQLite file finishes the job: every document
once, in order, none lost (the full 120-report run with models is `python -m benchmarks.jobs_kill`)."""
from __future__ import annotations

from benchmarks.jobs_kill import run


def test_job_survives_sigkill_of_the_server(tmp_path):
    # killed as soon as 3 are done (no fixed sleep: on an idle machine 40 reports take well under a second)
    figures = run(n=120, kill_after=0, use_models=False, workdir=tmp_path, timeout=180, kill_at_done=3)
    assert 3 <= figures["done_before_kill"] < 120, figures
    assert figures["rows"] == figures["distinct_ids"] == figures["distinct_files"] == 120
