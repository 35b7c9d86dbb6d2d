"""Name forms of kommuner used in Swedish text ("Vaggeryds kommun", "Region Gotland")."""

from __future__ import annotations

GOTLAND_CODE = "0980"
# Kommuner that call themselves "stad" in official use.
CITY_NAMES = {"0180": "Stockholms stad", "1480": "Göteborgs stad", "1280": "Malmö stad"}


def genitive(name: str) -> str:
    """Swedish genitive: add -s unless the name already ends in s, x or z."""
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


VOWELS = set("aeiouyåäöéAEIOUYÅÄÖÉ")
# Official names that follow neither rule below.
SPECIAL_OFFICIAL = {"2080": "Falu kommun"}


def kommun_stem(name: str, code: str) -> str:
    """The form before "kommun": vowel-final names stay ("Vetlanda kommun"), others take the
    genitive ("Vaggeryds kommun", "Borås kommun")."""
    return name if name[-1:] in VOWELS else genitive(name)


def official_name(name: str, code: str) -> str:
    if code == GOTLAND_CODE:
        return "Region Gotland"
    if code in SPECIAL_OFFICIAL:
        return SPECIAL_OFFICIAL[code]
    return f"{kommun_stem(name, code)} kommun"


def name_forms(name: str, code: str) -> list[str]:
    """Every form a kommun may take in running text, longest first."""
    forms = {name, genitive(name), f"{genitive(name)} kommun", f"{name} kommun",
             official_name(name, code)}
    if code == GOTLAND_CODE:
        forms |= {"Region Gotland", "Gotlands kommun", "Gotland"}
    if code in CITY_NAMES:
        forms.add(CITY_NAMES[code])
    return sorted(forms, key=len, reverse=True)
