"""How a generated report opens: page chrome, a title in one of its dresses (one line, name line above the year,
year first, broken over two or three lines, or none), and announcement sentences that name the agency after a verb
(现将《…》予以公布, 现发布…, 特向社会公布…) or only in prose. Agency pieces are labelled for the NER."""
from __future__ import annotations

import random

from training.builder import Builder, Piece
from training.world import World

TAILS = ["年政府信息公开工作年度报告", "年度政府信息公开工作年度报告", "年政府信息公开工作报告", "年政府信息公开年度报告"]
CRUMBS = ["首页 > 政务公开 > 政府信息公开年报", "当前位置：首页 > 信息公开 > 年度报告 > 正文",
          "您所在的位置：首页>政府信息公开>政府信息公开年报", "首页 > 部门信息公开 > {name} > 年度报告"]
META = ["来源：{name}  发布时间：{y1}-01-{d:02d} 10:{d:02d}", "发布日期：{y1}年01月{d:02d}日  浏览次数：{n}",
        "索引号：{code}/{y1}-{n} | 发布机构：{name} | 成文日期：{y1}-01-{d:02d}", "字体：[ 大 中 小 ]  打印  分享",
        "发文机关：{name}  主题分类：政务公开", "{site}  {y0}年{m}月{d}日 星期二", "时间：{y1}-02-{d:02d}  访问量：{n}"]
ANNOUNCE = ["根据《中华人民共和国政府信息公开条例》规定，现将《{a}{y}年度政府信息公开工作年度报告》予以公布。",
            "依据《中华人民共和国政府信息公开条例》要求，现发布{a}{y}年政府信息公开工作年度报告。",
            "根据《中华人民共和国政府信息公开条例》和上级有关要求，{a}特向社会公布{y}年度本机关信息公开工作报告。",
            "按照《中华人民共和国政府信息公开条例》要求，特向社会公布{y}年度{a}信息公开年度报告。",
            "依据《中华人民共和国政府信息公开条例》第五十条之规定，现公布我{unit}{y}年政府信息公开工作年度报告。",
            "本年度报告根据《中华人民共和国政府信息公开条例》要求，由{a}编制。",
            "根据有关规定，向社会公布{a}{y}年政府信息公开工作年度报告。",
            "现发布《{a}{y}年政府信息公开工作年度报告》，如有疑问可与{a}联系。"]


GUIDE = ["按要求编制并发布了《{a}政府信息公开指南》，进一步明确公开主体和公开方式。",
         "全年在{a}网站公开各类信息{n}条，及时更新政府信息公开目录。",
         "报告电子版可从{a}门户网站下载，如有疑问请与我{unit}办公室联系。"]
CITED = "按照《{issuer}关于做好{y}年政府信息公开工作年度报告发布工作的通知》要求，编制本报告。"


def _agency(w: World, rng: random.Random, full_share: float = 0.8) -> Piece:
    name = w.full if rng.random() < full_share else w.shorts[-1]
    return Piece(name, "AGENCY", {"role": "reporting", "group": w.full})


def _chrome(b: Builder, rng: random.Random, w: World, year: int) -> None:
    """Breadcrumbs and metadata rows of a web page above (or below) the title."""
    for line in rng.sample(META, rng.randint(1, 2)) + ([rng.choice(CRUMBS)] if rng.random() < 0.5 else []):
        site = rng.choice([f"{w.city}人民政府", f"{w.city}政府门户网站"])
        parts = line.format(name="\0", y1=year + 1, y0=year + rng.choice([-4, -1, 0, 1]), d=rng.randint(1, 28),
                            m=rng.randint(1, 12), n=rng.randint(10, 99999), code=rng.randint(10**8, 10**9),
                            site="\1").split("\0")
        pieces: list = []
        for i, p in enumerate(parts):
            pieces += [x for x in p.split("\1")[:1]] + ([site] + p.split("\1")[1:] if "\1" in p else [])
            if i < len(parts) - 1:
                pieces.append(_agency(w, rng, 0.7))
        b.line([p for p in pieces if p != ""], "preamble", "furniture")


def _title(b: Builder, rng: random.Random, w: World, year: int, style: str) -> None:
    tail = rng.choice(TAILS)
    name = _agency(w, rng)
    if style == "one_line":
        b.line([name, f"{rng.choice(['', ' '])}{year}{tail}"], "preamble", "furniture")
    elif style == "name_above":
        b.line([name], "preamble", "furniture")
        if rng.random() < 0.4:
            b.blank()
        b.line(f"{year}{tail}", "preamble", "furniture")
    elif style == "year_first":
        b.line([f"{year}年", Piece(name.text, "AGENCY", name.meta), tail[1:]], "preamble", "furniture")
    elif style == "broken3" and len(name.text) > 6:
        cut = rng.randint(3, len(name.text) - 3)  # the name itself broken over two lines
        b.line(name.text[:cut], "preamble", "furniture")
        b.line(name.text[cut:], "preamble", "furniture")
        b.line(f"{year}{tail}", "preamble", "furniture")
    else:
        head, rest = tail[:7], tail[7:]  # 年政府信息公开 / 工作年度报告
        b.line([name, f"{year}{head}"], "preamble", "furniture")
        b.line(rest, "preamble", "furniture")


def _sentence(b: Builder, rng: random.Random, w: World, text: str) -> None:
    """A preamble sentence whose {a} slots name the reporting agency."""
    parts: list = []
    for i, chunk in enumerate(text.split("{a}")):
        parts += ([_agency(w, rng, 0.75)] if i else []) + ([chunk] if chunk else [])
    b.line(parts, "preamble", "narrative")


def opening(b: Builder, rng: random.Random, w: World, year: int) -> bool:
    """Write the report's opening; False when the report starts straight at its first heading (no preamble)."""
    style = rng.choices(["one_line", "name_above", "year_first", "broken3", "tail_broken", "none"],
                        [35, 12, 10, 5, 6, 32])[0]
    chrome = rng.random() < 0.3
    if chrome and rng.random() < 0.5:
        _chrome(b, rng, w, year)
    if style != "none":
        _title(b, rng, w, year, style)
    if chrome and b.lines and rng.random() < 0.5:  # chrome below the title too
        _chrome(b, rng, w, year)
    b.blank()
    if style == "none" and rng.random() < 0.35:
        return False
    if style == "none" or rng.random() < 0.3:
        _sentence(b, rng, w, rng.choice(ANNOUNCE).replace("{y}", str(year)).replace("{unit}", w.unit))
    if style == "none" and rng.random() < 0.3:  # the name only inside a website or document name
        _sentence(b, rng, w, rng.choice(GUIDE).replace("{n}", str(rng.randint(20, 900))).replace("{unit}", w.unit))
    if rng.random() < 0.2:  # another body's notice cited with a year and 年度报告: no reporting agency
        issuer = rng.choice([f"{w.city}人民政府办公室", f"{w.city}政务服务和大数据管理局", "省政务公开办公室"])
        before, after = CITED.replace("{y}", str(year)).split("{issuer}")
        b.line([before, Piece(issuer, "AGENCY", {"role": "mentioned", "group": issuer}), after], "preamble",
               "narrative")
    return True
