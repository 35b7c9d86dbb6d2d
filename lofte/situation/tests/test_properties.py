"""Property-based tests of the lägesbild's formulas and its public protection."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from lofte.situation import disclosure, patterns

counts = st.integers(min_value=0, max_value=5000)
days = st.integers(min_value=1, max_value=1100)


@given(counts, counts, days, days)
def test_period_comparison_is_a_probability_and_symmetric(a: int, b: int, d1: int,
                                                         d2: int) -> None:
    forward = patterns.compare_periods(a, b, d1, d2)
    backward = patterns.compare_periods(b, a, d2, d1)
    assert 0.0 <= forward.p_value <= 1.0
    assert math.isclose(forward.p_value, backward.p_value, rel_tol=1e-9, abs_tol=1e-12)
    if b and a:
        assert math.isclose(forward.ratio or 0, 1 / (backward.ratio or 1), rel_tol=1e-9)


cell_values = st.one_of(st.integers(min_value=0, max_value=50), st.text(max_size=5),
                        st.none(), st.floats(min_value=0, max_value=50, allow_nan=False))


@given(st.lists(st.lists(cell_values, min_size=3, max_size=3), max_size=20),
       st.integers(min_value=2, max_value=10))
def test_no_small_count_survives_protection(rows: list[list[object]], minimum: int) -> None:
    figure = {"rows": rows, "count_columns": [1, 2], "chart": {}}
    protected = disclosure.protect_figure(figure, minimum)
    for row in protected["rows"]:
        for column in (1, 2):
            assert not patterns.is_small(row[column], minimum)
