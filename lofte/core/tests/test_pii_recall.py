"""Measured recall and precision of :mod:`lofte.core.pii` on a labelled set of snippets.

The set (``fixtures/pii_testset.jsonl``, made by ``make_pii_testset.py``) gives, for each
snippet, the exact spans that must be masked and look-alikes that must be kept. A true span
counts as masked when the masked text holds exactly its kind's placeholder where the span was
and everything outside the true spans is unchanged. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lofte.core.pii import EMAIL, PERSONNUMMER, PHONE, PLATE, mask_pii_detailed
from lofte.core.tests import make_pii_testset

FIXTURE = Path(__file__).parent / "fixtures" / "pii_testset.jsonl"
PLACEHOLDER = {"personnummer": PERSONNUMMER, "phone": PHONE, "email": EMAIL, "plate": PLATE}
KINDS = tuple(PLACEHOLDER)
KIND_OF = {placeholder: kind for kind, placeholder in PLACEHOLDER.items()}
TARGET_RECALL = 0.99


@dataclass
class Scores:
    true_spans: Counter[str] = field(default_factory=Counter)
    masked_spans: Counter[str] = field(default_factory=Counter)
    # Masks that landed on a true span, by the kind of placeholder the masker chose.
    placed: Counter[str] = field(default_factory=Counter)
    mislabelled: list[str] = field(default_factory=list)
    emitted: Counter[str] = field(default_factory=Counter)
    negatives: Counter[str] = field(default_factory=Counter)
    negatives_touched: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        total = self.true_spans[kind] if kind else sum(self.true_spans.values())
        hit = self.masked_spans[kind] if kind else sum(self.masked_spans.values())
        return hit / total if total else 1.0

    def precision(self, kind: str | None = None) -> float:
        """Masks of ``kind`` that hid a true span / all masks of ``kind`` the masker made."""
        emitted = self.emitted[kind] if kind else sum(self.emitted.values())
        hit = self.placed[kind] if kind else sum(self.placed.values())
        return hit / emitted if emitted else 1.0


def load() -> list[dict[str, Any]]:
    with FIXTURE.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def score(records: list[dict[str, Any]]) -> Scores:
    """Mask every snippet and compare with its labels.

    Steps:

    1. mask the text, counting placeholders per kind (the masker's own counts);
    2. match the masked text against a pattern whose fixed parts are the text between true
       spans and whose holes are the true spans; a hole holding exactly one placeholder is a
       masked span (a placeholder of another kind is listed as mislabelled);
    3. if the fixed parts changed, something outside the true spans was masked: each negative
       whose text no longer appears counts as touched, and the record is listed as a failure.
    """
    scores = Scores()
    for record in records:
        text: str = record["text"]
        spans = sorted(record["spans"], key=lambda s: s["start"])
        result = mask_pii_detailed(text)
        scores.emitted.update(result.counts)
        pattern, cursor = "", 0
        for span in spans:
            pattern += re.escape(text[cursor:span["start"]]) + "(.*?)"
            cursor = span["end"]
        pattern += re.escape(text[cursor:])
        match = re.fullmatch(pattern, result.text, flags=re.DOTALL)
        for i, span in enumerate(spans):
            scores.true_spans[span["kind"]] += 1
            hole = match.group(i + 1) if match else None
            if hole in KIND_OF:
                # Hidden is hidden: a mobile number that is also a valid personnummer
                # ("0701170011") counts as masked, and is listed as mislabelled.
                scores.masked_spans[span["kind"]] += 1
                scores.placed[KIND_OF[hole]] += 1
                if KIND_OF[hole] != span["kind"]:
                    scores.mislabelled.append(
                        f"#{record['id']} {text[span['start']:span['end']]!r}: "
                        f"{span['kind']} masked as {hole}")
            elif match:
                scores.failures.append(f"#{record['id']} {span['kind']} missed: "
                                       f"{text[span['start']:span['end']]!r} in {result.text!r}")
        for negative in record["negatives"]:
            scores.negatives[negative["kind"]] += 1
            if not match and text[negative["start"]:negative["end"]] not in result.text:
                scores.negatives_touched[negative["kind"]] += 1
        if not match:
            scores.failures.append(f"#{record['id']} text outside the true spans changed: "
                                   f"{text!r} → {result.text!r}")
    return scores


def report(scores: Scores) -> str:
    lines = ["", f"{'slag':<14}{'sanna':>7}{'maskade':>9}{'recall':>9}{'precision':>11}"]
    for kind in KINDS:
        lines.append(f"{kind:<14}{scores.true_spans[kind]:>7}{scores.masked_spans[kind]:>9}"
                     f"{scores.recall(kind):>9.3f}{scores.precision(kind):>11.3f}")
    lines.append(f"{'totalt':<14}{sum(scores.true_spans.values()):>7}"
                 f"{sum(scores.masked_spans.values()):>9}{scores.recall():>9.3f}"
                 f"{scores.precision():>11.3f}")
    lines.append(f"{'negativ':<14}{'antal':>7}{'rörda':>9}")
    for kind in sorted(scores.negatives):
        lines.append(f"{kind:<14}{scores.negatives[kind]:>7}{scores.negatives_touched[kind]:>9}")
    lines.extend(scores.mislabelled)
    lines.extend(scores.failures)
    return "\n".join(lines)


def test_fixture_is_what_the_script_makes() -> None:
    assert FIXTURE.read_text(encoding="utf-8") == make_pii_testset.render(
        make_pii_testset.build())


def test_fixture_is_large_and_labelled_consistently() -> None:
    records = load()
    assert len(records) >= 400
    kinds = Counter(span["kind"] for r in records for span in r["spans"])
    assert set(kinds) == set(KINDS)
    assert sum(len(r["negatives"]) for r in records) >= 200
    for record in records:
        marked = sorted(record["spans"] + record["negatives"], key=lambda s: s["start"])
        for before, after in itertools.pairwise(marked):
            assert before["end"] <= after["start"], record  # spans never overlap


def test_recall_and_precision_per_kind() -> None:
    scores = score(load())
    print(report(scores))
    for kind in KINDS:
        assert scores.recall(kind) >= TARGET_RECALL, report(scores)
    assert sum(scores.negatives_touched.values()) == 0, report(scores)
    # Nothing outside the true spans may change at all (stricter than the negatives alone).
    assert not [f for f in scores.failures if "outside" in f], report(scores)
    for kind in KINDS:
        assert scores.precision(kind) == 1.0, report(scores)  # every mask hid a true span
