"""Reports written for the audit tests (never copies of the seeds) and their batch rows."""
from __future__ import annotations

import random

from service.base.version import content_hash
from training.report_text import ReportSpec, render

ACTIVE_2021 = {"regulations.issued": 0, "regulations.repealed": 0, "regulations.in_force": 3,
               "normative_documents.issued": 0, "normative_documents.repealed": 0, "normative_documents.in_force": 20}
ACTIVE_2019 = {"regulations.new_made": 0, "regulations.new_published": 0, "regulations.total_published": 3,
               "normative_documents.new_made": 0, "normative_documents.new_published": 0,
               "normative_documents.total_published": 20}


def report_row(pipeline, name: str, year: int, *, over=(0,) * 6, forward=(0,) * 6, template: str = "2021",
               active: dict | None = None, sentences=(), file: str | None = None, seed: int = 0) -> dict:
    """A batch row {file, sha256, id, result} of a report written from the given figures."""
    base = ACTIVE_2021 if template == "2021" else ACTIVE_2019
    spec = ReportSpec(name, year, template, list(over), list(forward), {**base, **(active or {})}, list(sentences))
    text, _ = render(spec, random.Random(seed))
    sha = content_hash(text)
    return {"file": file or f"{name}_{year}.txt", "sha256": sha, "id": sha[:16],
            "result": pipeline.run(text, file).model_dump(mode="json")}


def by_id(audit: dict, prefix: str) -> list[dict]:
    """Findings whose id starts with prefix."""
    return [f for f in audit["findings"] if f["id"].startswith(prefix)]
