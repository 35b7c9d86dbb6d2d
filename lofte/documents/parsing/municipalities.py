"""The 290 kommuner in the forms they take in running text, and who is party to a promise.

Names come from ``lofte/geo/data/municipalities.geojson`` (properties ``id`` = SCB kommunkod,
``kom_namn``), read with ``json`` so no Django is needed. Forms: "Vaggeryd", genitive
"Vaggeryds" (no extra -s after s, x, z: "Mönsterås kommun"; "Falu kommun" for Falun),
"X kommun", "X stad", "Region Gotland"/"Gotlands kommun", and lists such as
"Gnosjö, Gislaveds och Vaggeryds kommuner" or "kommunerna Gnosjö och Gislaved".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GEOJSON_PATH = Path(__file__).resolve().parents[2] / "geo" / "data" / "municipalities.geojson"
GOTLAND_CODE = "0980"
_IRREGULAR_GENITIVES = {"Falun": "Falu"}
# Bare names that are also ordinary words or common surnames; they count only in "X kommun" form.
AMBIGUOUS_BARE_NAMES = frozenset({
    "Ale", "Berg", "Bjuv", "Boden", "Eda", "Flen", "Grums", "Habo", "Heby", "Hjo", "Kil",
    "Lund", "Mark", "Mora", "Nora", "Orsa", "Sala", "Salem", "Tanum", "Vara", "Åre", "Ydre",
    "Laxå", "Osby", "Malå", "Sunne", "Tierp", "Lomma", "Lerum", "Skara", "Falun", "Mölndal",
})  # fmt: skip
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÅÄÖÉ][\wåäöé]*(?:-[A-ZÅÄÖ][\wåäö]*)?(?![\w-])")
_WORD_AFTER = re.compile(r"\s+(kommuns?|stads?|kommuner|kommunerna)(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class KommunName:
    name: str
    code: str


@dataclass(frozen=True)
class Mention:
    """A kommun named in the text; ``is_strong`` for "X kommun", "X stad", "Region Gotland"."""

    code: str
    start: int
    end: int
    is_strong: bool


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, KommunName]
    # Form (as written, e.g. "Vaggeryds", "Upplands Väsby") -> code
    forms: dict[str, str]
    first_words: frozenset[str]


def genitive(name: str) -> str:
    if name in _IRREGULAR_GENITIVES:
        return _IRREGULAR_GENITIVES[name]
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the kommun names once per process."""
    with GEOJSON_PATH.open(encoding="utf-8") as handle:
        data = json.load(handle)
    by_code: dict[str, KommunName] = {}
    forms: dict[str, str] = {}
    for feature in data["features"]:
        properties = feature["properties"]
        code = str(properties["id"]).zfill(4)
        name = str(properties["kom_namn"])
        by_code[code] = KommunName(name, code)
        for form in {name, genitive(name), f"{name}s"} if name[-1:] not in "sxz" else {name}:
            forms[form] = code
        forms[genitive(name)] = code
    return Gazetteer(by_code, forms, frozenset(form.split()[0] for form in forms))


def find_mentions(text: str) -> list[Mention]:
    """Every kommun name in ``text`` as a whole word; strong when followed by kommun/stad."""
    names = gazetteer()
    mentions: list[Mention] = []
    covered_until = 0
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if match.start() < covered_until:
            continue
        if word not in names.first_words and word != "Region":
            continue
        start, end = match.start(), match.end()
        code: str | None = None
        two_words = re.match(
            r"\s[A-ZÅÄÖ][\wåäö]*(?:-[A-ZÅÄÖ][\wåäö]*)?(?![\w-])", text[end : end + 40]
        )
        if two_words and f"{word}{two_words.group()}" in names.forms:
            code = names.forms[f"{word}{two_words.group()}"]
            end += len(two_words.group())
        elif word == "Region" and text[end : end + 8] == " Gotland":
            mentions.append(Mention(GOTLAND_CODE, start, end + 8, True))
            covered_until = end + 8
            continue
        elif word in names.forms:
            code = names.forms[word]
        if code is None:
            continue
        after = _WORD_AFTER.match(text, end)
        if after and after.group(1).lower().startswith("kommuner"):
            continue  # handled as a list below
        is_strong = after is not None
        if not is_strong and (
            names.by_code[code].name in AMBIGUOUS_BARE_NAMES and word == names.by_code[code].name
        ):
            continue
        covered_until = after.end() if after else end
        mentions.append(Mention(code, start, covered_until, is_strong))
    by_start = {mention.start: mention for mention in mentions}
    for mention in _list_mentions(text):
        by_start[mention.start] = mention  # the list makes a bare name a strong mention
    return sorted(by_start.values(), key=lambda mention: mention.start)


_LIST_WORD = re.compile(r"(?<![\w-])(kommuner|kommunerna)(?![\w-])", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r",\s*|\s+(?:och|samt|&)\s+")
_LIST_WINDOW = 160


def _list_mentions(text: str) -> list[Mention]:
    """Kommuner in lists: "Gnosjö, Gislaveds och Vaggeryds kommuner", "kommunerna A och B".

    Only a bounded window next to each "kommuner"/"kommunerna" is read, so the cost stays
    linear in the length of the text whatever it contains.
    """
    names = gazetteer()
    mentions: list[Mention] = []
    for match in _LIST_WORD.finditer(text):
        if match.group(1).lower() == "kommuner":
            window_start = max(0, match.start() - _LIST_WINDOW)
            window = re.split(r"[.!?:;\n]", text[window_start : match.start()])[-1]
            offset = match.start() - len(window)
            parts = list(_parts(window, offset))
            parts.reverse()
        else:
            window = re.split(r"[.!?:;\n]", text[match.end() : match.end() + _LIST_WINDOW])[0]
            parts = list(_parts(window, match.end()))
        found: list[Mention] = []
        is_before = match.group(1).lower() == "kommuner"
        for name, start in parts:
            code = names.forms.get(name)
            if code is None:
                # The outermost element runs into the sentence: "I dag undertecknade Ljusdals".
                words = name.split()
                for size in (2, 1):
                    candidate = " ".join(words[-size:] if is_before else words[:size])
                    if len(words) > size and candidate in names.forms:
                        code = names.forms[candidate]
                        start += name.rfind(candidate) if is_before else 0
                        name = candidate
                        break
            if code is None:
                break
            found.append(Mention(code, start, start + len(name), True))
        if len(found) >= 2 or (found and match.group(1).lower() == "kommunerna"):
            mentions.extend(found)
    return mentions


def _parts(window: str, offset: int) -> list[tuple[str, int]]:
    """The list elements of ``window`` with their positions in the whole text."""
    parts: list[tuple[str, int]] = []
    position = 0
    for separator in [*_LIST_SEPARATOR.finditer(window), None]:
        end = separator.start() if separator else len(window)
        piece = window[position:end]
        name = piece.strip()
        if name:
            parts.append((name, offset + position + piece.find(name)))
        if separator is None:
            break
        position = separator.end()
    return parts


def kommun_name(code: str) -> str:
    return gazetteer().by_code[code].name
