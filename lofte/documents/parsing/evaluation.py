"""Compare parsed promises with gold annotations: precision and recall per field.

A gold file is JSON in the shape of ``ParsedPromise.to_json()`` without confidences and sources
(focus areas may be plain strings), plus ``"document"``: the text file it annotates, in the same
folder. Fields and what counts as one item:

- municipalities: SCB codes; police_area: the name; period: (start_year, end_year);
- focus_areas, activities: texts, matched one-to-one by word overlap (Dice ≥ ``TEXT_MATCH``);
- actor, target_count, target_per, target_unit: one item per activity that has the value; right
  when the activity matched a gold activity with the same value (so a missed activity costs
  recall here too, and a number read as a target where there is none costs precision);
- follow_up: cadence and revision; signatories: (name, role), case-insensitive.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lofte.documents.parsing.parser import parse_document

TEXT_MATCH = 0.6
FIELDS = (
    "municipalities",
    "police_area",
    "period",
    "focus_areas",
    "activities",
    "actor",
    "target_count",
    "target_per",
    "target_unit",
    "follow_up",
    "signatories",
)


@dataclass
class FieldScore:
    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None

    def add(self, other: FieldScore) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass
class DocumentReport:
    document: str
    scores: dict[str, FieldScore]
    # Per field: (what was predicted but is wrong, what was in gold but missed)
    errors: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)


@dataclass
class EvaluationReport:
    documents: list[DocumentReport]

    def totals(self) -> dict[str, FieldScore]:
        totals = {name: FieldScore() for name in FIELDS}
        for document in self.documents:
            for name, score in document.scores.items():
                totals[name].add(score)
        return totals


def load_gold(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        gold: dict[str, Any] = json.load(handle)
    return gold


def gold_files(paths: Iterable[Path]) -> list[Path]:
    """Gold files under ``paths`` (files or folders), sorted by name."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob("*.gold.json")))
        else:
            found.append(path)
    return found


def evaluate_files(paths: Sequence[Path]) -> EvaluationReport:
    """Parse the document of every gold file and compare."""
    reports = []
    for gold_path in paths:
        gold = load_gold(gold_path)
        document_path = gold_path.parent / str(gold["document"])
        parsed = parse_document(document_path.read_bytes(), filename=document_path.name)
        reports.append(compare(document_path.name, parsed.to_json(), gold))
    return EvaluationReport(reports)


def compare(name: str, predicted: dict[str, Any], gold: dict[str, Any]) -> DocumentReport:
    """Score one parsed promise (``to_json()`` form) against its gold annotation."""
    report = DocumentReport(name, {})

    def score_sets(field_name: str, found: set[str], expected: set[str]) -> None:
        report.scores[field_name] = FieldScore(len(found & expected), len(found), len(expected))
        report.errors[field_name] = (sorted(found - expected), sorted(expected - found))

    score_sets(
        "municipalities",
        {str(item["code"]) for item in predicted["municipalities"]},
        {str(item["code"]) for item in gold.get("municipalities", [])},
    )
    score_sets(
        "police_area",
        {_normal(predicted["police_area"])} if predicted.get("police_area") else set(),
        {_normal(gold["police_area"])} if gold.get("police_area") else set(),
    )
    score_sets("period", _period(predicted.get("period")), _period(gold.get("period")))
    score_sets(
        "follow_up", _follow_up(predicted.get("follow_up")), _follow_up(gold.get("follow_up"))
    )
    score_sets(
        "signatories",
        {_signatory(item) for item in predicted["signatories"]},
        {_signatory(item) for item in gold.get("signatories", [])},
    )
    predicted_focus = [_text(item) for item in predicted["focus_areas"]]
    gold_focus = [_text(item) for item in gold.get("focus_areas", [])]
    pairs = match_texts(predicted_focus, gold_focus)
    report.scores["focus_areas"] = FieldScore(len(pairs), len(predicted_focus), len(gold_focus))
    report.errors["focus_areas"] = _text_errors(predicted_focus, gold_focus, pairs)

    predicted_activities: list[dict[str, Any]] = list(predicted["activities"])
    gold_activities: list[dict[str, Any]] = list(gold.get("activities", []))
    pairs = match_texts(
        [item["text"] for item in predicted_activities], [item["text"] for item in gold_activities]
    )
    report.scores["activities"] = FieldScore(
        len(pairs), len(predicted_activities), len(gold_activities)
    )
    report.errors["activities"] = _text_errors(
        [item["text"] for item in predicted_activities],
        [item["text"] for item in gold_activities],
        pairs,
    )
    attributes: dict[str, Callable[[dict[str, Any]], str | None]] = {
        "actor": lambda item: item.get("actor"),
        "target_count": _target_count,
        "target_per": lambda item: (item.get("target") or {}).get("per"),
        "target_unit": lambda item: _normal((item.get("target") or {}).get("unit")) or None,
    }
    for attribute, value_of in attributes.items():
        score = FieldScore(
            0,
            sum(1 for item in predicted_activities if value_of(item) is not None),
            sum(1 for item in gold_activities if value_of(item) is not None),
        )
        wrong: list[str] = []
        matched_predicted = {index for index, _ in pairs}
        for predicted_index, gold_index in pairs:
            found = value_of(predicted_activities[predicted_index])
            expected = value_of(gold_activities[gold_index])
            if found is not None and found == expected:
                score.correct += 1
            elif found != expected:
                wrong.append(f"{found} ≠ {expected}: {gold_activities[gold_index]['text'][:60]}")
        for index, item in enumerate(predicted_activities):
            if index not in matched_predicted and value_of(item) is not None:
                wrong.append(f"{value_of(item)} (ingen guldaktivitet): {item['text'][:60]}")
        report.scores[attribute] = score
        report.errors[attribute] = (wrong, [])
    return report


def match_texts(predicted: Sequence[str], gold: Sequence[str]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) by greedy best word overlap."""
    candidates = sorted(
        (
            (similarity(found, expected), found_index, gold_index)
            for found_index, found in enumerate(predicted)
            for gold_index, expected in enumerate(gold)
        ),
        reverse=True,
    )
    used_predicted: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for score, found_index, gold_index in candidates:
        if score < TEXT_MATCH:
            break
        if found_index in used_predicted or gold_index in used_gold:
            continue
        used_predicted.add(found_index)
        used_gold.add(gold_index)
        pairs.append((found_index, gold_index))
    return sorted(pairs)


def similarity(first: str, second: str) -> float:
    """Dice coefficient of the two texts' lowercased word sets."""
    first_words = set(re.findall(r"\w+", first.lower()))
    second_words = set(re.findall(r"\w+", second.lower()))
    if not first_words or not second_words:
        return 0.0
    return 2 * len(first_words & second_words) / (len(first_words) + len(second_words))


def format_table(report: EvaluationReport, title: str = "") -> str:
    """A fixed-width table of precision and recall per field over all documents."""
    lines = [title] if title else []
    lines.append(f"{'fält':<16}{'precision':>10}{'recall':>8}{'rätt':>6}{'funna':>7}{'guld':>6}")
    for name, score in report.totals().items():
        lines.append(
            f"{name:<16}{_percent(score.precision):>10}{_percent(score.recall):>8}"
            f"{score.correct:>6}{score.predicted:>7}{score.gold:>6}"
        )
    return "\n".join(lines)


def format_errors(report: EvaluationReport) -> str:
    lines: list[str] = []
    for document in report.documents:
        for name in FIELDS:
            wrong, missed = document.errors.get(name, ([], []))
            for item in wrong:
                lines.append(f"{document.document} {name}: fel: {item}")
            for item in missed:
                lines.append(f"{document.document} {name}: saknas: {item}")
    return "\n".join(lines) if lines else "Inga avvikelser."


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def _normal(value: object) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().lower()


def _text(item: object) -> str:
    if isinstance(item, dict):
        return str(item.get("text", ""))
    return str(item)


def _period(period: dict[str, Any] | None) -> set[str]:
    if not period:
        return set()
    return {f"{period['start_year']}–{period['end_year']}"}


def _follow_up(follow_up: dict[str, Any] | None) -> set[str]:
    if not follow_up:
        return set()
    return {
        f"{key}={follow_up[key]}"
        for key in ("cadence", "revision")
        if follow_up.get(key) is not None
    }


def _signatory(item: dict[str, Any]) -> str:
    return f"{_normal(item.get('name'))} ({_normal(item.get('role'))})"


def _target_count(item: dict[str, Any]) -> str | None:
    target = item.get("target") or {}
    if target.get("count") is None and target.get("count_max") is None:
        return None
    return f"{target.get('count')}–{target.get('count_max')}"


def _text_errors(
    predicted: Sequence[str], gold: Sequence[str], pairs: list[tuple[int, int]]
) -> tuple[list[str], list[str]]:
    matched_predicted = {index for index, _ in pairs}
    matched_gold = {index for _, index in pairs}
    return (
        [text[:80] for index, text in enumerate(predicted) if index not in matched_predicted],
        [text[:80] for index, text in enumerate(gold) if index not in matched_gold],
    )
