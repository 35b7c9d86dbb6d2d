"""Plain text to a list of blocks (headings, paragraphs, list items, table rows) and sentences.

Steps of ``read_blocks``:
1. ``normalise``: Unicode NFC, one kind of newline and space, no invisible characters, no
   screen-reader link suffixes ("länk till annan webbplats").
2. ``remove_furniture``: drop lines of page furniture (menus, "Hjälpte informationen dig?",
   "Sidansvarig: …") and cut the page tail after a feedback form; the publication date is kept
   aside as a fallback for the period.
3. Group lines into blocks: a bullet or number starts a list item; a lowercase or indented line
   continues the item or paragraph above; a wrapped bullet that continues a sentence ending in
   "att"/"och"/… is joined to the item before it; a line with cells separated by "|", a tab or
   three spaces is a table row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item", "row"]

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LINK_SUFFIXES = re.compile(
    r" ?(?:länk till annan webbplats|öppnas i (?:ett )?nytt fönster|extern länk)",
    re.IGNORECASE,
)
MAX_WORD_LENGTH = 80
MAX_CELLS = 20
_OVERLONG_WORD = re.compile(rf"\S{{{MAX_WORD_LENGTH + 1},}}")
_FURNITURE_LINE = re.compile(
    r"^(?:sök|sök på .{0,40}|sök på webbplatsen|huvudmeny|huvudgren:?|meny|stäng|stäng meny|"
    r"kontakt|kontakta oss|twitter|facebook|instagram|linkedin|youtube|dela|dela sidan|"
    r"taggar|till toppen|tillbaka|skriv ut|lyssna|läs upp|talande webb|nyheter|startsida|"
    r"gå till innehåll|hoppa till innehållet|ställ en fråga|ja|nej|skicka|"
    r"javascript är inte påslaget.*|vi använder kakor.*|.*cookies.*|.*kakor \(cookies\).*|"
    r"hjälpte informationen dig\??|var sidan till hjälp\??|tack för att du hjälper oss.*|"
    r"vad kan vi förbättra\??|senast uppdaterad:?.*|sidansvarig:?.*|uppdaterad:?\s*[\d-]*|"
    r"publicerad:?\s*[\d-]*|bild:.{0,60}|foto:.{0,60})$",
    re.IGNORECASE,
)
_LABEL_WITH_VALUE_BELOW = re.compile(r"^(?:sidansvarig|senast uppdaterad|publicerad):?$", re.I)
_TAIL_MARKERS = re.compile(
    r"^(?:hjälpte informationen dig\??|var sidan till hjälp\??|tack för att du hjälper oss.*)$",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"(?:publicerad|uppdaterad)\s*:?\s*(?:den\s+)?(?:((?:19|20)\d\d)-\d\d-\d\d|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-z]*\.?\s+((?:19|20)\d\d))",
    re.IGNORECASE,
)
_BULLET = re.compile(
    r"^\s*(?:(?P<bullet>[•·▪◦●‣○■□➢►✓✔*]|[-–—](?=\s))|(?P<number>\(?\d{1,2}[.)]|[a-h]\)))\s*(?P<text>\S.*)$"
)
_LONE_MARKER = re.compile(r"^(?:[•·▪◦●‣○■□➢►✓✔*–—-]|\(?\d{1,2}[.)]|[a-h]\))$")
_HYPHENATED_END = re.compile(r"[a-zåäö]{2}-$")
_ROW_SPLIT = re.compile(r" ?(?:\||\t) ?")
_TERMINAL = re.compile(r"[.!?:;]\s*[\"'”»)]?$")
_DANGLING = re.compile(
    r"\b(?:att|och|som|för|med|i|på|av|till|en|ett|den|det|de|om|eller|samt|från|mot|vid|"
    r"under|kring|ska|kan|är|har|riskerar|blir|inom|genom|efter|utan)$",
    re.IGNORECASE,
)
_QUOTE = re.compile(
    r"(?:^[–—\"”»]\s*|,\s*säger\s+[A-ZÅÄÖ]|\bsäger\s+(?:[a-zåäö]+\s+)?[A-ZÅÄÖ][a-zåäö]+\s+[A-ZÅÄÖ])"
)


@dataclass(frozen=True)
class Block:
    """One unit of text: ``index`` is its position; ``lead`` the nearest heading or intro."""

    kind: BlockKind
    text: str
    index: int
    marker: str | None = None
    cells: tuple[str, ...] = ()
    is_quote: bool = False
    follows_gap: bool = True


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]
    lines: tuple[str, ...]
    published_year: int | None


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = "".join(
        character if character.isprintable() or character in "\n\t" else " " for character in text
    )
    text = "\n".join(_SPACES.sub(" ", line).rstrip() for line in text.split("\n"))
    text = _LINK_SUFFIXES.sub("", text)
    # No word is longer than this; cutting longer runs keeps every pattern below linear.
    return _OVERLONG_WORD.sub(lambda match: _cut(match.group()), text)


def _cut(word: str) -> str:
    return " ".join(
        word[start : start + MAX_WORD_LENGTH] for start in range(0, len(word), MAX_WORD_LENGTH)
    )


def remove_furniture(lines: list[str]) -> tuple[list[str], int | None]:
    """Drop page-furniture lines; returns the kept lines and the publication year if seen."""
    published_year: int | None = None
    for line in lines[:80]:
        match = _PUBLISHED.search(line)
        if match:
            published_year = int(match.group(1) or match.group(2))
            break
    cut = len(lines)
    for position in range(len(lines) // 2, len(lines)):
        if _TAIL_MARKERS.match(lines[position].strip()):
            cut = position
            break
    kept: list[str] = []
    skip_next_value = False
    for line in lines[:cut]:
        stripped = line.strip()
        if skip_next_value and stripped:
            skip_next_value = False
            if len(stripped) < 60:
                continue
        if _LABEL_WITH_VALUE_BELOW.match(stripped):
            skip_next_value = True
            continue
        if stripped and len(stripped) < 120 and _FURNITURE_LINE.match(stripped):
            continue
        kept.append(line)
    return kept, published_year


def read_document(text: str) -> Document:
    lines, published_year = remove_furniture(normalise(text).split("\n"))
    return Document(tuple(_blocks(lines)), tuple(lines), published_year)


def _blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    current_kind: BlockKind = "paragraph"
    current_marker: str | None = None
    gap = True
    current_gap = True

    def flush() -> None:
        nonlocal current
        if current:
            text = join_lines(current)
            if text:
                blocks.append(
                    _make_block(current_kind, text, len(blocks), current_marker, current_gap)
                )
        current = []

    pending_marker = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if not pending_marker:
                flush()
                gap = True
            continue
        if _LONE_MARKER.match(line):
            # PDFs often put the bullet glyph on a line of its own, before the item's text.
            pending_marker = line
            continue
        if pending_marker:
            line = f"{pending_marker} {line}"
            pending_marker = ""
        cells = tuple(cell.strip() for cell in _ROW_SPLIT.split(line) if cell.strip())
        bullet = _BULLET.match(line)
        if ("|" in line or "\t" in line) and 2 <= len(cells) <= MAX_CELLS and not bullet:
            flush()
            blocks.append(Block("row", " | ".join(cells), len(blocks), None, cells, False, gap))
            gap = False
            continue
        if bullet:
            item_text = bullet.group("text").strip()
            if (
                not current
                and blocks
                and blocks[-1].kind == "item"
                and item_text[:1].islower()
                and _DANGLING.search(blocks[-1].text)
            ):
                # A sentence broken over two bullets with a blank line between (HTML <li>s).
                previous = blocks.pop()
                current, current_kind = [previous.text, item_text], "item"
                current_marker, current_gap = previous.marker, previous.follows_gap
                continue
            if (
                current_kind == "item"
                and current
                and item_text[:1].islower()
                and _DANGLING.search(current[-1])
            ):
                current.append(item_text)
                continue
            flush()
            current = [item_text]
            current_kind = "item"
            current_marker = bullet.group("bullet") or bullet.group("number")
            current_gap = gap
            gap = False
            continue
        if current and _continues(current[-1], line, raw, current_kind):
            current.append(line)
            continue
        if (
            not current
            and blocks
            and blocks[-1].kind in {"item", "paragraph"}
            and line[:1].islower()
            and not is_terminal(blocks[-1].text)
        ):
            # A sentence broken by a page break or a blank line: continue the block above.
            previous = blocks.pop()
            current, current_kind = [previous.text, line], previous.kind
            current_marker, current_gap = previous.marker, previous.follows_gap
            continue
        flush()
        current = [line]
        current_kind = "paragraph"
        current_marker = None
        current_gap = gap
        gap = False
    flush()
    return blocks


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines; "trafik-" + "kontroller" → "trafikkontroller", not "polis- och"."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if (
            _HYPHENATED_END.search(text)
            and part[:1].islower()
            and part.split()[0] not in {"och", "eller", "samt", "respektive", "till"}
        ):
            text = text[:-1] + part
        else:
            text = f"{text} {part}" if text else part
    return text


def _continues(previous: str, line: str, raw: str, kind: BlockKind) -> bool:
    first = line[:1]
    if first.islower() or first in "(,;":
        return not previous.rstrip().endswith(":") or kind == "item"
    if kind == "item" and raw[:2] == "  " and not _TERMINAL.search(previous):
        return True
    return len(previous) >= 60 and not _TERMINAL.search(previous) and len(line) >= 30


def _make_block(
    kind: BlockKind, text: str, index: int, marker: str | None, follows_gap: bool
) -> Block:
    is_quote = kind != "row" and (
        bool(_QUOTE.search(text)) or (marker in {"–", "—"} and len(text) > 250)
    )
    if kind == "paragraph" and _looks_like_heading(text):
        kind = "heading"
    return Block(kind, text, index, marker, (), is_quote, follows_gap)


def _looks_like_heading(text: str) -> bool:
    if len(text) > 80 or len(text.split()) > 10:
        return False
    if re.search(r"[.!?,;]$", text):
        return False
    return text[:1].isupper() or text[:1].isdigit()


_ABBREVIATIONS = re.compile(
    r"\b(?:t\.ex|bl\.a|m\.m|s\.k|o\.s\.v|osv|ca|kl|nr|jfr|dvs|d\.v\.s|resp|inkl|exkl|fr\.o\.m|"
    r"t\.o\.m|p\.g\.a|pga|st|tel|vol|kap|s|ev|mfl|m\.fl|f\.d|e\.d|etc)\.$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”»)]*\s+(?=[\"'“”»(–—-]?\s*[A-ZÅÄÖ0-9])")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations ("t.ex.") and numbers intact."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.end()].strip()
        if _ABBREVIATIONS.search(text[max(start, match.start() - 12) : match.start() + 1]):
            continue
        if candidate:
            sentences.append(candidate)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def is_terminal(text: str) -> bool:
    return bool(_TERMINAL.search(text))
