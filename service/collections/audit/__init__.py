"""Checks across reports: agency keys over names and years, year_over_year checks, coverage of a units list.

    >>> from service.collections.audit import run_audit, read_units
    >>> audit = run_audit(rows, units=read_units(open("units.csv", "rb").read()), year=2023)
"""
from importlib import import_module

_EXPORTS = {"run_audit": ".audit", "parse_lines": ".entries", "AgencyName": ".keys", "parse_name": ".keys",
            "same_agency": ".keys", "Unit": ".units", "read_units": ".units"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    """Each name loads with its module on first use, so `nianbao` (which registers the audit command) starts
    without the audit's imports."""
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
