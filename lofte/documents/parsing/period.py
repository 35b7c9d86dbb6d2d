"""The period a promise covers: "2024", "2020-2021", "gäller i två år" from the signing year.

Steps of ``find_period``:
1. Ranges ("2020-2021", "2023–24", "2020/2021", "åren 2023 och 2024") in headings or sentences
   about the promise win outright.
2. Otherwise every year 2010–2039 is scored: +3 in a heading near the top, +2 in a sentence
   about the promise ("medborgarlöfte", "löfte", "undertecknat"), +1 for "för 2024", "2024 års",
   "under 2024"; years after "sedan", "hösten", "våren", "jämfört med" are history, not period.
3. "gäller i två år", "tvåårigt", "för en period av tre år" extend the chosen start year.
4. With no year at all, the page's publication date is a weak fallback.
"""

from __future__ import annotations

import re

from lofte.documents.parsing.model import Period
from lofte.documents.parsing.numbers import parse_number

PROMISE_WORDS = re.compile(
    r"medborgarlöfte|löfte|lovar|undertecknad|undertecknat|avger|gäller|åtagande", re.IGNORECASE
)
_RANGE = re.compile(r"(?<![\d-])(20[1-3]\d)\s*(?:-|–|—|/|till|och)\s*(20[1-3]\d|[1-3]\d)(?![\d-])")
_YEAR = re.compile(r"(?<![\d-])(20[1-3]\d)(?![\d-]|\s*-\s*\d\d-)")
_HISTORY_BEFORE = re.compile(
    r"(?:sedan|hösten|våren|sommaren|vintern|jämfört med|i jämförelse med|fram till|"
    r"tidigare|förra|mellan|till och med|t\.o\.m\.?|till utgången av|till slutet av)\s+$",
    re.IGNORECASE,
)
_GOOD_BEFORE = re.compile(r"(?:för|under|inför|år|gällande|period(?:en)?)\s+$", re.IGNORECASE)
_DURATION = re.compile(
    r"gäller\s+(?:i|under|för)\s+(\w+)\s+år|\b(\w{1,12})årig[at]?\s+(?:medborgar)?löfte|"
    r"(?:under|för)\s+en\s+period\s+(?:av|på)\s+(\w+)\s+år|löftet\s+gäller\s+(\w+)\s+år",
    re.IGNORECASE,
)
_UNTIL = re.compile(
    r"(?:gäller|giltigt?|löper)\s+(?:\w+\s+){0,3}?(?:till och med|t\.o\.m\.?|fram till|"
    r"till slutet av|till utgången av|till)\s+(?:\w+\s+)?(20[1-3]\d)(?!\d)",
    re.IGNORECASE,
)
_DURATION_WORDS = {"ett": 1, "två": 2, "tre": 3, "fyra": 4, "tvåårig": 2, "treårig": 3}


def find_period(
    sentences: list[str], headings: list[str], published_year: int | None
) -> Period | None:
    """Return the period from the document's sentences and top headings (see module doc)."""
    range_period = _find_range(headings, sentences)
    duration, duration_sentence = _find_duration(sentences)
    if range_period is not None:
        if duration and range_period.end_year - range_period.start_year + 1 == duration:
            return Period(
                range_period.start_year, range_period.end_year, range_period.source_text, 0.98
            )
        return range_period
    scores: dict[int, float] = {}
    sources: dict[int, str] = {}
    for position, heading in enumerate(headings[:4]):
        for match in _YEAR.finditer(heading):
            year = int(match.group(1))
            scores[year] = scores.get(year, 0) + (3 if position < 3 else 1)
            sources.setdefault(year, heading)
    for sentence in sentences:
        is_about_promise = PROMISE_WORDS.search(sentence) is not None
        for match in _YEAR.finditer(sentence):
            before = sentence[max(0, match.start() - 25) : match.start()]
            if _HISTORY_BEFORE.search(before) and not _GOOD_BEFORE.search(before):
                continue
            year = int(match.group(1))
            score = 1.0 + (2 if is_about_promise else 0)
            if _GOOD_BEFORE.search(before) or sentence[match.end() : match.end() + 4] == " års":
                score += 1
            scores[year] = scores.get(year, 0) + score
            if is_about_promise or year not in sources:
                sources[year] = (
                    sentence if year not in sources or is_about_promise else sources[year]
                )
    until = _find_until(sentences)
    if not scores:
        if published_year is None:
            return None
        best, source, confidence = published_year, duration_sentence or "", 0.3
    else:
        best = max(scores, key=lambda year: (scores[year], -year))
        source = sources.get(best, "")
        confidence = 0.5 + 0.45 * scores[best] / sum(scores.values())
    end_year = best + (duration - 1 if duration else 0)
    if until is not None and best <= until <= best + 5:
        end_year = until
    return Period(best, end_year, source, confidence)


def _find_until(sentences: list[str]) -> int | None:
    """ "Löftet gäller till och med 2025" names the last year."""
    for sentence in sentences:
        match = _UNTIL.search(sentence)
        if match:
            return int(match.group(1))
    return None


def _find_range(headings: list[str], sentences: list[str]) -> Period | None:
    candidates = [(heading, 0.95) for heading in headings[:4]] + [
        (sentence, 0.9) for sentence in sentences if PROMISE_WORDS.search(sentence)
    ]
    for text, confidence in candidates:
        for match in _RANGE.finditer(text):
            start = int(match.group(1))
            end_text = match.group(2)
            end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
            joiner = text[match.end(1) : match.start(2)].strip()
            if joiner == "och" and not re.search(r"åren\s+$", text[: match.start()]):
                continue
            if start < end <= start + 5:
                return Period(start, end, text, confidence)
    return None


def _find_duration(sentences: list[str]) -> tuple[int | None, str | None]:
    for sentence in sentences:
        match = _DURATION.search(sentence)
        if not match:
            continue
        word = next(group for group in match.groups() if group)
        value = _DURATION_WORDS.get(word.lower()) or parse_number(word)
        if value and 1 <= value <= 5:
            return value, sentence
    return None, None
