"""A synthetic 2021-format annual report (invented agency and prose) as one structured model every renderer uses.

Blocks are paragraphs (str) or tables (rows of (text, rowspan, colspan), the HTML table model).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from service.core.tables.templates import PRINTED_SUBROWS

AGENCY = "青禾县自然资源局"
YEAR = 2023
TITLE = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"
HEADER = f"{AGENCY}政府信息公开工作年度报告"

Row = list[tuple[str, int, int]]


def c(text: object, rowspan: int = 1, colspan: int = 1) -> tuple[str, int, int]:
    """One cell of the HTML table model."""
    return (str(text), rowspan, colspan)


@dataclass
class Table:
    """A table as rows of cells with spans, plus column widths (points) for the PDF."""

    rows: list[Row]
    widths: list[float]
    font_size: float = 8.0


@dataclass
class Report:
    """Title lines then body blocks in reading order."""

    title: list[str]
    blocks: list[str | Table] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def active_table() -> Table:
    """表二 主动公开政府信息情况 (2021 format)."""
    head = lambda item, col: [[c(item, 1, 4)], [c("信息内容"), c(col, 1, 3)]]  # noqa: E731
    rows: list[Row] = [[c("第二十条第（一）项", 1, 4)],
                       [c("信息内容"), c("本年制发件数"), c("本年废止件数"), c("现行有效件数")],
                       [c("规章"), c(0), c(0), c(3)],
                       [c("行政规范性文件"), c(5), c(1), c(27)]]
    rows += head("第二十条第（五）项", "本年处理决定数量") + [[c("行政许可"), c(126, 1, 3)]]
    rows += head("第二十条第（六）项", "本年处理决定数量") + [[c("行政处罚"), c(48, 1, 3)], [c("行政强制"), c(2, 1, 3)]]
    rows += head("第二十条第（八）项", "本年收费金额（单位：万元）") + [[c("行政事业性收费"), c(12.5, 1, 3)]]
    return Table(rows, [170, 105, 105, 105], 9)


DENIED, UNABLE, NOT_PROCESSED, OTHER = ([f"{i}.{label}" for i, label in enumerate(PRINTED_SUBROWS[k], 1)]
                                       for k in ("denied", "unable", "not_processed", "other"))
# Non-zero values chosen so the table's own identities hold: 一+二 = (七)+四, columns sum to 总计.
VALUES = {"new": [6, 2, 0, 0, 0, 0, 8], "carried": [1, 0, 0, 0, 0, 0, 1], "granted": [3, 1, 0, 0, 0, 0, 4],
          "partial": [1, 0, 0, 0, 0, 0, 1], "denied4": [0, 1, 0, 0, 0, 0, 1], "unable1": [2, 0, 0, 0, 0, 0, 2],
          "total": [6, 2, 0, 0, 0, 0, 8], "forward": [1, 0, 0, 0, 0, 0, 1]}
ZERO = [0] * 7


def _nums(values: list[int]) -> Row:
    return [c(v) for v in values]


def applications_table() -> Table:
    """表三 收到和处理政府信息公开申请情况: 25 data rows × 7 columns under three label columns."""
    rows: list[Row] = [
        [c("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), c("申请人情况", 1, 7)],
        [c("自然人", 2), c("法人或其他组织", 1, 5), c("总计", 2)],
        [c("商业企业"), c("科研机构"), c("社会公益组织"), c("法律服务机构"), c("其他")],
        [c("一、本年新收政府信息公开申请数量", 1, 3)] + _nums(VALUES["new"]),
        [c("二、上年结转政府信息公开申请数量", 1, 3)] + _nums(VALUES["carried"]),
        [c("三、本年度办理结果", 22), c("（一）予以公开", 1, 2)] + _nums(VALUES["granted"]),
        [c("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)] + _nums(VALUES["partial"]),
    ]
    for group, labels, filled in (("（三）不予公开", DENIED, {3: "denied4"}), ("（四）无法提供", UNABLE, {0: "unable1"}),
                                  ("（五）不予处理", NOT_PROCESSED, {}), ("（六）其他处理", OTHER, {})):
        for i, label in enumerate(labels):
            lead = [c(group, len(labels))] if i == 0 else []
            rows.append(lead + [c(label)] + _nums(VALUES[filled[i]] if i in filled else ZERO))
    rows.append([c("（七）总计", 1, 2)] + _nums(VALUES["total"]))
    rows.append([c("四、结转下年度继续办理", 1, 3)] + _nums(VALUES["forward"]))
    return Table(rows, [34, 46, 150] + [37] * 7, 7.5)


REVIEW = [1, 0, 0, 1, 2]
DIRECT = [1, 0, 0, 0, 1]
AFTER = [0, 0, 0, 0, 0]
RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def review_table() -> Table:
    """表四 政府信息公开行政复议、行政诉讼情况: 15 cells."""
    rows: list[Row] = [[c("行政复议", 1, 5), c("行政诉讼", 1, 10)],
                       [c(r, 2) for r in RESULTS] + [c("未经复议直接起诉", 1, 5), c("复议后起诉", 1, 5)],
                       [c(r) for r in RESULTS * 2],
                       _nums(REVIEW + DIRECT + AFTER)]
    return Table(rows, [33] * 15, 7.5)


FILLER = ("围绕自然资源管理重点领域，本局坚持把公开贯穿于用地审批、矿产管理和不动产登记各环节，"
          "逐项梳理公开事项，明确责任股室和时限要求，确保群众能够及时、准确、便捷地获取所需信息。")


def report(extra_paragraphs: int = 0) -> Report:
    """The synthetic report; `extra_paragraphs` lengthens 总体情况 (for a multi-page benchmark PDF)."""
    blocks: list[str | Table] = [
        "一、总体情况",
        f"{YEAR}年，{AGENCY}以群众关切为导向，持续完善信息发布、解读回应和依申请办理等制度，"
        "推动公开内容更加规范、渠道更加畅通。",
        "（一）主动公开。全年通过县政府门户网站和本局政务新媒体主动公开各类信息 214 条，其中机构职能 6 条、"
        "政策文件 19 条、规划计划 11 条、行政执法信息 174 条、财政预决算 4 条。",
        "（二）依申请公开。全年新收政府信息公开申请 8 件，上年结转 1 件，均在法定期限内作出答复，"
        "结转下年度继续办理 1 件。",
        "（三）政府信息管理。严格执行发布前保密审查，全年清理规范性文件 12 件，废止 1 件。",
        "（四）平台建设。整合门户网站专栏 3 个，更新办事指南 41 项，保障平台平稳运行。",
        "（五）监督保障。将政务公开纳入年度考核，组织业务培训 2 次，参训 56 人次。",
    ]
    blocks += [FILLER * 3 for _ in range(extra_paragraphs)]
    blocks += [
        "二、主动公开政府信息情况", active_table(),
        "三、收到和处理政府信息公开申请情况", applications_table(),
        "四、政府信息公开行政复议、行政诉讼情况", review_table(),
        "五、存在的主要问题及改进情况",
        "一是政策解读形式较为单一，图解和视频解读偏少；二是基层工作人员业务能力有待提升。下一步，"
        "本局将丰富解读方式，加强专题培训，进一步提升公开质量。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。本局无其他需要报告的事项。",
    ]
    return Report([AGENCY, TITLE], blocks)
