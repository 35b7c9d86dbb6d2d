# ruff: noqa: E501  (a data file: long labelled snippets are kept on one line)
"""Build the held-out personal-data test set ``pii_heldout.jsonl``.

Written 2026-11-22 WITHOUT looking at ``lofte/core/pii.py``, its tests or the existing
labelled set (``fixtures/pii_testset.jsonl`` / ``make_pii_testset.py``). See README.md here.

Snippets are written with inline labels ``⟦kind|text⟧`` (or ``⟦kind:what|text⟧``); the builder
strips the markup and records character offsets. Kinds:

* ``pnr``    personnummer / samordningsnummer (date valid, Luhn checksum valid)
* ``phone``  Swedish telephone number
* ``email``  e-mail address (including ``[at]`` / ``(at)`` obfuscations, see README)
* ``plate``  Swedish registration plate, ABC 123 or ABC 12A (not personalised plates)
* ``neg``    a tricky string that must NOT be masked (``neg:date``, ``neg:postcode`` …)
* ``oos``    out of scope: neither counted as a miss nor as a false positive if masked

Run: ``python lofte/core/tests/data/build_pii_heldout.py`` (deterministic, seed below).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

SEED = 20261122
OUT = Path(__file__).with_name("pii_heldout.jsonl")
MARK = re.compile(r"⟦([a-z]+)(?::([a-z0-9_.-]+))?\|(.*?)⟧", re.S)


# --------------------------------------------------------------------------- checks
def luhn_digit(nine: str) -> int:
    total = 0
    for i, c in enumerate(nine):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return (10 - total % 10) % 10


def pnr_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return digits[-10:] if len(digits) == 12 else digits


def pnr_is_valid(text: str) -> bool:
    d = pnr_digits(text)
    if len(d) != 10 or luhn_digit(d[:9]) != int(d[9]):
        return False
    full = re.sub(r"\D", "", text)
    yy, mm, dd = int(d[0:2]), int(d[2:4]), int(d[4:6])
    if dd > 60:
        dd -= 60
    year = int(full[:4]) if len(full) == 12 else (1900 + yy if yy > 26 else 2000 + yy)
    if "+" in text and len(full) == 10:
        year -= 100
    try:
        dt.date(year, mm, dd)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- generators
rng = random.Random(SEED)

PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUWXYZ"  # no I, Q, V, Å, Ä, Ö
PLATE_LAST = "ABCDEFGHJKLMNPRSTUWXYZ"  # new format: last char, no O


def gen_pnr(form: str) -> str:
    while True:
        if form == "plus":
            year = rng.randint(1912, 1925)
        elif form.startswith("y2k"):
            year = rng.randint(2000, 2012)
        else:
            year = rng.randint(1932, 2010)
        day0 = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        day = day0.day + (60 if form.startswith("samordning") else 0)
        nine = f"{year % 100:02d}{day0.month:02d}{day:02d}{rng.randint(0, 999):03d}"
        ten = nine + str(luhn_digit(nine))
        cc = str(year)[:2]
        out = {
            "short-dash": f"{ten[:6]}-{ten[6:]}",
            "short-plain": ten,
            "long-dash": f"{cc}{ten[:6]}-{ten[6:]}",
            "long-plain": cc + ten,
            "plus": f"{ten[:6]}+{ten[6:]}",
            "short-space": f"{ten[:6]} {ten[6:]}",
            "long-space": f"{cc}{ten[:6]} {ten[6:]}",
            "samordning-short": f"{ten[:6]}-{ten[6:]}",
            "samordning-long": f"{cc}{ten}",
            "y2k-dash": f"{ten[:6]}-{ten[6:]}",
        }[form]
        if pnr_is_valid(out):
            return out


def gen_bad_pnr(long: bool = False) -> str:
    """A real date, but the checksum is wrong (never starting with 0: that reads as a phone)."""
    year = rng.randint(1940, 1999)
    day0 = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    nine = f"{year % 100:02d}{day0.month:02d}{day0.day:02d}{rng.randint(0, 999):03d}"
    bad = (luhn_digit(nine) + rng.randint(1, 9)) % 10
    ten = nine + str(bad)
    return (str(year)[:2] + ten) if long else rng.choice([ten, f"{ten[:6]}-{ten[6:]}"])


def digits(n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def group(sub: str, pattern: tuple[int, ...], sep: str = " ") -> str:
    parts, i = [], 0
    for n in pattern:
        parts.append(sub[i : i + n])
        i += n
    return sep.join(parts)


MOBILE = ["070", "072", "073", "076", "079"]
AREA3 = ["011", "013", "016", "018", "019", "021", "023", "026", "031", "033", "035", "036",
         "040", "042", "044", "046", "054", "060", "063", "090"]
AREA4 = ["0120", "0171", "0224", "0250", "0280", "0300", "0340", "0410", "0418", "0431",
         "0451", "0470", "0480", "0490", "0510", "0520", "0550", "0570", "0590", "0611",
         "0640", "0660", "0680", "0910", "0920", "0980"]

PHONE_FORMS = [
    "mobile-dash-groups", "mobile-plain", "mobile-space", "mobile-dash-plain", "intl-plus-space",
    "intl-plus-plain", "intl-00", "intl-plus-0", "mobile-dots", "mobile-paren", "mobile-slash",
    "08-8", "08-7", "08-6", "08-paren", "intl-08", "area3-6", "area3-7", "area3-plain",
    "area4-5", "area4-6", "020", "0771", "mobile-old-split", "mobile-spaced-dash",
]


def gen_phone(form: str) -> str:
    mob, sub7 = rng.choice(MOBILE), digits(7)
    g7 = group(sub7, (3, 2, 2))
    if form == "mobile-dash-groups":
        return f"{mob}-{g7}"
    if form == "mobile-plain":
        return mob + sub7
    if form == "mobile-space":
        return f"{mob} {g7}"
    if form == "mobile-dash-plain":
        return f"{mob}-{sub7}"
    if form == "intl-plus-space":
        return f"+46 {mob[1:]} {g7}"
    if form == "intl-plus-plain":
        return f"+46{mob[1:]}{sub7}"
    if form == "intl-00":
        return rng.choice([f"0046 {mob[1:]} {g7}", f"0046{mob[1:]}{sub7}", f"0046-{mob[1:]}-{sub7}"])
    if form == "intl-plus-0":
        return f"+46 (0){mob[1:]}-{g7}"
    if form == "mobile-dots":
        return rng.choice([f"{mob}.{group(sub7, (3, 2, 2), '.')}", f"{mob}.{sub7[:3]}.{sub7[3:]}"])
    if form == "mobile-paren":
        return f"({mob}) {g7}"
    if form == "mobile-slash":
        return f"{mob}/{g7}"
    if form == "mobile-old-split":
        return f"{mob}{sub7[0]}-{group(sub7[1:], (2, 2, 2))}"
    if form == "mobile-spaced-dash":
        return f"{mob} - {g7}"
    if form == "08-8":
        return f"08-{group(digits(8), (3, 3, 2))}"
    if form == "08-7":
        return rng.choice([f"08-{group(digits(7), (3, 2, 2))}", f"08 {group(digits(7), (3, 2, 2))}"])
    if form == "08-6":
        return f"08-{group(digits(6), (2, 2, 2))}"
    if form == "08-paren":
        return f"(08) {group(digits(8), (3, 3, 2))}"
    if form == "intl-08":
        return rng.choice([f"+46 8 {group(digits(8), (3, 3, 2))}", f"+46 (0)8-{group(digits(7), (3, 2, 2))}",
                           f"+468{digits(8)}"])
    if form == "area3-6":
        return f"{rng.choice(AREA3)}-{group(digits(6), (2, 2, 2))}"
    if form == "area3-7":
        return rng.choice([f"{rng.choice(AREA3)}-{group(digits(7), (3, 2, 2))}",
                           f"{rng.choice(AREA3)} {group(digits(7), (3, 2, 2))}"])
    if form == "area3-plain":
        return rng.choice(AREA3) + digits(7)
    if form == "area4-5":
        return f"{rng.choice(AREA4)}-{group(digits(5), (3, 2))}"
    if form == "area4-6":
        return rng.choice([f"{rng.choice(AREA4)}-{group(digits(6), (2, 2, 2))}",
                           f"{rng.choice(AREA4)}-{digits(6)}", f"{rng.choice(AREA4)} {group(digits(6), (2, 2, 2))}"])
    if form == "020":
        return rng.choice([f"020-{group(digits(6), (2, 2, 2))}", f"020-{group(digits(6), (3, 3))}", "020" + digits(6)])
    if form == "0771":
        return rng.choice([f"0771-{group(digits(6), (3, 3))}", f"0771-{group(digits(6), (2, 2, 2))}"])
    raise ValueError(form)


FIRST = ["anna", "erik", "maria", "johan", "sara", "lars", "karin", "mohammed", "fatima", "olle",
         "elin", "mikael", "ida", "ahmed", "linnea", "per", "emma", "nils", "sofia", "hassan"]
LAST = ["svensson", "andersson", "lind", "berg", "nilsson", "karlsson", "ali", "johansson",
        "holm", "lundqvist", "ek", "nyberg", "abdi", "persson", "wallin"]
SWEDISH = [("åsa", "öberg"), ("björn", "ström"), ("märta", "åkesson"), ("göran", "häll"),
           ("jörgen", "sjögren"), ("linnéa", "nordström")]
DOMAINS = ["gmail.com", "hotmail.se", "hotmail.com", "outlook.com", "telia.com", "live.se",
           "icloud.com", "yahoo.se", "bredband.net", "spray.se", "bahnhof.se", "me.com"]
ORG_DOMAINS = ["goteborg.se", "stockholm.se", "malmo.se", "polisen.se", "student.lu.se",
               "edu.uppsala.se", "mail.kommun.vaxjo.se", "bostads-bolaget.se", "hyresgast.co.uk",
               "fastighet.example.nu"]
EMAIL_FORMS = ["first.last", "firstlast-digits", "initial.last-org", "plus", "upper",
               "swedish-local", "underscore-hyphen", "subdomain", "obf-bracket-at",
               "obf-paren-at", "obf-bracket-at-dot", "short"]


def gen_email(form: str) -> str:
    f, last = rng.choice(FIRST), rng.choice(LAST)
    d = rng.choice(DOMAINS)
    if form == "first.last":
        return f"{f}.{last}@{d}"
    if form == "firstlast-digits":
        return f"{f}{last}{rng.randint(50, 99)}@{d}"
    if form == "initial.last-org":
        return f"{f[0]}.{last}@{rng.choice(ORG_DOMAINS)}"
    if form == "plus":
        return f"{f}.{last}+{rng.choice(['tips', 'kommun', 'polis', 'grannar'])}@{d}"
    if form == "upper":
        return rng.choice([f"{f.upper()}.{last.upper()}@{d.upper()}", f"{f.capitalize()}.{last.capitalize()}@{d.capitalize()}"])
    if form == "swedish-local":
        a, b = rng.choice(SWEDISH)
        return rng.choice([f"{a}.{b}@{d}", f"{a}{b}@{d}", f"{a.capitalize()}.{b.capitalize()}@{d}"])
    if form == "underscore-hyphen":
        return rng.choice([f"{f}_{last}@{d}", f"{f}-{last}@{d}", f"{f}_{last}_{rng.randint(1, 9)}@{d}"])
    if form == "subdomain":
        return f"{f}.{last}@{rng.choice(['mail', 'post', 'e'])}.{rng.choice(ORG_DOMAINS)}"
    if form == "obf-bracket-at":
        return rng.choice([f"{f}.{last}[at]{d}", f"{f}.{last} [at] {d}"])
    if form == "obf-paren-at":
        return rng.choice([f"{f}.{last}(at){d}", f"{f}{last} (at) {d}"])
    if form == "obf-bracket-at-dot":
        name, tld = d.rsplit(".", 1)
        return rng.choice([f"{f}[at]{name}[dot]{tld}", f"{f}.{last}(at){name}(punkt){tld}", f"{f} [at] {name} [dot] {tld}"])
    if form == "short":
        return f"{f[0]}{last[0]}@{rng.choice(['ab.se', 'x.nu', 'kf.se'])}"
    raise ValueError(form)


PLATE_FORMS = ["old-space", "old-plain", "new-space", "new-plain", "lower-space", "lower-plain",
               "dash", "new-lower", "new-dash"]


def gen_plate(form: str) -> str:
    letters = "".join(rng.choice(PLATE_LETTERS) for _ in range(3))
    old = f"{rng.randint(0, 999):03d}"
    new = f"{rng.randint(0, 99):02d}{rng.choice(PLATE_LAST)}"
    return {
        "old-space": f"{letters} {old}",
        "old-plain": f"{letters}{old}",
        "new-space": f"{letters} {new}",
        "new-plain": f"{letters}{new}",
        "lower-space": f"{letters} {old}".lower(),
        "lower-plain": f"{letters}{old}".lower(),
        "dash": f"{letters}-{old}",
        "new-lower": f"{letters} {new}".lower(),
        "new-dash": f"{letters}-{new}",
    }[form]


PNR_FORMS = ["short-dash", "short-plain", "long-dash", "long-plain", "plus", "short-space",
             "long-space", "samordning-short", "samordning-long", "y2k-dash"]

# --------------------------------------------------------------------------- frames
PNR_FRAMES = [
    ("est", "Förare stoppad vid ⟦neg:street|Kungsgatan 12⟧, pnr {V}, saknade körkort."),
    ("est", "Misstänkt: man, personnr {V}, anträffad ⟦neg:time|kl. 23.40⟧."),
    ("est", "Målsägande {V} uppger att plånboken stals ⟦neg:date|2025-11-14⟧."),
    ("tips", "Jag vet vem det var, han heter Erik och är född {V}."),
    ("tips", "Hans personnummer är {V} om ni behöver det."),
    ("tips", "tjejen som klottrar har pnr {V} hon bor i ⟦neg:postcode|415 02⟧ Göteborg"),
    ("open311", "Jag heter Maria Lind ({V}) och vill anmäla en trasig lampa vid ⟦neg:street|Björkvägen 7⟧."),
    ("open311", "Personnummer: {V}\nBeskrivning: Hål i cykelbanan sedan ⟦neg:date|3 oktober⟧."),
    ("meeting", "Ärendet gäller en elev (pnr {V}) på skolan, se ⟦neg:dnr|Dnr BUN 2025/0143⟧."),
    ("meeting", "Socialtjänsten har kontakt med familjen; barnets personnr {V}."),
    ("dialogue", "Samtal med boende, född {V}, som upplever otrygghet vid hållplatsen för ⟦neg:busline|linje 16⟧."),
    ("dialogue", "Kontaktperson i föreningen: Ahmed ({V}), ⟦neg:count|12⟧ deltagare."),
    ("est", "Omhändertagen enligt LOB ⟦neg:time|02:15⟧, {V}, fördes till arresten."),
    ("est", "P-nr {V}. Anmäld för ringa stöld, värde ⟦neg:amount|349 kr⟧."),
    ("tips", "grannen {V} kör rattfull nästan varje helg"),
    ("tips", "Pnr:{V}"),
    ("open311", "Sökande: {V}. Ärendet avser ⟦neg:street|Parkgatan 3B⟧."),
    ("meeting", "Beslut om kontaktförbud för person med personnummer {V} gäller till ⟦neg:date|2026-03-31⟧."),
    ("dialogue", "Mamman (f. {V}) berättade att sonen hänger vid centrum efter ⟦neg:time|kl 21⟧."),
    ("est", "Vittne: {V}, nås via arbetsgivaren."),
    ("est", "Anhållen {V} ⟦neg:datetime|2025-10-02 14:05⟧ i ärende ⟦neg:case|5000-K123456-25⟧."),
    ("tips", "Personnumret {V} står på lappen han tappade."),
]

PHONE_FRAMES = [
    ("tips", "Ring mig på {V} om ni har frågor."),
    ("tips", "mitt nummer {V}"),
    ("est", "Anmälaren nås på tfn {V} efter ⟦neg:time|kl 16⟧."),
    ("est", "Målsägande, mobil {V}, hörs på nytt ⟦neg:date|2025-12-01⟧."),
    ("open311", "Kontakt: {V}"),
    ("open311", "Hej! Gatlampan utanför ⟦neg:street|Ekvägen 22⟧ är trasig. Ni kan nå mig på {V}."),
    ("meeting", "Fastighetsvärden (tel. {V}) lovade att åtgärda belysningen före ⟦neg:week|vecka 48⟧."),
    ("meeting", "Kontaktperson för nattvandrarna: Lena, {V}."),
    ("dialogue", "Föreståndaren vill bli kontaktad på {V} angående ⟦neg:count|15⟧ ungdomar som samlas kvällstid."),
    ("tips", "Han säljer från en bil, hans nummer är {V} (står på Blocket)."),
    ("est", "Tfn: {V}"),
    ("tips", "sms:a {V} så svarar jag"),
    ("open311", "Telefon {V}, helst dagtid ⟦neg:time|08.00–16.00⟧."),
    ("meeting", "Polisens kontaktperson nås på {V} eller via växeln."),
    ("dialogue", "Ring {V} om det blir stökigt igen, sa vaktmästaren."),
    ("est", "Vittnet lämnade nummer {V} och gick därifrån ⟦neg:time|22:47⟧."),
    ("tips", "Bilen tillhör nog den som har nummer {V}"),
    ("open311", "Återkoppling önskas per telefon: {V}."),
    ("meeting", "Frågor om trygghetsvandringen: {V} (Anna)."),
    ("dialogue", "Mobil: {V}. Vill vara anonym i rapporten."),
    ("est", "Målsägandens tfn {V}, adress ⟦neg:street|Tallvägen 4⟧, ⟦neg:postcode|433 31⟧ Partille."),
    ("tips", "Han ringde från {V} och sa att han skulle komma tillbaka."),
    ("open311", "Namn: Per Holm\nTelefon: {V}\nÄrende: klotter på ⟦neg:street|Skolgatan 8⟧"),
]

EMAIL_FRAMES = [
    ("tips", "Maila mig på {V} om ni behöver mer info."),
    ("open311", "E-post: {V}"),
    ("open311", "Skicka återkoppling till {V}, tack!"),
    ("est", "Målsägande önskar kontakt via e-post {V}."),
    ("meeting", "Protokollet skickas till {V} senast ⟦neg:date|15/12⟧."),
    ("dialogue", "Föreningens ordförande ({V}) bjuder in till möte ⟦neg:time|kl 18.30⟧."),
    ("tips", "hon skriver från {V} och hotar folk"),
    ("est", "Bedragaren använde adressen {V} i kontakten med målsäganden."),
    ("meeting", "Kontakt: {V}, ⟦neg:room|rum 214⟧."),
    ("open311", "Jag heter Sara och nås på {V}."),
    ("dialogue", "Hör av dig till {V}."),
    ("tips", "Skärmdump på mejlet från {V} bifogas."),
    ("est", "Säljaren angav e-postadressen <{V}> och begärde swish på ⟦neg:amount|2 500 kr⟧."),
    ("meeting", "Ansvarig: Johan ({V}; tfn via växeln)."),
    ("open311", "mail {V}"),
    ("dialogue", "Mejla gärna {V} före ⟦neg:date|1 december⟧."),
]

PLATE_FRAMES = [
    ("tips", "En vit Volvo med reg.nr {V} står parkerad här varje natt."),
    ("tips", "bilen {V} kör som en galning på Skolgatan"),
    ("est", "Fordonet {V} kontrollerades ⟦neg:time|kl. 01.12⟧, föraren blåste ⟦neg:promille|0,34⟧ promille."),
    ("est", "Personbil {V}, ägare ej anträffad."),
    ("open311", "Övergiven bil med registreringsnummer {V} på gästparkeringen."),
    ("open311", "Felparkerad bil ({V}) blockerar infarten till ⟦neg:street|Lövstigen 9⟧."),
    ("meeting", "Moppebilen {V} har setts vid skolan flera gånger."),
    ("dialogue", "Boende berättar om en svart BMW, {V}, som kör i området på nätterna."),
    ("tips", "regnr {V}"),
    ("est", "Stulen bil {V} återfunnen på ⟦neg:street|Industrivägen 41⟧."),
    ("est", "Rapporterad för hastighetsöverträdelse, {V}, ⟦neg:speed|87 km/h⟧ där det är ⟦neg:speed|50⟧."),
    ("open311", "Bil {V} har stått på gästparkeringen i ⟦neg:count|3⟧ veckor."),
    ("meeting", "Vaktbolaget noterade {V} vid ⟦neg:time|23:10⟧ och ⟦neg:time|00:45⟧."),
    ("tips", "Skriv upp: {V}! Den körde på cyklisten och stack."),
    ("est", "Släpvagn {V} saknar giltig besiktning."),
    ("open311", "Skrotbil, reg {V}, utan skyltar bak."),
    ("tips", "det är en grå Golf, {V} tror jag"),
    ("meeting", "Polisen har fått in tips om {V} som misstänks för langning."),
    ("est", "Trafikolycka ⟦neg:date|2025-09-30⟧: {V} och en cyklist, inga personskador."),
]

# --------------------------------------------------------------------------- hand-written
# Personnummer here were picked by hand and the checksum computed once (the builder re-checks).
HAND = [
    # --- mixed, several entities
    ("est", "Anmälare: Karin Berg, ⟦pnr|850709-1232⟧, tfn ⟦phone|070-341 22 18⟧. Händelsen inträffade ⟦neg:datetime|2025-11-03 kl. 19.20⟧ vid ⟦neg:street|Järntorget 4⟧."),
    ("tips", "Killen heter Dani, ⟦pnr|19921130-4564⟧, han kör ⟦plate|KLM 482⟧ och säljer knark vid skolan. Hans snap är ⟦neg:handle|@dani_x⟧."),
    ("open311", "Namn: Göran Häll\nE-post: ⟦email|goran.hall@telia.com⟧\nTelefon: ⟦phone|0480-123 45⟧\nAdress: ⟦neg:street|Lasarettsvägen 11⟧, ⟦neg:postcode|392 44⟧ Kalmar\nBeskrivning: Trasigt staket vid lekplatsen."),
    ("meeting", "Närvarande: Lena (⟦email|lena.ek@malmo.se⟧), Omar (polisen, ⟦phone|010-563 12 34⟧), ⟦neg:count|4⟧ föräldrar. Nästa möte ⟦neg:date|2026-01-14⟧ ⟦neg:time|kl 17.00⟧."),
    ("dialogue", "Pratade med Märta, ⟦pnr|780214-0322⟧, som bor på ⟦neg:street|Ringvägen 102⟧ sedan ⟦neg:year|1998⟧. Hon nås på ⟦phone|08-640 12 57⟧."),
    ("est", "Misstänkt fordon ⟦plate|DXT 07B⟧ (Audi), förare ⟦pnr|6305019876⟧, hemadress ⟦neg:street|Storgatan 3⟧ ⟦neg:postcode|852 30⟧ Sundsvall."),
    ("tips", "mejla mig på ⟦email|sofia.nilsson+polis@gmail.com⟧ eller ring ⟦phone|+46 73 512 88 04⟧"),
    ("est", "Beslag: mobiltelefon, ⟦neg:amount|4 350 kr⟧ i kontanter. Den misstänkte ⟦pnr|990823-1146⟧ uppgav telefonnummer ⟦phone|0739-41 22 07⟧."),
    ("open311", "Hej, jag heter Fatima. Återkoppling till ⟦email|FATIMA.ALI@HOTMAIL.COM⟧ tack. Gäller bänken vid ⟦neg:street|Fjällgatan 23⟧."),
    ("meeting", "Fältassistenterna rapporterar att en EPA-traktor (⟦plate|ABC 12D⟧) ofta står vid ⟦neg:street|Centralvägen 1⟧. Kontakt: ⟦phone|0455-30 41 22⟧."),
    ("tips", "min pojkvän ⟦pnr|010315-5560⟧ har hotat mig, hans nummer är ⟦phone|0762233441⟧"),
    ("est", "Samordningsnummer ⟦pnr|840171-2214⟧ (tolk behövs, arabiska). Nås via ⟦phone|072-555 19 30⟧."),
    ("dialogue", "Anteckning: Aram (⟦pnr|500383-4479⟧) vill starta läxhjälp för ca ⟦neg:count|20⟧ barn, ⟦neg:time|tisdagar 16–18⟧."),
    ("est", "Målsägande: ⟦pnr|19871224-0194⟧. Gärningsperson okänd. Stöldgods: cykel, ramnr ⟦oos:frame|WBK123456⟧, värde ⟦neg:amount|8 900 kr⟧."),
    ("tips", "Han som bor på ⟦neg:street|Vasagatan 17⟧ lgh ⟦neg:apartment|1102⟧ säljer saker på nätet, ⟦email|fixaallt.sthlm@outlook.com⟧"),
    ("open311", "Kontaktuppgifter: ⟦phone|031-711 40 02⟧, ⟦email|bostadsrattsforeningen.ekbacken@bredband.net⟧"),
    ("est", "Förare (⟦pnr|060618-2459⟧) saknade behörighet. Mopeden, ⟦plate|HJK 54T⟧, togs i beslag ⟦neg:time|kl. 22.13⟧."),
    ("meeting", "Protokoll ⟦neg:date|2025-10-21⟧, ⟦neg:dnr|KS 2025/0412⟧. Justeras av Per (⟦email|per.wallin@goteborg.se⟧)."),
    ("dialogue", "Åsa Öberg (⟦email|åsa.öberg@live.se⟧, ⟦phone|076-120 88 31⟧) vill vara med i grannsamverkan."),
    ("est", "Bilen ⟦plate|rtx 339⟧ kördes från platsen. Vittne ⟦pnr|731005-8768⟧, ⟦phone|0046 70 288 31 20⟧."),
    ("tips", "Registreringsnumret var ⟦plate|MLB-724⟧ och föraren såg ut att vara ⟦neg:age|17-18⟧ år."),
    ("est", "Förhör med ⟦pnr|680318-8025⟧ hölls ⟦neg:date|22.11.2025⟧ ⟦neg:time|09:30-10:15⟧."),
    ("tips", "Det var en röd Saab, typ ⟦plate|gkw 81x⟧. Den står ofta vid ⟦neg:street|Tegelbruksgatan 9⟧."),
    ("open311", "Från: ⟦email|Erik.Lundqvist@edu.uppsala.se⟧\nÄmne: Belysning\nLamporna längs GC-vägen är släckta sedan ⟦neg:date|v. 45⟧."),
    ("meeting", "Uppdrag: kontakta hyresvärden på ⟦phone|020-55 33 11⟧ eller ⟦email|kundservice@bostads-bolaget.se⟧ innan ⟦neg:date|31/1⟧."),
    ("dialogue", "Ungdomsledaren Hassan, ⟦phone|+46(0)70-912 33 48⟧, sa att ⟦neg:percent|80 %⟧ av killarna går i skolan."),
    ("est", "Personuppgifter: ⟦pnr|241103+5617⟧ (⟦neg:age|102⟧ år), bor på äldreboende."),
    ("est", "Anmälaren ⟦pnr|19450928-1236⟧ uppger att dörren brutits upp ⟦neg:date|natten mot 12 november⟧."),
    ("tips", "Jag såg en man i ⟦plate|FLO 998⟧ vid ⟦neg:postcode|SE-211 47⟧ Malmö lämna ett paket."),
    ("open311", "Personnr ⟦pnr|120607-3387⟧ (mitt barn) blev biten av en hund i parken vid ⟦neg:street|Södra vägen 40⟧."),
    # --- personnummer in odd but common places
    ("est", "pnr ⟦pnr|811218-9876⟧"),
    ("tips", "Hennes personnummer: ⟦pnr|19811218 9876⟧."),
    ("est", "⟦pnr|198112189876⟧ hördes upplysningsvis."),
    ("dialogue", "född ⟦pnr|811218-9876⟧, bor ensam"),
    ("meeting", "Barnet (⟦pnr|20120607-3387⟧) placerat enligt LVU."),
    ("est", "Anmälare:⟦pnr|921130-4564⟧"),
    ("tips", "personnummret är ⟦pnr|9211304564⟧ tror jag"),
    ("est", "MÅ: ⟦pnr|850709-1232⟧; MT: ⟦pnr|990823-1146⟧."),
    # --- phones in odd but common places
    ("tips", "ring ⟦phone|0701234567⟧!!"),
    ("tips", "Tel:⟦phone|031-123456⟧"),
    ("open311", "tfn ⟦phone|08/123 456 78⟧"),
    ("est", "Mobilnr ⟦phone|070 - 123 45 67⟧ tillhör enligt operatören en kontantkort-abonnent."),
    ("dialogue", "Nås på ⟦phone|0920-165 00⟧ (dagtid) eller ⟦phone|070-612 45 98⟧ (kvällar)."),
    ("open311", "Telefon: ⟦phone|(031) 12 34 56⟧"),
    ("tips", "numret är ⟦phone|+46701234567⟧ det står på hans bil"),
    ("est", "Samtal från ⟦phone|0771-14 14 00⟧ (försäkringsbolaget) ⟦neg:time|kl 10.05⟧."),
    ("meeting", "Jourtelefon: ⟦phone|08-508 118 00⟧."),
    ("tips", "Swisha till ⟦phone|073 123 45 67⟧ sa han."),
    ("dialogue", "Hon har nytt nummer: ⟦phone|0725-12 34 56⟧."),
    ("open311", "Ring ⟦phone|011-10 20 30⟧ vid frågor."),
    # --- e-mail in odd but common places
    ("open311", "Maila ⟦email|kalle.anka@example.com⟧."),
    ("tips", "(⟦email|ida_holm92@hotmail.se⟧)"),
    ("est", "E-post: <⟦email|Mikael.Nyberg@polisen.se⟧>"),
    ("open311", "mailto:⟦email|info@bostads-bolaget.se⟧"),
    ("tips", "han heter ⟦email|olle.ek@spray.se⟧ på mejlen"),
    ("meeting", "Skicka till ⟦email|trygghet@stockholm.se⟧, ⟦email|fritid@stockholm.se⟧ och ⟦email|polisen.syd@polisen.se⟧."),
    ("dialogue", "mejl: ⟦email|jörgen.sjögren@bahnhof.se⟧"),
    ("tips", "skriv till ⟦email|anna.b[at]gmail.com⟧ (jag vill inte ha spam)"),
    ("open311", "Min e-post är ⟦email|per.holm (at) telia.com⟧."),
    ("tips", "kontakt ⟦oos:spelled|lisa punkt berg snabel-a gmail punkt com⟧"),
    ("tips", "mail: ⟦oos:spelled|nils at hotmail dot com⟧"),
    # --- plates in odd but common places
    ("tips", "⟦plate|ABC123⟧"),
    ("est", "Reg: ⟦plate|XYZ 987⟧."),
    ("tips", "såg bilen ⟦plate|ups 404⟧ igen idag"),
    ("open311", "Bilen (reg.nr ⟦plate|MNB-21K⟧) har stått här i en månad."),
    ("est", "Fordon: ⟦plate|GHR12A⟧, ⟦plate|PLU 555⟧ och en vit skåpbil utan skyltar."),
    ("meeting", "Se bilaga: bilder på ⟦plate|TBN 420⟧."),
    ("tips", "Personlig skylt ⟦oos:personalised|LOVE69⟧ på en svart Porsche."),
    ("tips", "skylten var ⟦oos:personalised|KUNGEN⟧, en vit Tesla"),
    ("est", "Diplomatskylt ⟦oos:diplomatic|AB 123 A⟧ på platsen."),
    ("est", "Utländsk bil, dansk skylt ⟦oos:foreign|AB 12 345⟧."),
    # --- negatives only: the masker must leave these alone
    ("est", "Händelsen inträffade ⟦neg:date|2025-06-22⟧ mellan ⟦neg:time|kl. 14.30⟧ och ⟦neg:time|15.45⟧."),
    ("est", "Ärende ⟦neg:case|K123456-26⟧ har överlämnats till åklagare, se även ⟦neg:case|5000-K98765-25⟧."),
    ("meeting", "⟦neg:dnr|Dnr KS 2024/00123⟧ – Medborgarförslag om belysning. Kostnad ⟦neg:amount|1 250 000 kr⟧."),
    ("open311", "Ordernummer ⟦neg:order|4500123456⟧ gäller beställningen av ⟦neg:count|30⟧ papperskorgar."),
    ("tips", "Det var ungefär ⟦neg:count|15⟧ personer, kanske ⟦neg:count|20⟧, vid ⟦neg:time|23-tiden⟧."),
    ("est", "Hastighet ⟦neg:speed|112 km/h⟧ på ⟦neg:road|väg 40⟧ vid ⟦neg:coord|57.7089, 11.9746⟧."),
    ("dialogue", "Koordinater: ⟦neg:coord|N 59° 19.554' E 18° 04.123'⟧ (SWEREF ⟦neg:coord|6580822, 674032⟧)."),
    ("meeting", "Rapporten (⟦neg:isbn|ISBN 978-91-7602-145-3⟧) visar att ⟦neg:percent|37,5 %⟧ känner sig otrygga."),
    ("open311", "Buss ⟦neg:busline|150⟧ och ⟦neg:busline|linje 4⟧ stannar inte vid ⟦neg:street|Kvarnbacken 12⟧ längre."),
    ("tips", "Han betalade ⟦neg:amount|SEK 500⟧ för paketet, eller ⟦neg:amount|EUR 45⟧."),
    ("est", "Utrymning av ⟦neg:count|340⟧ elever, ⟦neg:date|15 mars 2025⟧ ⟦neg:time|kl 09:12⟧."),
    ("est", "Nummer ⟦neg:badpnr|850709-1233⟧ ger ingen träff i folkbokföringen (fel kontrollsiffra)."),
    ("est", "Uppgivet personnummer ⟦neg:badpnr|7802140321⟧ är felaktigt enligt SPAR."),
    ("meeting", "Budget ⟦neg:year|2026⟧: ⟦neg:amount|3,2 mnkr⟧ (⟦neg:percent|+4 %⟧ jämfört med ⟦neg:year|2025⟧)."),
    ("open311", "Adress: ⟦neg:street|Box 123⟧, ⟦neg:postcode|411 19⟧ Göteborg"),
    ("tips", "Bilen körde med ⟦neg:speed|120⟧ km/h genom byn, och ⟦neg:count|150⟧ meter bort står skolan."),
    ("tips", "det var ⟦neg:count|300⟧ meter från skolan och för ⟦neg:amount|200 kr⟧ fick man en påse"),
    ("open311", "Gäller ⟦neg:room|rum 214⟧ och ⟦neg:room|sal 101⟧ i skolans hus ⟦neg:house|B⟧."),
    ("dialogue", "Hon bor i ⟦neg:street|hus 12B⟧, uppgång ⟦neg:street|4A⟧, våning ⟦neg:count|3⟧."),
    ("est", "Org.nr ⟦neg:orgnr|556123-4567⟧ (AB), bankgiro ⟦neg:bankgiro|5050-1055⟧."),
    ("tips", "swisha ⟦neg:swish|123 900 12 34⟧ (föreningen) om ni vill stödja nattvandringen"),
    ("est", "Tidsstämpel ⟦neg:datetime|20250622 14:30⟧, kamera ⟦neg:camera|nr 7⟧."),
    ("meeting", "Kl ⟦neg:time|07.30-16.00⟧ vardagar, ⟦neg:time|10-14⟧ helger. Ring ⟦neg:service|112⟧ vid nödläge, annars ⟦neg:service|114 14⟧ eller ⟦neg:service|1177⟧."),
    ("est", "Promillehalt ⟦neg:promille|0,52⟧ i utandningsluft; ⟦neg:promille|0,25 mg/l⟧."),
    ("open311", "Mätarställning ⟦neg:meter|123 456⟧ km, årsmodell ⟦neg:year|2012⟧."),
    ("meeting", "Enligt ⟦neg:law|SFS 2018:218⟧ och ⟦neg:law|GDPR art. 6⟧ behöver vi rättslig grund."),
    ("est", "Ärendet registrerat som ⟦neg:case|AM-123456-25⟧, anmälan ⟦neg:datetime|2025-11-22T18:04⟧."),
    ("tips", "Ungefär ⟦neg:count|10 000⟧ kr försvann från kassan, kvitto nr ⟦neg:order|00012345⟧."),
    ("meeting", "Statistik ⟦neg:year|2024⟧: ⟦neg:count|1 234⟧ anmälningar, ⟦neg:count|567⟧ lagförda."),
    ("dialogue", "Föreningen har ⟦neg:count|45⟧ medlemmar och träffas i ⟦neg:street|lokal 3B⟧."),
    ("est", "Beslagsnummer ⟦neg:seizure|2025-5000-BG12345⟧."),
    ("open311", "Ärendenummer ⟦neg:ref|K7QXM2P9TZAB⟧ – jag vill lägga till en bild."),
    ("tips", "Jag har skickat ⟦neg:count|3⟧ tips innan (⟦neg:date|12/10⟧, ⟦neg:date|19/10⟧ och ⟦neg:date|2/11⟧)."),
    ("est", "Fordonet var en ⟦neg:model|Volvo V70⟧ av årsmodell ⟦neg:year|2008⟧, mätare ⟦neg:meter|287 000⟧ mil."),
    ("dialogue", "Diskussion om ⟦neg:law|LVU 2 §⟧ och ⟦neg:law|SoL 5 kap.⟧"),
    ("meeting", "Vi ses i ⟦neg:room|B123⟧ på ⟦neg:street|Stadshuset plan 4⟧."),
    ("est", "IMEI ⟦oos:imei|356938035643809⟧ tillhör den stulna telefonen."),
    ("tips", "han har kontonummer ⟦oos:account|8327-9, 123 456 789-0⟧ dit man ska swisha"),
    ("est", "Händelsetid ⟦neg:time|kl. 0215⟧ enligt larmcentralen, ⟦neg:datetime|2025-11-22 02:15:33⟧."),
    ("open311", "Vattenläcka vid ⟦neg:street|Lillgatan 2⟧, ⟦neg:postcode|123 45⟧ Farsta."),
    ("tips", "Polisen måste kolla ⟦neg:street|Storgatan 45 B⟧, det luktar gas!"),
    ("meeting", "Åtgärd ⟦neg:item|3.2⟧: Extra ⟦neg:count|400⟧ timmar fältarbete under ⟦neg:quarter|Q1 2026⟧."),
    ("dialogue", "Vi var ⟦neg:count|12⟧ vuxna och ⟦neg:count|30⟧ barn; temperaturen var ⟦neg:temp|-8°C⟧."),
    ("est", "Larm ⟦neg:time|23.58⟧. Patrull ⟦neg:unit|1520⟧ och ⟦neg:unit|1530⟧ till platsen."),
    ("meeting", "Kostnaden per kamera är ⟦neg:amount|45 000 kronor⟧ och ⟦neg:count|8⟧ kameror behövs."),
    ("tips", "⟦neg:date|20251122⟧ ⟦neg:time|kl 22⟧ ungefär"),
    ("est", "Signalement: ⟦neg:height|180 cm⟧, ca ⟦neg:age|25⟧ år, mörk jacka storlek ⟦neg:size|XL⟧."),
    ("open311", "Skylten vid ⟦neg:road|E6⟧ avfart ⟦neg:exit|75⟧ är nedklottrad."),
    ("dialogue", "Mötet hölls ⟦neg:date|onsdag 19/11⟧ ⟦neg:time|18:00–19:30⟧, ⟦neg:count|23⟧ deltagare."),
    ("est", "Värde på stöldgodset: ⟦neg:amount|12 500:-⟧"),
    ("meeting", "Protokollsnummer ⟦neg:ref|§ 142⟧, ⟦neg:dnr|Dnr 2025.0876⟧."),
    ("tips", "Han är född ⟦oos:birthdate|1987-12-24⟧ tror jag."),
    ("est", "Nummer ⟦oos:baddate|940229-5431⟧ (ogiltigt datum) uppgavs muntligen."),
]


def negative_snippets() -> list[tuple[str, str]]:
    """Generated tricky negatives: bad-checksum numbers, dates, amounts, postcodes, ISBN …"""
    out: list[tuple[str, str]] = []
    for _ in range(14):
        out.append(("est", f"Uppgivet nummer ⟦neg:badpnr|{gen_bad_pnr()}⟧ gav ingen träff (fel kontrollsiffra)."))
    for _ in range(6):
        out.append(("open311", f"Fakturanummer ⟦neg:badpnr|{gen_bad_pnr(long=True)}⟧ avser vinterväghållningen."))
    for _ in range(6):
        y, m, d = rng.randint(2023, 2026), rng.randint(1, 12), rng.randint(1, 28)
        hh, mm = rng.randint(0, 23), rng.randint(0, 59)
        form = rng.choice([f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}", f"{y}{m:02d}{d:02d} kl {hh:02d}.{mm:02d}",
                           f"{d}/{m} {y}", f"{d:02d}.{m:02d}.{y}"])
        out.append(("est", f"Händelsen registrerades ⟦neg:datetime|{form}⟧ av vakthavande."))
    for _ in range(6):
        pc = f"{rng.randint(100, 989)} {rng.randint(10, 99)}"
        out.append(("open311", f"Gäller ⟦neg:street|{rng.choice(['Ekgatan', 'Stora vägen', 'Torget'])} {rng.randint(1, 80)}⟧, ⟦neg:postcode|{pc}⟧."))
    for _ in range(6):
        amt = rng.choice([f"{rng.randint(1, 99)} {rng.randint(100, 999)} kr", f"{rng.randint(1, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)} kronor",
                          f"SEK {rng.randint(100, 999)}", f"{rng.randint(100, 999)}:-"])
        out.append(("meeting", f"Beviljat belopp ⟦neg:amount|{amt}⟧ för trygghetsåtgärder."))
    for _ in range(6):
        case = rng.choice([f"K{rng.randint(100000, 999999)}-{rng.randint(20, 26)}",
                           f"{rng.choice(['5000', '1400', '0300'])}-K{rng.randint(10000, 999999)}-{rng.randint(20, 26)}",
                           f"Dnr {rng.choice(['KS', 'SBN', 'MBN', 'SN'])} {rng.randint(2020, 2026)}/{rng.randint(1, 2000):04d}"])
        out.append(("est", f"Se ärende ⟦neg:case|{case}⟧ för tidigare händelser."))
    for _ in range(4):
        nine = f"55{rng.randint(2, 9)}{rng.randint(100, 999)}{rng.randint(100, 999)}"
        org = nine + str(luhn_digit(nine))
        out.append(("open311", f"Entreprenör: Bygg & Mark AB, org.nr ⟦neg:orgnr|{org[:6]}-{org[6:]}⟧."))
    for _ in range(4):
        core = f"978{rng.randint(0, 1)}{rng.randint(10000000, 99999999)}"[:12]
        s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(core))
        isbn = core + str((10 - s % 10) % 10)
        out.append(("meeting", f"Underlag: kunskapsöversikt, ISBN ⟦neg:isbn|{isbn}⟧."))
    for _ in range(4):
        lat, lon = rng.uniform(55.3, 67.0), rng.uniform(11.0, 23.0)
        out.append(("dialogue", f"Platsen (⟦neg:coord|{lat:.5f}, {lon:.5f}⟧) markerades på kartan."))
    for _ in range(4):
        out.append(("est", f"Order ⟦neg:order|#{rng.randint(100000, 9999999)}⟧ levererades till fel adress, ⟦neg:count|{rng.randint(2, 9)}⟧ paket."))
    return out


# --------------------------------------------------------------------------- build
def parse(src: str) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    text = ""
    spans: list[dict[str, Any]] = []
    negs: list[dict[str, Any]] = []
    oos: list[dict[str, Any]] = []
    pos = 0
    for m in MARK.finditer(src):
        text += src[pos : m.start()]
        start = len(text)
        kind, what, inner = m.group(1), m.group(2), m.group(3)
        text += inner
        item: dict[str, Any] = {"start": start, "end": len(text), "text": inner}
        if kind == "neg":
            negs.append({**item, "what": what})
        elif kind == "oos":
            oos.append({**item, "what": what})
        else:
            assert kind in {"pnr", "phone", "email", "plate"}, kind
            if kind == "pnr":
                assert pnr_is_valid(inner), inner
            spans.append({**item, "kind": kind, "form": what or "hand"})
        pos = m.end()
    text += src[pos:]
    assert "⟦" not in text and "⟧" not in text, src
    for n in negs:
        if n["what"] == "badpnr":
            assert not pnr_is_valid(n["text"]), n
    return text, spans, negs, oos


def build() -> list[dict[str, Any]]:
    rows: list[tuple[str, str, str]] = []  # (source, marked text, origin)
    for kind, frames, forms, gen, per_form in (
        ("pnr", PNR_FRAMES, PNR_FORMS, gen_pnr, 11),
        ("phone", PHONE_FRAMES, PHONE_FORMS, gen_phone, 5),
        ("email", EMAIL_FRAMES, EMAIL_FORMS, gen_email, 8),
        ("plate", PLATE_FRAMES, PLATE_FORMS, gen_plate, 9),
    ):
        i = 0
        for form in forms:
            for _ in range(per_form):
                src, frame = frames[i % len(frames)]
                i += 1
                value = gen(form)
                rows.append((src, frame.replace("{V}", f"⟦{kind}:{form}|{value}⟧"), "generated"))
    rows += [(s, t, "hand") for s, t in HAND]
    rows += [(s, t, "generated-negative") for s, t in negative_snippets()]
    out = []
    for n, (source, marked, origin) in enumerate(rows, 1):
        text, spans, negs, oos = parse(marked)
        out.append({"id": f"h{n:04d}", "source": source, "origin": origin, "text": text,
                    "spans": spans, "negatives": negs, "out_of_scope": oos})
    return out


META = {
    "_meta": (
        "Held-out personal-data set for lofte/core/pii.py, written 2026-11-22 without looking at "
        "pii.py, its tests or the existing labelled set; built by build_pii_heldout.py "
        f"(seed {SEED}). See README.md. Spans are character offsets into 'text' (end exclusive)."
    )
}

if __name__ == "__main__":
    rows = build()
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(META, ensure_ascii=False) + "\n")
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter

    kinds = Counter(s["kind"] for r in rows for s in r["spans"])
    print(len(rows), "snippets;", dict(kinds), "negatives:", sum(len(r["negatives"]) for r in rows),
          "out of scope:", sum(len(r["out_of_scope"]) for r in rows),
          "snippets without positives:", sum(1 for r in rows if not r["spans"]))
