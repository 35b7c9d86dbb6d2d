"""The lokalpolisområde and the signatories with their roles.

Signatories come from two places:
1. Signature blocks: a name line followed by a role line ("Henrik Tvarnö" / "Kommunstyrelsens
   ordförande" / "Vetlanda kommun"), or "Name, Role" on one line, with the organisation on the
   line before or after.
2. Captions and sentences about the signing: "Lokalpolisområdeschef Håkan Boberg och
   kommunstyrelsens ordförande Gert Jonsson med medborgarlöftet för 2020". Only signing roles
   count (not "kommunpolisen Andreas Sjöqvist" quoted in a press release).
"""

from __future__ import annotations

import re

from lofte.documents.parsing.model import PoliceArea, Signatory

_NAME_WORD = r"[A-ZÅÄÖÉ][a-zåäöéüèø]+(?:-[A-ZÅÄÖÉ][a-zåäöéüèø]+)?"
_NAME = rf"(?P<name>{_NAME_WORD}(?:\s+(?:af\s+|von\s+|de\s+|van\s+)?{_NAME_WORD}){{1,2}})"
_PARTY = r"(?:\s*\((?P<party>[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,2})\))?"
_SIGNING_ROLE = (
    r"(?P<role>kommunstyrelsens\s+(?:förste\s+|1:e\s+|andre\s+|2:e\s+)?(?:vice\s+)?ordförande|"
    r"kommunfullmäktiges\s+ordförande|kommunalrådet|kommunalråd|oppositionsrådet|"
    r"kommundirektören|kommundirektör|kommunchefen|kommunchef|stadsdirektören|stadsdirektör|"
    r"lokalpolisområdeschefen|lokalpolisområdeschef|polisområdeschefen|polisområdeschef|"
    r"regionpolischefen|regionpolischef|polismästaren|polismästare|"
    r"chef(?:en)?\s+(?:för\s+)?lokalpolisområde(?:t)?)"
)
_SIGNING_ROLE_ONLY = re.compile(_SIGNING_ROLE, re.IGNORECASE)
_CAPTION = re.compile(rf"(?i:{_SIGNING_ROLE})\s+{_NAME}{_PARTY}")
_NAME_COMMA_ROLE = re.compile(rf"^{_NAME}{_PARTY}\s*,\s*(?P<rest>.+)$")
_NAME_LINE = re.compile(rf"^{_NAME}{_PARTY}$")
_SIGNING_CUE = re.compile(
    r"medborgarlöfte|undertecknade|undertecknat|skrev under|skriver under|signerade|"
    r"tar i hand|tog i hand|undertecknar",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"ordförande|chef|direktör|kommunalråd|oppositionsråd|polismästare|kommunpolis|"
    r"samordnare|ansvarig|ledamot|ordf\.",
    re.IGNORECASE,
)
_ORGANISATION_WORDS = re.compile(
    r"kommun|polis|region|myndighet|stad$|länsstyrelse|räddningstjänst|förvaltning|"
    r"lokalpolisområde",
    re.IGNORECASE,
)
_NOT_NAMES = re.compile(
    r"\b(?:Polisen|Polis|Kommun|Kommunen|Medborgarlöfte|Medborgarlöften|Lokalpolisområde|"
    r"Region|Effektiv|Samordning|Trygghet|Till|Sök|Vad|Den|Det|Vi|Och|Bild|Foto|Läs|Mer)\b"
)
_DEFINITE_ROLES = {
    "lokalpolisområdeschefen": "lokalpolisområdeschef",
    "polisområdeschefen": "polisområdeschef",
    "regionpolischefen": "regionpolischef",
    "kommunalrådet": "kommunalråd",
    "oppositionsrådet": "oppositionsråd",
    "kommundirektören": "kommundirektör",
    "kommunchefen": "kommunchef",
    "stadsdirektören": "stadsdirektör",
    "polismästaren": "polismästare",
}
_LPO = re.compile(
    r"(?i:lokalpolisområde(?:t|ts)?|lpo)\s+(?P<name>[A-ZÅÄÖ][\wåäö-]+(?:\s+[A-ZÅÄÖ][\wåäö-]+){0,2})"
)
_LPO_CHIEF = re.compile(
    r"(?i:lokalpolisområdeschef(?:en)?)\s+(?:i|för)\s+"
    r"(?P<name>[A-ZÅÄÖ][\wåäö-]+(?:\s+[A-ZÅÄÖ][\wåäö-]+){0,2})"
)
_LPO_GENITIVE = re.compile(r"(?P<name>[A-ZÅÄÖ][\wåäö-]+)s\s+lokalpolisområde(?![\wåäö])")
_NOT_AREA_NAMES = {"Polisen", "Polismyndigheten", "Kommunen", "Och", "Samt", "I", "Vi", "Har"}


def find_police_area(lines: list[str]) -> PoliceArea | None:
    """The lokalpolisområde named most often ("lokalpolisområde Ljungby", "LPO Höglandet")."""
    counts: dict[str, int] = {}
    sources: dict[str, str] = {}
    for line in lines:
        for match in [*_LPO.finditer(line), *_LPO_CHIEF.finditer(line)]:
            words = match.group("name").split()
            while words and words[-1] in _NOT_AREA_NAMES:
                words.pop()
            if not words or words[0] in _NOT_AREA_NAMES:
                continue
            name = " ".join(words)
            counts[name] = counts.get(name, 0) + 2
            sources.setdefault(name, line.strip())
        for match in _LPO_GENITIVE.finditer(line):
            name = match.group("name")
            if name not in _NOT_AREA_NAMES:
                counts[name] = counts.get(name, 0) + 1
                sources.setdefault(name, line.strip())
    if not counts:
        return None
    best = max(counts, key=lambda name: counts[name])
    confidence = 0.95 if counts[best] >= 4 else 0.85
    if len(counts) > 1:
        confidence -= 0.2
    return PoliceArea(best, sources[best], confidence)


def normalise_role(role: str) -> str:
    role = re.sub(r"\s+", " ", role.strip(" ,.;"))
    lowered = role.lower()
    if lowered in _DEFINITE_ROLES:
        role = _DEFINITE_ROLES[lowered]
    role = re.sub(r"^chefen\b", "chef", role, flags=re.IGNORECASE)
    return role[:1].upper() + role[1:]


def find_signatories(lines: list[str], sentences: list[str]) -> list[Signatory]:
    """Signatories from signature blocks, then from sentences about the signing (deduplicated)."""
    found: list[Signatory] = []
    found.extend(_from_signature_blocks(lines))
    for sentence in sentences:
        if not _SIGNING_CUE.search(sentence):
            continue
        for match in _CAPTION.finditer(sentence):
            name = match.group("name")
            if _NOT_NAMES.search(name):
                continue
            found.append(
                Signatory(
                    name,
                    normalise_role(match.group("role")),
                    None,
                    match.group("party"),
                    sentence,
                    0.8,
                )
            )
    return _deduplicate(found)


def _from_signature_blocks(lines: list[str]) -> list[Signatory]:
    stripped = [line.strip() for line in lines]
    found: list[Signatory] = []
    for position, line in enumerate(stripped):
        if not line or len(line) > 120:
            continue
        comma = _NAME_COMMA_ROLE.match(line)
        if (
            comma
            and _ROLE_WORDS.search(comma.group("rest"))
            and not _NOT_NAMES.search(comma.group("name"))
        ):
            role, role_organisation = _split_role(comma.group("rest"))
            found.append(
                Signatory(
                    comma.group("name"),
                    normalise_role(role),
                    role_organisation or _organisation_near(stripped, position, position),
                    comma.group("party"),
                    line,
                    0.9,
                )
            )
            continue
        named = _NAME_LINE.match(line)
        if not named or _NOT_NAMES.search(named.group("name")):
            continue
        role_position = position + 1 + _gap(stripped, position + 1)
        if role_position - position > 2 or role_position >= len(stripped):
            continue
        role_line = role = stripped[role_position]
        if not _ROLE_WORDS.search(role) or len(role) > 80 or _is_name(role):
            continue
        role, role_organisation = _split_role(role)
        found.append(
            Signatory(
                named.group("name"),
                normalise_role(role),
                role_organisation or _organisation_near(stripped, position, role_position),
                named.group("party"),
                f"{line}\n{role_line}",
                0.9,
            )
        )
    return found


def _split_role(text: str) -> tuple[str, str | None]:
    """ "Kommunstyrelsens ordförande, Vetlanda kommun" → role and organisation."""
    role, _, rest = text.partition(", ")
    if rest and _is_organisation(rest) and not _ROLE_WORDS.search(rest):
        return role, rest
    # "lokalpolisområdeschef, Malmö Norr": a signing role, then where.
    if rest[:1].isupper() and len(rest) <= 60 and _SIGNING_ROLE_ONLY.fullmatch(role.strip()):
        return role, rest
    return text, None


def _organisation_near(lines: list[str], first: int, last: int) -> str | None:
    """The organisation written directly below or above a signature (no blank line between)."""
    for index in (last + 1, first - 1):
        if 0 <= index < len(lines) and lines[index]:
            candidate = lines[index]
            is_plain_organisation = (
                _is_organisation(candidate)
                and not _is_name(candidate)
                and not _ROLE_WORDS.search(candidate)
                and "," not in candidate
            )
            if is_plain_organisation:
                return candidate
    return None


def _gap(lines: list[str], position: int) -> int:
    """How many blank lines lie between ``position - 1`` and the next text line."""
    gap = 0
    while position + gap < len(lines) and not lines[position + gap]:
        gap += 1
    return gap


def _is_name(line: str) -> bool:
    match = _NAME_LINE.match(line)
    return match is not None and not _NOT_NAMES.search(match.group("name"))


def _is_organisation(line: str) -> bool:
    return len(line) <= 60 and bool(_ORGANISATION_WORDS.search(line)) and not line.endswith(".")


def _deduplicate(signatories: list[Signatory]) -> list[Signatory]:
    by_name: dict[str, Signatory] = {}
    for signatory in signatories:
        key = signatory.name.lower()
        existing = by_name.get(key)
        if existing is None:
            by_name[key] = signatory
            continue
        by_name[key] = Signatory(
            existing.name,
            existing.role or signatory.role,
            existing.organisation or signatory.organisation,
            existing.party or signatory.party,
            existing.source_text,
            max(existing.confidence, signatory.confidence),
        )
    return list(by_name.values())
