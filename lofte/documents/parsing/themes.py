"""Themes of activities and focus areas, for the national register's charts.

``classify_themes("Polisen ska genomföra minst femton trafikkontroller")`` → ``("traffic",)``.
Theme codes are stable English identifiers; ``THEME_LABELS`` gives the Swedish label to show.
Matching is on word stems, so Swedish compounds count ("trafikkontroller", "narkotikabrott",
"bedrägeribrott", "relationsvåld").
"""

from __future__ import annotations

import re

THEME_LABELS: dict[str, str] = {
    "traffic": "Trafik",
    "drugs": "Narkotika",
    "alcohol_tobacco": "Alkohol och tobak",
    "youth": "Unga",
    "fraud": "Bedrägerier",
    "public_safety": "Trygghet i centrum och offentlig miljö",
    "vandalism": "Skadegörelse och klotter",
    "violence": "Våld",
    "burglary_theft": "Inbrott och stöld",
    "organised_crime": "Kriminella nätverk",
    "public_order": "Ordningsstörningar",
    "collaboration": "Samverkan och EST",
    "citizen_dialogue": "Medborgardialog och grannsamverkan",
}

_PATTERNS: dict[str, re.Pattern[str]] = {
    theme: re.compile(pattern, re.IGNORECASE)
    for theme, pattern in {
        "traffic": r"trafik|hastighet|fortkör|rattfyll|nykterhetskontroll|fordon|mopeds?|epa|"
        r"a-traktor|parkering|cykel|vägavsnitt|körning|bilist",
        "drugs": r"narkotika|drog|cannabis|hasch|kokain|missbruk|\bnarko",
        "alcohol_tobacco": r"alkohol|langning|tobak|nikotin|snus|\bvape|berusning|\bsprit",
        "youth": r"\bung(?:a|e|dom|domar|domarna|domsgrupp|domsgäng|as)?\b|ungdom|\bbarn|elev|"
        r"skola|skolor|skolan|skolavslutning|student|föräld|fritidsgård|fältar|\bunga",
        "fraud": r"bedrägeri|bedrägl|bluffsamtal|telefonbedr|bedragare",
        "public_safety": r"trygghetsvandring|trygghetsrund|otrygg|trygga platser|centrum|"
        r"hot ?spots?|belysning|torget|stadskärna|offentlig miljö|närvaro|synlighet|"
        r"fotpatrull|platssamverkan",
        "vandalism": r"skadegörelse|klotter|vandalis|skadegör",
        "violence": r"våld|misshandel|\brån\b|knivbrott|vapen|\bhot\b(?!\s?spots?)|\bhotet\b|"
        r"hedersrelat",
        "burglary_theft": r"inbrott|stöld|stölder|tillgrepp",
        "organised_crime": r"kriminella nätverk|kriminella gäng|gängkriminal|\bgäng|"
        r"kriminell livsstil|rekryter|organiserad brottslighet",
        "public_order": r"ordningsstör|störningar|stökig|nedskräp|buskörning",
        "collaboration": r"\best\b|effektiv samordning|samverkan|samverkansmöte|lägesbild|"
        r"samordning|brå\b|brottsförebyggande råd",
        "citizen_dialogue": r"medborgardialog|grannsamverkan|näringslivssamverkan|"
        r"föreningsliv|civilsamhälle|invånar(?:na|e) (?:och|i)|dialog",
    }.items()
}


def classify_themes(text: str) -> tuple[str, ...]:
    """Return the theme codes ``text`` is about, strongest first (may be empty)."""
    scores: list[tuple[int, int, str]] = []
    for order, (theme, pattern) in enumerate(_PATTERNS.items()):
        hits = pattern.findall(text)
        if hits:
            scores.append((-len(hits), order, theme))
    return tuple(theme for _, _, theme in sorted(scores))


def theme_label(code: str) -> str:
    """The Swedish label of a theme code; unknown codes are returned unchanged."""
    return THEME_LABELS.get(code, code)
