"""Line classifier: headings (with their section key) versus table rows, narrative and furniture."""
from __future__ import annotations

from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parents[1] / "models"


@pytest.fixture(scope="module")
def clf():
    from service.core.models.lines import LineClassifier

    if not (MODELS / "line_classifier.joblib").exists():
        pytest.skip("models/line_classifier.joblib not trained")
    return LineClassifier.load(MODELS)


@pytest.mark.parametrize("line, key, role", [
    ("一、总体情况", "overview", "heading"),
    ("二、主动公开政府信息情况", "active_disclosure", "heading"),
    ("三、收到和处理政府信息公开申请情况", "applications", "heading"),
    ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "review_litigation", "heading"),
    ("五、存在的主要问题和改进情况", "problems", "heading"),
    ("六、其他需要报告的事项", "other_matters", "heading"),
    ("规范性文件\t3\t1\t12", None, "table_row"),
    ("\t（四）无法提供\t1.本机关不掌握相关政府信息\t2\t0\t0\t0\t0\t0\t2", None, "table_row"),
    ("| 行政处罚 | 15 |", None, "table_row"),
    ("今年以来，我局坚持把政务公开作为转变作风的重要抓手，全年发布各类信息215条。", None, "narrative"),
])
def test_labels(clf, line, key, role):
    got_key, got_role, p = clf.predict([line])[0]
    assert (got_key, got_role) == (key, role)
    assert 0.0 < p <= 1.0


def test_empty_input(clf):
    assert clf.predict([]) == []
