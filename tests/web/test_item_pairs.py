"""Part 五's items on the report page name their pair where the text pairs them (issue 17, item 3)."""
from __future__ import annotations

from service.web.pages import templates


def _render(items: list[dict], other: str) -> str:
    macro = templates.env.get_template("_macros.html").module.item_list
    return str(macro(items, other))


def test_paired_items_name_their_pair_and_unpaired_do_not():
    html = _render([{"text": "专栏更新偏慢", "pair": 1}, {"text": "解读形式单一", "pair": None}], "改进")
    assert "专栏更新偏慢 <span class=\"muted pair\">（对应改进第 2 条）</span>" in html
    assert "解读形式单一</li>" in html


def test_no_items_says_so():
    assert "未抽取到" in _render([], "问题")


def test_results_stored_before_the_pair_field_still_render():
    assert "专栏更新偏慢</li>" in _render([{"text": "专栏更新偏慢", "span": [0, 6]}], "改进")
