"""Review routes (JSON): reviewers' decisions on findings and corrections of misread cells, kept in the store."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy.orm import sessionmaker

from service.base.schema import ErrorResponse
from service.collections.reviews import load_state, record_correction, record_review
from service.gateway.keys import key_label, require_key
from service.gateway.state import get_sessions

router = APIRouter(dependencies=[Depends(require_key)])
_ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 404, 422)}


class ReviewIn(BaseModel):
    check_id: str = Field(..., max_length=256, description="核对项 id，如 applications.identity.total")
    decision: Literal["confirmed", "dismissed"] = Field(..., description="confirmed = 确认问题，dismissed = 排除")
    note: str | None = Field(None, max_length=4000)
    reviewer: str | None = Field(None, max_length=128, description="审核人（不填则使用 API 密钥的名称）")


class CellIn(BaseModel):
    cell: str = Field(..., max_length=256, description="单元格，如 applications.granted.natural_person")
    value: float | None = Field(..., strict=True, allow_inf_nan=False, ge=-1e12, le=1e12,
                                description="更正后的数值（件数为非负整数，金额以万元计可有小数）；null 表示该单元格为空")
    note: str | None = Field(None, max_length=4000)
    reviewer: str | None = Field(None, max_length=128)


def _reviewer(request: Request, typed: str | None) -> str | None:
    return (typed or "").strip() or key_label(request)


def _state_json(sessions: sessionmaker, report_id: str) -> dict:
    with sessions() as session:
        state = load_state(session, report_id)
        return {"report_id": report_id, "decisions": state.decisions, "corrections": state.corrections,
                "checks": state.result.get("checks") or [], "open": state.open_findings}


@router.get("/v1/reports/{report_id}/reviews", responses=_ERRORS, summary="报告的审核结论与单元格更正")
async def reviews(report_id: str, sessions: sessionmaker = Depends(get_sessions)) -> dict:
    return await run_in_threadpool(_state_json, sessions, report_id)


@router.post("/v1/reports/{report_id}/reviews", responses=_ERRORS, status_code=201, summary="确认或排除一项核对结果")
async def post_review(report_id: str, body: ReviewIn, request: Request,
                      sessions: sessionmaker = Depends(get_sessions)) -> dict:
    def run() -> dict:
        with sessions() as session:
            return record_review(session, report_id, body.check_id, body.decision, body.note,
                                 _reviewer(request, body.reviewer), key_label(request))
    return await run_in_threadpool(run)


@router.patch("/v1/reports/{report_id}/cells", responses=_ERRORS, summary="更正一个误读的单元格，并重新核对")
async def patch_cell(report_id: str, body: CellIn, request: Request,
                     sessions: sessionmaker = Depends(get_sessions)) -> dict:
    def run() -> dict:
        with sessions() as session:
            record_correction(session, report_id, body.cell, body.value, body.note, _reviewer(request, body.reviewer),
                              key_label(request))
        return _state_json(sessions, report_id)
    return await run_in_threadpool(run)
