"""Key figures that feature apps contribute to collaboration cards and the LPO comparison.

A feature app registers a function taking collaboration ids and returning, per id, a list of
(label, value) pairs; it must answer in a fixed number of queries whatever the number of ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

SummaryFunction = Callable[[Sequence[int]], dict[int, list[tuple[str, str]]]]
_registry: list[SummaryFunction] = []


def register(function: SummaryFunction) -> SummaryFunction:
    if function not in _registry:
        _registry.append(function)
    return function


def summaries_for(collaboration_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    result: dict[int, list[tuple[str, str]]] = {pk: [] for pk in collaboration_ids}
    for function in _registry:
        for pk, figures in function(collaboration_ids).items():
            result.setdefault(pk, []).extend(figures)
    return result
