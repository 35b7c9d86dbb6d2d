"""Focus areas and promised activities, with their actors and targets.

Steps of ``find_items``:
1. Walk the blocks, remembering the last heading and the last intro ("lead") above each list.
   Sections about background, effect, situation or follow-up are skipped.
2. A list item is a focus area when its lead or heading speaks of focus ("Fokusområden",
   "ska prioritera … följande:", "lovar gemensamt att arbeta för:") and an activity when it
   speaks of doing ("Detta gör vi genom:", "följande aktiviteter:", "Kommunen ska:", "Löftet"),
   or when the item itself starts with an actor and a modal verb ("Polisen ska …").
3. Outside lists: press-release paraphrases ("Den första punkten handlar om att …") and prose
   sentences with an actor, a modal verb and a concrete verb ("Polisen ska genomföra …"); a
   sentence promising for both parties is split at "… och kommunen ska …".
4. Table rows ("Aktivitet | Ansvarig | Mål") become activities by their header columns.
5. Each activity gets its actor (the item's own subject, then joint wording, then hints such as
   "polisär närvaro", then the lead's subject, else gemensamt), its target (``targets``) and themes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeVar

from lofte.documents.parsing.model import (
    ACTOR_JOINT,
    ACTOR_MUNICIPALITY,
    ACTOR_POLICE,
    Activity,
    FocusArea,
)
from lofte.documents.parsing.targets import find_target, head_noun_phrase
from lofte.documents.parsing.text import Block, Document, split_sentences
from lofte.documents.parsing.themes import classify_themes

SectionKind = Literal["focus", "activity"]
_Item = TypeVar("_Item", FocusArea, Activity)

_EXCLUDED_HEADING = re.compile(
    r"^(?:effekt|effekter|förväntad effekt|bakgrund|lägesbild|syfte|resultat|vad är|"
    r"om medborgarlöfte|inledning|uppföljning|målsättning|mål$|kontakt|läs mer|relaterat|"
    r"så tog vi fram|underlag|nulägesbeskrivning|problembild)",
    re.IGNORECASE,
)
_FOCUS_CUE = re.compile(
    r"fokusområde|prioriter|fokuser|\bfokus\b|arbeta för\s*:|inriktning(?:ar)?\s*:|"
    r"\bområden\b|prioriteringar|problemområden|utvecklingsområden|insatsområden",
    re.IGNORECASE,
)
_ACTIVITY_CUE = re.compile(
    r"genom(?: att)?\s*:?\s*$|aktivitet|åtgärd|insatser|åtagande|följande|\bska\b|\bskall\b|"
    r"lovar|löfte|åtar sig|kommer (?:vi )?att|detta gör vi|vi gör|konkret|"
    r"^(?:gemensamt|gemensamma|tillsammans|kommunen|kommunerna|polisen|kommunens|polisens)\b"
    r"[^.]{0,30}:?$",
    re.IGNORECASE,
)
_SUBJECT_MODAL = re.compile(
    r"^(?P<subject>(?:[A-ZÅÄÖ][\wåäö-]*\s+){0,3}?[\wåäö-]+)\s+"
    r"(?:ska|skall|lovar|kommer att|åtar sig|ansvarar för|genomför|ser till)\b"
)
# "Polisen besöker …", "Kommunen och polisen genomför …": a known actor and a present-tense verb.
_SUBJECT_PRESENT = re.compile(
    r"^(?P<subject>polisen|kommunen|kommunerna|lokalpolisområdet|kommunpolisen|vi|"
    r"polisen och kommunen|kommunen och polisen|polis och kommun)\s+"
    r"(?!är\b|har\b)[a-zåäö]{2,}(?:ar|er|r)\b",
    re.IGNORECASE,
)
_POLICE_SUBJECT = re.compile(
    r"^(?:polisen|polisens|polis|lokalpolisområdet|lokalpolisområde\s+\w+|kommunpolis(?:en|erna)?|"
    r"polismyndigheten|lpo(?:\s+\w+)?|närpolisen|ingripandeverksamheten|områdespolis(?:en|erna)?)\b",
    re.IGNORECASE,
)
_MUNICIPALITY_SUBJECT = re.compile(
    r"^(?:kommunen|kommunens|kommunerna|[A-ZÅÄÖ][\wåäö-]*\s+(?:kommun|stad)|region gotland|"
    r"socialtjänsten|socialförvaltningen|skolan|skolorna|fritidsförvaltningen|fältgruppen|"
    r"fältarna|fältassistenterna|kultur- och fritidsförvaltningen|[\wåäö-]*förvaltningen|"
    r"[\wåäö-]*nämnden|fritidsgården|elevhälsan|trygghetssamordnaren|kommunstyrelsen)\b",
    re.IGNORECASE,
)
_JOINT_SUBJECT = re.compile(
    r"^(?:vi|tillsammans|gemensamt|gemensamma|båda parter|parterna)\b|"
    r"(?:polis\w*|lokalpolisområde\w*).{0,40}\b(?:och|samt|&)\b.{0,40}kommun|"
    r"kommun\w*.{0,40}\b(?:och|samt|&)\b.{0,40}(?:polis|lokalpolisområde)",
    re.IGNORECASE,
)
_JOINT_IN_TEXT = re.compile(
    r"tillsammans med|i samverkan med|i samverkan mellan|i samarbete med|gemensam|"
    r"polis och kommun|kommun och polis|polisen och kommunen|kommunen och polisen",
    re.IGNORECASE,
)
_POLICE_HINT = re.compile(r"\bpolisi?är|\bpolisiära?\b|\bpatrull", re.IGNORECASE)
_PARAPHRASE = re.compile(
    r"^(?:(?:den|det)\s+)?(?P<ordinal>första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|"
    r"nionde|tionde|sista|(?:\w+)\s+och\s+sista)\s+(?P<noun>punkten|delen|löftet|åtagandet|"
    r"området|fokusområdet|insatsen|aktiviteten|prioriteringen)"
    r"(?:\s+i\s+(?:medborgar)?löftet)?\s+(?:handlar\s+om|gäller|rör|innebär|är|berör|"
    r"fokuserar\s+på|tar\s+upp)\s+(?:att\s+)?(?P<body>.+)$",
    re.IGNORECASE,
)
_PARAPHRASE_FOLLOW_ON = re.compile(r"^(?:till exempel|bland annat|exempelvis|t\.ex\.)\s", re.I)
_PROSE_SUBJECT = (
    r"(?:polisen|kommunen|kommunerna|vi|lokalpolisområdet|kommunpolisen|polis och kommun|"
    r"kommunen och polisen|polisen och kommunen|[A-ZÅÄÖ][\wåäö]+ kommun(?: och polisen)?)"
)
_PROSE_PROMISE = re.compile(
    rf"^(?:{_PROSE_SUBJECT}\s+(?:ska|skall|lovar att|åtar sig att|kommer att)|"
    rf"(?:tillsammans|gemensamt|dessutom|även|också|därtill)\s+(?:ska|skall|kommer)\s+"
    rf"{_PROSE_SUBJECT}(?:\s+att)?)\s+"
    r"(?:(?:även|också|dessutom|tillsammans|gemensamt|under \w+|årligen|varje \w+)\s+)*"
    r"(?:genomföra|anordna|arrangera|hålla|erbjuda|bjuda in|utföra|delta|sprida|presentera|"
    r"ta fram|införa|starta|inrätta|utbilda|informera|besöka|patrullera|kontrollera|bedriva|"
    r"fortsätta|genomföra|göra|implementera|påbörja|samla|träffa)\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(
    r",?\s+(?:och|samt)\s+(?=(?:polisen|kommunen|kommunerna|vi)\s+(?:ska|skall|lovar|kommer)\b)",
    re.IGNORECASE,
)
_FOCUS_LINE = re.compile(
    r"^(?:fokusområde|prioriterat område|insatsområde|löfte|delmål|område|tema)\s*\d*\s*"
    r"[:.–-]\s*(?P<name>.{3,120})$",
    re.IGNORECASE,
)
_HEADER_ACTIVITY = re.compile(r"aktivitet|insats|åtgärd|löfte|vad\b|åtagande", re.I)
_HEADER_ACTOR = re.compile(r"ansvar|aktör|vem\b|utförare|part\b", re.I)
_HEADER_TARGET = re.compile(r"mål|omfattning|antal|hur ofta|frekvens|indikator", re.I)
# A "När" column holds dates and week numbers, never targets.
_HEADER_WHEN = re.compile(r"^(?:när|tidpunkt|tid|datum|vecka|period|tidplan)\b", re.I)
_HEADER_FOCUS = re.compile(r"fokusområde|område|tema", re.I)
# A lead paragraph ending with "." introduces a list only with words like these.
_PARAGRAPH_LEAD = re.compile(
    r"följande|nedan|genom att\W*$|så här|detta gör vi|vi lovar|löftet innebär", re.IGNORECASE
)
_RESPONSIBLE_SUFFIX = re.compile(
    r"[\s(\[]*(?:ansvar|ansvarig|ansvariga|ansvarar|utförare|aktör)\s*:\s*"
    r"(?P<who>[^.)\]:]{2,60})[)\]]?\.?\s*$",
    re.IGNORECASE,
)
_ACTOR_PREFIX = re.compile(
    r"^(?P<who>polisen|kommunen|kommunerna|tillsammans|gemensamt|gemensamma|båda|"
    r"polisen och kommunen|kommunen och polisen|[A-ZÅÄÖ][\wåäö-]+(?: [a-zåäö]+)?)\s*:\s*"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_INLINE_FOCUS = re.compile(
    r"(?:fokusområden(?:a)?|prioriterade områden(?:a)?|prioriteringar(?:na)?|"
    r"insatsområden(?:a)?|(?:medborgar)?löfte(?:t|na)\s+(?:innehåller|omfattar|består av|"
    r"fokuserar på|tar upp)(?:\s+\w+)?\s+(?:delar|områden|fokusområden|teman))"
    r"(?:\s+(?:är|blir))?\s*:?\s+(?P<list>[^.;:]{5,300})",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r",\s*|\s+(?:och|samt)\s+")
_LEADING_ATT = re.compile(r"^(?:att|Att)\s+")


@dataclass(frozen=True)
class _Context:
    kind: SectionKind | None
    actor: str | None


def find_items(document: Document) -> tuple[list[FocusArea], list[Activity]]:
    """Return the focus areas and activities of a document, in reading order."""
    focus_areas: list[FocusArea] = []
    activities: list[Activity] = []
    heading = ""
    heading_position = -1
    lead: Block | None = None
    blocks = document.blocks
    position = 0
    while position < len(blocks):
        block = blocks[position]
        if block.kind == "row":
            rows = [block]
            while position + 1 < len(blocks) and blocks[position + 1].kind == "row":
                position += 1
                rows.append(blocks[position])
            focus_rows, activity_rows = _table_items(rows)
            focus_areas.extend(focus_rows)
            activities.extend(activity_rows)
        elif block.kind == "item" and block.text.endswith(":") and len(block.text) < 120:
            lead = block  # "• Polisen ska:" over nested items
            heading_position = block.index
            heading = block.text
        elif block.kind == "item":
            near = lead is not None and (
                lead.index == heading_position
                or (heading_position > 0 and lead.index - heading_position <= 2)
            )
            _read_item(
                block, lead, heading if near or lead is None else "", focus_areas, activities
            )
        else:
            if block.kind == "heading":
                heading = block.text
                heading_position = block.index
            lead = block
            if not block.is_quote and not _EXCLUDED_HEADING.match(heading):
                _read_prose(block, blocks, position, focus_areas, activities)
        position += 1
    return _unique(focus_areas), _unique(activities)


def _read_item(
    block: Block,
    lead: Block | None,
    heading: str,
    focus_areas: list[FocusArea],
    activities: list[Activity],
) -> None:
    if block.is_quote:
        return
    context = _classify(lead.text if lead else "", heading)
    body, own_actor = _split_actor_label(block.text)
    text = _clean(body)
    if not text:
        return
    own_actor = own_actor or _subject_actor(body)
    if context.kind == "focus":
        focus_areas.append(FocusArea(text, classify_themes(text), block.text, 0.85))
    elif context.kind == "activity":
        activities.append(_activity(text, block.text, own_actor, context.actor, 0.9))
    elif own_actor is not None and not _EXCLUDED_HEADING.match(heading):
        activities.append(_activity(text, block.text, own_actor, None, 0.7))


def _split_actor_label(text: str) -> tuple[str, str | None]:
    """Take an actor label off an item: "Polisen: Minst 10 …", "… Ansvar: Kommunen"."""
    suffix = _RESPONSIBLE_SUFFIX.search(text)
    if suffix:
        actor = _cell_actor(suffix.group("who").strip())
        if actor is not None:
            return text[: suffix.start()].rstrip(), actor
    prefix = _ACTOR_PREFIX.match(text)
    if prefix:
        actor = _cell_actor(prefix.group("who"))
        if actor is not None:
            return prefix.group("rest"), actor
    return text, None


def _classify(lead: str, heading: str) -> _Context:
    """Is a list under this lead/heading a list of focus areas or of activities, and whose?"""
    if _EXCLUDED_HEADING.match(heading) and not lead.endswith(":"):
        return _Context(None, None)
    is_intro = lead.endswith(":") or (bool(_PARAGRAPH_LEAD.search(lead)) and len(lead) < 300)
    candidates = [lead, heading] if is_intro or lead == heading else [heading]
    for text in candidates:
        if not text or _EXCLUDED_HEADING.match(text):
            continue
        if _FOCUS_CUE.search(text):
            return _Context("focus", None)
        if _ACTIVITY_CUE.search(text):
            return _Context("activity", _lead_actor(text))
    return _Context(None, None)


def _lead_actor(text: str) -> str | None:
    if _JOINT_SUBJECT.search(text) or re.search(r"\bvi\b|gemensam|tillsammans", text, re.I):
        return ACTOR_JOINT
    subject = _actor_of_subject(text)
    return subject


def _actor_of_subject(text: str) -> str | None:
    stripped = text.strip()
    if _POLICE_SUBJECT.match(stripped):
        return ACTOR_POLICE
    if _MUNICIPALITY_SUBJECT.match(stripped):
        return ACTOR_MUNICIPALITY
    return None


def _subject_actor(text: str) -> str | None:
    """The actor named as the grammatical subject of an item ("Polisen ska …"), if any."""
    stripped = _LEADING_ATT.sub("", text.strip())
    match = _SUBJECT_MODAL.match(stripped)
    if match is None:
        present = _SUBJECT_PRESENT.match(stripped)
        if present is None:
            return None
        if _JOINT_SUBJECT.search(present.group("subject")):
            return ACTOR_JOINT
        return _actor_of_subject(present.group("subject"))
    subject = match.group("subject")
    if _JOINT_SUBJECT.search(subject):
        return ACTOR_JOINT
    actor = _actor_of_subject(subject)
    if actor is not None:
        if _JOINT_IN_TEXT.search(stripped[match.end() : match.end() + 60]):
            return ACTOR_JOINT
        return actor
    if subject[:1].isupper() and not re.match(
        r"(?i)^(?:det|den|de|detta|dessa|under|vid)\b", subject
    ):
        return subject.lower()
    return None


def _activity(
    text: str, source: str, own_actor: str | None, lead_actor: str | None, confidence: float
) -> Activity:
    if own_actor is not None:
        actor = own_actor
    elif _JOINT_IN_TEXT.search(text):
        actor = ACTOR_JOINT
    elif _POLICE_HINT.search(text):
        actor, confidence = ACTOR_POLICE, confidence - 0.15
    elif lead_actor is not None:
        actor = lead_actor
    else:
        actor, confidence = ACTOR_JOINT, confidence - 0.1
    target = find_target(text)
    return Activity(text, actor, target, classify_themes(text), source, confidence)


def _read_prose(
    block: Block,
    blocks: tuple[Block, ...],
    position: int,
    focus_areas: list[FocusArea],
    activities: list[Activity],
) -> None:
    focus_line = _FOCUS_LINE.match(block.text)
    if focus_line:
        name = focus_line.group("name").strip()
        focus_areas.append(FocusArea(_capitalise(name), classify_themes(name), block.text, 0.8))
        return
    sentences = split_sentences(block.text)
    for index, sentence in enumerate(sentences):
        inline = _inline_focus_areas(sentence)
        if inline:
            focus_areas.extend(inline)
            continue
        paraphrase = _PARAPHRASE.match(sentence)
        if paraphrase and len(paraphrase.group("body").split()) <= 3:
            continue  # "Den andra punkten gäller trafiken." names a topic; activities follow
        if paraphrase:
            body = paraphrase.group("body").strip()
            source = sentence
            following = sentences[index + 1] if index + 1 < len(sentences) else None
            if following is None and position + 1 < len(blocks):
                next_block = blocks[position + 1]
                if next_block.kind == "paragraph" and not next_block.is_quote:
                    following = split_sentences(next_block.text)[0]
            if following and _PARAPHRASE_FOLLOW_ON.match(following):
                body = f"{body} {following}"
                source = f"{sentence} {following}"
            text = _capitalise(body)
            if paraphrase.group("noun").lower() in {"området", "fokusområdet", "prioriteringen"}:
                focus_areas.append(FocusArea(text, classify_themes(text), source, 0.7))
            else:
                activities.append(_activity(text, source, _subject_actor(body), ACTOR_JOINT, 0.75))
            continue
        for clause in _CLAUSE_SPLIT.split(sentence):
            clause = clause.strip()
            if _PROSE_PROMISE.match(clause):
                text = _capitalise(clause.rstrip(",;") if clause.endswith((",", ";")) else clause)
                activities.append(_activity(text, sentence, _subject_actor(clause), None, 0.65))


def _inline_focus_areas(sentence: str) -> list[FocusArea]:
    """ "Fokusområdena är trafik, narkotika bland unga och trygghet i centrum." """
    match = _INLINE_FOCUS.search(sentence)
    if match is None:
        return []
    items = [item.strip(" ,") for item in _LIST_SPLIT.split(match.group("list"))]
    items = [item for item in items if item]
    if len(items) < 2 or any(len(item.split()) > 8 for item in items):
        return []
    return [FocusArea(_capitalise(item), classify_themes(item), sentence, 0.7) for item in items]


def _table_items(rows: list[Block]) -> tuple[list[FocusArea], list[Activity]]:
    header = rows[0].cells
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        for name, pattern in (
            ("when", _HEADER_WHEN),
            ("actor", _HEADER_ACTOR),
            ("target", _HEADER_TARGET),
            ("focus", _HEADER_FOCUS),
            ("activity", _HEADER_ACTIVITY),
        ):
            if name not in columns and pattern.search(cell) and len(cell) <= 40:
                columns[name] = index
                break
    body = rows[1:] if columns else rows
    activities: list[Activity] = []
    focus_areas: list[FocusArea] = []
    for row in body:
        cells = row.cells
        if not columns:
            actor_index = next(
                (i for i, cell in enumerate(cells) if _cell_actor(cell) is not None), None
            )
            if actor_index is None:
                continue
            activity_index = 0 if actor_index != 0 else 1
            target_index = next(
                (i for i in range(len(cells)) if i not in {actor_index, activity_index}), None
            )
            mapping = {"activity": activity_index, "actor": actor_index}
            if target_index is not None:
                mapping["target"] = target_index
        else:
            mapping = columns
        activity_text = _cell(cells, mapping.get("activity"))
        if not activity_text:
            continue
        actor = _cell_actor(_cell(cells, mapping.get("actor"))) or ACTOR_JOINT
        target_text = _cell(cells, mapping.get("target"))
        hint = head_noun_phrase(_LEADING_ATT.sub("", activity_text))
        target = find_target(target_text, unit_hint=hint) if target_text else None
        if target is None:
            target = find_target(activity_text)
        text = _clean(activity_text)
        activities.append(Activity(text, actor, target, classify_themes(text), row.text, 0.8))
        focus_text = _cell(cells, mapping.get("focus"))
        if focus_text:
            focus_areas.append(FocusArea(focus_text, classify_themes(focus_text), row.text, 0.7))
    return focus_areas, activities


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _cell_actor(cell: str) -> str | None:
    if not cell or len(cell) > 60:
        return None
    joint = r"gemensam|båda|tillsammans|polis\w*\s*/\s*kommun|kommun\w*\s*/\s*polis"
    if _JOINT_SUBJECT.search(cell) or re.search(joint, cell, re.IGNORECASE):
        return ACTOR_JOINT
    return _actor_of_subject(cell)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ;,")
    return _capitalise(_LEADING_ATT.sub("", text))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unique(items: list[_Item]) -> list[_Item]:
    seen: set[str] = set()
    unique: list[_Item] = []
    for item in items:
        key = re.sub(r"\W+", " ", item.text.lower()).strip()
        if key and key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
