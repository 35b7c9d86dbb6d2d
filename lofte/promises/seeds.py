"""The five seed promises as structured data, plus a current Vetlanda promise and plan.

The seed texts are in ``/work/shared/seeds`` (Vaggeryd 2024 = 000, Vaggeryd 2020 = 001, Värnamo
2024 = 002, Vetlanda 2020–2021 = 003, Älmhult 2018 = 004). Every activity and number in them is
entered as written; where a text gives no number the target is qualitative and where it gives
no signing date none is stored. ``performed`` and ``figures`` only plan the demo's records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lofte.promises.models import Actor, PeriodUnit, PromiseKind, PromiseStatus, TargetKind

D = dt.date


@dataclass
class A:
    """One activity of a seed: description, actor, target and a plan for demo records."""

    description: str
    actor: str
    kind: str
    count: int | None = None
    unit: str = ""
    period: str = ""
    due: dt.date | None = None
    risk_days: list[str] = field(default_factory=list)
    commitment: int | None = None  # index into the seed's commitments
    place: str = ""
    partner: str = ""
    problems: str = ""
    indicators: str = ""
    finding: str = ""
    assessment: str = ""
    performed: int = 0  # how many occasions the demo logs (spread over the period)
    figures: tuple[str, ...] = ()
    season: tuple[tuple[int, int], tuple[int, int]] | None = None  # (month, day) from, to


@dataclass
class Seed:
    slug: str
    title: str
    kind: str
    start: dt.date
    end: dt.date
    summary: str
    background: str
    situation: str
    effect: str
    follow_up_text: str
    cadence: str
    focus_areas: list[str]
    commitments: list[str]
    activities: list[A]
    signatories: list[tuple[str, str, str, str]]  # name, role, party, organisation
    signed_on: dt.date | None
    signed_place: str
    final_status: str
    follow_ups: list[tuple[str, int, int]] = field(default_factory=list)
    situation_reference: str = ""


VETLANDA_2020 = Seed(
    slug="vetlanda", title="Medborgarlöfte i Vetlanda kommun 2020–2021",
    kind=PromiseKind.CITIZEN_PROMISE, start=D(2020, 1, 1), end=D(2021, 12, 31),
    summary=("Med utgångspunkt i tidigare tecknad samverkansöverenskommelse och mot bakgrund av "
             "lägesbilden formulerar Vetlanda kommun och Polisen medborgarlöften, som börjar "
             "gälla från och med undertecknandet. Dessa medborgarlöften gäller i två år."),
    background=(
        "Samverkan mellan polis och kommun är en nödvändighet för att kunna arbeta effektivt med "
        "det brottsförebyggande och trygghetskapande arbetet. Medborgarlöften är en utveckling "
        "dagens samverkansöverenskommelser och är en del av polismyndighetens styrmodell. Den "
        "lokala lägesbilden ska vara utgångspunkt för de mål som polisen ska arbeta med.\n\n"
        "Löftena handlar om vilka områden polis och kommun ska lägga fokus på i det förebyggande "
        "arbetet under aktuell period. Till löftena kopplas konkreta aktiviteter som kommun och "
        "polis tillsammans kommit överens om att genomföra för att öka tryggheten och minska "
        "brottsligheten.\n\nMedborgarlöften fokuserar på den lokala lägesbilden och på sådant "
        "som de som bor och verkar i ett område upplever som viktigast för att känna sig trygga "
        "och säkra. Löftena har bland annat tagits fram i dialog med medborgare och "
        "medarbetare."),
    situation=(
        "Erfarenheter från medarbetare, underrättelsebilder, medborgarundersökningen och "
        "information som kommer till företrädare för Vetlanda kommun visar på att delar av "
        "tätorten upplevs som stökiga och otrygga, främst beroende på att felaktiga "
        "trafikbeteenden förekommer.\n\nDet finns tecken på att narkotikaanvändningen ökar bland "
        "unga både lokalt och nationellt."),
    effect="",
    follow_up_text=(
        "Medborgarlöftena kommer att följas upp kontinuerligt och presenteras på polisens "
        "webbplats, polisen.se. Efter en årlig översyn kan löftena komma att revideras och "
        "anpassas till en förändrad lägesbild."),
    cadence="continuous",
    focus_areas=[],
    commitments=[
        "Att öka trafiksäkerheten genom att motverka felaktiga trafikbeteenden.",
        "Att öka upptäckten av narkotikabruk, främst hos unga, med syfte att minska bruket av "
        "narkotika.",
    ],
    activities=[
        A("Kommunen ska tillsammans med Polisen och andra aktörer i kommunen implementera och "
          "börja använda den brottsförebyggande arbetsmetoden EST, effektiv samordning för "
          "trygghet.", Actor.MUNICIPALITY, TargetKind.BY_DATE, 1, "införande",
          due=D(2021, 12, 31), performed=1),
        A("Polisen ska genomföra minst femton trafikkontroller med inriktning på "
          "trafikbeteenden.", Actor.POLICE, TargetKind.AT_LEAST_IN_PERIOD, 15,
          "trafikkontroller", commitment=0, performed=17,
          figures=("kontrollerade fordon", "rapporter")),
        A("Polisen ska vid minst femton tillfällen genomföra flygande inspektioner av fordon.",
          Actor.POLICE, TargetKind.AT_LEAST_IN_PERIOD, 15, "flygande inspektioner",
          commitment=0, performed=15, figures=("inspekterade fordon",)),
        A("Kommunen ska under perioden presentera minst två hastighetsdämpande eller på annat "
          "sätt trafikfrämjande åtgärder för nämnd och/eller fullmäktige.", Actor.MUNICIPALITY,
          TargetKind.AT_LEAST_IN_PERIOD, 2, "åtgärder", commitment=0, performed=2),
        A("Polisen ska genomföra minst femton riktade insatser för att upptäcka fler "
          "narkotikabrott bland unga.", Actor.POLICE, TargetKind.AT_LEAST_IN_PERIOD, 15,
          "riktade insatser", commitment=1, performed=12,
          figures=("narkotikabrott upptäckta",)),
        A("Kommunen ska genomföra informationsinsatser och sprida nationella kampanjer riktade "
          "till föräldrar, syskon, unga vuxna kring årliga risktillfällen såsom "
          "skolavslutningar, student, valborg, midsommar, jul och nyår med syfte att motverka "
          "langning av alkohol och tobak.", Actor.MUNICIPALITY, TargetKind.RECURRING_DATES,
          unit="informationsinsatser", commitment=1,
          risk_days=["valborg", "student", "skolavslutning", "midsommar", "jul", "nyar"],
          performed=10),
        A("Under åren genomföra minst två samverkansmöten om de pågående aktiviteterna.",
          Actor.JOINT, TargetKind.AT_LEAST_IN_PERIOD, 2, "samverkansmöten", performed=3),
    ],
    signatories=[
        ("Henrik Tvarnö", "Kommunstyrelsens ordförande", "kommun", "Vetlanda kommun"),
        ("Jonas Lindell", "Lokalpolisområdeschef", "polis", "Lokalpolisområde Höglandet"),
    ],
    signed_on=None, signed_place="Vetlanda", final_status=PromiseStatus.CLOSED,
    follow_ups=[("year", 2020, 0), ("year", 2021, 0)],
)

VAGGERYD_2020 = Seed(
    slug="vaggeryd", title="Medborgarlöfte Vaggeryds kommun 2020",
    kind=PromiseKind.CITIZEN_PROMISE, start=D(2020, 6, 18), end=D(2020, 12, 31),
    summary=("Vaggeryds kommun och polisen lovar att arbeta för en ökad trygghet bland "
             "kommunens invånare samt för en förbättrad trafikmiljö i tätorterna och på "
             "landsbygden."),
    background=(
        "Samverkan mellan polis och kommun är en nödvändighet för att kunna arbeta effektivt med "
        "det brottsförebyggande arbetet. Medborgarlöften är en del av polismyndighetens "
        "arbetssätt och innebär att den lokala problembilden ska vara utgångspunkt för de mål "
        "som polisen arbetar med lokalt. Med utgångspunkt från existerande "
        "samverkansöverenskommelse mellan kommun och polis skapas lokala medborgarlöften. "
        "Löftenas mål är att öka tryggheten och minska brottsligheten."),
    situation="",
    effect=(
        "Det övergripande målet är att den upplevda tryggheten bland invånarna i Vaggeryds "
        "kommun ska öka. En ökad närvaro och synlighet på aktuella platser (hot spots) leder "
        "till fler ingripanden mot ordningsstörningar och brott vilket i sin tur ger en "
        "brottsförebyggande effekt.\n\nEn förbättrad trafiksäkerhet både i centralorterna och "
        "på landsbygden innebär att kommunens invånare ska kunna känna sig tryggare i "
        "trafikmiljön."),
    follow_up_text="Uppföljning ska ske tertialvis och kan följas på polisens hemsida.",
    cadence="tertial",
    focus_areas=[],
    commitments=[
        "Att arbeta för en ökad trygghet bland kommunens invånare.",
        "Att arbeta för en förbättrad trafikmiljö i tätorterna och på landsbygden.",
    ],
    activities=[
        A("Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd.", Actor.JOINT,
          TargetKind.AT_LEAST_IN_PERIOD, 2, "trygghetsvandringar", commitment=0,
          place="Skillingaryd och Vaggeryd", performed=2, figures=("deltagare",)),
        A("Påbörja arbetet med arbetsmetodiken Effektiv samordning för trygghet (EST).",
          Actor.JOINT, TargetKind.BY_DATE, 1, "start", due=D(2020, 12, 31), commitment=0,
          performed=1),
        A("Utefter den gemensamma lägesbilden genomföra trygghetsrundor på aktuella platser "
          "(hot spots) i kommunen.", Actor.JOINT, TargetKind.QUALITATIVE, unit="trygghetsrundor",
          commitment=0, performed=9,
          assessment=("Trygghetsrundor genomfördes på de platser som den gemensamma "
                      "lägesbilden pekade ut.")),
        A("En gång varje kvartal genomföra en större trafikinsats på aktuella vägavsnitt med "
          "inriktning på hastigheter.", Actor.JOINT, TargetKind.PER_PERIOD, 1,
          "större trafikinsatser", period=PeriodUnit.QUARTER, commitment=1, performed=2,
          figures=("kontrollerade fordon", "hastighetsöverträdelser")),
    ],
    signatories=[
        ("Gert Jonsson", "Kommunstyrelsens ordförande", "kommun", "Vaggeryds kommun"),
        ("Håkan Boberg", "Lokalpolisområdeschef", "polis", "Lokalpolisområde Värnamo"),
    ],
    signed_on=D(2020, 6, 18), signed_place="Vaggeryd", final_status=PromiseStatus.CLOSED,
    follow_ups=[("tertial", 2020, 2), ("tertial", 2020, 3)],
)

VAGGERYD_2024 = Seed(
    slug="vaggeryd", title="Medborgarlöften för Vaggeryds kommun 2024",
    kind=PromiseKind.CITIZEN_PROMISE, start=D(2024, 1, 1), end=D(2024, 12, 31),
    summary=("Vaggeryds kommun och polisen ska tillsammans arbeta för att förebygga brott och "
             "öka tryggheten i Vaggeryds kommun."),
    background=(
        "Samverkan mellan polis och kommun är nödvändigt för att arbeta effektivt med det "
        "brottsförebyggande arbetet. Medborgarlöften är en del av Polismyndighetens arbetssätt "
        "och innebär att den lokala problembilden är utgångspunkt för de mål som polisen "
        "arbetar med lokalt. Medborgarlöftets mål är att öka tryggheten och minska "
        "brottsligheten i kommunen. Detta sker genom att polis och kommun genomför aktiviteter, "
        "var för sig och tillsammans.\n\nMedborgarlöftet grundar sig i en samlad lägesbild som "
        "består av uppgifter från medarbetardialoger, medborgardialoger, polisens "
        "trygghetsmätning, tips från kommunens invånare och inhämtning av brottsstatistik och "
        "information från polisens underrättelsetjänst."),
    situation=(
        "Enligt polisens trygghetsundersökning är invånarna i Vaggeryds kommun i stor "
        "utsträckning trygga och förhållandevis få har varit utsatta för brott. Vid våra "
        "medborgardialoger framkommer att invånarna tycker att polisen främst bör arbeta med "
        "narkotikabrottslighet och ungdomar, men även trafikbrottslighet och skadegörelser bör "
        "prioriteras. Brottsstatistiken vittnar om en stor, och pågående ökning av antalet "
        "bedrägeribrott. Polisens underrättelsetjänst framhåller vikten av att prioritera "
        "förebyggande arbete med målsättning att unga inte ska hamna i kriminella miljöer.\n\n"
        "I Sverige idag ser vi att vissa unga personer attraheras av, och lockas in i eller "
        "tvingas till en kriminell livsstil. Det är mycket allvarligt och oroande och får stor "
        "negativ påverkan på samhället och individen. I Vaggeryds kommun har vi inga etablerade "
        "kriminella gäng och vi har för närvarande inga kända exempel på unga som rekryterats "
        "av kriminella gäng. En kriminell livsstil kan ändå attrahera unga människor i "
        "kommunen. Kommunen och Polisen är angelägna om att unga personer inte ska hamna i "
        "kriminalitet eller missbruk och arbetet med att förebygga detta kommer att vara "
        "kommunens och polisens främsta fokus. För att nå effekter både på kort och lång sikt "
        "kommer både sociala insatser och situationella brottsförebyggande åtgärder att "
        "genomföras."),
    effect=(
        "Det övergripande målet är att öka tryggheten och minska brottsligheten i Vaggeryds "
        "kommun. Olika typer av insatser, närvaro och synlighet på brottsutsatta eller otrygga "
        "platser leder till ökad trygghet, fler ingripanden och förväntas ge en "
        "brottsförebyggande effekt."),
    follow_up_text="", cadence="tertial",
    focus_areas=[
        "Förebyggande arbete i syfte att förhindra unga att hamna i kriminell livsstil.",
        "Narkotikabrottslighet med fokus på att upptäcka yngre personer som riskerar att hamna "
        "i ett missbruk.",
        "Informationsinsatser om hur man skyddar sig mot bedrägerier.",
        "Trafiksäkerhetsarbete främst med fokus på höga hastigheter i kommunen.",
    ],
    commitments=[
        "Fortsatt arbete tillsammans enligt arbetsmetodiken Effektiv samordning för trygghet "
        "(EST).",
        "Utefter den gemensamma lägesbilden genomföra insatser och åtgärder som förebygger "
        "brott och ökar tryggheten för kommunens invånare.",
        "Insatser och aktiviteter för att förebygga och förhindra brottslighet och missbruk "
        "bland unga.",
        "Insatser riktat mot bedrägerier och trafikbrott.",
    ],
    activities=[
        A("Fortsatt arbete tillsammans enligt arbetsmetodiken Effektiv samordning för trygghet "
          "(EST).", Actor.JOINT, TargetKind.QUALITATIVE, unit="EST-möten", commitment=0,
          performed=20, assessment="EST-arbetet har fortsatt med gemensamma lägesbilder."),
        A("Utefter den gemensamma lägesbilden genomföra insatser och åtgärder som förebygger "
          "brott och ökar tryggheten för kommunens invånare.", Actor.JOINT,
          TargetKind.QUALITATIVE, unit="insatser", commitment=1, performed=14,
          assessment="Insatser har riktats mot de platser lägesbilden pekat ut."),
        A("Insatser och aktiviteter för att förebygga och förhindra brottslighet och missbruk "
          "bland unga.", Actor.JOINT, TargetKind.QUALITATIVE, unit="insatser", commitment=2,
          performed=11, problems="Unga som riskerar att hamna i kriminell livsstil eller "
          "missbruk.", assessment="Sociala och situationella insatser har genomförts."),
        A("Insatser riktade mot bedrägerier: informationsinsatser om hur man skyddar sig.",
          Actor.JOINT, TargetKind.QUALITATIVE, unit="informationsträffar", commitment=3,
          performed=6, figures=("deltagare",),
          assessment="Informationsträffar har hållits, främst för äldre."),
        A("Insatser riktade mot trafikbrott, främst höga hastigheter i kommunen.", Actor.POLICE,
          TargetKind.QUALITATIVE, unit="trafikinsatser", commitment=3, performed=10,
          figures=("kontrollerade fordon",),
          assessment="Hastighetskontroller har genomförts på utpekade vägavsnitt."),
    ],
    signatories=[], signed_on=None, signed_place="", final_status=PromiseStatus.CLOSED,
    follow_ups=[("tertial", 2024, 1), ("tertial", 2024, 2), ("tertial", 2024, 3)],
)

VARNAMO_2024 = Seed(
    slug="varnamo", title="Medborgarlöfte Värnamo kommun 2024",
    kind=PromiseKind.CITIZEN_PROMISE, start=D(2024, 1, 1), end=D(2024, 12, 31),
    summary=("Värnamo kommun och lokalpolisområde Värnamo har efter lokala lägesbilder, "
             "medarbetardialoger, medborgardialoger, tips från kommunens invånare samt "
             "inhämtning av statistik och information från polisens underrättelsetjänst skapat "
             "2024 års medborgarlöfte. Löftet är inringat i fyra delar."),
    background=("Medborgarlöfte är ett viktigt verktyg för att skapa trygghet och säkerhet i "
                "samhället. Genom samarbete mellan polis och kommun kan man på ett effektivt "
                "sätt arbeta med olika insatser för en ökad trygghet för medborgarna."),
    situation=("Bedrägerierna, framför allt mot äldre, ökar. I den lokala lägesbilden syns "
               "också lokala bedrägerier, till exempel vid försäljning på nätet."),
    effect=("Den gemensamma regelbundet återkommande lägesbilden leder till att kommunens och "
            "polisens arbete kan riktas till de problem, platser och tidpunkter som för "
            "tillfället är mest aktuella. Det här arbetet förväntas ge en brottsförebyggande "
            "effekt, ökad trygghet och fler ingripanden."),
    follow_up_text="", cadence="tertial",
    focus_areas=[],
    commitments=[
        "Fortsätta med arbetsmetodiken Effektiv samordning för trygghet (EST) genom "
        "återkommande aktuella gemensamma lägesbilder, där vid behov analyser och "
        "åtgärdsplaner kopplas till lägesbilderna.",
        "Insatser och aktiviteter för att förebygga och förhindra brottslighet och missbruk "
        "bland unga.",
        "Insatser riktade mot bedrägerier.",
        "Involvera kommunens invånare och andra aktörer i det brottsförebyggande arbetet, till "
        "exempel genom medborgardialoger, grannsamverkan och näringslivssamverkan.",
    ],
    activities=[
        A("Återkommande aktuella gemensamma lägesbilder enligt EST, med analyser och "
          "åtgärdsplaner kopplade till lägesbilderna vid behov.", Actor.JOINT,
          TargetKind.QUALITATIVE, unit="gemensamma lägesbilder", commitment=0, performed=40,
          assessment="Gemensamma lägesbilder har tagits fram löpande."),
        A("Tidiga samordnade insatser (TSI) för att stötta och fånga upp barn och unga i tidig "
          "ålder som riskerar att hamna utanför.", Actor.MUNICIPALITY, TargetKind.QUALITATIVE,
          unit="ärenden", commitment=1, performed=8,
          assessment="TSI startade i början av året."),
        A("Information om hur man ska tänka när någon ringer och hur myndigheter och seriösa "
          "aktörer agerar, riktad till äldre.", Actor.MUNICIPALITY, TargetKind.QUALITATIVE,
          unit="informationsinsatser", commitment=2, performed=6, figures=("deltagare",),
          assessment="Informationen har nått många äldre."),
        A("Kommunpolisen pratar bedrägerier med grupper i samhället, företrädesvis äldre.",
          Actor.POLICE, TargetKind.QUALITATIVE, unit="föredrag", commitment=2, performed=9,
          figures=("åhörare",), assessment="Fler i publiken säger att de lagt på."),
        A("Medborgardialoger om trygghet.", Actor.JOINT, TargetKind.QUALITATIVE,
          unit="medborgardialoger", commitment=3, performed=2,
          assessment="Medborgardialoger har hållits."),
        A("Grannsamverkan.", Actor.PARTNER, TargetKind.QUALITATIVE, unit="träffar",
          partner="Grannsamverkan", commitment=3, performed=4,
          assessment="Grannsamverkan fortsätter i kommunen."),
        A("Näringslivssamverkan i Bredaryd och Lanna, och nu också i Bor, tillsammans med "
          "företagen på orten.", Actor.PARTNER, TargetKind.QUALITATIVE, unit="träffar",
          partner="Näringslivssamverkan Bredaryd och Lanna", commitment=3,
          place="Bredaryd, Lanna och Bor", performed=5,
          assessment="Näringslivssamverkan har startat även i Bor."),
    ],
    signatories=[
        ("Tobias Pettersson (M)", "Kommunstyrelsens ordförande", "kommun", "Värnamo kommun"),
        ("Anders Sund", "Lokalpolisområdeschef", "polis", "Lokalpolisområde Värnamo"),
    ],
    signed_on=None, signed_place="Värnamo stadshus", final_status=PromiseStatus.CLOSED,
    follow_ups=[("year", 2024, 0)],
)

ALMHULT_2018 = Seed(
    slug="almhult", title="Medborgarlöfte Älmhult kommun 2018",
    kind=PromiseKind.CITIZEN_PROMISE, start=D(2018, 1, 1), end=D(2018, 12, 31),
    summary=("Älmhults kommun och lokalpolisområde Ljungby avger härmed löfte om gemensamma "
             "insatser 2018 för att öka tryggheten i kommunen."),
    background=(
        "Samverkan mellan polis och kommun är en nödvändighet för att tillsammans kunna verka "
        "effektivt i det brottsförebyggande arbetet. Sedan 2005 har det genomförts "
        "trygghetsmätningar vilka varit del i underlaget till årliga samverkansavtal "
        "myndigheterna emellan. Medborgarlöften är nu en utveckling av dessa "
        "samverkansöverenskommelser.\n\nDen senaste nationella trygghetsmätningen från hösten "
        "2017 som gjordes på uppdrag av polisen visar att invånarna i Älmhults kommun "
        "upplever/känner en viss oro för att utsättas för brott. Oron för att utsättas för "
        "stölder i bostaden är högre på landsbygden än jämfört med tätort."),
    situation=(
        "I Älmhults tätort har oron för narkotikamissbruk bland ungdomsgrupper ökat. Ortens "
        "kraftiga expansion med ombyggnad i centrum och nya bostadsområden gör att allt fler "
        "människor är i rörelse i Älmhult tätort. Kringresande kriminella grupperingar som i "
        "sina spår för med sig inbrott och stölder skapar i sig också allmän oro, framför allt "
        "på landsbygden. Dock visar undersökningen att oron för inbrott är betydligt högre än "
        "den faktiska utsattheten.\n\nI kommunens mindre tätorter finns en del för boende "
        "störande tung genomfartstrafik."),
    effect=("Att medborgarna i såväl tätort som på landsbygd ska känna ökad trygghet i hela "
            "Älmhults kommun."),
    follow_up_text="", cadence="yearly",
    focus_areas=[],
    commitments=["Gemensamma insatser 2018 för att öka tryggheten i kommunen."],
    activities=[
        # Verbatim from the source, including its word order ("en minst gemensam").
        A("Att anordna en minst gemensam öppen medborgardialog kring trygghet i kommunen i "
          "syfte att identifiera av invånarna upplevda problemområden.", Actor.JOINT,
          TargetKind.AT_LEAST_IN_PERIOD, 1, "medborgardialog", commitment=0, performed=1,
          figures=("deltagare",)),
        A("Att öka polisär närvaro och synlighet i såväl tätort som på landsbygd via bil och "
          "fotpatrullering samt genom trafikkontroller.", Actor.POLICE, TargetKind.QUALITATIVE,
          unit="patrulleringar", commitment=0, place="Tätort och landsbygd", performed=24,
          assessment="Närvaron har ökat både i tätorten och på landsbygden."),
        A("Att genomföra minst 4 brottsförebyggande insatser/aktiviteter kommunen i syfte att "
          "förebygga, uppdaga och lagföra narkotikamissbruk där ungdomar är en prioriterad "
          "grupp.", Actor.JOINT, TargetKind.AT_LEAST_IN_PERIOD, 4, "insatser", commitment=0,
          performed=5),
        A("Att i samverkan mellan polis och kommun med fokus på brottspreventiva åtgärder, också "
          "inkludera lokala aktörer från civilsamhället, och tillsammans och långsiktigt verka "
          "för att skapa en miljö för ett fortsatt tryggare Älmhult.", Actor.JOINT,
          TargetKind.QUALITATIVE, unit="samverkansträffar", commitment=0, performed=4,
          assessment="Civilsamhället har deltagit i samverkansträffar."),
    ],
    signatories=[
        ("Eva Ballovaare", "Kommunstyrelsens ordförande", "kommun", "Älmhults kommun"),
        ("Anders Karlsson", "Chef lokalpolisområde Ljungby", "polis", "Polismyndigheten"),
    ],
    signed_on=None, signed_place="", final_status=PromiseStatus.CLOSED,
    follow_ups=[("year", 2018, 0)],
)

VETLANDA_2026 = Seed(
    slug="vetlanda", title="Medborgarlöfte i Vetlanda kommun 2026–2027",
    kind=PromiseKind.CITIZEN_PROMISE, start=D(2026, 1, 1), end=D(2027, 12, 31),
    summary=("Polisen och Vetlanda kommun lovar att arbeta för säkrare trafik i tätorten, att "
             "fler unga som börjar använda narkotika upptäcks tidigt och att invånarna får veta "
             "hur det går varje tertial."),
    background=("Löftet bygger vidare på medborgarlöftet 2020–2021 och på den gemensamma "
                "lägesbilden. Det följs upp varje tertial och revideras efter den årliga "
                "översynen."),
    situation=("Felaktiga trafikbeteenden och höga hastigheter i centrala Vetlanda upplevs som "
               "det största trygghetsproblemet. Tips och rapporter om narkotika bland unga har "
               "ökat vid skolor och i centrum, särskilt kring skolavslutning och valborg."),
    effect=("Färre som upplever trafiken i centrum som ett problem i polisens "
            "trygghetsmätning, fler upptäckta narkotikabrott bland unga och att invånarna vet "
            "vad kommunen och polisen gör."),
    follow_up_text=("Följ med i hur det går på kommunens webbplats och i Löfte: varje tertial "
                    "publiceras vad som har gjorts. Tips tar vi emot via Löfte eller på "
                    "polisen.se."),
    cadence="tertial",
    focus_areas=["Trafiksäkerhet i centrala Vetlanda", "Narkotika bland unga"],
    commitments=[
        "Att öka trafiksäkerheten genom att motverka felaktiga trafikbeteenden.",
        "Att öka upptäckten av narkotikabruk, främst hos unga.",
        "Att berätta för invånarna hur det går.",
    ],
    activities=[
        A("Polisen ska genomföra minst två trafikkontroller i månaden med inriktning på "
          "trafikbeteenden i centrala Vetlanda.", Actor.POLICE, TargetKind.PER_PERIOD, 2,
          "trafikkontroller", period=PeriodUnit.MONTH, commitment=0,
          place="Centrala Vetlanda", performed=47,
          problems="Felaktiga trafikbeteenden och höga hastigheter i centrum.",
          indicators="Andel som ser trafiken som ett problem (polisens trygghetsmätning); "
                     "anmälda trafikbrott i centrum.",
          figures=("kontrollerade fordon", "rapporter")),
        A("Kommunen ska presentera minst två hastighetsdämpande åtgärder för tekniska nämnden.",
          Actor.MUNICIPALITY, TargetKind.AT_LEAST_IN_PERIOD, 2, "åtgärder", commitment=0,
          performed=1),
        A("Polisen ska genomföra minst femton riktade insatser för att upptäcka narkotikabrott "
          "bland unga.", Actor.POLICE, TargetKind.AT_LEAST_IN_PERIOD, 15, "riktade insatser",
          commitment=1, performed=6, indicators="Upptäckta narkotikabrott bland unga.",
          figures=("narkotikabrott upptäckta",)),
        A("Kommunen ska sprida information till föräldrar inför valborg, skolavslutning, "
          "midsommar och nyår för att motverka langning.", Actor.MUNICIPALITY,
          TargetKind.RECURRING_DATES, unit="informationsinsatser", commitment=1,
          risk_days=["valborg", "skolavslutning", "midsommar", "nyar"], performed=3),
        A("Fältgruppen ska vara ute kvällstid i centrum och vid skolor varje fredag under "
          "terminerna.", Actor.PARTNER, TargetKind.PER_PERIOD, 12, "kvällspass",
          period=PeriodUnit.TERM, partner="Fältgruppen Vetlanda", commitment=1,
          place="Centrum och skolor", performed=44, figures=("unga i samtal",)),
        A("Samverkansmöte om de pågående aktiviteterna varje tertial.", Actor.JOINT,
          TargetKind.PER_PERIOD, 1, "samverkansmöten", period=PeriodUnit.TERTIAL, commitment=2,
          performed=6),
        A("Trygghetsvandring i centrum med invånare, klar senast 30 september 2026.",
          Actor.JOINT, TargetKind.BY_DATE, 1, "trygghetsvandring", due=D(2026, 9, 30),
          commitment=2, place="Centrum", performed=1, figures=("deltagare",)),
    ],
    signatories=[
        ("Henrik Tvarnö", "Kommunstyrelsens ordförande", "kommun", "Vetlanda kommun"),
        ("Jonas Lindell", "Lokalpolisområdeschef", "polis", "Lokalpolisområde Höglandet"),
    ],
    signed_on=D(2026, 1, 15), signed_place="Vetlanda", final_status=PromiseStatus.PUBLISHED,
    follow_ups=[("tertial", 2026, 1), ("tertial", 2026, 2)],
)

VETLANDA_PLAN_2026 = Seed(
    slug="vetlanda", title="Åtgärdsplan mot brott i Vetlanda kommun 2026",
    kind=PromiseKind.ACTION_PLAN, start=D(2026, 1, 1), end=D(2026, 12, 31),
    summary=("Kommunens åtgärdsplan enligt lagen (2023:196) om kommuners ansvar för "
             "brottsförebyggande arbete, beslutad utifrån lägesbilden 2025."),
    background="Åtgärdsplanen följer av 4 § lagen (2023:196).",
    situation="Lägesbilden 2025 visar skadegörelse vid Resecentrum och otrygghet i parker.",
    effect="Minskad skadegörelse och ökad trygghet i de utpekade områdena.",
    follow_up_text="Åtgärdsplanen följs upp varje tertial i brottsförebyggande rådet.",
    cadence="tertial", focus_areas=[],
    commitments=["Minska skadegörelse och otrygghet i centrala Vetlanda."],
    activities=[
        A("Förbättrad belysning vid Resecentrum.", Actor.MUNICIPALITY, TargetKind.BY_DATE, 1,
          "åtgärd", due=D(2026, 10, 31), commitment=0, place="Resecentrum", performed=1,
          finding="Lägesbild 2025, fynd 2: skadegörelse vid Resecentrum kvällstid."),
        A("Trygghetsvärdar i Stadsparken, fyra pass i månaden maj–september.", Actor.PARTNER,
          TargetKind.AT_LEAST_IN_PERIOD, 20, "pass",
          partner="Trygghetsvakterna Höglandet", commitment=0, place="Stadsparken",
          performed=19, season=((5, 1), (9, 30)),
          finding="Lägesbild 2025, fynd 3: otrygghet i parker kvällstid."),
    ],
    signatories=[
        ("Henrik Tvarnö", "Kommunstyrelsens ordförande", "kommun", "Vetlanda kommun"),
        ("Jonas Lindell", "Lokalpolisområdeschef", "polis", "Lokalpolisområde Höglandet"),
    ],
    signed_on=D(2026, 2, 1), signed_place="Vetlanda", final_status=PromiseStatus.PUBLISHED,
    situation_reference="Lägesbild Vetlanda 2025",
)

SEEDS = [ALMHULT_2018, VAGGERYD_2020, VETLANDA_2020, VAGGERYD_2024, VARNAMO_2024,
         VETLANDA_2026, VETLANDA_PLAN_2026]

PLACES = {
    "vetlanda": ["Storgatan", "Resecentrum", "Stadsparken", "Kullgatan", "Ekebo", "Holsby"],
    "vaggeryd": ["Skillingaryd centrum", "Vaggeryd centrum", "Riksväg 30", "Götaströmsskolan"],
    "varnamo": ["Värnamo centrum", "Bredaryd", "Lanna", "Bor", "Mossle"],
    "almhult": ["Älmhult centrum", "Diö", "Eneryda", "Liatorp"],
}
