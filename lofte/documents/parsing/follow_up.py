"""Follow-up cadence ("Uppföljning ska ske tertialvis") and revision ("årlig översyn")."""

from __future__ import annotations

import re

from lofte.documents.parsing.model import FollowUp

_FOLLOW_UP = re.compile(
    r"uppföljning|följ(?:a|as|s|er)\s+upp|följs\s+upp|återrapport|avstämning|stäms\s+av|"
    r"utvärder",
    re.IGNORECASE,
)
_STRONG_FOLLOW_UP = re.compile(
    r"uppföljning|följs\s+upp|följas\s+upp|återrapporter|stäms\s+av|avstämning|löfte",
    re.IGNORECASE,
)
_REVISION = re.compile(r"revider|revision|översyn|ses\s+över|uppdater|justera", re.IGNORECASE)
_CADENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), cadence)
    for pattern, cadence in (
        (r"veckovis|varje vecka|en gång (?:per|i) veckan", "veckovis"),
        (r"månadsvis|månatlig|varje månad|en gång (?:per|i) månaden", "månadsvis"),
        (r"kvartalsvis|varje kvartal|per kvartal|fyra gånger (?:per|om|i) år", "kvartalsvis"),
        (
            r"tertialvis|varje tertial|per tertial|tertialrapport|tre gånger (?:per|om|i) år",
            "tertialvis",
        ),
        (r"halvårsvis|varje halvår|per halvår|två gånger (?:per|om|i) år|halvårs", "halvårsvis"),
        (
            r"årligen|årlig|varje år|en gång (?:per|om|i) år|årsvis|års(?:uppföljning|översyn)",
            "årligen",
        ),
        (r"löpande|kontinuerlig|fortlöpande|regelbundet|successivt", "löpande"),
    )
)


def find_follow_up(
    sentences: list[str], activity_sentences: set[str] | None = None
) -> FollowUp | None:
    """The cadence of the first sentence about follow-up and of the first about revision.

    Sentences that are promised activities ("… och följa upp skadegörelse varje vecka") are
    skipped; a sentence about following up the promise itself ("Uppföljning sker tertialvis",
    "Löftet följs upp …") wins over one that only uses the verb.

    ``revision`` is a cadence when one is named with it ("efter en årlig översyn … revideras"),
    "vid behov" when the text only says the promise may be revised, else ``None``.
    """
    cadence: str | None = None
    revision: str | None = None
    sources: list[str] = []
    skipped = activity_sentences or set()
    candidates = [sentence for sentence in sentences if sentence not in skipped]
    candidates.sort(key=lambda sentence: _STRONG_FOLLOW_UP.search(sentence) is None)
    for sentence in candidates:
        follow_up_match = _FOLLOW_UP.search(sentence)
        revision_match = _REVISION.search(sentence)
        if follow_up_match is None and revision_match is None:
            continue
        if follow_up_match is not None and cadence is None:
            # "Följs upp löpande; efter en årlig översyn revideras…": the part before the revision
            # clause names the follow-up cadence.
            head = sentence[: revision_match.start()] if revision_match else sentence
            cadence = _cadence(head) or _cadence(sentence)
            if cadence is not None:
                sources.append(sentence)
        if revision_match is not None and revision is None:
            revision = _revision_cadence(sentence, revision_match.start())
            if sentence not in sources:
                sources.append(sentence)
    if cadence is None and revision is None:
        return None
    confidence = 0.9 if cadence else 0.6
    return FollowUp(cadence, revision, " ".join(sources), confidence)


def _revision_cadence(sentence: str, position: int) -> str:
    """The cadence named in the clause that speaks of revision, else "vid behov"."""
    clauses = list(re.finditer(r"[^,;]+?(?=\s+och\s+|[,;]|$)", sentence))
    for clause in clauses:
        if clause.start() <= position < clause.end():
            return _cadence(clause.group()) or "vid behov"
    return _cadence(sentence[max(0, position - 40) : position + 40]) or "vid behov"


def _cadence(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern, cadence in _CADENCES:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), cadence)
    return best[1] if best else None
