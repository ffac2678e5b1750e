"""The NER without spaCy: `models/ner.lean.npz`, every number and string the lean runtime reads from the trained
spaCy pipeline in `models/ner/` (the tok2vec's tables and layers, the parser's lower layer, the moves, the reserved
symbols and norm exceptions its vocabulary hashes by), written at training time by `training/lean_export.py`.

A worker reads this one file (a few milliseconds) instead of importing spaCy and thinc and loading the pipeline
(~0.4 s of its start-up). The file names the SHA-256 of the `models/ner/` files it was exported from; when it is
absent or from another model, `load` returns None and the NER loads through spaCy as before (models/nlp.py).
"""
from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from pathlib import Path

import numpy as np

log = logging.getLogger("nianbao.lean")
FILE = "ner.lean.npz"
KIND = "lean_ner/1"


def path_of(models_dir: Path) -> Path:
    """Where the lean NER lives: beside the spaCy pipeline directory it was exported from."""
    return Path(models_dir) / FILE


def source_sha(ner_dir: Path) -> str | None:
    """SHA-256 of a spaCy pipeline directory: every file's relative path and bytes, in path order; None if absent."""
    ner_dir = Path(ner_dir)
    if not (ner_dir / "config.cfg").is_file():
        return None
    digest = hashlib.sha256()
    for path in sorted(p for p in ner_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(ner_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load(models_dir: Path):
    """The LeanNER of models_dir/ner.lean.npz when it was exported from models_dir/ner as it is now, else None."""
    from service.core.models.greedy_ner import LeanNER

    path = path_of(models_dir)
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        meta = json.loads(str(arrays.pop("meta")))
        if meta.get("kind") != KIND:
            log.info("%s is of another kind (%s): loading the NER through spaCy", path.name, meta.get("kind"))
            return None
        if meta.get("source") != source_sha(Path(models_dir) / "ner"):
            log.info("%s was exported from another models/ner: loading the NER through spaCy", path.name)
            return None
        return LeanNER.from_arrays(arrays)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        log.warning("ignoring %s (%s): loading the NER through spaCy", path.name, exc)
        return None
