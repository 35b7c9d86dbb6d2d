from __future__ import annotations

import pytest

from lofte.imports.sources.categories import (
    CATEGORIES,
    EventTypeMapping,
    default_event_type_mapping,
)
from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.geography import default_gazetteer

# The 21 län names exactly as the Polisen API writes them (data-sources.md §1.4).
API_COUNTY_NAMES = {
    "Blekinge län": "10",
    "Dalarnas län": "20",
    "Gotlands län": "09",
    "Gävleborgs län": "21",
    "Hallands län": "13",
    "Jämtlands län": "23",
    "Jönköpings län": "06",
    "Kalmar län": "08",
    "Kronobergs län": "07",
    "Norrbottens län": "25",
    "Skåne län": "12",
    "Stockholms län": "01",
    "Södermanlands län": "04",
    "Uppsala län": "03",
    "Värmlands län": "17",
    "Västerbottens län": "24",
    "Västernorrlands län": "22",
    "Västmanlands län": "19",
    "Västra Götalands län": "14",
    "Örebro län": "18",
    "Östergötlands län": "05",
}

# Observed types with counts, data-sources.md §1.5 (97 distinct values).
OBSERVED_TYPES = """Trafikolycka|Sammanfattning natt|Brand|Rattfylleri|Trafikkontroll|Övrigt|
Misshandel|
Stöld|Trafikolycka, personskada|Trafikbrott|Sammanfattning kväll och natt|Stöld/inbrott|
Arbetsplatsolycka|Skadegörelse|Rån|Fylleri/LOB|Trafikolycka, vilt|Försvunnen person|Narkotikabrott|
Trafikolycka, singel|Bedrägeri|Misshandel, grov|Mord/dråp, försök|Olaga hot|Olovlig körning|
Knivlagen|
Våld/hot mot tjänsteman|Bråk|Farligt föremål, misstänkt|Inbrott|Fjällräddning|
Kontroll person/fordon|
Mord/dråp|Vapenlagen|Djur|Trafikolycka, smitning från|Trafikhinder|Motorfordon, stöld|
Räddningsinsats|
Stöld, försök|Olaga intrång|Ofredande/förargelse|Explosion|Anträffad död|Rån, försök|Åldringsbrott|
Skottlossning|Fylleri|Våldtäkt|Polisinsats/kommendering|Information|Häleri|
Motorfordon, anträffat stulet|Detonation|Sexualbrott|Rån övrigt|Kontroll|Vållande till kroppsskada|
Larm Överfall|Inbrott, försök|Sedlighetsbrott|Ordningslagen|Uppdatering|Hemfridsbrott|Larm Inbrott|
Sjukdom/olycksfall|Skyddslagen|Skottlossning, misstänkt|Rån väpnat|Alkohollagen|Mordbrand|
Anträffat gods|Efterlyst person|Smällar|Sabotage mot blåljusverksamhet|
Olaga frihetsberövande/människorov|Sjölagen|Miljöbrott|Våldtäkt, försök|Luftfartslagen|
Utlänningslagen|Missbruk av urkund|Ekobrott|Brand automatlarm|Hets mot folkgrupp|
Sammanfattning dag|
Lagen om hundar och katter |Sammanfattning kväll|Varningslarm/haveri|Förfalskningsbrott|Bombhot|
Spridning smitta/kemikalier|Sammanfattning eftermiddag|Sammanfattning helg|Sammanfattning vecka|
Sammanfattning dygn|Upphittat föremål"""

OFFICIAL_TYPES = """Alkohollagen|Anträffad död|Anträffat gods|Arbetsplatsolycka|Bedrägeri|
Bombhot|Brand|
Brand automatlarm|Bråk|Detonation|Djur skadat/omhändertaget|Ekobrott|Farligt föremål, misstänkt|
Fjällräddning|Fylleri/LOB|Förfalskningsbrott|Försvunnen person|Gränskontroll|Häleri|Inbrott|
Inbrott, försök|Knivlagen|Kontroll person/fordon|Lagen om hundar och katter|Larm inbrott|
Larm överfall|Miljöbrott|Missbruk av urkund|Misshandel|Misshandel, grov|Mord/dråp|
Mord/dråp, försök|
Motorfordon, anträffat stulet|Motorfordon, stöld|Narkotikabrott|Naturkatastrof|Ofog barn/ungdom|
Ofredande/förargelse|Olaga frihetsberövande|Olaga hot|Olaga intrång/hemfridsbrott|Olovlig körning|
Ordningslagen|Polisinsats/kommendering|Rattfylleri|Rån|Rån väpnat|Rån övrigt|Rån, försök|
Räddningsinsats|Sammanfattning dag|Sammanfattning dygn|Sammanfattning eftermiddag|
Sammanfattning förmiddag|Sammanfattning helg|Sammanfattning kväll|Sammanfattning kväll och natt|
Sammanfattning natt|Sammanfattning vecka|Sedlighetsbrott|Sjukdom/olycksfall|Sjölagen|Skadegörelse|
Skottlossning|Skottlossning, misstänkt|Spridning smittsamma kemikalier|Stöld|Stöld, försök|
Stöld, ringa|Stöld/inbrott|Tillfälligt obemannat|Trafikbrott|Trafikhinder|Trafikkontroll|
Trafikolycka|Trafikolycka, personskada|Trafikolycka, singel|Trafikolycka, smitning från|
Trafikolycka, vilt|Uppdatering|Utlänningslagen|Vapenlagen|Varningslarm/haveri|
Våld/hot mot tjänsteman|Våldtäkt|Våldtäkt, försök|Vållande till kroppsskada"""


def split_types(text: str) -> list[str]:
    return [part.replace("\n", "") for part in text.split("|")]


def test_gazetteer_has_290_kommuner_and_21_counties() -> None:
    gazetteer = default_gazetteer()
    assert len(gazetteer.municipalities) == 290
    assert len(gazetteer.counties) == 21
    assert {county.code for county in gazetteer.counties} == set(API_COUNTY_NAMES.values())
    lan_codes = {county.code for county in gazetteer.counties}
    assert all(m.lan_code in lan_codes for m in gazetteer.municipalities)


@pytest.mark.parametrize(("api_name", "code"), sorted(API_COUNTY_NAMES.items()))
def test_every_api_county_name_resolves(api_name: str, code: str) -> None:
    county = default_gazetteer().county_by_name(api_name)
    assert county is not None
    assert county.code == code
    assert county.api_name == api_name


def test_bare_county_names_are_kommuner_not_counties() -> None:
    gazetteer = default_gazetteer()
    for name in ("Stockholm", "Uppsala", "Kalmar", "Jönköping", "Örebro", "Gotland"):
        assert gazetteer.county_by_name(name) is None
        assert gazetteer.municipality_by_name(name) is not None


def test_municipality_name_variants() -> None:
    gazetteer = default_gazetteer()
    found = gazetteer.municipality_by_name("Göteborgs kommun")
    assert found is not None and found.code == "1480"
    found = gazetteer.municipality_by_name("  dals-ed ")
    assert found is not None and found.code == "1438"
    assert gazetteer.municipality_by_name("Lunds universitet") is None
    assert gazetteer.municipality_by_name("Hela landet") is None
    ljungby = gazetteer.municipality_by_code("0781")
    assert ljungby is not None and (ljungby.name, ljungby.lan_code) == ("Ljungby", "07")


def test_every_observed_and_official_type_is_mapped() -> None:
    mapping = default_event_type_mapping()
    observed = split_types(OBSERVED_TYPES)
    official = split_types(OFFICIAL_TYPES)
    assert len(set(observed)) == 97
    assert len(official) == 87
    unmapped = [t for t in observed + official if not mapping.lookup(t).is_mapped]
    assert unmapped == []


def test_mapping_rules_of_thumb() -> None:
    mapping = default_event_type_mapping()
    assert mapping.lookup("Skadegörelse").category == "skadegorelse"
    assert mapping.lookup("Ofog barn/ungdom").category == "ungdomar"
    assert mapping.lookup("Narkotikabrott").category == "narkotika"
    assert mapping.lookup("larm inbrott").category == "stold_inbrott"
    assert not mapping.lookup("Sammanfattning natt").is_incident
    assert not mapping.lookup("Trafikkontroll").is_incident
    assert mapping.lookup("Trafikolycka").is_incident
    assert mapping.lookup("Något nytt").category == "unknown"
    used = {mapping.lookup(t).category for t in split_types(OBSERVED_TYPES)}
    assert used <= set(CATEGORIES)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("type,category,is_incident\nStöld,stold,true\n", "category"),
        ("type,category,is_incident\nStöld,unknown,true\n", "category"),
        ("type,category,is_incident\nStöld,vald,ja\n", "is_incident"),
        ("type,category,is_incident\nStöld,vald,true\nstöld ,vald,true\n", "type"),
        ("type,category,is_incident\n,vald,true\n", "type"),
    ],
)
def test_mapping_file_is_validated(text: str, field: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        EventTypeMapping.from_csv(text)
    assert caught.value.field == field
