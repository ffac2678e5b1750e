"""Checks across reports: agency keys over names and years, year_over_year checks, coverage of a units list.

    >>> from service.audit import run_audit, read_units
    >>> audit = run_audit(rows, units=read_units(open("units.csv", "rb").read()), year=2023)
"""
from .audit import run_audit
from .entries import parse_lines
from .keys import AgencyName, parse_name, same_agency
from .units import Unit, read_units

__all__ = ["AgencyName", "Unit", "parse_lines", "parse_name", "read_units", "run_audit", "same_agency"]
