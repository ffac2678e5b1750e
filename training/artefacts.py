"""Writing trained models: the joblib artefact and its lean twin, side by side in models/."""
from __future__ import annotations

from pathlib import Path


def save_joblib(model, path: Path) -> Path:
    """Write a scikit-learn model compressed (artefacts stay small enough to commit), and its lean twin that
    workers load without importing scikit-learn (training/lean_export.py)."""
    import joblib

    from training.lean_export import export  # numpy-only twin for the workers

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=3)
    export(model, path)
    return path
