"""Build the labelled test set of :mod:`lofte.core.pii` (``fixtures/pii_testset.jsonl``).

Run ``.venv/bin/python lofte/core/tests/make_pii_testset.py`` to rewrite the file. The output
is deterministic (fixed seed), so a rerun gives the same bytes and ``test_pii_recall`` checks
that the committed file is what this script makes.

Each line is one snippet as residents and staff write tips and reports::

    {"id": 17, "text": "...", "spans": [{"start": 9, "end": 22, "kind": "phone"}],
     "negatives": [{"start": 30, "end": 38, "kind": "amount"}]}

``spans`` are the exact characters that must be masked (kinds ``personnummer``, ``phone``,
``email``, ``plate``); ``negatives`` are look-alikes that must be left untouched (years,
amounts, times, dates, street numbers, postcodes, ten-digit numbers failing the Luhn check,
order and case numbers, currency amounts). The generator checks the values itself (its own
Luhn and date rules, not those of ``pii.py``) so a bug there cannot hide in the labels.

Steps:

1. every template (free text with ``{slot}`` markers) is filled a few times with values drawn
   from the format lists below, cycling through the formats so each occurs;
2. the text is assembled piece by piece so every slot's offsets are known exactly;
3. records are numbered and written as JSON lines (UTF-8, ``ensure_ascii=False``).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

SEED = 20261122
OUTPUT = Path(__file__).parent / "fixtures" / "pii_testset.jsonl"
POSITIVE_KINDS = ("personnummer", "phone", "email", "plate")


# --- value generators -----------------------------------------------------------------------


def luhn_digit(nine: str) -> str:
    """The check digit that makes ``nine`` + digit pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(nine)):
        d = int(ch)
        if i % 2 == 0:  # from the right, the digit next to the check digit is doubled
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def _birth_date(rng: random.Random) -> dt.date:
    return dt.date(1925, 1, 1) + dt.timedelta(days=rng.randrange(0, 90 * 365))


PN_FORMATS = ("yymmdd-nnnn", "yymmdd+nnnn", "yymmddnnnn", "yyyymmdd-nnnn", "yyyymmddnnnn",
              "samordning-yymmdd-nnnn", "samordning-yyyymmddnnnn", "samordning-yymmddnnnn")


def personnummer(rng: random.Random, fmt: str) -> str:
    born = _birth_date(rng)
    day = born.day + (60 if fmt.startswith("samordning") else 0)
    yymmdd = f"{born.year % 100:02d}{born.month:02d}{day:02d}"
    serial = f"{rng.randrange(0, 1000):03d}"
    tail = serial + luhn_digit(yymmdd + serial)
    century = f"{born.year // 100}"
    shape = fmt.removeprefix("samordning-")
    return {
        "yymmdd-nnnn": f"{yymmdd}-{tail}",
        "yymmdd+nnnn": f"{yymmdd}+{tail}",
        "yymmddnnnn": f"{yymmdd}{tail}",
        "yyyymmdd-nnnn": f"{century}{yymmdd}-{tail}",
        "yyyymmddnnnn": f"{century}{yymmdd}{tail}",
    }[shape]


def bad_personnummer(rng: random.Random, fmt: str) -> str:
    """A well-formed date and serial whose check digit is wrong."""
    good = personnummer(rng, fmt)
    last = int(good[-1])
    return good[:-1] + str((last + rng.randrange(1, 10)) % 10)


PHONE_FORMATS = (
    "070-123 45 67", "070 123 45 67", "0701234567", "070-1234567", "070 1234567",
    "070-12 34 567", "+46 70 123 45 67", "+46701234567", "+46 70-123 45 67", "0046 70 123 45 67",
    "0046701234567", "+46 (0)70-123 45 67", "+46-70-1234567", "070/123 45 67", "(070) 123 45 67",
    "08-123 456 78", "08 123 456 78", "08-12 34 56", "08-1234567", "+46 8 123 456 78",
    "(08) 123 456 78", "0383-123 45", "0383-12 34 56", "0383 123 45", "036-12 34 56",
    "036 123 456", "0470-123 45", "010-123 45 67", "010 123 45 67", "0771-123 123",
    "+46 383 123 45", "+4636123456",
)


def phone(rng: random.Random, fmt: str) -> str:
    """Fill the last six digits of the shape ``fmt`` at random, keeping prefix and grouping."""
    chars = list(fmt)
    positions = [i for i, ch in enumerate(chars) if ch.isdigit()][-6:]
    for i in positions:
        chars[i] = str(rng.randrange(0, 10))
    return "".join(chars)


EMAIL_LOCALS = ("anna.svensson", "kalle_88", "p.nilsson", "lena-lind", "ANNA.BERG", "jonas",
                "m.karlsson+tips", "ebba.o", "åsa.öberg", "jöns.ärlig", "info", "fam.andersson",
                "stig1952", "sara.h")
EMAIL_DOMAINS = ("example.se", "hotmail.com", "gmail.com", "telia.com", "mail.vetlanda.se",
                 "elev.skola.vetlanda.se", "outlook.com", "VETLANDA.SE", "bredband.net",
                 "foretag.co.uk", "vetlandabostader.se", "hem.utfors.se")


def email(rng: random.Random, index: int) -> str:
    local = EMAIL_LOCALS[index % len(EMAIL_LOCALS)]
    domain = EMAIL_DOMAINS[(index * 5 + rng.randrange(0, 3)) % len(EMAIL_DOMAINS)]
    return f"{local}@{domain}"


PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUWXYZ"  # no I, Q, V, Å, Ä, Ö
PLATE_LAST = "ABCDEFGHJKLMNPRSTUWXYZ"  # the last position is never O
CURRENCIES = {"SEK", "EUR", "USD", "NOK", "DKK", "GBP"}
PLATE_FORMATS = ("old-space", "old-tight", "new-space", "new-tight", "old-lower", "new-lower",
                 "old-hyphen")


def plate(rng: random.Random, fmt: str) -> str:
    letters = "".join(rng.choice(PLATE_LETTERS) for _ in range(3))
    while letters in CURRENCIES:
        letters = "".join(rng.choice(PLATE_LETTERS) for _ in range(3))
    digits = f"{rng.randrange(0, 100):02d}"
    last = str(rng.randrange(0, 10)) if fmt.startswith("old") else rng.choice(PLATE_LAST)
    text = {
        "space": f"{letters} {digits}{last}",
        "tight": f"{letters}{digits}{last}",
        "lower": f"{letters}{digits}{last}".lower(),
        "hyphen": f"{letters}-{digits}{last}",
    }[fmt.split("-")[1]]
    return text


MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
STREETS = ("Storgatan", "Kungsgatan", "Järnvägsgatan", "Skolgatan", "Östra Esplanaden",
           "Lasarettsgatan", "Ringvägen", "Mejerigatan", "Bangårdsgatan")
PLACES = ("Vetlanda", "Växjö", "Älmhult", "Jönköping", "Nässjö", "Eksjö", "Sävsjö")


def negative(rng: random.Random, kind: str) -> str:
    if kind == "year":
        return str(rng.randrange(1950, 2027))
    if kind == "amount":
        return rng.choice((f"{rng.randrange(1, 99)} {rng.randrange(0, 1000):03d} kr",
                           f"{rng.randrange(100, 999)} kr", f"{rng.randrange(1, 20)} 000 kronor",
                           f"{rng.randrange(1, 9)} {rng.randrange(0, 1000):03d}:-",
                           f"SEK {rng.randrange(100, 999)}", f"EUR {rng.randrange(10, 999)}"))
    if kind == "time":
        h, m = rng.randrange(0, 24), rng.choice((0, 5, 15, 20, 30, 45, 50))
        return rng.choice((f"kl {h:02d}.{m:02d}", f"kl. {h}:{m:02d}", f"{h:02d}:{m:02d}",
                           f"kl {max(h, 1)}", f"{h:02d}.{m:02d}–{(h + 1) % 24:02d}.{m:02d}"))
    if kind == "date":
        d = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 1100))
        return rng.choice((d.isoformat(), f"{d.day}/{d.month}", f"{d.day} {MONTHS[d.month - 1]}",
                           f"{d.day:02d}.{d.month:02d}.{d.year}", f"{d:%Y%m%d}",
                           f"{d.day}/{d.month} {d.year}", f"{d:%y%m%d}"))
    if kind == "street":
        number = rng.randrange(1, 120)
        suffix = rng.choice(("", "", "A", "B", " C", " lgh 1102"))
        return f"{rng.choice(STREETS)} {number}{suffix}"
    if kind == "postcode":
        first = rng.randrange(100, 999)
        second = rng.randrange(0, 100)
        return rng.choice((f"{first} {second:02d} {rng.choice(PLACES)}",
                           f"{first}{second:02d} {rng.choice(PLACES)}"))
    if kind == "badpn":
        return bad_personnummer(rng, rng.choice(PN_FORMATS))
    if kind == "order":
        while True:
            number = rng.choice((
                f"{rng.randrange(4500000000, 4599999999)}",  # month 00: never a personnummer
                f"{rng.randrange(2023, 2027)}-{rng.randrange(1, 999999):06d}",
                f"{rng.randrange(100000, 9999999)}", f"ÄR-{rng.randrange(1000, 99999)}",
                f"{rng.randrange(10, 99)}-{rng.randrange(100000, 999999)}",
            ))
            if not _looks_like_personnummer(number):
                return number
    raise ValueError(kind)


def _looks_like_personnummer(number: str) -> bool:
    digits = re.sub(r"[-+]", "", number)
    if not digits.isdigit() or len(digits) not in {10, 12}:
        return False
    short = digits[-10:]
    month, day = int(short[2:4]), int(short[4:6])
    if not 1 <= month <= 12 or not (1 <= day <= 31 or 61 <= day <= 91):
        return False
    return luhn_digit(short[:9]) == short[9]


# --- templates ------------------------------------------------------------------------------

TEMPLATES: list[str] = [
    # personnummer
    "Min son {pn} blev rånad vid busstationen igår {time}.",
    "Personnummer: {pn}. Hon vill inte att namnet kommer ut.",
    "Killen som slog sönder rutan heter Jonas ({pn}), han bor på {street}.",
    "Anmälare {pn} uppger att det var stökigt i trapphuset hela natten",
    "pnr {pn} gäller den som hotade personalen {date}",
    "Jag heter Stig, {pn}, och jag har sett knarkaffärer bakom ICA varje fredag",
    "Fastighetsskötaren noterade att hyresgästen ({pn}) haft fest till {time}",
    "Mitt personnr är {pn} om ni behöver ringa upp. Ring {phone}",
    "Samordningsnummer {pn}, asylsökande pojke som blivit hotad vid skolan",
    "Tjejen {pn} och hennes kompis {pn} blev förföljda på {street}",
    # phone
    "ring mig på {phone} så berättar jag mer",
    "Bor på {street}, {postcode}. Tel {phone}",
    "Det har varit gäng vid lekplatsen sedan {time}, ni når mig på {phone}.",
    "Kontakta mig: {phone} (efter {time})",
    "Mobil:{phone}",
    "Ring gärna fastighetsjouren {phone} om ni behöver komma in i källaren.",
    "Hej! Det är klotter på hela gaveln igen, andra gången sedan {date}. Mvh Lena {phone}",
    "Vaktmästaren {phone} har bilder på skadorna som kostade {amount}",
    "Om ni vill veta mer kan ni ringa {phone} eller {phone}",
    "tel.{phone} / Eva",
    "Skolans expedition ({phone}) kan bekräfta att det hände {date}.",
    "Grannen ringer ofta polisen, hennes nummer är {phone}!",
    # email
    "Skriv till {email} om ni vill ha bilder.",
    "Mejla {email}. Jag vill vara anonym för grannarna.",
    "Återkoppling till {email} tack",
    "Kontakt: Anna <{email}>",
    "e-post {email} eller ring {phone}",
    "Jag har skickat filmen till {email}, den är från {date}.",
    "Mail:{email}",
    "Skicka gärna svar ({email}) när ni vet något",
    # plates
    "Bilen {plate} kör som en galning vid skolan varje morgon {time}",
    "En vit Volvo med regnr {plate} stod parkerad på gångbanan vid {street}",
    "Mopeden utan skylt och en BMW ({plate}) körde race på {street} {date}",
    "reg nr {plate} har stått övergiven i {amount_free}veckor",
    "Två bilar, {plate} och {plate}, buskör på parkeringen efter {time}",
    "Samma bil som förra gången: {plate}!",
    "Det luktar cannabis från bilen {plate}, den står vid återvinningen",
    "Såg en svart Audi {plate} som släppte av ungdomar vid skogen",
    "Regnummer:{plate}",
    "Bilen ({plate}) har stått på handikapplatsen sedan {date}",
    # mixed
    "Anmälare {pn}, tel {phone}, e-post {email}. Bilen {plate} kör för fort.",
    "Ring {phone} eller mejla {email} angående bilen {plate}",
    "{plate} kör varje natt, ägaren heter Per {pn}",
    # negatives only
    "Det hände {date} {time} utanför {street}, {postcode}.",
    "Skadorna på busskuren kostar {amount} att laga, sa kommunen {year}.",
    "Ärendenummer {order}. Klottret är kvar sedan {date}.",
    "Ordernummer {order} gäller nya lampor vid {street}",
    "Jag bor på {street} och har bott här sedan {year}.",
    "Mellan {time} och {time} var det {count} ungdomar på torget.",
    "Fakturanr {order}, belopp {amount}",
    "Numret {badpn} stod klottrat på väggen",
    "Kassakvitto {badpn} hittades på platsen",
    "Trafikverket, ärende {order}, anmält {date}",
    "Över {count} personer samlades vid {street} {date}",
    "Adress: {street}, {postcode}",
    "Ca {count} bilar körde runt i centrum mellan {time} och {time} {date}",
    "Senast renoverat {year}, skadegörelse för {amount}",
    "Bussen linje {small} var försenad, avgång {time}",
    "Matchen {year}: {small}-{small}, sedan bråk vid {street}",
    "Kod till porten är {small_digits}, trapphus {upper_word} är mest utsatt",
]

# How many records each template produces; positives get more fills so every format occurs.
FILLS_POSITIVE = 10
FILLS_NEGATIVE = 9


def build() -> list[dict[str, object]]:
    """Return the labelled records (deterministic)."""
    rng = random.Random(SEED)
    counters = {"pn": 0, "phone": 0, "email": 0, "plate": 0}
    records: list[dict[str, object]] = []

    def value(slot: str) -> tuple[str, str | None, str | None]:
        """(text, positive kind or None, negative kind or None)."""
        if slot == "pn":
            counters["pn"] += 1
            return personnummer(rng, PN_FORMATS[counters["pn"] % len(PN_FORMATS)]), \
                "personnummer", None
        if slot == "phone":
            counters["phone"] += 1
            return phone(rng, PHONE_FORMATS[counters["phone"] % len(PHONE_FORMATS)]), \
                "phone", None
        if slot == "email":
            counters["email"] += 1
            return email(rng, counters["email"]), "email", None
        if slot == "plate":
            counters["plate"] += 1
            return plate(rng, PLATE_FORMATS[counters["plate"] % len(PLATE_FORMATS)]), \
                "plate", None
        if slot == "amount_free":
            return rng.choice(("", "tre ", "två ", "snart fyra ")), None, None
        if slot == "count":
            return str(rng.randrange(5, 400)), None, "count"
        if slot == "small":
            return str(rng.randrange(1, 30)), None, "count"
        if slot == "small_digits":
            return f"{rng.randrange(1000, 9999)}", None, "count"
        if slot == "upper_word":
            return rng.choice(("A", "B", "C", "ABC", "Hus 3")), None, None
        return negative(rng, slot), None, slot

    for template in TEMPLATES:
        slots = re.findall(r"\{(\w+)\}", template)
        has_positive = any(s in counters for s in slots)
        for _ in range(FILLS_POSITIVE if has_positive else FILLS_NEGATIVE):
            text = ""
            spans: list[dict[str, object]] = []
            negatives: list[dict[str, object]] = []
            for i, piece in enumerate(re.split(r"\{(\w+)\}", template)):
                if i % 2 == 0:
                    text += piece
                    continue
                filled, positive_kind, negative_kind = value(piece)
                start = len(text)
                text += filled
                if positive_kind:
                    spans.append({"start": start, "end": len(text), "kind": positive_kind})
                elif negative_kind:
                    negatives.append({"start": start, "end": len(text), "kind": negative_kind})
            records.append({"id": len(records) + 1, "text": text, "spans": spans,
                            "negatives": negatives})
    return records


def render(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main() -> None:
    records = build()
    OUTPUT.write_text(render(records), encoding="utf-8")
    print(f"{len(records)} poster skrivna till {OUTPUT}")


if __name__ == "__main__":
    main()
