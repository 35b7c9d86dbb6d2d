"""Presentation of an extraction on the review screen (no database, no Django).

- :func:`initial_values` turns the parser's JSON into initial values of the review forms;
- :func:`evidence` lists every extracted item with the sentence it came from, an anchor id and
  its confidence;
- :func:`highlight` splits the source text into plain and highlighted segments, so the template
  can mark the source sentences (autoescaped, no HTML built here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from lofte.documents.parsing import theme_label

# Parser units → the promise model's PeriodUnit; "vecka" has no counterpart and must be
# converted by the coordinator (the form refuses it with an explanation).
PER_MAP = {"månad": "month", "kvartal": "quarter", "tertial": "tertial", "termin": "term",
           "halvår": "term", "år": "year", "vecka": "week"}
CADENCE_MAP = {"tertialvis": "tertial", "kvartalsvis": "quarterly", "årligen": "yearly",
               "halvårsvis": "yearly", "löpande": "continuous", "månadsvis": "continuous",
               "veckovis": "continuous"}
ACTORS = {"kommunen", "polisen", "gemensamt"}


@dataclass(frozen=True)
class Evidence:
    anchor: str
    label: str
    source_text: str
    confidence: float | None
    themes: tuple[str, ...] = ()
    target: str = ""  # the anchor of the highlighted sentence, once placed in the text

    @property
    def badge(self) -> tuple[str, str]:
        return confidence_badge(self.confidence)


@dataclass(frozen=True)
class Segment:
    text: str
    anchor: str = ""
    label: str = ""


def confidence_badge(confidence: float | None) -> tuple[str, str]:
    """(CSS modifier, Swedish label) for a confidence in [0, 1]."""
    if confidence is None:
        return "neutral", "Ej hittat"
    if confidence >= 0.85:
        return "ok", f"Säker {round(confidence * 100)} %"
    if confidence >= 0.6:
        return "warn", f"Kontrollera {round(confidence * 100)} %"
    return "bad", f"Osäker {round(confidence * 100)} %"


def _item(items: Any, index: int) -> dict[str, Any]:
    return items[index] if isinstance(items, list) and index < len(items) else {}


def evidence(extraction: dict[str, Any]) -> dict[str, list[Evidence]]:
    """Evidence per section: kommun, lpo, period, uppf, fokus, akt, sign."""
    result: dict[str, list[Evidence]] = {}

    def add(section: str, label: str, item: dict[str, Any] | None) -> None:
        index = len(result.setdefault(section, []))
        if not item:
            result[section].append(Evidence(f"kalla-{section}-{index}", label, "", None))
            return
        result[section].append(Evidence(
            f"kalla-{section}-{index}", label, str(item.get("source_text") or ""),
            float(item["confidence"]) if item.get("confidence") is not None else None,
            tuple(theme_label(code) for code in item.get("themes") or ())))

    for item in extraction.get("municipalities") or []:
        add("kommun", str(item.get("name", "")), item)
    police = (extraction.get("evidence") or {}).get("police_area")
    add("lpo", str(extraction.get("police_area") or ""), police)
    add("period", "Period", extraction.get("period"))
    add("uppf", "Uppföljning", extraction.get("follow_up"))
    for number, item in enumerate(extraction.get("focus_areas") or [], start=1):
        add("fokus", f"Fokusområde {number}", item)
    for number, item in enumerate(extraction.get("activities") or [], start=1):
        add("akt", f"Aktivitet {number}", item)
    for item in extraction.get("signatories") or []:
        add("sign", str(item.get("name", "")), item)
    return result


def initial_values(extraction: dict[str, Any], fallback_title: str) -> dict[str, Any]:
    """Initial values of the review forms: ``promise`` and lists for the three formsets."""
    municipalities = [str(m.get("name", "")) for m in extraction.get("municipalities") or []]
    period = extraction.get("period") or {}
    follow_up = extraction.get("follow_up") or {}
    start, end = period.get("start_year"), period.get("end_year")
    years = "" if not start else (str(start) if start == end else f"{start}–{end}")
    names = " och ".join(municipalities)
    title = f"Medborgarlöfte {names} {years}".strip() if names else fallback_title
    activities = []
    for item in extraction.get("activities") or []:
        target = item.get("target") or {}
        actor = str(item.get("actor") or "")
        activities.append({
            "description": item.get("text", ""),
            "actor": actor if actor in ACTORS else "partner",
            "partner_name": "" if actor in ACTORS else actor,
            "count": target.get("count"), "count_max": target.get("count_max"),
            "per": PER_MAP.get(str(target.get("per") or ""), ""),
            "unit": target.get("unit") or "",
        })
    return {
        "promise": {
            "title": title, "municipalities": ", ".join(municipalities),
            "police_area": extraction.get("police_area") or "",
            "start_year": start, "end_year": end,
            "follow_up_cadence": CADENCE_MAP.get(str(follow_up.get("cadence") or ""),
                                                 "tertial"),
        },
        "focus_areas": [{"text": item.get("text", "")}
                        for item in extraction.get("focus_areas") or []],
        "activities": activities,
        "signatories": [
            {"name": s.get("name", ""), "role": s.get("role") or "",
             "organisation": s.get("organisation") or "",
             "party": _party(s.get("organisation"), s.get("role"))}
            for s in extraction.get("signatories") or []
        ],
        "themes": [(code, theme_label(code)) for code in extraction.get("themes") or []],
    }


def _party(organisation: str | None, role: str | None) -> str:
    words = f"{organisation or ''} {role or ''}".lower()
    if "polis" in words:
        return "polis"
    if "kommun" in words or "ordförande" in words or "region gotland" in words:
        return "kommun"
    return "partner"


def _find(text: str, needle: str, start_from: int = 0) -> tuple[int, int] | None:
    needle = needle.strip()
    if len(needle) < 3:
        return None
    position = text.find(needle, start_from)
    if position < 0:
        position = text.casefold().find(needle.casefold(), start_from)
    if position >= 0:
        return position, position + len(needle)
    words = needle.split()
    if not words:
        return None
    # Whitespace and line breaks may differ between the text and the parser's sentence.
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    match = pattern.search(text, start_from)
    return (match.start(), match.end()) if match else None


def tidy(text: str) -> str:
    """The source text for display: no leading or trailing blank lines, at most one empty
    line between paragraphs (web pages saved as text often have many)."""
    text = re.sub(r"[ \t]+\n", "\n", text.replace("\r\n", "\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def highlight(text: str, items: list[Evidence]) -> tuple[list[Segment], dict[str, str]]:
    """Split ``text`` into segments; the first occurrence of each item's sentence is marked.

    Returns the segments and, per item anchor, the anchor of the mark that shows its sentence:
    when two items come from the same or overlapping sentences (the title gives both kommun
    and period), the later one links to the earlier mark.
    """
    spans: list[tuple[int, int, Evidence]] = []
    for item in items:
        found = _find(text, item.source_text)
        if found is not None:
            spans.append((found[0], found[1], item))
    spans.sort(key=lambda span: (span[0], -span[1]))
    segments: list[Segment] = []
    targets: dict[str, str] = {}
    position = 0
    last = ""
    for start, end, item in spans:
        if start < position:
            targets[item.anchor] = last
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], item.anchor, item.label))
        targets[item.anchor] = last = item.anchor
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments, targets


def with_targets(evidence: dict[str, list[Evidence]],
                 targets: dict[str, str]) -> dict[str, list[Evidence]]:
    return {section: [replace(item, target=targets.get(item.anchor, "")) for item in items]
            for section, items in evidence.items()}
