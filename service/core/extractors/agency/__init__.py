"""The reporting agency, in three steps read top to bottom: candidates (every place the opening names an agency,
`candidates`, grouped by name with their features, `grouping`), then ranking (a trained scorer, `ranker`), then naming
(full name, short forms and evidence, `naming`). `find_agency` is the one entry point.
"""
from __future__ import annotations

from functools import lru_cache

from service.base.schema import Agency
from service.core.extractors.agency.candidates import HEAD, find_mentions
from service.core.extractors.agency.grouping import Candidate, features, full_name, group
from service.core.extractors.agency.naming import name_of
from service.core.extractors.agency.ranker import AgencyRanker

FULL_NAME_REACH = HEAD + 4000  # how far into the text a short title name is looked up in full
__all__ = ["AgencyRanker", "candidates", "find_agency"]


def find_agency(text: str, agencies=None, ranker: AgencyRanker | None = None) -> Agency:
    """The reporting agency: the ranker's choice among the candidates, named in full; else null (null beats a guess)."""
    cands, feats = candidates(text, agencies)
    best, _prob = (ranker or default_ranker()).choose(cands, feats)
    return Agency() if best is None else name_of(text, best)


def candidates(text: str, agencies=None) -> tuple[list[Candidate], list[dict[str, float]]]:
    """Grouped reporting-agency candidates of text and their ranker features."""
    mentions = find_mentions(text, agencies)
    extra = {}
    near = text[:FULL_NAME_REACH]  # a title's short name may stand for a longer one in the text
    for name in {m.name for m in mentions if m.name[0] in "省市县区镇乡" or "title" in m.flags or "meta" in m.flags}:
        full = full_name(near, name)
        if full:
            extra[name] = full
    cands = group(text, mentions, extra)
    return cands, features(text, cands)


@lru_cache(maxsize=1)
def default_ranker() -> AgencyRanker:
    """The ranker in the configured models directory (the fixed stand-in when it is absent)."""
    from service.base.settings import get_settings

    return AgencyRanker.load(get_settings().models_dir)
