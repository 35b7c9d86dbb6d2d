"""Masking of personal data in free text before it is stored.

:func:`mask_pii` replaces, in this order:

1. Swedish personnummer and samordningsnummer (day + 60) in the forms ``YYMMDD-NNNN``,
   ``YYMMDD+NNNN``, ``YYMMDD NNNN``, ``YYMMDDNNNN``, ``YYYYMMDD-NNNN``, ``YYYYMMDD NNNN`` and
   ``YYYYMMDDNNNN``, when the date part is plausible and the last digit passes the Luhn
   check → ``[personnummer]``;
2. e-mail addresses, also obfuscated as ``namn[at]domän.se``, ``namn (at) domän [dot] se`` or
   ``(punkt)`` (spelled-out ``namn at domän punkt se`` is not caught) → ``[e-post]``;
3. Swedish phone numbers: mobile and landline, national (``070-123 45 67``, ``08-123 456 78``,
   ``0701234567``, ``(08) 123 456 78``, ``070/123 45 67``, ``08/123 456 78``,
   ``070 - 123 45 67``, ``070.123.45.67``) or international (``+46 70 123 45 67``,
   ``0046…``, ``+46 (0)70…``) → ``[telefon]``; a failed personnummer shape (``YYMMDD-NNNN``),
   a date written with dots (``05.06.2025``) and the minutes of a time are not taken for one;
4. Swedish registration plates ``ABC 123``, ``ABC-123`` and ``ABC 12A`` (letters as issued:
   no I, Q, V, Å, Ä, Ö; the last position never O; currency codes such as ``SEK 500``
   excepted) → ``[regnr]``. Lower case is taken too (``abc 123``, ``abc123``), except when the
   three letters are a common Swedish word or abbreviation (``och 123 personer``,
   ``med 120 km/h``, ``rum 214``, ``tkr 250``).

Masking is idempotent: masked text contains nothing the patterns match. Numbers that merely
look similar (a ten-digit number failing Luhn, a year, a price) are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PERSONNUMMER = "[personnummer]"
PHONE = "[telefon]"
EMAIL = "[e-post]"
PLATE = "[regnr]"

_PERSONNUMMER_RE = re.compile(
    r"(?<![\d\w])(?P<century>(?:18|19|20))?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep>[-+ ]?)(?P<tail>\d{4})(?![\d\w])"
)
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])", re.UNICODE
)
# Obfuscated: "namn[at]domän.se", "namn (at) domän [dot] se", "namn(at)domän(punkt)se".
_OBFUSCATED_AT = r"\s?[\[(](?i:at)[\])]\s?"
_OBFUSCATED_DOT = r"(?:\.|\s?[\[(](?i:dot|punkt)[\])]\s?)"
_EMAIL_OBFUSCATED_RE = re.compile(
    rf"(?<![\w.+-])[\w.+-]*\w{_OBFUSCATED_AT}[\w-]+(?:{_OBFUSCATED_DOT}[\w-]+)*"
    rf"{_OBFUSCATED_DOT}[A-Za-z]{{2,}}(?![\w-])",
    re.UNICODE,
)
_PHONE_RE = re.compile(
    # Not glued to a word or a "+", and not the minutes of a time ("kl 7:05 20250622").
    r"(?<![\w+])(?<!\d[:.])"
    # Nor the month and day of a date followed by a time ("2025-06-22 1430").
    r"(?<!\d{4}-)"
    # A personnummer-shaped number that failed the Luhn check is not a phone number either.
    r"(?!\d{6}[-+ ]\d{4}(?!\d))"
    r"(?:"
    r"(?:"
    r"(?:\+|00)46[\s-]?(?:\(0\)[\s-]?)?[1-9]\d{0,2}[\s-]?"  # country code and area
    r"|\(0[1-9]\d{0,2}\)\s?"  # area code in brackets: (08) 123 456 78
    r"|0[1-9]\d{1,2}\s?/\s?"  # area code and slash: 070/123 45 67 (not a date like 05/06)
    r"|0[1-9]\d{0,2}(?:\s?-\s?|\s)?"  # the national trunk 0 and area / mobile prefix
    r")"
    r"\d(?:[\s-]?\d){4,7}"  # subscriber number, grouped by spaces or hyphens
    # Stockholm with a slash, 08/123 456 78: at least 7 digits, so "08/06 2025" is kept.
    r"|08\s?/\s?\d(?:[\s-]?\d){6,7}"
    # Dots, 070.123.45.67 or 0480.123.45: a 3-4 digit prefix and groups of 2-4 digits, so a
    # date (05.06.2025) or a time (08.15) is never one.
    r"|0[1-9]\d{1,2}(?:\.\d{2,4}){2,3}(?!\.\d)"
    r"|0[1-9]\d{1,2}\.\d{6,7}(?!\.\d)"  # 070.1234567
    r"|08(?:\.\d{2,3}){3}(?!\.\d)"  # 08.123.456.78
    r")"
    r"(?!\d)"
)
_PLATE_UPPER = "A-HJ-PR-UW-Z"  # letters used on plates: no I, Q, V, Å, Ä, Ö
_PLATE_LAST_UPPER = "A-HJ-NPR-UW-Z"  # the last position may be a letter, but never O
_CURRENCIES = "SEK|EUR|USD|NOK|DKK|GBP"  # "SEK 500" and "EUR 150" are amounts, not cars
# Common Swedish (and English) words and abbreviations spelled with plate letters only, which
# are followed by a number in ordinary lower-case text ("och 123 personer", "rum 214").
_LOWER_WORDS = (
    "apr|art|att|aug|bor|box|bra|dag|dec|del|dem|den|det|dnr|dom|ett|ext|far|feb|fem|fre|ger|"
    "ggr|han|har|hej|hem|hon|hus|jag|jan|jul|jun|kan|kap|kod|kom|led|lgh|maj|man|mar|med|men|"
    "mer|min|mkr|mob|mor|mot|ner|nog|nya|obs|och|okt|ons|ord|oss|per|pkt|rad|ref|rum|sal|sen|"
    "sep|sex|ska|sms|som|tar|tel|tfn|tim|tkr|tog|ton|tor|tre|tur|typ|upp|ute"
    # English, which turns up in mixed text ("the 290 kommuner", "all 70k").
    "|all|and|any|are|but|few|for|get|got|had|has|let|new|not|now|off|one|our|out|own|put|"
    "see|set|the|top|two|use|was|yes|you"
)
_UNITS = (
    "%|kr|kronor|sek|kkr|tkr|km|km/h|mil|m|meter|cm|mm|kg|g|ton|st|stycken|personer|pers|"
    "barn|elever|ggr|gånger|procent|år|min|minuter|tim|timmar|sekunder|dagar|dygn|veckor"
)
_PLATE_RE = re.compile(
    rf"(?<![\wÅÄÖåäö])(?!(?i:{_CURRENCIES})[ -]?\d)"
    rf"(?:[{_PLATE_UPPER}]{{3}}[ -]?\d{{2}}[0-9{_PLATE_LAST_UPPER}]"
    rf"|[{_PLATE_UPPER.lower()}]{{3}}\d{{2}}[0-9{_PLATE_LAST_UPPER.lower()}]"
    # Lower case with a space or a dash, unless the letters are a common word or the number
    # is followed by a unit ("… 300 meter", "… 150 kr").
    rf"|(?!(?:{_LOWER_WORDS})[ -])[{_PLATE_UPPER.lower()}]{{3}}[ -]\d{{2}}"
    rf"[0-9{_PLATE_LAST_UPPER.lower()}](?!\s?(?:{_UNITS})(?![\wÅÄÖåäö])))"
    r"(?![\wÅÄÖåäö])"
)


def luhn_ok(digits: str) -> bool:
    """Whether the digit string passes the Luhn (mod 10) check used by personnummer."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_personnummer(yymmdd: str, tail: str) -> bool:
    """Whether ``YYMMDD`` + ``NNNN`` is a plausible personnummer or samordningsnummer."""
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if not 1 <= month <= 12:
        return False
    if not (1 <= day <= 31 or 61 <= day <= 91):
        return False
    return luhn_ok(yymmdd + tail)


def _personnummer(match: re.Match[str]) -> str:
    yymmdd = match["yy"] + match["mm"] + match["dd"]
    return PERSONNUMMER if is_personnummer(yymmdd, match["tail"]) else match[0]


@dataclass(frozen=True)
class MaskResult:
    text: str
    counts: dict[str, int]

    @property
    def changed(self) -> bool:
        return any(self.counts.values())


def mask_pii_detailed(text: str) -> MaskResult:
    """Mask personal data in ``text`` and say how many of each kind were replaced."""
    counts = {"personnummer": 0, "email": 0, "phone": 0, "plate": 0}

    def counting(kind: str, replacement: str):  # type: ignore[no-untyped-def]
        def replace(match: re.Match[str]) -> str:
            counts[kind] += 1
            return replacement

        return replace

    def personnummer(match: re.Match[str]) -> str:
        result = _personnummer(match)
        if result == PERSONNUMMER:
            counts["personnummer"] += 1
        return result

    text = _PERSONNUMMER_RE.sub(personnummer, text)
    text = _EMAIL_RE.sub(counting("email", EMAIL), text)
    text = _EMAIL_OBFUSCATED_RE.sub(counting("email", EMAIL), text)
    text = _PHONE_RE.sub(counting("phone", PHONE), text)
    text = _PLATE_RE.sub(counting("plate", PLATE), text)
    return MaskResult(text=text, counts=counts)


def mask_pii(text: str) -> str:
    """Return ``text`` with personnummer, e-mail addresses, phone numbers and plates masked."""
    if not text:
        return text
    return mask_pii_detailed(text).text
