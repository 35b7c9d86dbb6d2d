"""Charts of promise progress, drawn with the shared SVG charts (``lofte.core.charts``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def follow_up_chart(snapshot: Mapping[str, Any]) -> Any | None:
    """Done, expected by the end of the period and target per activity with a number.

    Returns None when there is nothing to draw or the chart module is not installed.
    """
    try:
        from lofte.core.charts import grouped_bar_chart
    except ImportError:  # pragma: no cover - the chart module is part of core
        return None
    rows = [a for a in snapshot.get("activities", []) if a.get("target_count")]
    if not rows:
        return None
    labels = [f"A{i}" for i, a in enumerate(snapshot["activities"], start=1)
              if a.get("target_count")]
    return grouped_bar_chart(
        "Genomfört jämfört med plan och mål",
        labels,
        [("Genomfört", [float(a["done"]) for a in rows]),
         ("Borde vara gjort", [float(a["expected"]) for a in rows]),
         ("Mål för hela perioden", [float(a["target_count"]) for a in rows])],
        description=("Antal genomförda tillfällen per aktivitet (A1, A2 …) jämfört med vad som "
                     "borde vara gjort vid periodens slut och målet för hela löftet."),
    )
