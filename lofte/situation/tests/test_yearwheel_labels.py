"""The årshjul's risk-day labels do not print on top of each other (June is crowded)."""

from __future__ import annotations

import re

from lofte.situation import charts

LABEL = re.compile(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" font-size="9.5"'
                   r' fill="[^"]+">([^<]+)</text>')


def test_close_risk_day_labels_are_moved_apart() -> None:
    # The real risk days of a year: three in June within two weeks, Jul and Nyår a week apart.
    june = [{"label": "Påsk", "day_of_year": 108, "ratio": 1.1},
            {"label": "Valborg", "day_of_year": 120, "ratio": 1.5},
            {"label": "Studenten", "day_of_year": 157, "ratio": 1.0},
            {"label": "Skolavslutning", "day_of_year": 164, "ratio": 1.4},
            {"label": "Midsommar", "day_of_year": 171, "ratio": 1.3},
            {"label": "Halloween", "day_of_year": 304, "ratio": None},
            {"label": "Jul", "day_of_year": 358, "ratio": 0.9},
            {"label": "Nyår", "day_of_year": 365, "ratio": 2.0}]
    svg = str(charts.year_wheel([], [], "Årshjul", june))
    labels = [(float(x), float(y) - 4, text) for x, y, text in LABEL.findall(svg)]
    assert sorted(t for _, _, t in labels) == sorted(d["label"] for d in june)
    boxes = [charts._label_box(x, y, text) for x, y, text in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert charts._overlap(a, b) == 0, (a, b)


def test_a_lone_risk_day_keeps_the_outer_lane() -> None:
    one = [{"label": "Nyårsafton", "day_of_year": 365, "ratio": 2.0}]
    positions = charts._risk_label_positions(one, lambda day, r: (210.0, 210.0 - r), 92)
    assert positions == [(210.0, 118.0)]
