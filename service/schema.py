"""Pydantic models of the extraction contract (../shared/CONTRACT.md, schema_version 1)."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field

Span = tuple[int, int]
Number = float | int


class DocumentOut(BaseModel):
    """The input as read and normalised; every span indexes into `text`."""

    source: Literal["text", "pdf", "html", "docx", "image"] = "text"
    encoding: Optional[str] = Field(None, description="Detected encoding of text input, e.g. utf-8 or gb18030")
    pages: Optional[int] = Field(None, description="Page count; null for text")
    ocr: bool = False
    text: str = ""


class Agency(BaseModel):
    name: Optional[str] = None
    aliases: list[str] = []
    span: Optional[Span] = None


class ReportFacts(BaseModel):
    agency: Agency = Agency()
    year: Optional[int] = Field(None, description="The year the report covers")
    template: Literal["2021", "2019", "unknown"] = "unknown"
    year_span: Optional[Span] = None


class Section(BaseModel):
    key: str = Field(..., description="preamble, overview, active_disclosure, applications, review_litigation, "
                                      "problems, other_matters or notes")
    title: str
    span: Span


class AgencyMention(BaseModel):
    name: str
    role: Literal["reporting", "mentioned"] = "mentioned"
    spans: list[Span] = []


class Platform(BaseModel):
    name: str
    kind: str = Field("other", description="website, wechat, weibo, newspaper, gazette, app, mini_program, hotline, "
                                           "bulletin_board, tv, radio, video, other")
    spans: list[Span] = []


class Count(BaseModel):
    value: Number
    unit: str
    subject: str = ""
    platform: Optional[str] = None
    approx: bool = False
    each: bool = False
    section: Optional[str] = None
    text: str = ""
    span: Span
    parts: list[int] = Field(default_factory=list, description="Indexes of the counts listed as this count's breakdown")


class ListItem(BaseModel):
    text: str
    span: Span


class Table(BaseModel):
    template: Optional[Literal["2021", "2019"]] = None
    cells: dict[str, Optional[Number]] = {}
    spans: dict[str, Span] = Field(default_factory=dict, description="Evidence span of each cell that has a value")
    span: Optional[Span] = Field(None, description="Span of the whole table in document.text")


class Tables(BaseModel):
    active_disclosure: Optional[Table] = None
    applications: Optional[Table] = None
    review_litigation: Optional[Table] = None


class Check(BaseModel):
    id: str
    kind: Literal["table_arithmetic", "narrative_vs_table", "narrative_arithmetic", "completeness"]
    status: Literal["pass", "fail", "uncertain"]
    message: str
    left: Optional[Number] = None
    right: Optional[Number] = None
    cells: list[str] = []
    spans: list[Span] = []


class Report(BaseModel):
    """The whole response of POST /v1/extract and `nianbao extract`."""

    schema_version: Literal["1"] = "1"
    document: DocumentOut
    report: ReportFacts = ReportFacts()
    sections: list[Section] = []
    agencies: list[AgencyMention] = []
    platforms: list[Platform] = []
    counts: list[Count] = []
    problems: list[ListItem] = []
    improvements: list[ListItem] = []
    tables: Tables = Tables()
    checks: list[Check] = []
    warnings: list[str] = []


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class TextRequest(BaseModel):
    text: str = Field(..., description="The report as plain text")
    filename: Optional[str] = None
