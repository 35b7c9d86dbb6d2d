"""Demo lägesbilder: one complete, approved and published report per seed kommun.

Drawn from the demo data the other apps loaded before this one (reports and tips, police
events, statistics, surveys, dialogues, promises). Idempotent: a kommun that already has a
demo report keeps it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction

from lofte.organisations.models import OrganisationKind
from lofte.situation import services
from lofte.situation.models import SituationReport

DEMO_TITLE = "Gemensam lägesbild {name} {year}"

TEXTS: dict[str, str] = {
    "kartlaggning": (
        "Kartläggningen bygger på anmälda brott (Kolada och Brå), polisens händelsenotiser, "
        "samverkans egna rapporter och medborgartips. Skadegörelse, klotter och ungdomar som "
        "samlas på kvällstid dominerar de egna rapporterna och koncentreras till centrum och "
        "resecentrum. Händelserna ökar under fredags- och lördagskvällar och under våren."
    ),
    "konsekvenser_otrygghet": (
        "Trygghetsmätningen visar att otryggheten är störst bland kvinnor och unga vuxna "
        "på kvällstid i centrum. I medborgardialogerna återkommer belysning, nedskräpning och "
        "mopedtrafik som orsaker till att man undviker vissa platser."
    ),
    "ovrig_information": (
        "Under året planeras ombyggnad av resecentrum, vilket kan flytta problemen. "
        "Medborgarlöftets aktiviteter löper i huvudsak enligt plan; se tabellen över läget."
    ),
    "analys": (
        "Samverkan prioriterar tre problem. För vart och ett har platsen, tiden och "
        "brottstriangeln (plats, gärningsperson, offer eller mål) analyserats. Den gemensamma "
        "orsaken är platser som saknar naturlig övervakning kvällstid, där unga samlas."
    ),
    "slutsatser": (
        "Situationella åtgärder (belysning, snabb klottersanering) kombineras med social "
        "närvaro (fältarbetare, nattvandring) på de prioriterade platserna och vid "
        "riskdagarna i årshjulet. Åtgärderna följs upp varje tertial."
    ),
    "underrattelse": (
        "Polisens bedömning (endast polisen): en mindre grupp unga vuxna bedöms stå för en "
        "stor del av skadegörelsen i centrum och har kopplingar till narkotikaförsäljning. "
        "Uppgifterna får inte spridas utanför polisen."
    ),
}

PROBLEMS: list[dict[str, Any]] = [
    {"title": "Skadegörelse och klotter i centrum", "priority": 1,
     "time_pattern": "Fredag–lördag 21–03, störst april–juni",
     "triangle_place": "Mörka passager och parkeringar utan naturlig övervakning",
     "triangle_offender": "Grupper av unga som samlas kvällstid",
     "triangle_target": "Fastigheter, busskurer och skolor",
     "suspected_causes": "Dålig belysning, få vuxna i rörelse kvällstid",
     "source_figure": "hotspots"},
    {"title": "Mopedbuskörning och trafikfarlig körning", "priority": 1,
     "time_pattern": "Vår och försommar, kvällar",
     "triangle_place": "Gång- och cykelvägar, skolgårdar",
     "triangle_offender": "Unga med trimmade mopeder",
     "triangle_target": "Gående och cyklister",
     "suspected_causes": "Säsong, brist på samlingsplatser", "source_figure": "yearwheel"},
    {"title": "Otrygghet vid resecentrum", "priority": 2,
     "time_pattern": "Vardagar 18–23",
     "triangle_place": "Resecentrum och gångtunneln",
     "triangle_offender": "Berusade personer, ungdomsgrupper",
     "triangle_target": "Resenärer, särskilt kvinnor",
     "suspected_causes": "Ombyggnad, skymd sikt, nedskräpning", "source_figure": "surveys"},
]
POLICE_PROBLEM: dict[str, Any] = {"title": "Narkotikaförsäljning med koppling till skadegörelsen",
                  "priority": 1, "is_police_only": True,
                  "suspected_causes": "Underrättelser från LPO (endast polisen)"}


def _member(collaboration: Any, kind: str) -> Any:
    return (collaboration.memberships.filter(organisation__kind=kind,
                                             role__in=["coordinator", "administrator"])
            .select_related("user", "organisation").order_by("role").first())


def _place_of(report: SituationReport) -> tuple[str, float | None, float | None]:
    for figure in report.snapshot.get("figures", []):
        if figure.get("key") == "hotspots":
            cells = (figure.get("chart") or {}).get("cells") or []
            if cells:
                return cells[0].get("place") or "Centrum", cells[0]["lat"], cells[0]["lon"]
    m = report.collaboration.municipality
    return "Centrum", round(m.centre_lat, 4), round(m.centre_lon, 4)


def _link_first_activity(actor: Any, report: SituationReport) -> None:
    from lofte.promises.models import Activity

    activity = (Activity.objects.filter(promise__collaboration=report.collaboration)
                .order_by("-promise__period_end", "position").first())
    problem = report.problems.filter(is_police_only=False).order_by("priority", "id").first()
    if activity is not None and problem is not None:
        services.link_measure(actor, problem, activity)


@transaction.atomic
def build_report(collaboration: Any, year: int, *, publish: bool = True) -> SituationReport:
    """A complete lägesbild of ``year`` for ``collaboration``, approved and published."""
    kommun = _member(collaboration, OrganisationKind.MUNICIPALITY)
    police = _member(collaboration, OrganisationKind.POLICE_AREA)
    actor = kommun.user if kommun else None
    report = services.draft_situation_report(
        actor, collaboration, dt.date(year, 1, 1), dt.date(year, 12, 31),
        title=DEMO_TITLE.format(name=collaboration.municipality.name, year=year))
    for kind, text in TEXTS.items():
        writer = police.user if (kind == "underrattelse" and police) else actor
        text = re.sub(r"\bcentrum\b", f"{collaboration.municipality.name} centrum", text,
                      count=1)
        services.update_section(writer, report, kind, text, is_police=kind == "underrattelse")
    place, lat, lon = _place_of(report)
    for index, fields in enumerate(PROBLEMS):
        extra: dict[str, Any] = (
            {"place_name": place, "latitude": lat, "longitude": lon} if index == 0
            else {"place_name": "Resecentrum" if index == 2 else "Hela kommunen"})
        services.save_problem(actor, report, **{**fields, **extra})
    if police:
        services.save_problem(police.user, report, is_police=True,
                              **dict(POLICE_PROBLEM))
    # One problem gets a measure; the others show the gap Brå most often finds.
    _link_first_activity(actor, report)
    if publish and kommun and police:
        services.mark_reviewed(actor, report)
        services.approve_report(actor, report, kommun)
        services.approve_report(police.user, report, police)
        services.publish_report(actor, report)
    return report


def load(context: Any) -> None:
    from lofte.situation import tasks

    tasks.ensure_schedule()
    year = dt.date.today().year - 1
    for collaboration in context.collaborations.values():
        if SituationReport.objects.filter(collaboration=collaboration).exists():
            continue
        build_report(collaboration, year)
