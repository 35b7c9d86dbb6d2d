"""Name forms of kommuner used in Swedish text ("Vaggeryds kommun", "Region Gotland")."""

from __future__ import annotations

GOTLAND_CODE = "0980"
# Kommuner that call themselves "stad" in official use.
CITY_NAMES = {"0180": "Stockholms stad", "1480": "Göteborgs stad", "1280": "Malmö stad"}


def genitive(name: str) -> str:
    """Swedish genitive: add -s unless the name already ends in s, x or z."""
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def official_name(name: str, code: str) -> str:
    if code == GOTLAND_CODE:
        return "Region Gotland"
    return f"{genitive(name)} kommun"


def name_forms(name: str, code: str) -> list[str]:
    """Every form a kommun may take in running text, longest first."""
    forms = {name, genitive(name), f"{genitive(name)} kommun", f"{name} kommun"}
    if code == GOTLAND_CODE:
        forms |= {"Region Gotland", "Gotlands kommun", "Gotland"}
    if code in CITY_NAMES:
        forms.add(CITY_NAMES[code])
    return sorted(forms, key=len, reverse=True)
