"""Imported once by the forkserver the local workers are forked from (see `forkserver`): the models load there,
before any worker exists, and every worker starts with them already in memory, shared with its siblings until
written. `pipeline_for` is how a worker takes them."""
from __future__ import annotations

import logging

from service.base.settings import Settings, get_settings
from service.core.pipeline import Pipeline

log = logging.getLogger(__name__)


def _models_key(settings: Settings) -> tuple:
    """What the loaded models depend on: a worker asked for other models loads its own."""
    return settings.use_models, str(settings.models_dir), str(settings.cache_dir)


def _preload() -> Pipeline | None:
    try:
        return Pipeline.load(get_settings())
    except Exception as exc:  # a bad environment: each worker then loads (and reports) on its own
        log.warning("models not preloaded in the forkserver: %s", exc)
        return None


PIPELINE = _preload()


def pipeline_for(settings: Settings) -> Pipeline:
    """A pipeline under `settings` on the preloaded models, or a fresh load when `settings` ask for other models."""
    if PIPELINE is None or _models_key(settings) != _models_key(PIPELINE.settings):
        return Pipeline.load(settings)
    return Pipeline(settings, nlp=PIPELINE.nlp, linker=PIPELINE.linker, lines=PIPELINE.lines, agency=PIPELINE.agency)
