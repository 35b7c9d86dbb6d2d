"""Measurable targets in an activity: "minst femton trafikkontroller", "en gång varje kvartal".

Steps of ``find_target``:
1. Tokenise; drop adverbial fillers ("på annat sätt") that split a noun phrase.
2. Find the frequency ("per termin", "varje kvartal", "i månaden", "årligen"); "under perioden"
   and "under året" mean the whole period (``per`` ``None``).
3. Find the first number that is a target: digits or Swedish words; not a year, age, duration,
   date, time, street number, paragraph, school year, percentage or amount of money, and not a
   result already achieved ("har genomfört 12"). "en"/"ett" count only after "minst"/"högst", before
   "gång"/"tillfälle"/"minst", or when the activity has a frequency ("en trygghetsvandring per år").
4. Read the bound around it: "minst" (lower bound), "upp till"/"högst" (upper bound), "cirka",
   ranges "8–10", "mellan 8 och 10", "8 till 10".
5. The unit is the noun phrase after the number ("riktade insatser"); after "gånger"/"tillfällen"
   it is the object of the following verb ("vid femton tillfällen genomföra flygande
   inspektioner" → "flygande inspektioner"), else the noun phrase before the number (table cells
   such as "Trafikkontroller: minst 20 per år").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lofte.documents.parsing.model import Target
from lofte.documents.parsing.numbers import parse_number

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:[-/][^\W\d_]+)*|[§%]|[^\w\s]")
_FILLERS = re.compile(
    r"\b(?:på (?:annat|olika|något) sätt|i någon form|under perioden|under året|under åren|"
    r"under löftesperioden|under löftets giltighetstid)\b",
    re.IGNORECASE,
)
_SLASH_PERIOD = re.compile(r"\s*/\s*(vecka|månad|kvartal|tertial|termin|halvår|år)\b", re.I)
_PERIOD_WORDS = {
    "vecka": "vecka", "veckan": "vecka", "månad": "månad", "månaden": "månad",
    "kvartal": "kvartal", "kvartalet": "kvartal", "tertial": "tertial", "tertialet": "tertial",
    "termin": "termin", "terminen": "termin", "halvår": "halvår", "halvåret": "halvår",
    "år": "år", "året": "år", "läsår": "år", "läsåret": "år",
    # A season comes once a year: "25 feriejobb per sommar", "ett möte varje höst".
    "sommar": "år", "sommaren": "år", "höst": "år", "hösten": "år", "vår": "år", "våren": "år",
    "vinter": "år", "vintern": "år",
}  # fmt: skip
_PER_ADVERBS = {
    "veckovis": "vecka", "veckovist": "vecka", "månadsvis": "månad", "månatligen": "månad",
    "kvartalsvis": "kvartal", "tertialvis": "tertial", "terminsvis": "termin",
    "halvårsvis": "halvår", "årligen": "år", "årsvis": "år",
}  # fmt: skip
_PER_PREFIXES = {"per", "varje", "/", "var"}
# "i veckan", "om året": only definite forms, since "i år" means "this year".
_PER_DEFINITE_PREFIXES = {"i", "om"}
_OCCASIONS = {"gång", "gånger", "tillfälle", "tillfällen"}
_LOWER_BOUNDS = {"minst", "åtminstone", "lägst", "minimum"}
_UPPER_BOUNDS = {"högst", "max", "maximalt", "maximum"}
_ABOUT = {"cirka", "ca", "ungefär", "omkring", "runt", "drygt", "knappt"}
_NOT_TARGET_AFTER = {
    "år", "års", "åring", "åringar", "åriga", "månader", "månaders", "veckor", "veckors", "dagar",
    "dagars", "dygn", "timmar", "timmars", "minuter", "sekunder", "procent", "%", "kr", "kronor",
    "miljoner", "miljarder", "tkr", "mkr", "km", "meter", "mil", "§", "kap", "kapitel", "personer",
    "invånare", "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
    "september", "oktober", "november", "december", "jan", "feb", "apr", "jun", "jul", "aug",
    "sep", "sept", "okt", "nov", "dec", "av", "procentenheter", "gr", "grader",
}  # fmt: skip
_TIME_UNITS = {"timmar", "timme", "minuter", "dagar", "dygn", "veckor", "kvällar", "nätter"}
_NOT_TARGET_BEFORE = {
    "§", "paragraf", "kapitel", "kap", "nr", "nummer", "punkt", "sida", "sidan", "s", "årskurs",
    "åk", "klass", "år", "vecka", "kl", "klockan", "den", "tel", "telefon", "rum", "buss",
    "linje", "riksväg", "väg", "länsväg", "åldern", "ålder", "födda", "version", "bilaga",
    "steg", "nivå", "fas", "etapp", "dnr", "diarienummer", "sfs", "de", "våra", "dessa", "alla",
}  # fmt: skip
_STREET = re.compile(
    r"(?:gatan|gata|vägen|väg|torget|torg|plan|allén|allé|gränd|gränden|"
    r"stigen|stig|backen|backe|leden|platsen|stråket)$",
    re.IGNORECASE,
)
_PAST = {
    "hade", "genomförde", "gjorde", "genomfördes", "gjordes", "blev", "ökade", "minskade",
    "uppgick", "var", "anmäldes", "registrerades", "skedde", "förekom", "inkom", "inkommit",
    "genomfört", "gjort", "haft", "ökat", "minskat", "varit", "hållit", "anordnat", "utfört",
}  # fmt: skip
_NP_STOP = {
    "med", "för", "på", "i", "av", "om", "till", "kring", "under", "inom", "mot", "där", "som",
    "att", "vid", "per", "varje", "från", "hos", "genom", "efter", "samt", "och", "eller", "men",
    "så", "när", "då", "innan", "över", "utan", "mellan", "bland", "enligt", "via", "ska",
    "kommer", "är", "har", "blir", "kan", "bör", "kommunen", "polisen", "kommun", "polis",
    "tillsammans", "gemensamt", "årligen", "löpande", "varav", "totalt", "sammanlagt", "även",
    "också", "inklusive", "exempelvis", "såsom", "vilka", "vilket", "riktat", "riktad",
    "vars", "än", "in", "ut", "upp", "både", "främst", "framförallt", "framför", "tex", "t",
    "var", "ha", "vara", "göra", "genomföra", "anordna", "hålla", "minst", "högst",
}  # fmt: skip
_NP_SKIP_FIRST = {"st", "stycken", "olika", "stycke", "en", "ett", "den", "det", "de"}
_TIME_NOUN = re.compile(
    r"(?:kväll|kvällar|kvällen|helg|helger|helgen|natt|nätter|natten|morgon|morgnar|lov|"
    r"lovet|loven|sommar|sommaren|höst|hösten|vår|våren|vinter|vintern|måndag|tisdag|onsdag|"
    r"torsdag|fredag|lördag|söndag|måndagar|tisdagar|onsdagar|torsdagar|fredagar|lördagar|"
    r"söndagar)$"
)
_ARTICLES = {"en", "ett", "den", "det", "de"}
_ADJECTIVE_END = re.compile(r"(?:nde|ade|ande|ende|iga|ska|lla|na|da|ta|re|ra)$")
_INFINITIVE = re.compile(r"^[a-zåäö]{2,}(?:a|ge|gå|se|stå|nå|få|bo|ro)$")
_ARTICLE_NUMBERS = {"en", "ett"}
_NOT_VERBS = {
    "ska", "gemensamma", "aktuella", "olika", "nya", "alla", "andra", "flera", "sina", "våra",
    "dessa", "samma", "hela", "båda", "egna", "vissa", "många", "fyra", "sexa", "åtta", "elva",
    "tolva",
}  # fmt: skip


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    start: int


def tokenise(text: str) -> list[_Token]:
    return [
        _Token(match.group(), match.group().lower(), match.start())
        for match in _TOKEN.finditer(text)
    ]


def find_target(text: str, unit_hint: str | None = None) -> Target | None:
    """Return the first measurable target of an activity text, or ``None`` (see module doc).

    ``unit_hint`` is what is counted when ``text`` does not say (a table's "Mål" cell such as
    "Minst 3 per termin" next to its "Aktivitet" cell).
    """
    cleaned = _SLASH_PERIOD.sub(r" per \1", _FILLERS.sub(" ", text))
    tokens = tokenise(cleaned)
    per, per_positions = _find_per(tokens)
    has_whole_period = _FILLERS.search(text) is not None
    for allow_article in (False, True):
        if allow_article and per is None:
            break
        for index in range(len(tokens)):
            if index in per_positions:
                continue
            value = _number_at(tokens, index, allow_article)
            if value is None:
                continue
            target = _target_at(tokens, index, value, per, per_positions)
            if target is not None:
                if unit_hint and (target.unit is None or target.unit in _OCCASIONS):
                    target = replace(target, unit=unit_hint)
                return target
    if per is not None and not has_whole_period:
        unit = _object_after_verb(tokens, 0, per_positions)
        unit = unit or _noun_phrase(tokens, 0, per_positions) or unit_hint
        return Target(None, None, per, unit, None) if unit else None
    return None


def head_noun_phrase(text: str) -> str | None:
    """What an activity is about: "Riktade narkotikainsatser mot skolor" → "riktade
    narkotikainsatser"; "Genomföra trygghetsvandringar i centrum" → "trygghetsvandringar"."""
    tokens = tokenise(_FILLERS.sub(" ", text))
    return _object_after_verb(tokens, 0, set()) or _noun_phrase(tokens, 0, set())


def _find_per(tokens: list[_Token]) -> tuple[str | None, set[int]]:
    for index, token in enumerate(tokens):
        if token.lower in _PER_ADVERBS:
            return _PER_ADVERBS[token.lower], {index}
        if token.lower in _PERIOD_WORDS and index > 0:
            previous = tokens[index - 1].lower
            if previous in _PER_PREFIXES or (
                previous in _PER_DEFINITE_PREFIXES
                and token.lower.endswith(("n", "t", "et"))
                and token.lower not in {"termin", "år"}
            ):
                return _PERIOD_WORDS[token.lower], {index - 1, index}
    return None, set()


def _number_at(tokens: list[_Token], index: int, allow_article: bool) -> int | None:
    token = tokens[index]
    value = parse_number(token.text)
    if value is None:
        return None
    if token.text.isdigit():
        if len(token.text) == 4 and 1900 <= value <= 2100:
            return None
        if len(token.text) > 1 and token.text.startswith("0"):
            return None
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    after_next = tokens[index + 2].lower if index + 2 < len(tokens) else ""
    previous = tokens[index - 1] if index > 0 else None
    before = previous.lower if previous is not None else ""
    is_bounded = before in _LOWER_BOUNDS | _UPPER_BOUNDS | _ABOUT
    if (
        following in _TIME_UNITS
        and after_next.isalpha()
        and after_next not in _NP_STOP
        and parse_number(after_next) is None
        and not _TIME_NOUN.search(after_next)
    ):
        return value  # "50 timmar fotpatrullering": hours of something are a target
    if following in _NOT_TARGET_AFTER or (
        following in {":", "/", "-", "–"} and after_next in _NOT_TARGET_AFTER
    ):
        return None
    if following in {":", "."} and after_next[:1].isalpha() and len(after_next) <= 2:
        return None  # ordinals such as "9:an", "3:e"
    if previous is not None:
        if previous.lower in _NOT_TARGET_BEFORE or (
            _STREET.search(previous.text) and previous.text[:1].isupper()
        ):
            return None
        is_age_bound = previous.lower in {"under", "över"} and value < 30
        if is_age_bound and (not following.isalpha() or following in _NP_STOP):
            return None  # "unga under 18"
    if _is_range_end(tokens, index):
        return None
    if _is_past_result(tokens, index):
        return None
    if token.lower in _ARTICLE_NUMBERS:
        if (
            following in _OCCASIONS
            or following in _LOWER_BOUNDS
            or before in _LOWER_BOUNDS | _UPPER_BOUNDS
        ):
            return value
        if allow_article and following not in {
            "par",
            "antal",
            "av",
            "del",
            "annan",
            "annat",
            "och",
        }:
            return value
        return None
    if token.lower == "sex" and following in _NP_STOP and not is_bounded:
        return None  # the noun, not the number
    return value


def _is_range_end(tokens: list[_Token], index: int) -> bool:
    if index < 2:
        return False
    joiner = tokens[index - 1].lower
    return (
        joiner in {"-", "–", "till", "och"}
        and parse_number(tokens[index - 2].text) is not None
        and (joiner != "och" or (index >= 3 and tokens[index - 3].lower == "mellan"))
    )


def _is_past_result(tokens: list[_Token], index: int) -> bool:
    for token in tokens[max(0, index - 6) : index]:
        if token.lower in _PAST:
            return True
        if token.lower in {",", ";"}:
            return False
    return False


def _target_at(
    tokens: list[_Token], index: int, value: int, per: str | None, per_positions: set[int]
) -> Target | None:
    count: int | None = value
    count_max: int | None = None
    qualifier: str | None = None
    before = [token.lower for token in tokens[max(0, index - 3) : index]]
    end = index + 1
    if (before[-1:] and before[-1] in _LOWER_BOUNDS) or before[-2:] == ["inte", "mindre"]:
        qualifier = "minst"
    elif (
        (before[-1:] and before[-1] in _UPPER_BOUNDS)
        or before[-2:] == ["upp", "till"]
        or before[-2:] == ["som", "mest"]
    ):
        qualifier = "högst"
        count, count_max = None, value
    elif before[-1:] and before[-1] in _ABOUT:
        qualifier = "cirka"
    if end < len(tokens) and tokens[end].lower in _LOWER_BOUNDS:
        qualifier = "minst"
        end += 1
    if end + 1 < len(tokens) and tokens[end].lower in {"-", "–", "till", "och"}:
        upper = parse_number(tokens[end + 1].text)
        if (
            upper is not None
            and upper > value
            and (tokens[end].lower != "och" or "mellan" in before)
        ):
            count_max = upper
            qualifier = qualifier or None
            end += 2
            if end < len(tokens) and tokens[end].lower in _NOT_TARGET_AFTER:
                return None
    unit: str | None
    if end < len(tokens) and tokens[end].lower in _OCCASIONS:
        unit = (
            _object_after_verb(tokens, end + 1, per_positions)
            or _object_after_verb(tokens[:index], 0, per_positions)
            or _noun_phrase(tokens[:index], 0, per_positions)
            or tokens[end].lower
        )
    else:
        unit = _noun_phrase(tokens, end, per_positions)
        if unit is None:
            unit = _noun_phrase_before(tokens, index - (1 if qualifier else 0))
        if unit is None:
            # "Hastighetskontroller på Brogatan, minst sex per termin": the item's head noun.
            unit = _object_after_verb(tokens[:index], 0, per_positions)
            unit = unit or _noun_phrase(tokens[:index], 0, per_positions)
    return Target(count, count_max, per, unit, qualifier)


def _noun_phrase(tokens: list[_Token], start: int, per_positions: set[int]) -> str | None:
    words: list[str] = []
    position = start
    while position < len(tokens) and not words and tokens[position].lower in _NP_SKIP_FIRST:
        position += 1
    while position < len(tokens) and len(words) < 5:
        token = tokens[position]
        if position in per_positions or not token.text[:1].isalpha():
            break
        if token.lower in {"och", "eller"} and words and _ADJECTIVE_END.search(words[-1]):
            nxt = tokens[position + 1] if position + 1 < len(tokens) else None
            if nxt is not None and nxt.text[:1].isalpha() and nxt.lower not in _NP_STOP:
                words.append(token.lower)
                position += 1
                continue
        if token.lower == "gemensamt" and not words:
            words.append(token.lower)  # "ett gemensamt medborgarmöte": an adjective here
            position += 1
            continue
        if token.lower in _NP_STOP or (
            parse_number(token.text) is not None and token.lower not in {"sex"}
        ):
            break
        if words and _TIME_NOUN.search(token.lower):
            break  # "föräldravandringar fredagskvällar": when, not what
        words.append(token.text if token.text.isupper() and len(token.text) > 1 else token.lower)
        position += 1
    while words and words[-1] in {"och", "eller"}:
        words.pop()
    return " ".join(words) or None


def _noun_phrase_before(tokens: list[_Token], index: int) -> str | None:
    words: list[str] = []
    position = index - 1
    while position >= 0 and len(words) < 3:
        token = tokens[position]
        if not token.text[:1].isalpha() and token.text not in {":"}:
            break
        if token.text == ":":
            position -= 1
            continue
        if token.lower in _NP_STOP or (_INFINITIVE.match(token.lower) and not words):
            break
        words.insert(0, token.lower)
        position -= 1
    return " ".join(words) or None


def _object_after_verb(tokens: list[_Token], start: int, per_positions: set[int]) -> str | None:
    position = start
    limit = min(len(tokens), start + 8)
    while position < limit:
        token = tokens[position]
        if position in per_positions or token.lower in {"under", "perioden", "året", "varje"}:
            position += 1
            continue
        if _INFINITIVE.match(token.lower) and token.lower not in _NOT_VERBS:
            phrase_start = position + 1
            while phrase_start < len(tokens) and tokens[phrase_start].lower in _ARTICLES:
                phrase_start += 1
            phrase = _noun_phrase(tokens, phrase_start, per_positions)
            # A definite object ("besöka skolorna") is where, not what is counted.
            if phrase is None or re.search(r"(?:orna|erna|arna|rna)$", phrase):
                return None
            return phrase
        if token.lower in _NP_STOP or token.lower in {"i", "kommunen", "polisen"}:
            position += 1
            continue
        return None
    return None
