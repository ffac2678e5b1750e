"""The house rules, checked on the source: each layer imports only layers below it, the two front doors never import
each other, no import cycle, no sys.path tricks, a short top level. ARCHITECTURE.md draws the same picture."""
from __future__ import annotations

import pytest

from tests.architecture.imports import ROOT, cycles, graph

# (module prefix, rank): a module may import its own layer and layers of lower rank; two layers of one rank are
# siblings that never import each other (core and store; api and web)
LAYERS = [
    ("service.base", 0),
    ("service.core", 1), ("service.store", 1),
    ("training", 1.5),  # trains core's models: sees base and core only
    ("service.runtime", 2),
    ("service.collections", 3),
    ("service.gateway", 4),
    ("service.api", 5), ("service.web", 5),
    ("service.app", 6),
    ("service", 6),  # the package itself: the Python API (extract, get_pipeline)
    ("benchmarks", 6.5),
    ("service.cli", 7),
]


def layer_of(module: str) -> tuple[str, float]:
    """The most specific layer a module belongs to."""
    for prefix, rank in sorted(LAYERS, key=lambda item: -len(item[0])):
        if module == prefix or module.startswith(prefix + "."):
            return prefix, rank
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS and to ARCHITECTURE.md")


def violations(edges: dict[str, set[str]]) -> list[str]:
    """Every import that goes up a layer or sideways into a sibling."""
    out = []
    for source, targets in sorted(edges.items()):
        own, rank = layer_of(source)
        for target in sorted(targets):
            other, other_rank = layer_of(target)
            if other_rank > rank or (other_rank == rank and other != own):
                out.append(f"{source} ({own}) imports {target} ({other})")
    return out


def test_no_import_goes_up_or_sideways():
    assert violations(graph()) == []


def test_no_import_cycle():
    assert cycles(graph()) == []


@pytest.mark.parametrize(("edges", "expected"), [
    ({"service.core.pipeline": {"service.collections.batch"}}, 1),  # core reaching up into collections
    ({"service.api.routes": {"service.web.pages"}}, 1),  # one front door importing the other
    ({"service.core.checks.doubt": {"service.store.models"}}, 1),  # core and store are siblings
    ({"service.web.pages": {"service.gateway.keys", "service.base.errors"}}, 0),
])
def test_the_rule_catches_one_import(edges, expected):
    assert len(violations(edges)) == expected


def test_a_cycle_is_found():
    assert cycles({"service.core.a": {"service.core.b"}, "service.core.b": {"service.core.a"}}) == [
        ["service.core.a", "service.core.b"]]


def test_top_level_stays_small_and_free_of_path_tricks():
    top = sorted(p.name for p in (ROOT / "service").glob("*.py"))
    assert len(top) <= 8, top
    touched = [str(p.relative_to(ROOT)) for p in (ROOT / "service").rglob("*.py") if "sys.path" in p.read_text(encoding="utf-8")]
    assert touched == []
