"""Planted personal data: one citizen, one user and a bystander who must stay untouched."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from lofte.accounts.services import create_api_token
from lofte.incidents import services as incidents
from lofte.incidents.models import IncidentCategory
from lofte.incidents.tests.conftest import categories, centre  # noqa: F401 - fixtures
from lofte.organisations.models import Collaboration
from lofte.promises import services as promises
from lofte.promises.tests.factories import first_activity, published_promise

# The citizen: known only from a tip's contact details and from mentions in free text.
CITIZEN_NAME = "Kalle Testsson"
CITIZEN_EMAIL = "kalle.testsson@exempel.se"
CITIZEN_PHONE = "070-314 15 92"
CITIZEN_PERSONNUMMER = "19850412-2386"
# The same details written as people write them in notes.
CITIZEN_VARIANTS = ("kalle testsson", "Kalle  Testsson", "+46 70 314 15 92", "0703141592",
                    "850412-2386", "8504122386", "KALLE.TESTSSON@EXEMPEL.SE")
# A bystander named in the same texts: must be neither found nor erased.
OTHER_NAME = "Lisa Nilsson"
OTHER_EMAIL = "lisa.nilsson@exempel.se"
OTHER_PHONE = "073-999 88 77"
OTHER_PERSONNUMMER = "910623-4579"

USER_PHONE = "076-555 12 34"
USER_TITLE = "Fastighetsskötare"


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(out, format="JPEG")
    return SimpleUploadedFile("bild.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def planted(media: Path, vetlanda: Collaboration, coordinator: Any, police_coordinator: Any,
            reporter: Any, categories: dict[str, IncidentCategory]) -> dict[str, Any]:  # noqa: F811
    """Personal data of the citizen and of ``reporter`` spread over the apps.

    Returns the objects by name, so tests can check what was found and what changed.
    """
    lat, lon = centre(vetlanda)
    now = timezone.now()
    reporter.phone, reporter.title = USER_PHONE, USER_TITLE
    reporter.last_name = "Rapportsson"
    reporter.save()
    create_api_token(reporter, name="Telefonen")
    tip = incidents.submit_tip(vetlanda, incidents.IncidentData(
        category=categories["otrygg-plats"], occurred_from=now - dt.timedelta(days=1),
        lat=lat, lon=lon, description=f"Jag heter {CITIZEN_NAME} och bor vid skolan.",
        contact_name=CITIZEN_NAME, contact_email=CITIZEN_EMAIL, photos=[jpeg()],
    ))
    feedback = incidents.send_feedback(coordinator, tip, "Tack, vi har pratat med skolan.")
    bystander_tip = incidents.submit_tip(vetlanda, incidents.IncidentData(
        category=categories["otrygg-plats"], occurred_from=now - dt.timedelta(days=2),
        lat=lat, lon=lon, description=f"{OTHER_NAME} såg bråk.",
        contact_name=OTHER_NAME, contact_email=OTHER_EMAIL, photos=[jpeg()],
    ))
    mention = incidents.report_incident(coordinator, vetlanda, incidents.IncidentData(
        category=categories["klotter"], occurred_from=now - dt.timedelta(hours=3),
        lat=lat, lon=lon,
        description=(f"Vittne: {CITIZEN_VARIANTS[0]}, tel {CITIZEN_VARIANTS[2]}, "
                     f"pnr {CITIZEN_VARIANTS[4]}. Även {OTHER_NAME} ({OTHER_PHONE}) såg det."),
    ))
    own_report = incidents.report_incident(reporter, vetlanda, incidents.IncidentData(
        category=categories["klotter"], occurred_from=now - dt.timedelta(hours=4),
        lat=lat, lon=lon, description="Klotter på garaget.", photos=[jpeg()],
    ))
    own_feedback = incidents.send_feedback(coordinator, own_report, "Tack, klottret är borta.")
    meeting = incidents.create_meeting(
        coordinator, vetlanda, held_on=now.date(), title="Veckomöte",
        period_start=now.date() - dt.timedelta(days=7), period_end=now.date(), agenda=[])
    incidents.update_meeting(
        coordinator, meeting,
        notes=(f"Ring {CITIZEN_VARIANTS[3]} om skolan; {OTHER_NAME} har nummer "
               f"{OTHER_PERSONNUMMER}."),
        participants=f"Samordnaren, {CITIZEN_VARIANTS[1]}", is_held=True)
    decision = incidents.decide(
        coordinator, meeting, what="Trygghetsvandring", where="Skolan",
        owner=CITIZEN_NAME, organisation=None, due_on=None, incidents=[mention])
    incidents.follow_up_decision(coordinator, decision, status="klar",
                                 follow_up=f"Svar skickat till {CITIZEN_VARIANTS[6]}.")
    promise = published_promise(vetlanda, coordinator, police_coordinator)
    record = promises.record_activity(
        reporter, first_activity(promise), performed_on=now.date(),
        participants=f"{CITIZEN_NAME}, {OTHER_NAME}",
        note=f"Kontroll; personnummer {CITIZEN_VARIANTS[5]} noterat. {OTHER_EMAIL} ringde.")
    checklist = incidents.record_checklist(
        reporter, vetlanda, organisation=None, week_start=incidents.monday_of(now.date()),
        items=[], note=f"Inget, men {CITIZEN_PERSONNUMMER} hörde av sig.")
    return {"tip": tip, "feedback": feedback, "bystander_tip": bystander_tip,
            "mention": mention, "own_report": own_report, "meeting": meeting,
            "decision": decision, "record": record, "checklist": checklist,
            "promise": promise, "own_feedback": own_feedback}
