"""Everything the report page shows, computed from a ReviewState: segments, forms with their cells, findings, facts."""
from __future__ import annotations

from dataclasses import dataclass, field

from service.collections.reviews import ReviewState
from service.web.findings import CellRef, cell_doubt, cell_label, doubtful_cells, findings_of
from service.web.forms import forms_of
from service.web.highlight import STATUS_RANK, markers_of, segments

TEMPLATE_NAMES = {"2021": "国办公开办函〔2021〕30号格式", "2019": "国办公开办函〔2019〕60号格式", "unknown": "未识别"}
SOURCE_NAMES = {"text": "文本", "pdf": "PDF", "html": "网页", "docx": "Word", "image": "图片"}


@dataclass
class CellView:
    """One value cell of a form: its (corrected) value, its evidence text and the worst status of checks using it."""

    key: str
    present: bool
    value: float | int | None
    evidence: str = ""
    span: tuple[int, int] | None = None
    status: str | None = None
    checks: list[str] = field(default_factory=list)
    corrected: dict | None = None
    original: float | int | None = None
    doubtful: bool = False
    readings: list = field(default_factory=list)
    unread: bool = False

    @property
    def readings_text(self) -> str:
        return CellRef(self.key, "", self.value, self.present, readings=self.readings).readings_text


def fmt(value: float | int | None) -> str:
    """A cell value as printed: blank stays blank, 3.0 → 3."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _cell_views(state: ReviewState, text: str) -> dict[str, CellView]:
    result, extracted = state.result, state.stored.result
    doubtful = doubtful_cells(result) - set(state.corrections)
    views: dict[str, CellView] = {}
    for name, table in (result.get("tables") or {}).items():
        if not table:
            continue
        spans = table.get("spans") or {}
        original = (extracted.get("tables") or {}).get(name, {}).get("cells") or {}
        for key, value in (table.get("cells") or {}).items():
            full = f"{name}.{key}"
            span = tuple(spans[key]) if key in spans else None
            views[full] = CellView(full, True, value, text[span[0]:span[1]] if span else "", span,
                                   corrected=state.corrections.get(full), original=original.get(key),
                                   doubtful=full in doubtful)
            views[full].readings, views[full].unread = cell_doubt(result, full, set(state.corrections))
    for check in result.get("checks") or []:
        for key in check.get("cells") or []:
            view = views.get(key)
            if view is None:
                continue
            view.checks.append(check["id"])
            if STATUS_RANK[check["status"]] > STATUS_RANK.get(view.status or "", 0):
                view.status = check["status"]
    return views


def _facts(result: dict) -> dict:
    facts = result.get("report") or {}
    doc = result.get("document") or {}
    return {
        "agency": (facts.get("agency") or {}).get("name"), "aliases": (facts.get("agency") or {}).get("aliases") or [],
        "year": facts.get("year"), "template": TEMPLATE_NAMES.get(facts.get("template", "unknown"), "未识别"),
        "source": SOURCE_NAMES.get(doc.get("source"), doc.get("source")), "pages": doc.get("pages"),
        "ocr": doc.get("ocr"), "counts": list(enumerate(result.get("counts") or [])),
        "platforms": [_as_written(p, doc.get("text") or "") for p in result.get("platforms") or []],
        "problems": result.get("problems") or [],
        "improvements": result.get("improvements") or [], "warnings": result.get("warnings") or [],
        "agencies": [a for a in result.get("agencies") or [] if a.get("role") != "reporting"],
    }


def _as_written(platform: dict, text: str) -> dict:
    """A platform with `written`: the short forms the text names it by when its full name was completed from the
    reporting agency (政府网站 → 淮安市人民政府网站), for the chip's tooltip."""
    short = [text[s:e] for s, e in platform.get("short_spans") or [] if 0 <= s < e <= len(text)]
    return {**platform, "written": "、".join(dict.fromkeys(short))}


def report_view(state: ReviewState) -> dict:
    """The template context of /reports/{id}."""
    result = state.result
    text = (result.get("document") or {}).get("text", "")
    groups = findings_of(result, state.decisions, set(state.corrections))
    return {
        "stored": state.stored, "result": result, "facts": _facts(result),
        "segments": segments(text, markers_of(result)), "forms": forms_of(result),
        "cells": _cell_views(state, text), "groups": groups, "decisions": state.decisions,
        "corrections": state.corrections, "open": state.open_findings,
        "n_findings": len(groups["fail"]) + len(groups["uncertain"]), "fmt": fmt, "cell_label": cell_label,
    }
