"""Pydantic models of the extraction contract (../shared/CONTRACT.md, schema_version 1)."""
from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Span = tuple[int, int]
Number = float | int


class DocumentOut(BaseModel):
    """The input as read and normalised; every span indexes into `text`."""

    source: Literal["text", "pdf", "html", "docx", "image"] = "text"
    encoding: str | None = Field(None, description="Detected encoding of text input, e.g. utf-8 or gb18030")
    pages: int | None = Field(None, description="Page count; null for text")
    ocr: bool = False
    text: str = ""


class Agency(BaseModel):
    name: str | None = None
    aliases: list[str] = []
    span: Span | None = None


class ReportFacts(BaseModel):
    agency: Agency = Agency()
    year: int | None = Field(None, description="The year the report covers")
    template: Literal["2021", "2019", "unknown"] = "unknown"
    year_span: Span | None = None


class Section(BaseModel):
    key: str = Field(..., description="preamble, overview, active_disclosure, applications, review_litigation, "
                                      "problems, other_matters or notes")
    title: str
    span: Span


_SHORT_SPANS = ("Spans (among `spans`) where the text names this in a short form (本局, 本机关; 政府网站, 本局门户网站, "
                "政务服务大厅) that took its full name from the reporting agency, known with evidence "
                "(`report.agency.span`). Empty when every span spells the name.")
_NAMED_FROM = ("'reporting_agency' when no span spells the name: it is the short form completed from the reporting "
               "agency's name or place (政府网站 in a report of 淮安市人民政府办公室 → 淮安市人民政府网站). Null when the "
               "text spells it.")


class AgencyMention(BaseModel):
    name: str
    role: Literal["reporting", "mentioned"] = "mentioned"
    spans: list[Span] = []
    short_spans: list[Span] = Field(default_factory=list, description=_SHORT_SPANS)
    named_from: Literal["reporting_agency"] | None = Field(None, description=_NAMED_FROM)


class Platform(BaseModel):
    name: str
    kind: str = Field("other", description="website, wechat, weibo, newspaper, gazette, app, mini_program, hotline, "
                                           "service_hall (政务服务中心/大厅), bulletin_board, tv, radio, video, other")
    spans: list[Span] = []
    short_spans: list[Span] = Field(default_factory=list, description=_SHORT_SPANS)
    named_from: Literal["reporting_agency"] | None = Field(None, description=_NAMED_FROM)


class Count(BaseModel):
    value: Number
    unit: str
    subject: str = ""
    platform: str | None = None
    approx: bool = False
    each: bool = False
    section: str | None = None
    text: str = ""
    span: Span
    parts: list[int] = Field(default_factory=list, description="Indexes of the counts listed as this count's breakdown")


class ListItem(BaseModel):
    text: str
    span: Span
    pair: int | None = Field(
        None, description="Index of the paired item in the other list (a problem's improvement in `improvements`, an "
                          "improvement's problem in `problems`), set only where the text pairs them: each measure "
                          "follows its own problem (一是…不够。针对这一问题，…；问题：… 整改措施：…). Null otherwise.")


class Table(BaseModel):
    template: Literal["2021", "2019"] | None = None
    cells: dict[str, Number | None] = {}
    spans: dict[str, Span] = Field(default_factory=dict, description="Evidence span of each cell that has a value")
    span: Span | None = Field(None, description="Span of the whole table in document.text")
    provenance: dict[str, Literal["aligned", "deduced", "ocr", "unread"]] = Field(
        default_factory=dict,
        description="Cells whose value was not read as printed in its own position: aligned (column or row "
                    "inferred), deduced (computed from the table's sums), ocr (OCR letters corrected because the "
                    "row adds up), unread (null, but no printed blank: an OCR token the sums do not confirm, a "
                    "digit run with no single split). A cell with a value that is absent here was read directly.")
    readings: dict[str, list[Number]] = Field(
        default_factory=dict,
        description="The values a doubtful cell may hold, sorted, only where that is not a single value: e.g. a row "
                    "printed as one digit run (110000011) that splits two ways under the table's sums leaves its "
                    "cells null, with readings [1, 11] and [0, 10]; an OCR look-alike (l4) reads [14, 74] — its "
                    "cell holds the reading the row's sums confirm, or null. Checks fail only when they fail for "
                    "every reading. A cell absent here holds its value in `cells`.")


class Tables(BaseModel):
    active_disclosure: Table | None = None
    applications: Table | None = None
    review_litigation: Table | None = None


class Check(BaseModel):
    id: str
    kind: Literal["table_arithmetic", "narrative_vs_table", "narrative_arithmetic", "completeness", "year_over_year"]
    status: Literal["pass", "fail", "uncertain"]
    message: str
    left: Number | None = None
    right: Number | None = None
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
    filename: str | None = None


MAX_JOB_URLS = 50
JobUrl = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=2048,
                                          pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+")]


class UrlJobRequest(BaseModel):
    """POST /v1/jobs as JSON: collect these URLs (list pages, detail pages or documents) and extract what they lead
    to. Which sites may be reached is the server's setting alone (NIANBAO_FETCH_ALLOW): no field here widens it."""

    model_config = ConfigDict(extra="forbid")
    urls: list[JobUrl] = Field(..., min_length=1, max_length=MAX_JOB_URLS,
                               description="年报栏目列表页、详情页或报告文件的 http/https 网址")
    year: int | None = Field(None, ge=2000, le=2100, description="只采集标题写明该年度的报告")
    max_docs: int | None = Field(None, ge=1, le=2000, description="最多下载的报告份数")

    @field_validator("urls")
    @classmethod
    def _plain_urls(cls, urls: list[str]) -> list[str]:
        """http(s) with a host and no credentials, each URL once (in the order given)."""
        for url in urls:
            parts = urlsplit(url)
            try:
                parts.port
            except ValueError:
                raise ValueError("网址的端口无效") from None
            if parts.username is not None or parts.password is not None or not parts.hostname:
                raise ValueError("网址应为 http:// 或 https:// 加主机名，且不能包含用户名或密码")
        return list(dict.fromkeys(urls))
