"""Entry points: ``parse_document`` (bytes of a text, HTML or PDF file) and ``parse_text``.

Parsing is pure: no database, no network, no files written. Bad input raises ``ParseError``
with a Swedish message; a readable text that does not look like a promise gives a draft with
``warnings`` instead, so the review screen can still show it.
"""

from __future__ import annotations

import re

from lofte.documents.parsing.activities import find_items
from lofte.documents.parsing.errors import ParseError
from lofte.documents.parsing.follow_up import find_follow_up
from lofte.documents.parsing.html import html_to_text
from lofte.documents.parsing.inputs import check_size, check_text_length, decode_text, sniff_kind
from lofte.documents.parsing.model import Municipality, ParsedPromise
from lofte.documents.parsing.municipalities import find_mentions, kommun_name
from lofte.documents.parsing.pdf import pdf_to_text
from lofte.documents.parsing.people import find_police_area, find_signatories
from lofte.documents.parsing.period import find_period
from lofte.documents.parsing.text import Document, read_document, split_sentences

_PARTY_CUE = re.compile(
    r"medborgarlöfte|löfte|lovar|avger|undertecknad|undertecknat|polisen och|och polisen|"
    r"polis och|och polis|lokalpolisområde|gemensamma|samverkansöverenskommelse",
    re.IGNORECASE,
)
_NOT_PARTY_BEFORE = re.compile(
    r"(?:grannkommun\w*|jämfört med|till skillnad från|än i|som i|liksom)\s+$", re.IGNORECASE
)
_ORGANISATION_LINE = re.compile(r"^[A-ZÅÄÖ][\wåäö -]+ (?:kommun|stad)$|^Region Gotland$")


def parse_document(
    data: bytes, filename: str | None = None, content_type: str | None = None
) -> ParsedPromise:
    """Read an uploaded file (plain text, saved web page or PDF) into a promise draft.

    ``filename`` and ``content_type`` are hints; the content decides. Raises ``ParseError`` for
    empty, oversized, binary, wrongly encoded, encrypted or malformed files.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ParseError("Indata måste vara en fil (bytes).", "unsupported_format")
    data = bytes(data)
    kind = sniff_kind(data, filename, content_type)
    check_size(data, kind)
    if kind == "pdf":
        text = pdf_to_text(data)
    elif kind == "html":
        text = html_to_text(decode_text(data))
    else:
        text = decode_text(data)
    return parse_text(text, source=filename)


def parse_text(text: str, source: str | None = None) -> ParsedPromise:
    """Read the plain text of a promise into a draft (see docs/promise-parsing.md)."""
    if not isinstance(text, str):
        raise ParseError("Indata måste vara text.", "unsupported_format")
    check_text_length(text)
    document = read_document(text)
    if not document.blocks:
        raise ParseError("Dokumentet innehåller ingen läsbar text.", "empty")
    sentences = _sentences(document)
    headings = [
        block.text for block in document.blocks[:6] if block.kind in {"heading", "paragraph"}
    ]
    municipalities = _parties(document, sentences)
    focus_areas, activities = find_items(document)
    period = find_period(sentences, headings, document.published_year)
    activity_sentences = {
        sentence for activity in activities for sentence in split_sentences(activity.source_text)
    }
    follow_up = find_follow_up(sentences, activity_sentences)
    signatories = find_signatories(list(document.lines), sentences)
    police_area = find_police_area(list(document.lines))
    warnings: list[str] = []
    if not municipalities:
        warnings.append("Ingen kommun hittades som part i löftet.")
    if period is None:
        warnings.append("Ingen period (år) hittades.")
    if not activities:
        warnings.append("Inga aktiviteter hittades; är det här ett medborgarlöfte?")
    return ParsedPromise(
        source=source,
        municipalities=tuple(municipalities),
        police_area=police_area,
        period=period,
        focus_areas=tuple(focus_areas),
        activities=tuple(activities),
        follow_up=follow_up,
        signatories=tuple(signatories),
        warnings=tuple(warnings),
    )


def _sentences(document: Document) -> list[str]:
    sentences: list[str] = []
    for block in document.blocks:
        if block.is_quote:
            continue
        if block.kind == "heading":
            sentences.append(block.text)
        else:
            sentences.extend(split_sentences(block.text))
    return sentences


def _parties(document: Document, sentences: list[str]) -> list[Municipality]:
    """Kommuner named as parties: "X kommun" in a sentence about the promise or in the title.

    Falls back to the kommun named most often, then to a bare name in the title.
    """
    title_blocks = {block.text for block in document.blocks[:4] if not block.is_quote}
    scores: dict[str, float] = {}
    is_strong_party: dict[str, bool] = {}
    sources: dict[str, str] = {}
    source_scores: dict[str, float] = {}
    for sentence in sentences:
        is_cue = _PARTY_CUE.search(sentence) is not None
        is_title = sentence in title_blocks
        is_organisation_line = _ORGANISATION_LINE.match(sentence.strip()) is not None
        for mention in find_mentions(sentence):
            if _NOT_PARTY_BEFORE.search(sentence[max(0, mention.start - 30) : mention.start]):
                continue
            if mention.is_strong and (is_cue or is_title or is_organisation_line):
                score = 2.0
                is_strong_party[mention.code] = True
            elif mention.is_strong:
                score = 0.5
            elif is_title or is_cue:
                score = 0.75
            else:
                score = 0.25
            scores[mention.code] = scores.get(mention.code, 0.0) + score
            if score > source_scores.get(mention.code, 0.0):
                sources[mention.code] = sentence
                source_scores[mention.code] = score
    if not scores:
        return []
    parties = [code for code in scores if is_strong_party.get(code)]
    if parties:
        return [
            Municipality(kommun_name(code), code, sources[code], min(0.98, 0.8 + scores[code] / 20))
            for code in parties
        ]
    best = max(scores.values())
    if best < 0.75:
        return []
    return [
        Municipality(kommun_name(code), code, sources[code], 0.6)
        for code, score in scores.items()
        if score == best
    ]
