"""The local 年报 column: GBK and UTF-8 list pages with pagination, inline and attachment reports in every format,
a robots.txt Disallow, notices, redirects to a trap server and to the metadata address, slow and oversized answers."""
from __future__ import annotations

import html
from urllib.parse import quote

import pytest

from service.base.settings import Settings
from service.runtime.workers import WorkerPool
from tests.collect.site import Route, Site

SETTINGS = Settings(use_models=False, fetch_rate=0, fetch_read_timeout=1.0, fetch_total_timeout=3.0,
                    max_bytes=3 * 1024 * 1024)
GBK = "text/html; charset=gbk"


def _reports() -> dict[str, bytes]:
    """Reports in every format, from the project's generator and renderers (nothing read from shared/)."""
    from training.formats import render
    from training.formats.report import Report, report
    from training.generate import generate

    texts = [d["text"] for d in generate(3, seed=11, prefix="collect")]
    as_report = lambda text: Report([text.strip().splitlines()[0]], [l for l in text.strip().splitlines()[1:] if l.strip()])  # noqa: E731,E741
    return {"txt": texts[0].encode("gb18030"), "pdf": render.to_pdf(report()), "html": render.to_html(report()),
            "docx": render.to_docx(as_report(texts[1])), "txt2": texts[2].encode("utf-8")}


def _page(title: str, links: list[tuple[str, str]], extra: str = "", charset: str = "utf-8") -> bytes:
    items = "".join(f'<li><a href="{href}" title="{html.escape(text)}">{html.escape(text)}</a>'
                    f"<span>2024-01-20</span></li>" for href, text in links)
    page = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(title)}</title></head><body>'
            '<div class="nav"><a href="/">首页</a><a href="/nb/index.html">政府信息公开年报</a>'
            '<a href="/other/2023年政府信息公开工作年度报告.html">2023年政府信息公开工作年度报告（导航）</a></div>'
            '<div class="position">当前位置：首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>'
            f'<div class="list"><ul>{items}</ul></div>{extra}'
            '<div class="footer">主办：青禾县人民政府办公室</div></body></html>')
    return page.encode("gbk" if charset == "gbk" else "utf-8")


def _detail(title: str, body: str, charset: str = "utf-8") -> bytes:
    page = (f'<html><head><meta charset="{charset}"><title>{html.escape(title)}</title></head><body>'
            '<div class="breadcrumb">首页 &gt; 年报</div>'
            f'<h1>{html.escape(title)}</h1><div class="content">{body}</div>'
            '<div class="sidebar"><a href="/nb/2010.html">2010年政府信息公开工作年度报告</a></div>'
            '<div class="footer">网站标识码 1234567890</div></body></html>')
    return page.encode("gbk" if charset == "gbk" else "utf-8")


NOTICE_BODY = ("<p>各乡镇人民政府、县各部门：</p><p>根据《中华人民共和国政府信息公开条例》，请于1月31日前报送"
               "2023年度政府信息公开工作年度报告，内容包括总体情况、主动公开政府信息情况等。</p><p>联系电话：1234567</p>")


@pytest.fixture(scope="session")
def documents() -> dict[str, bytes]:
    return _reports()


def build(site: Site, trap: Site, docs: dict[str, bytes], big: int) -> dict[str, str]:
    """Lay out the column on `site`; returns {name: path} of what should and should not be collected."""
    r = site.routes
    r["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    first = [
        ("/nb/2023.html", "青禾县自然资源局2023年政府信息公开工作年度报告"),  # inline (GBK article body)
        ("/nb/2022.html", "2022年度政府信息公开工作年度报告"),  # detail page with a PDF attachment
        ("/files/2021年政府信息公开工作年度报告.docx", "2021年政府信息公开工作年度报告"),  # straight from the list
        ("/nb/notice.html", "关于报送2023年度政府信息公开工作年度报告的通知"),  # a notice by its title
        ("/nb/training.html", "2023年政府信息公开工作年报编制培训"),  # a notice by its content
        ("/private/2020.html", "2020年政府信息公开工作年度报告"),  # robots Disallow
        ("/go/2019.html", "2019年政府信息公开工作年度报告"),  # redirects to the trap server
        ("/meta/2018.html", "2018年政府信息公开工作年度报告"),  # redirects to the metadata address
        (trap.url("/2017.pdf"), "2017年政府信息公开工作年度报告"),  # another local address
        ("/slow/2016.txt", "2016年政府信息公开工作年度报告"),  # slower than the read timeout
        ("/big/2015.txt", "2015年政府信息公开工作年度报告"),  # larger than NIANBAO_MAX_BYTES
        ("/nb/about.html", "机构简介"),  # not a report link at all
    ]
    r["/nb/index.html"] = Route(_page("政府信息公开年报", first, '<div class="page"><a href="index_1.html">下一页</a></div>',
                                      "gbk"), GBK)
    second = [("/nb/2014.txt", "2014年政府信息公开工作年度报告"), ("/nb/2023.html", "青禾县自然资源局2023年政府信息公开工作年度报告"),
              ("/nb/2013.html", "二〇一三年政府信息公开年报")]
    r["/nb/index_1.html"] = Route(_page("政府信息公开年报 第2页", second, '<a href="index.html">上一页</a>'))
    r["/nb/2023.html"] = Route(docs["html"], GBK)
    r["/nb/2022.html"] = Route(_detail("2022年度政府信息公开工作年度报告",
                                       '<p>现将本局2022年度报告予以公布。</p><p>附件：<a href="/files/P020230120.pdf">'
                                       "2022年度政府信息公开工作年度报告.pdf</a></p>"))
    r["/files/P020230120.pdf"] = Route(docs["pdf"], "application/pdf")
    r[quote("/files/2021年政府信息公开工作年度报告.docx")] = Route(
        docs["docx"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    r["/nb/notice.html"] = Route(_detail("关于报送2023年度政府信息公开工作年度报告的通知", NOTICE_BODY))
    r["/nb/training.html"] = Route(_detail("2023年政府信息公开工作年报编制培训", NOTICE_BODY))
    r["/private/2020.html"] = Route(docs["html"], GBK)
    r["/go/2019.html"] = Route(status=302, location=trap.url("/stolen"))
    r["/meta/2018.html"] = Route(status=302, location="http://169.254.169.254/latest/meta-data/")
    r["/slow/2016.txt"] = Route(docs["txt"], "text/plain", delay=2.5)
    r["/big/2015.txt"] = Route(b"x" * big, "text/plain")
    r["/nb/2014.txt"] = Route(docs["txt"], "text/plain; charset=gbk")
    r["/nb/2013.html"] = Route(_detail("二〇一三年政府信息公开年报", "".join(f"<p>{html.escape(line)}</p>" for line in
                                       docs["txt2"].decode().splitlines() if line.strip())))
    return {"reports": ["/nb/2023.html", "/files/P020230120.pdf", quote("/files/2021年政府信息公开工作年度报告.docx"),
                        "/nb/2014.txt", "/nb/2013.html"]}


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(2, SETTINGS) as p:
        yield p


@pytest.fixture()
def sites(documents):
    with Site() as site, Site() as trap:
        layout = build(site, trap, documents, SETTINGS.max_bytes + 10)
        yield site, trap, layout
