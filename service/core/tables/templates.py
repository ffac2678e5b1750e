"""Row and column vocabulary of the three statistical tables in both formats (〔2021〕30号 and 〔2019〕60号).

Labels are matched as substrings of a cell after spaces and punctuation are removed; the first entry whose
cue matches wins, so more specific cues come first.
"""
from __future__ import annotations

# ---- table 2: active disclosure -------------------------------------------------------------------------
ACTIVE_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("other_services", ("其他对外管理服务事项", "其他对外管理服务")),
    ("normative_documents", ("规范性文件", "行政规范性文件")),
    ("regulations", ("规章",)),
    ("licensing", ("行政许可",)),
    ("punishment", ("行政处罚",)),
    ("coercion", ("行政强制",)),
    ("fees", ("行政事业性收费", "事业性收费")),
    ("procurement", ("政府集中采购", "集中采购")),
]
ACTIVE_COLUMNS: dict[str, dict[str, list[str]]] = {
    "2021": {
        "regulations": ["issued", "repealed", "in_force"],
        "normative_documents": ["issued", "repealed", "in_force"],
        "licensing": ["decisions"],
        "punishment": ["decisions"],
        "coercion": ["decisions"],
        "fees": ["amount"],
    },
    "2019": {
        "regulations": ["new_made", "new_published", "total_published"],
        "normative_documents": ["new_made", "new_published", "total_published"],
        "licensing": ["prev_items", "change", "decisions"],
        "other_services": ["prev_items", "change", "decisions"],
        "punishment": ["prev_items", "change", "decisions"],
        "coercion": ["prev_items", "change", "decisions"],
        "fees": ["prev_items", "change"],
        "procurement": ["items", "amount"],
    },
}
ACTIVE_TEMPLATE_CUES = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "本年增/减"),
}
# Table 2's document rows and columns in words, for messages (cell_name).
ACTIVE_NAMES = {"regulations": "规章", "normative_documents": "规范性文件", "issued": "本年制发件数",
                "repealed": "本年废止件数", "in_force": "现行有效件数", "new_made": "本年新制作数量",
                "new_published": "本年新公开数量", "total_published": "对外公开总数量"}
# Columns whose unit is 万元: a value written in 元 is divided by 10 000.
AMOUNT_COLUMNS = {("fees", "amount"), ("procurement", "amount")}

# ---- table 3: applications ------------------------------------------------------------------------------
APPLICANT_COLUMNS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
COLUMN_NAMES = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "social_org": "社会公益组织",
    "legal_service": "法律服务机构", "other_org": "其他", "total": "总计",
}
# (key, cues); rows that are groups only (三、本年度办理结果, (三)不予公开 …) are listed in GROUP_CUES.
APPLICATION_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("new_received", ("本年新收",)),
    ("carried_over", ("上年结转",)),
    ("carried_forward", ("结转下年度", "结转下年")),
    ("partially_granted", ("部分公开",)),
    ("granted", ("予以公开",)),
    ("denied_state_secret", ("国家秘密",)),
    ("denied_law_forbidden", ("法律行政法规禁止", "禁止公开")),
    ("denied_security_stability", ("三安全一稳定", "危及")),
    ("denied_third_party", ("第三方合法权益", "第三方")),
    ("denied_internal_affairs", ("内部事务",)),
    ("denied_process_info", ("过程性信息",)),
    ("denied_enforcement_file", ("行政执法案卷",)),
    ("denied_admin_query", ("行政查询事项", "行政查询")),
    ("unable_no_info", ("不掌握",)),
    ("unable_need_creation", ("另行制作",)),
    ("unable_unclear", ("仍不明确", "内容不明确")),
    ("not_processed_complaint", ("信访举报投诉", "信访")),
    ("not_processed_repeat", ("重复申请",)),
    ("not_processed_publication", ("公开出版物",)),
    ("not_processed_excessive", ("大量反复",)),
    ("not_processed_confirm", ("确认或重新出具", "重新出具")),
    ("other_overdue_correction", ("逾期不补正", "不补正", "逾期不补", "无正当理由逾期")),
    ("other_overdue_fee", ("缴纳费用", "收费通知", "逾期未按")),
    ("other_handling", ("其他处理",)),
    ("total_processed", ("总计",)),
]
# The form's own wording of the numbered sub-rows of table 3 (generators and test fixtures print these).
PRINTED_SUBROWS = {
    "denied": ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
               "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"],
    "unable": ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    "not_processed": ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                      "要求行政机关确认或重新出具已获取信息"],
    "other": ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"],
}
GROUP_CUES = ("本年度办理结果", "不予公开", "无法提供", "不予处理")
# "3.其他" is a row only inside (六)其他处理 of the 2021 format.
OTHER_OTHER_CUE = "其他"
OUTCOME_ROWS_2021 = [
    "granted", "partially_granted",
    "denied_state_secret", "denied_law_forbidden", "denied_security_stability", "denied_third_party",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query",
    "unable_no_info", "unable_need_creation", "unable_unclear",
    "not_processed_complaint", "not_processed_repeat", "not_processed_publication", "not_processed_excessive",
    "not_processed_confirm",
    "other_overdue_correction", "other_overdue_fee", "other_other",
]
OTHER_SUBROWS = ["other_overdue_correction", "other_overdue_fee", "other_other"]
ROW_NAMES = {
    "new_received": "一、本年新收", "carried_over": "二、上年结转", "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开", "denied_state_secret": "不予公开·国家秘密",
    "denied_law_forbidden": "不予公开·法律行政法规禁止", "denied_security_stability": "不予公开·三安全一稳定",
    "denied_third_party": "不予公开·第三方合法权益", "denied_internal_affairs": "不予公开·内部事务",
    "denied_process_info": "不予公开·过程性信息", "denied_enforcement_file": "不予公开·行政执法案卷",
    "denied_admin_query": "不予公开·行政查询事项", "unable_no_info": "无法提供·不掌握",
    "unable_need_creation": "无法提供·需另行制作", "unable_unclear": "无法提供·补正后仍不明确",
    "not_processed_complaint": "不予处理·信访举报投诉", "not_processed_repeat": "不予处理·重复申请",
    "not_processed_publication": "不予处理·公开出版物", "not_processed_excessive": "不予处理·大量反复申请",
    "not_processed_confirm": "不予处理·确认或重新出具", "other_overdue_correction": "其他处理·逾期不补正",
    "other_overdue_fee": "其他处理·逾期未缴费", "other_other": "其他处理·其他", "other_handling": "（六）其他处理",
    "total_processed": "（七）总计", "carried_forward": "四、结转下年度继续办理",
}

# ---- table 4: review and litigation ---------------------------------------------------------------------
REVIEW_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
REVIEW_COLUMNS = ["maintained", "corrected", "other", "pending", "total"]
REVIEW_KEYS = [f"{g}.{c}" for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
GROUP_NAMES = {"review": "行政复议", "litigation_direct": "未经复议直接起诉", "litigation_after_review": "复议后起诉"}


def cell_name(key: str) -> str:
    """A cell key in words for messages: applications.carried_over.natural_person → “二、上年结转”（自然人）,
    active_disclosure.normative_documents.in_force → “规范性文件”（现行有效件数）; a key of table 4 keeps its keys."""
    parts = key.split(".")
    names = {"applications": (ROW_NAMES, COLUMN_NAMES), "active_disclosure": (ACTIVE_NAMES, ACTIVE_NAMES)}.get(parts[0])
    row = names[0].get(parts[1], parts[1]) if names else parts[1]
    column = (names[1].get(parts[2], parts[2]) if names else parts[2]) if len(parts) > 2 else ""
    return f"“{row}”（{column}）" if column else f"“{row}”"


TABLE_NAMES = {"active_disclosure": "表二（主动公开）", "applications": "表三（收到和处理申请）",
               "review_litigation": "表四（行政复议、行政诉讼）"}

# The printed label of each table-3 row (enumerators included): what a misprinted label is compared with.
ROW_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开", "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    **{key: f"{i}.{label}" for group, keys in (
        ("denied", [k for k in OUTCOME_ROWS_2021 if k.startswith("denied_")]),
        ("unable", [k for k in OUTCOME_ROWS_2021 if k.startswith("unable_")]),
        ("not_processed", [k for k in OUTCOME_ROWS_2021 if k.startswith("not_processed_")]),
        ("other", OTHER_SUBROWS)) for i, (key, label) in enumerate(zip(keys, PRINTED_SUBROWS[group]), 1)},
    "other_handling": "（六）其他处理", "total_processed": "（七）总计", "carried_forward": "四、结转下年度继续办理",
}
# Table 3's optional 法人或其他组织小计 column: a printed check figure, not a contract cell.
SUBTOTAL_CUES = ("小计",)
