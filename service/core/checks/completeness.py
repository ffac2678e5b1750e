"""Completeness: missing sections or tables, blank cells, rows with too few or too many values."""
from __future__ import annotations

import re

from service.base.schema import Check, Section
from service.base.vocab import load_vocab
from service.core.tables import TableResult
from service.core.tables.templates import TABLE_NAMES

REQUIRED_SECTIONS = {
    "overview": "一、总体情况", "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况", "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况", "other_matters": "六、其他需要报告的事项",
}


def section_checks(sections: list[Section], text: str = "") -> list[Check]:
    """Each of the six required parts: a fail when the report lacks it; `uncertain` when its heading was not read
    but its content is there (a part placed from its table, or content words between its neighbours)."""
    out = []
    present = {s.key: s for s in sections}
    for key, title in REQUIRED_SECTIONS.items():
        part = f"第{title[0]}部分“{title[2:]}”"
        section = present.get(key)
        if section is not None:
            if not section.title:
                out.append(_check(key, "uncertain", f"未识别出{part}的标题，已按其表格内容确定该部分的位置",
                                  [(section.span[0], section.span[0])]))
            continue
        cue = _content_cue(text, sections, key)
        cut, short = cut_off(text), fragment(text)
        if cue is None and short is not None:
            out.append(_check(key, "uncertain", f"{_fragment_note(short)}，{part}无法核对，不按缺失处理",
                              [(short, short)]))
        elif cue is None and cut is not None and _after_last(sections, key):
            out.append(_check(key, "uncertain", f"文本在第 {cut} 个字符处中断（结尾的句子不完整，文件可能被截断），"
                                                f"其后的{part}无法核对，不按缺失处理", [(cut, cut)]))
        elif cue is None:
            out.append(_check(key, "fail", f"报告缺少{part}", []))
        else:
            out.append(_check(key, "uncertain", f"未识别出{part}的标题，但正文中有该部分的内容（“{text[cue[0]:cue[1]]}”），"
                                                "不按缺失处理", [cue]))
    return out


_SENTENCE_END = "。！？!?；;…）)」』”’\"'"
_SIGNATURE_ENDS = "日局府会部委办处厅院所站室心司队"  # a date or an agency's name closing a whole report


def cut_off(text: str) -> int | None:
    """Where the text stops in the middle of a sentence or a table row (a truncated download, the opening of a
    page), or None: a whole report ends with a sentence's end, its signature (an agency's name) or its date."""
    body = text.rstrip(" \t\r\n|")
    if not body or body[-1] in _SENTENCE_END + _SIGNATURE_ENDS:
        return None
    return len(body)


# A whole report, even a small unit's with nothing to report, runs to thousands of characters, most of them its
# three tables. A shorter text that prints none of the tables' headings is an excerpt (a page's opening, a summary).
FRAGMENT_CHARS = 1200


def fragment(text: str) -> int | None:
    """The text's length when it is an excerpt rather than a whole report (so a part it lacks is not proven
    missing): shorter than any whole report, and no table of the form printed in it."""
    size = len(text.strip())
    if size >= FRAGMENT_CHARS or any(len(_printed_headings(text, name)) >= 2 for name in TABLE_NAMES):
        return None
    return size


def _fragment_note(size: int) -> str:
    return f"文本仅 {size} 字，远短于一份完整的年度报告（可能只是报告的开头或摘要）"


def _after_last(sections: list[Section], key: str, or_in_it: bool = False) -> bool:
    """Does part `key` come after every part that was found (so a cut text could have held it)? With `or_in_it`,
    also when it is the last part found (the text was cut inside it, before its table)."""
    order = list(REQUIRED_SECTIONS)
    found = [order.index(s.key) for s in sections if s.key in order]
    return not found or order.index(key) > max(found) or (or_in_it and order.index(key) == max(found))


def _check(key: str, status: str, message: str, spans: list[tuple[int, int]]) -> Check:
    return Check(id=f"completeness.section.{key}", kind="completeness", status=status, cells=[f"sections.{key}"],
                 spans=spans, message=message)


def _content_cue(text: str, sections: list[Section], key: str) -> tuple[int, int] | None:
    """Span of a content word of part `key` between the neighbouring parts that were found, or None."""
    order = list(REQUIRED_SECTIONS) + ["notes"]
    rank = order.index(key)
    before = [s for s in sections if s.key in order and order.index(s.key) < rank]
    after = [s for s in sections if s.key in order and order.index(s.key) > rank]
    lo = before[-1].span[0] + len(before[-1].title) if before else 0
    hi = after[0].span[0] if after else len(text)
    hits = [(p, p + len(cue)) for cue in load_vocab("sections")["content_cues"].get(key, [])
            if (p := text.find(cue, lo, hi)) >= 0]
    return min(hits) if hits else None


# A row with more values than columns is more often a layout the parser could not follow than a defect of the report;
# one with more than twice as many (161 values for 7 columns) shows the table's layout was not followed at all.
UNSURE_KINDS = {"long_row"}
UNSURE_NOTE = "（表格版式未能完全识别，此项可能源于识别问题，请核对原表）"
_COUNTS = re.compile(r"有(\d+)个数值（应为(\d+)个")


def _layout_lost(issues: list) -> bool:
    """Did a row swallow more than twice the values the table has columns for?"""
    for issue in issues:
        m = _COUNTS.search(issue.message) if issue.kind in UNSURE_KINDS else None
        if m and int(m.group(1)) > 2 * int(m.group(2)):
            return True
    return False


def _printed_headings(text: str, name: str) -> list[tuple[int, int]]:
    """Spans of the table's own column and row headings found in the text (first occurrence of each)."""
    return [(p, p + len(cue)) for cue in load_vocab("sections").get("table_cues", {}).get(name, [])
            if (p := text.find(cue)) >= 0]


def table_checks(tables: dict[str, TableResult | None], text: str = "", sections: list[Section] = ()) -> list[Check]:
    """A fail for each missing table and each row a parser found missing, short or blank; `uncertain` for rows with
    too many values, and for every finding of a table where a row swallowed far too many (layout not followed).
    A table whose headings are printed (two of its own cues) but whose cells could not be read is `uncertain`
    ("表格无法拆分"), never missing."""
    out = []
    for name, result in tables.items():
        label = TABLE_NAMES[name]
        if result is None:
            printed = _printed_headings(text, name)
            cut, short = cut_off(text), fragment(text)
            if short is not None:
                out.append(Check(id=f"completeness.table.{name}", kind="completeness", status="uncertain",
                                 cells=[name], spans=[(short, short)],
                                 message=f"{_fragment_note(short)}，{label}无法核对，不按缺失处理"))
            elif cut is not None and _after_last(sections, name, or_in_it=True):
                out.append(Check(id=f"completeness.table.{name}", kind="completeness", status="uncertain",
                                 cells=[name], spans=[(cut, cut)],
                                 message=f"文本在第 {cut} 个字符处中断（文件可能被截断），其后的{label}无法核对，不按缺失处理"))
            elif len(printed) >= 2:
                out.append(Check(id=f"completeness.table.{name}", kind="completeness", status="uncertain",
                                 cells=[name], spans=sorted(printed)[:3],
                                 message=f"{label}的表头在文中（“{text[printed[0][0]:printed[0][1]]}”等），但表格无法拆分成"
                                         "单元格（各行可能连在一起），未按缺失处理，请核对原表"))
            else:
                out.append(Check(id=f"completeness.table.{name}", kind="completeness", status="fail", cells=[name],
                                 spans=[], message=f"未找到{label}"))
            continue
        lost = result.glued or _layout_lost(result.issues)
        for n, issue in enumerate(result.issues):
            cells = [name if row == name else f"{name}.{row}" for row in issue.rows]
            spans = issue.spans or ([result.span] if result.span else [])
            unsure = lost or issue.kind in UNSURE_KINDS
            message = f"{label}：{issue.message}" + (UNSURE_NOTE if unsure else "")
            out.append(Check(id=f"completeness.{name}.{issue.kind}.{n}", kind="completeness",
                             status="uncertain" if unsure else "fail", cells=cells, spans=spans, message=message))
    return out
