"""Every field of every gold-annotated text is read right, from text, HTML and PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from lofte.documents.parsing import parse_document
from lofte.documents.parsing.evaluation import (
    FIELDS,
    EvaluationReport,
    compare,
    evaluate_files,
    format_errors,
    gold_files,
    load_gold,
)
from lofte.documents.tests.renderings import text_to_html, text_to_pdf
from lofte.documents.tests.support import FIXTURES, SEEDS, SYNTHETIC

GOLD = gold_files([SEEDS, SYNTHETIC])
HELD_OUT = FIXTURES / "heldout"


def _perfect(report_fields: dict[str, object]) -> list[str]:
    return [name for name, score in report_fields.items() if not _is_perfect(score)]


def _is_perfect(score: object) -> bool:
    return score.correct == score.predicted == score.gold  # type: ignore[attr-defined]


def test_the_gold_set_has_the_five_seeds_and_the_synthetic_texts() -> None:
    assert len(gold_files([SEEDS])) == 5
    assert len(gold_files([SYNTHETIC])) >= 3
    for path in gold_files([SYNTHETIC]):
        gold = load_gold(path)
        assert gold["synthetic"] is True
        assert "SYNTETISK" in (path.parent / gold["document"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("gold_path", GOLD, ids=[path.stem for path in GOLD])
@pytest.mark.parametrize("rendering", ["text", "html", "pdf"])
def test_every_field_matches_the_gold_annotation(gold_path: Path, rendering: str) -> None:
    gold = load_gold(gold_path)
    text = (gold_path.parent / gold["document"]).read_text(encoding="utf-8")
    data = {
        "text": text.encode("utf-8"),
        "html": text_to_html(text).encode("utf-8"),
        "pdf": text_to_pdf(text),
    }[rendering]
    parsed = parse_document(data, filename=f"promise.{ {'text': 'txt'}.get(rendering, rendering) }")
    report = compare(gold["document"], parsed.to_json(), gold)
    assert set(report.scores) == set(FIELDS)
    wrong = _perfect(dict(report.scores))
    assert not wrong, format_errors(EvaluationReport([report]))


def test_evaluation_notices_a_wrong_reading() -> None:
    gold = load_gold(next(SEEDS.glob("003_*.gold.json")))
    parsed = parse_document((SEEDS / gold["document"]).read_bytes()).to_json()
    parsed["activities"][1]["target"]["count"] = 14
    parsed["activities"][2]["actor"] = "kommunen"
    parsed["municipalities"].append({"name": "Eksjö", "code": "0686"})
    report = compare("003", parsed, gold)
    assert report.scores["target_count"].correct == 4
    assert report.scores["actor"].correct == 6
    assert report.scores["municipalities"].precision == 0.5
    assert report.scores["municipalities"].recall == 1.0


def test_evaluate_files_totals_all_documents() -> None:
    report = evaluate_files(gold_files([SEEDS]))
    totals = report.totals()
    assert totals["activities"].gold == 23
    assert totals["activities"].correct == 23
    assert totals["municipalities"].precision == 1.0


def test_texts_written_after_the_parser_stay_read_well() -> None:
    # Written to measure new styles (first try: actor recall 57 %, focus areas 0 %); one known
    # miss remains (a weekly cadence in a second clause is read as a target), see the docs.
    report = evaluate_files(gold_files([HELD_OUT]))
    for name, score in report.totals().items():
        assert score.precision is None or score.precision >= 0.85, name
        assert score.recall is None or score.recall >= 0.85, name
