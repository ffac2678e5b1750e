"""Render the synthetic report (nianbao_report) as text, PDF, HTML (GBK), DOCX, scanned images and scanned PDF."""
from __future__ import annotations

import html
import io
from pathlib import Path

from service.core.ingest.grid import place, tab_lines
from training.formats.report import HEADER, Report, Table

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def table_lines(table: Table) -> list[str]:
    """The TAB rows a faithful ingester writes for this table."""
    return tab_lines(place(table.rows))


def to_text(rep: Report) -> str:
    """The plain-text version: paragraphs on lines, tables as TAB rows."""
    out = list(rep.title) + [""]
    for block in rep.blocks:
        out += table_lines(block) + [""] if isinstance(block, Table) else [block, ""]
    return "\n".join(out)


def _font(embed: bool) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if embed:
        pdfmetrics.registerFont(TTFont("WQY", str(CJK_FONT), subfontIndex=0))
        return "WQY"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _rl_table(table: Table, font: str):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Table as RLTable

    style = ParagraphStyle("cell", fontName=font, fontSize=table.font_size, leading=table.font_size * 1.3,
                           wordWrap="CJK", alignment=1)
    cells = place(table.rows)
    width = max(x.col + x.colspan for x in cells)
    height = max(x.row + x.rowspan for x in cells)
    data: list[list[object]] = [[""] * width for _ in range(height)]
    commands: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for x in cells:
        data[x.row][x.col] = Paragraph(html.escape(x.text), style)
        if x.rowspan > 1 or x.colspan > 1:
            commands.append(("SPAN", (x.col, x.row), (x.col + x.colspan - 1, x.row + x.rowspan - 1)))
    return RLTable(data, colWidths=table.widths, style=commands)


def _decorate(font: str):
    """Running header, rule and page number on every page (what an ingester must drop)."""
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(297, 805, HEADER)
        canvas.line(50, 798, 545, 798)
        canvas.drawCentredString(297, 30, f"— {doc.page} —")
        canvas.restoreState()
    return draw


def to_pdf(rep: Report, embed_font: bool = False) -> bytes:
    """A text-layer PDF: CJK prose paragraphs and ruled tables with SPANs, header and page numbers on each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = _font(embed_font)
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=19, wordWrap="CJK", firstLineIndent=22)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=26, alignment=1, firstLineIndent=0)
    story: list[object] = [Paragraph(line, title) for line in rep.title] + [Spacer(1, 12)]
    for block in rep.blocks:
        story += [_rl_table(block, font), Spacer(1, 10)] if isinstance(block, Table) else [Paragraph(block, body)]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=60, bottomMargin=60)
    doc.build(story, onFirstPage=_decorate(font), onLaterPages=_decorate(font))
    return buf.getvalue()


def _html_table(table: Table) -> str:
    rows = []
    for row in table.rows:
        tds = "".join(f'<td rowspan="{r}" colspan="{s}">{html.escape(t)}</td>' for t, r, s in row)
        rows.append(f"<tr>{tds}</tr>")
    return '<table border="1" cellspacing="0">' + "\n".join(rows) + "</table>"


def to_html(rep: Report) -> bytes:
    """A saved government web page: GBK bytes with <meta charset>, nav, scripts, styles, footer around the body."""
    body = [f"<h1>{html.escape(rep.title[1])}</h1>", "<div class='info'>发布时间：2024-01-20 来源：本局</div>",
            "<div class='TRS_Editor'>"]
    for block in rep.blocks:
        body.append(_html_table(block) if isinstance(block, Table) else f"<p>{html.escape(block)}</p>")
    body.append("</div>")
    page = ("<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
            "<title>年度报告</title><style>p{text-indent:2em} .nav{color:red}</style>"
            "<script>var menu = '首页 新闻 公开 2023年度报告 一、总体情况';</script></head><body>"
            "<nav><a href='/'>首页</a> <a href='/xxgk'>政府信息公开</a> <a href='/nb'>年度报告</a></nav>"
            "<header>青禾县人民政府门户网站</header><div class='main'>" + "\n".join(body) + "</div>"
            "<footer>主办：青禾县人民政府办公室 网站标识码 1234567890 备案号 11000000号</footer></body></html>")
    return page.encode("gbk")


def to_docx(rep: Report) -> bytes:
    """A Word document with merged cells (gridSpan and vMerge) made through python-docx's merge()."""
    import docx

    doc = docx.Document()
    for line in rep.title:
        doc.add_paragraph(line)
    for block in rep.blocks:
        if not isinstance(block, Table):
            doc.add_paragraph(block)
            continue
        cells = place(block.rows)
        grid = doc.add_table(rows=max(x.row + x.rowspan for x in cells), cols=max(x.col + x.colspan for x in cells))
        for x in cells:
            top = grid.cell(x.row, x.col)
            if x.rowspan > 1 or x.colspan > 1:
                top = top.merge(grid.cell(x.row + x.rowspan - 1, x.col + x.colspan - 1))
            top.text = x.text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_scans(rep: Report, dpi: int = 200, pages: list[int] | None = None) -> list:
    """Page images as from a scanner: the report printed (embedded CJK font) and rasterised, grey, slightly soft."""
    import pypdfium2
    from PIL import ImageFilter

    pdf = pypdfium2.PdfDocument(to_pdf(rep, embed_font=True))
    out = []
    for i in pages if pages is not None else range(len(pdf)):
        image = pdf[i].render(scale=dpi / 72).to_pil().convert("L")
        out.append(image.filter(ImageFilter.GaussianBlur(0.6)))
    return out


def to_image_bytes(images: list, fmt: str = "PNG") -> bytes:
    """One PNG/JPEG, or a multi-page TIFF / scanned PDF (no text layer) when given several pages."""
    buf = io.BytesIO()
    first, rest = images[0], images[1:]
    kwargs = {"save_all": True, "append_images": rest} if fmt in ("TIFF", "PDF") else {}
    if fmt == "PDF":
        kwargs["resolution"] = 200.0
    first.save(buf, fmt, **kwargs)
    return buf.getvalue()


def draw_page(lines: list[str], rows: list[list[str]], size: tuple[int, int] = (1500, 900)):
    """A page drawn with Pillow and a real CJK font: text lines, then a table laid out by spacing alone (no rules)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(CJK_FONT), 30)
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    y = 60
    for line in lines:
        draw.text((80, y), line, font=font, fill=0)
        y += 60
    for row in rows:
        y += 10
        draw.text((80, y), row[0], font=font, fill=0)
        for i, cell in enumerate(row[1:]):
            draw.text((520 + 260 * i, y), cell, font=font, fill=0)
        y += 50
    return image
