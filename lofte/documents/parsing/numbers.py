"""Swedish numbers written as words ("femton", "tjugofem", "etthundra") or digits."""

from __future__ import annotations

import re

_UNITS = {
    "noll": 0, "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14,
    "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "aderton": 18, "nitton": 19,
}  # fmt: skip
_TENS = {
    "tjugo": 20, "trettio": 30, "trettie": 30, "fyrtio": 40, "fyrtie": 40, "femtio": 50,
    "sextio": 60, "sjuttio": 70, "åttio": 80, "nittio": 90,
}  # fmt: skip
_DIGITS = re.compile(r"^\d{1,6}$")


def parse_number(word: str) -> int | None:
    """Return the value of a cardinal number in digits or Swedish words, else ``None``.

    Covers 0–999 999 in digits and 0–999 in words, e.g. "femton" → 15, "tjugofem" → 25,
    "tvåhundrafemtio" → 250. Ordinals ("första") and fractions are not numbers here.
    """
    lowered = word.lower().replace(" ", "")
    if _DIGITS.match(lowered):
        return int(lowered)
    if not lowered or len(lowered) > 30:
        return None
    return _parse_words(lowered)


def _parse_words(word: str) -> int | None:
    if word in _UNITS:
        return _UNITS[word]
    if "hundra" in word:
        head, _, tail = word.partition("hundra")
        multiplier = 1 if head in {"", "ett", "en"} else _UNITS.get(head)
        if multiplier is None or multiplier > 9:
            return None
        rest = _parse_below_hundred(tail) if tail else 0
        return None if rest is None else multiplier * 100 + rest
    return _parse_below_hundred(word)


def _parse_below_hundred(word: str) -> int | None:
    if word in _UNITS:
        return _UNITS[word]
    for tens_word, tens in _TENS.items():
        if word == tens_word:
            return tens
        if word.startswith(tens_word):
            unit = _UNITS.get(word[len(tens_word) :])
            if unit is not None and 1 <= unit <= 9:
                return tens + unit
    return None
