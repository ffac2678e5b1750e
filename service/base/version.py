"""The pipeline version: package version plus a digest of the trained models, so stored work is redone when either changes."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    PACKAGE_VERSION = version("nianbao")
except PackageNotFoundError:  # running from a source tree that is not installed
    PACKAGE_VERSION = "0.0.0"


@lru_cache(maxsize=4)
def pipeline_version(models_dir: Path) -> str:
    """`<package>+<12 hex of the models' content>`; the key part that makes a result reusable."""
    digest = hashlib.sha256()
    if models_dir.is_dir():
        for path in sorted(p for p in models_dir.rglob("*") if p.is_file() and p.suffix != ".md"):
            digest.update(str(path.relative_to(models_dir)).encode())
            digest.update(path.read_bytes())
    return f"{PACKAGE_VERSION}+{digest.hexdigest()[:12]}"


def content_hash(data: bytes | str) -> str:
    """SHA-256 of a document's bytes (str is hashed as UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def report_id(sha256: str, version: str) -> str:
    """The id of the report of one document under one pipeline version (the store's primary key, 32 hex)."""
    return hashlib.sha256(f"{sha256}|{version}".encode()).hexdigest()[:32]


def current_version(settings) -> str:
    """The pipeline version `settings` run: the models' digest, marked when the trained models are switched off."""
    version = pipeline_version(Path(settings.models_dir))
    return version if settings.use_models else f"{version}-rules"
