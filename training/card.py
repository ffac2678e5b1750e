"""Writes models/MODEL_CARD.md from the figures that training/train.py collects."""
from __future__ import annotations

import datetime
import json
from pathlib import Path


def _table(scores: dict[str, dict]) -> str:
    rows = ["| label | P | R | F1 | n |", "|---|---|---|---|---|"]
    rows += [f"| {k} | {v['p']:.3f} | {v['r']:.3f} | {v['f1']:.3f} | {v['n']} |" for k, v in scores.items()]
    return "\n".join(rows)


def _seeds(title: str, s: dict) -> str:
    if not s:
        return f"{title}: ../shared absent, not measured.\n"
    rows = [f"{title}: platforms F1 **{s['platforms']}**, agencies recall **{s['agencies']}**\n",
            "| seed | platforms F1 | agencies recall |", "|---|---|---|"]
    rows += [f"| {k} | {v['platforms']} | {v['agencies']} |" for k, v in s["per_doc"].items()]
    return "\n".join(rows) + "\n"


def _agency(f: dict) -> str:
    if "agency_loo" not in f:
        return ""
    loo, syn, fit = f["agency_loo"], f["agency_synthetic_only"], f["agency_train_fit"]
    return f"""## agency_ranker.joblib ({f['sizes_kb'].get('agency_ranker', '?')} KB)
Candidates of the reporting agency (`service/core/extractors/agency/candidates.py`: title lines, also broken or
year-first, announcement sentences, anchored prose, page metadata, the NER's AGENCY mentions), grouped with their
short forms (`grouping.py`) → position, source, context, suffix kind, place, frequency and relation features →
gradient-boosted trees (`training/train_agency.py`). The best candidate is kept only when its probability is at
least {f.get('agency_min_prob', '?')}; otherwise the agency is null. Trained on {f['agency_n_synthetic']} generated
reports (`training/agency_dress.py` dresses their openings), the seeds and {f['agency_n_openings']} real openings
of `../shared/real/openings` (read at train time, weight ×3).

Agency accuracy on the real openings (the chosen name is the gold name or one of its accepted forms; null counts
as wrong):
- leave-one-opening-out (each opening scored by a ranker trained without it): **{loo['accuracy']}**
  (misses: {', '.join(loo['misses']) or 'none'})
- ranker trained on synthetic reports only: openings {syn['openings']}, seeds {syn['seeds']}
- the shipped ranker (trained on all openings, so optimistic): openings {fit['openings']}, seeds {fit['seeds']}

"""


def write_card(path: Path, f: dict) -> None:
    """Rewrite the model card (figures are also kept as JSON at the end for tools)."""
    today = datetime.date.today().isoformat()
    text = f"""# nianbao models — model card

Rebuilt by `nianbao train` (`training/train.py:main`) on {today}; seed {f['seed']}; took {f['train_seconds']} s.

## Data
- Synthetic: {f['n_train']} generated reports for training, {f['n_heldout']} held-out reports from another seed
  (`training/generate.py`; agencies, places, platforms composed from parts; years 2019–2025; both table templates;
  five table layouts; hard-wrapped PDF-like paragraphs; Chinese numerals; approximations; planted narrative/table
  disagreements). Held-out figures below are on documents from the same generator, so they are optimistic.
- Seeds: {f['n_seeds']} annotated reports (`corpora/seeds.jsonl`, spans into the normalised seed text). They are
  added to training (lines, linker ×3; NER by fine-tuning the synthetic base model); leave-one-seed-out (LOSO)
  figures retrain without the seed that is scored.

## line_classifier.joblib ({f['sizes_kb']['line_classifier']} KB)
Bag of layout tokens (tabs, digit share, length, enumerator, end punctuation) + character bigrams →
multinomial logistic regression. Labels: `heading:<section key>`, `narrative`, `table_row`, `furniture`.

Held-out synthetic:

{_table(f['lines'])}

LOSO on the seeds:

{_table(f['lines_loso'])}

## ner/ ({f['sizes_kb']['ner']} KB) + service/base/vocab/entities.yaml
spaCy blank `zh` with the jieba segmenter (domain dictionary `service/base/vocab/jieba_dict.txt`), NER with
HashEmbedCNN width 64, depth 2 (`training/configs/ner.cfg`), labels AGENCY and PLATFORM; applied only to
narrative sentences that hold a head word. Spans are then cut back to a head word (网站, 公众号 … / 局, 办 …),
merged with the gazetteer rules, and grouped (aliases, generic mentions such as 政府网站 joined to the platform
they stand for). Platform kind comes from the head word.

Held-out synthetic (span-exact, NER + rules as the service runs them):

{_table(f['ner'])}

{_seeds("Seeds, full model (scored like ../shared/eval/score.py)", f['seeds'])}
{_seeds("Seeds, synthetic-only base model (no seed annotations)", f['seeds_base'])}
{_seeds("Seeds, leave-one-seed-out", f['seeds_loso'])}
## linker.joblib ({f['sizes_kb']['linker']} KB)
Unit, section and character n-grams of the count's subject and text → logistic regression over the 17 cell
groups + `none`; `Linker.min_probability` = 0.5 turns weak links into `none` (precision first).
Counts are the ones `service/core/extractors/counts.py` finds, matched to the generator's labels.

Held-out synthetic, all links (none excluded): P {f['linker_linked']['p']} R {f['linker_linked']['r']}
F1 {f['linker_linked']['f1']} (n={f['linker_linked']['n']}). LOSO on the seeds, links: P {f['linker_loso']['p']}
R {f['linker_loso']['r']} F1 {f['linker_loso']['f1']} (n={f['linker_loso']['n']}).

{_table(f['linker'])}

{_agency(f)}
## Speed
Loading jieba + dictionary, spaCy NER and both joblib models: {f['load_seconds']} s. Entity step on the largest
seed ({f.get('entities_chars', '?')} characters), warm median: {f.get('entities_ms_median', '?')} ms.

## Limits
- The synthetic prose comes from a few hundred templates; held-out synthetic scores overstate real accuracy —
  trust the seed and LOSO figures more.
- Agency precision is not scored by ../shared/eval; the entity step favours recall of agencies.

<!-- figures
{json.dumps(f, ensure_ascii=False)}
-->
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
