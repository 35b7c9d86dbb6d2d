"""Recall and precision of :mod:`lofte.core.pii` on the held-out set ``data/pii_heldout.jsonl``.

The held-out set was written and committed (4b3fc65) before the masker was run on it, without
looking at the masker or its own labelled set; see ``data/README.md``. The first-run figures
(before any fix) are recorded in ``docs/reliability.md``. Fixes made after seeing the misses
mean that the figures printed now are no longer strictly held-out.

Scoring:

* the masked text is aligned back onto the original: every placeholder covers one region of
  the original text;
* an entity is *caught* when every letter and digit of it lies inside masked regions (a
  placeholder of another kind still hides it; such mix-ups are listed);
* a masked region that overlaps no labelled entity (and no out-of-scope span) is a false
  positive; a labelled negative overlapped by any region is a *masked negative*.

Run with ``-s`` to see the table: ``.venv/bin/pytest lofte/core/tests/test_pii_heldout.py -q -s``.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lofte.core.pii import EMAIL, PERSONNUMMER, PHONE, PLATE, mask_pii

DATA = Path(__file__).parent / "data" / "pii_heldout.jsonl"
KIND_OF = {PERSONNUMMER: "pnr", PHONE: "phone", EMAIL: "email", PLATE: "plate"}
KINDS = ("pnr", "phone", "email", "plate")
TARGET_RECALL = 0.99
# Stated precision floor: at least 98 % of masks must hide a labelled entity, and at most
# 1 % of the labelled negatives may be touched.
PRECISION_FLOOR = 0.98
MASKED_NEGATIVES_MAX = 0.01
_PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in KIND_OF))


@dataclass
class Scores:
    entities: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    masks: Counter[str] = field(default_factory=Counter)  # by placeholder kind
    true_masks: Counter[str] = field(default_factory=Counter)
    negatives: int = 0
    masked_negatives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    mixups: list[str] = field(default_factory=list)
    forms: Counter[tuple[str, str]] = field(default_factory=Counter)
    forms_missed: Counter[tuple[str, str]] = field(default_factory=Counter)

    def recall(self, kind: str | None = None) -> float:
        total = self.entities[kind] if kind else sum(self.entities.values())
        hit = self.caught[kind] if kind else sum(self.caught.values())
        return hit / total if total else 1.0

    def precision(self, kind: str | None = None) -> float:
        made = self.masks[kind] if kind else sum(self.masks.values())
        good = self.true_masks[kind] if kind else sum(self.true_masks.values())
        return good / made if made else 1.0


def load() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as lines:
        return [row for row in map(json.loads, lines) if "_meta" not in row]


def masked_regions(text: str, masked: str) -> list[tuple[int, int, str]]:
    """Regions ``(start, end, kind)`` of ``text`` that ``masked`` replaced by placeholders."""
    parts = _PLACEHOLDER_RE.split(masked)
    kinds = [KIND_OF[p] for p in _PLACEHOLDER_RE.findall(masked)]
    pattern = "(.+?)".join(re.escape(p) for p in parts)
    match = re.fullmatch(pattern, text, flags=re.DOTALL)
    assert match, f"masking changed text outside its placeholders: {text!r} → {masked!r}"
    return [(match.start(i + 1), match.end(i + 1), kind) for i, kind in enumerate(kinds)]


def score(rows: list[dict[str, Any]]) -> Scores:
    s = Scores()
    for row in rows:
        text = row["text"]
        regions = masked_regions(text, mask_pii(text))
        covered = {i for start, end, _ in regions for i in range(start, end)}
        for span in row["spans"]:
            kind = span["kind"]
            s.entities[kind] += 1
            s.forms[(kind, span["form"])] += 1
            needed = {i for i in range(span["start"], span["end"]) if text[i].isalnum()}
            if needed <= covered:
                s.caught[kind] += 1
                got = {k for a, b, k in regions if a < span["end"] and span["start"] < b}
                if got != {kind}:
                    s.mixups.append(f"{row['id']} {kind} {span['text']!r} masked as {sorted(got)}")
            else:
                s.forms_missed[(kind, span["form"])] += 1
                s.misses.append(f"{row['id']} {kind}/{span['form']} missed {span['text']!r}"
                                f" in {text!r}")
        labelled = row["spans"] + row["out_of_scope"]
        for start, end, kind in regions:
            overlaps = [x for x in labelled if x["start"] < end and start < x["end"]]
            if overlaps and all(x in row["out_of_scope"] for x in overlaps):
                continue  # out of scope: neither right nor wrong
            s.masks[kind] += 1
            if overlaps:
                s.true_masks[kind] += 1
            else:
                s.false_positives.append(f"{row['id']} {kind} took {text[start:end]!r}"
                                         f" in {text!r}")
        for neg in row["negatives"]:
            s.negatives += 1
            if any(a < neg["end"] and neg["start"] < b for a, b, _ in regions):
                s.masked_negatives.append(f"{row['id']} {neg['what']} {neg['text']!r}"
                                          f" in {text!r}")
    return s


def report(s: Scores) -> str:
    lines = ["", f"held-out set: {DATA.name}",
             f"{'kind':<8}{'true':>6}{'caught':>8}{'recall':>9}{'masks':>7}{'precision':>11}"]
    for kind in KINDS:
        lines.append(f"{kind:<8}{s.entities[kind]:>6}{s.caught[kind]:>8}{s.recall(kind):>9.3f}"
                     f"{s.masks[kind]:>7}{s.precision(kind):>11.3f}")
    lines.append(f"{'all':<8}{sum(s.entities.values()):>6}{sum(s.caught.values()):>8}"
                 f"{s.recall():>9.3f}{sum(s.masks.values()):>7}{s.precision():>11.3f}")
    lines.append(f"masked negatives: {len(s.masked_negatives)} of {s.negatives}")
    for (kind, form), n in sorted(s.forms_missed.items()):
        lines.append(f"  missed {kind}/{form}: {n} of {s.forms[(kind, form)]}")
    lines += s.misses + s.false_positives + s.masked_negatives + s.mixups
    return "\n".join(lines)


def test_heldout_file_is_what_the_builder_makes() -> None:
    spec = importlib.util.spec_from_file_location("build_pii_heldout", DATA.with_name(
        "build_pii_heldout.py"))
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert load() == builder.build()


def test_heldout_set_is_large_and_consistent() -> None:
    rows = load()
    assert len(rows) >= 400
    assert set(Counter(sp["kind"] for r in rows for sp in r["spans"])) == set(KINDS)
    for row in rows:
        for item in row["spans"] + row["negatives"] + row["out_of_scope"]:
            assert row["text"][item["start"]:item["end"]] == item["text"], row["id"]


def test_heldout_recall_and_precision() -> None:
    s = score(load())
    print(report(s))
    for kind in KINDS:
        assert s.recall(kind) >= TARGET_RECALL, f"{kind} recall below target" + report(s)
    assert s.precision() >= PRECISION_FLOOR, report(s)
    assert len(s.masked_negatives) <= MASKED_NEGATIVES_MAX * s.negatives, report(s)
