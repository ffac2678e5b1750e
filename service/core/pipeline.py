"""The pipeline: models load once; run() reads top to bottom from input bytes to the contract's Report."""
from __future__ import annotations

import logging
import time

from service.base.document import Document
from service.base.errors import TooLarge
from service.base.schema import AgencyMention, DocumentOut, Report, Table, Tables
from service.base.settings import Settings, get_settings
from service.core import ingest
from service.core.checks import arithmetic, completeness
from service.core.checks.doubt import cell_doubts, unread_cells
from service.core.checks.narrative import narrative_checks, rule_target
from service.core.checks.sums import check_sums
from service.core.extractors.agency.ranker import AgencyRanker
from service.core.extractors.counts import extract_counts
from service.core.extractors.entities import extract_entities
from service.core.extractors.facts import report_facts
from service.core.extractors.lists import extract_lists
from service.core.extractors.name_edges import complete_agencies, complete_platforms, places
from service.core.extractors.platform_names import with_place
from service.core.extractors.self_names import self_name_spans
from service.core.normalise import normalise
from service.core.sections import find_sections
from service.core.tables import TableResult, parse_tables
from service.core.text import layer_of

log = logging.getLogger("nianbao")
MODEL_LINK_MIN_PROB = 0.9  # precision first: a wrong link is a false alarm
NOT_A_REPORT = "未识别出年度报告的标准结构（六个部分和统计表），结果可能不完整：请确认输入是政府信息公开工作年度报告。"


class Pipeline:
    """Holds the loaded models (jieba + spaCy NER, linker); `run` is safe to call from many requests."""

    def __init__(self, settings: Settings | None = None, nlp=None, linker=None, lines=None, agency=None) -> None:
        self.settings = settings or get_settings()
        self.nlp = nlp
        self.linker = linker
        self.lines = lines
        self.agency = agency or AgencyRanker()

    @classmethod
    def load(cls, settings: Settings | None = None) -> Pipeline:
        """Load and warm every model once (jieba dictionary, spaCy NER, linker)."""
        settings = settings or get_settings()
        nlp = linker = lines = agency = None
        if settings.use_models:
            nlp, linker, lines = _load_models(settings)
            agency = AgencyRanker.load(settings.models_dir)
        pipeline = cls(settings, nlp=nlp, linker=linker, lines=lines, agency=agency)
        pipeline.run("一、总体情况\n本机关收到政府信息公开申请1件。")  # warm every stage
        return pipeline

    def run(self, data: bytes | str, filename: str | None = None) -> Report:
        """Extract and check one report given as bytes (any format) or str."""
        return self.run_document(ingest.load(data, filename, self.settings))

    def run_document(self, doc: Document) -> Report:
        """Normalise, segment, extract, check; every span indexes into the returned document.text."""
        started = time.perf_counter()
        if len(doc.text) > self.settings.max_text_chars:
            raise TooLarge(f"文本过长（{len(doc.text)} 字符），超过上限 {self.settings.max_text_chars} 字符。")
        norm = normalise(doc.text)
        text = norm.text
        layer_of(text)  # the text layer: lines, sentences and clauses cut once, read by every stage below
        sections = find_sections(text, self.lines)
        tables = parse_tables(text, sections)
        active = tables.get("active_disclosure")
        agencies, platforms = extract_entities(self.nlp, text, sections)
        facts = report_facts(text, sections, active.template if active else None, agencies, self.agency)
        regions = [t.span for t in tables.values() if t is not None and t.span]
        counts = extract_counts(text, sections, skip=_table_spans(text, regions), platforms=platforms)
        problems, improvements = extract_lists(text, sections)
        targets = self._link_targets(text, counts, facts.template)
        doubts = cell_doubts(tables)
        checks = (
            arithmetic.table_checks(tables, doubts)
            + narrative_checks(text, counts, tables, facts.template, targets, sections, doubts)
            + check_sums(counts, text)
            + completeness.section_checks(sections, text)
            + completeness.table_checks(tables, text, sections)
        )
        warnings = doc.warnings + norm.warnings + _table_warnings(tables)
        if completeness.cut_off(text) is not None:
            warnings.append("文本结尾的句子不完整，文件可能被截断：截断处之后的部分未作缺失判断。")
        elif completeness.fragment(text) is not None and any(s.key != "preamble" for s in sections):
            warnings.append("文本远短于一份完整的年度报告，可能只是报告的开头或摘要：缺少的部分和表格未作缺失判断。")
        if not any(s.key != "preamble" for s in sections) and not any(tables.values()):
            warnings.append(NOT_A_REPORT)
        if time.perf_counter() - started > self.settings.max_seconds:
            warnings.append("处理时间超过了设定上限，结果可能不完整。")
        return Report(
            document=DocumentOut(source=doc.source, encoding=doc.encoding, pages=doc.pages, ocr=doc.ocr, text=text),
            report=facts, sections=sections,
            agencies=_with_reporting(complete_agencies(text, agencies, facts.agency.name), facts.agency,
                                     self_name_spans(text, facts.agency)),
            platforms=with_place(complete_platforms(text, platforms, facts.agency.name), facts.agency),
            counts=counts, problems=problems, improvements=improvements,
            tables=Tables(**{name: _table_out(t) for name, t in tables.items()}),
            checks=checks, warnings=warnings,
        )

    def _link_targets(self, text: str, counts, template: str | None) -> list[str | None]:
        """Table cell each count reports: the trained linker where it is sure, the link rules otherwise."""
        rules = [rule_target(c, text, template) for c in counts]
        if self.linker is None or not counts:
            return rules
        predicted = self.linker.predict(counts)
        out = []
        for rule, (target, prob) in zip(rules, predicted):
            model = None if target == "none" else target
            # a link the rules do not make needs a confident model; a rule link the model rejects is kept
            out.append(rule or (model if prob >= MODEL_LINK_MIN_PROB else None))
        return out


def _load_models(settings: Settings):
    """(NLP, Linker, LineClassifier) from models/; rules alone (with a log line) when the artefacts are absent."""
    from service.core.models.lines import LineClassifier
    from service.core.models.linker import Linker
    from service.core.models.nlp import NLP

    try:
        d = settings.models_dir
        return NLP.load(d, settings.cache_dir), Linker.load(d), LineClassifier.load(d)
    except (FileNotFoundError, OSError) as exc:
        log.warning("模型未加载（%s），仅使用规则：运行 `nianbao train` 可重新生成 models/。", exc)
        return None, None, None


def _table_spans(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Only the TAB/table rows inside table regions, so narrative paragraphs around a table still count."""
    out = []
    layer = layer_of(text)
    for start, end in regions:
        out += [(s, e) for s, e in layer.lines(start, end) if "\t" in text[s:e] or "|" in text[s:e]]
    return out


def _table_out(t: TableResult | None) -> Table | None:
    """The contract's table of a parse result. Built without validating its cells again: the table parsers store
    only numbers or None, spans as (start, end) of ints and provenance from PROVENANCES, so validation changes
    nothing (the same JSON) and costs a pass over every cell and span (tests/test_pipeline.py holds it to that)."""
    if t is None:
        return None
    return Table.model_construct(template=t.template, cells=t.cells, spans=t.spans, span=t.span,
                 provenance={**{k: t.provenance[k] for k in sorted(t.doubtful)}, **{k: "unread" for k in sorted(unread_cells(t))}},
                 readings={k: t.readings[k] for k in sorted(t.readings)})


def _table_warnings(tables: dict[str, TableResult | None]) -> list[str]:
    return [issue.message for t in tables.values() if t for issue in t.issues if issue.kind != "blank_cells"] + [
        w for t in tables.values() if t for w in t.warnings]


def _names_reporting(name: str, agency) -> bool:
    """Is a mention the reporting agency: its name, an alias, a place-prefixed short form (石嘴山市科技局), or one of
    those with a stray leading character the recogniser took in (年市科技局)?"""
    names = [agency.name, *agency.aliases]
    if name in names:
        return True
    if _superior(name, agency.name):
        return False
    for known in names:
        if name.endswith(known) and len(name) - len(known) <= 1 and name[0] not in "省市县区州镇乡":
            return True
    full = agency.name
    return len(name) >= 4 and name[:2] == full[:2] and name[-1] == full[-1] and _subsequence(name, full)


def _superior(name: str, full: str) -> bool:
    """A government of a wider place in the agency's own name (九阳县人民政府 for 九阳县顺川镇人民政府): another body."""
    wider = places(full)[1:]
    return any(name.startswith(p) and name[len(p):].startswith(("人民政府", "政府")) for p in wider)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _with_reporting(agencies: list[AgencyMention], agency, short: list) -> list[AgencyMention]:
    """The reporting agency first, with role `reporting`, merged with its mentions; the report's own words for it
    (本局, 本机关: `short`) are its spans too, listed in `short_spans`."""
    if not agency.name:
        return agencies
    spans = [agency.span] if agency.span else []
    rest = []
    for a in agencies:
        if _names_reporting(a.name, agency):
            spans += [s for s in a.spans if s not in spans]
        else:
            rest.append(a)
    short = [s for s in short if s not in spans]
    return [AgencyMention(name=agency.name, role="reporting", spans=spans + short, short_spans=short), *rest]
