"""Review helpers (highlighting, initial values), clean-up of expired readings, admin."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from lofte.documents import review, services, tasks
from lofte.documents.models import PendingExtraction, RegisteredPromise
from lofte.documents.parsing import parse_text
from lofte.documents.tests.test_web_review import _form_data
from lofte.promises.models import Promise

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "synthetic"


def _evidence(text: str, anchor: str = "a") -> review.Evidence:
    return review.Evidence(anchor, anchor, text, 0.9)


@given(st.text(max_size=300), st.lists(st.text(max_size=40), max_size=6))
def test_highlight_keeps_the_text_intact(text: str, sentences: list[str]) -> None:
    items = [_evidence(s, f"k{i}") for i, s in enumerate(sentences)]
    segments, targets = review.highlight(text, items)
    assert "".join(segment.text for segment in segments) == text
    placed = {s.anchor for s in segments if s.anchor}
    assert set(targets.values()) <= placed | {""}
    assert len(placed) == len([s for s in segments if s.anchor])  # each anchor once


def test_highlight_tolerates_line_breaks_and_case() -> None:
    text = "Inledning.\nPolisen ska genomföra\nminst 15 trafikkontroller.\nSlut."
    segments, targets = review.highlight(
        text, [_evidence("polisen ska genomföra minst 15 trafikkontroller.", "akt")])
    marked = [s for s in segments if s.anchor]
    assert marked[0].text == "Polisen ska genomföra\nminst 15 trafikkontroller."
    assert targets == {"akt": "akt"}


def test_a_sentence_shared_by_two_fields_links_both_to_one_mark() -> None:
    title = "Medborgarlöfte i Vetlanda kommun 2020-2021"
    _, targets = review.highlight(f"{title}\n\nText.",
                                  [_evidence(title, "kommun"), _evidence(title, "period")])
    assert targets == {"kommun": "kommun", "period": "kommun"}


def test_tidy_collapses_blank_lines() -> None:
    assert review.tidy("\n\n  \nA\n\n\n\nB  \n\n") == "A\n\nB"


def test_confidence_badges() -> None:
    assert review.confidence_badge(0.9)[0] == "ok"
    assert review.confidence_badge(0.7)[0] == "warn"
    assert review.confidence_badge(0.3)[0] == "bad"
    assert review.confidence_badge(None)[0] == "neutral"


def test_initial_values_map_the_parser_to_the_promise_model() -> None:
    parsed = parse_text((SEEDS / "003_fdd0799881d70999.txt").read_text(encoding="utf-8"))
    initial = review.initial_values(parsed.to_json(), "reserv")
    assert initial["promise"]["municipalities"] == "Vetlanda"
    assert initial["promise"]["follow_up_cadence"] == "continuous"
    police = [a for a in initial["activities"] if a["actor"] == "polisen"]
    assert any(a["count"] == 15 for a in police)
    assert {s["party"] for s in initial["signatories"]} == {"kommun", "polis"}


def test_initial_values_of_an_unknown_actor_become_partner() -> None:
    extraction = {"activities": [{"text": "Fältgruppen ska gå", "actor": "Fältgruppen",
                                  "target": {"count": 2, "per": "vecka"}}]}
    activity = review.initial_values(extraction, "x")["activities"][0]
    assert activity["actor"] == "partner" and activity["partner_name"] == "Fältgruppen"
    assert activity["per"] == "week"  # the form asks the coordinator to convert it


@pytest.mark.django_db
def test_promise_of_several_kommuner_is_saved_with_all_parties(login: Any, coordinator: Any,
                                                                vetlanda: Any) -> None:
    client = login(coordinator)
    text = (SEEDS / "003_fdd0799881d70999.txt").read_text(encoding="utf-8")
    client.post(reverse("documents:upload", kwargs={"slug": "vetlanda"}), {"text": text})
    pending = PendingExtraction.objects.get()
    url = reverse("documents:review", kwargs={"slug": "vetlanda", "pk": pending.pk})
    page = client.get(url)
    data = _form_data(page)
    data["municipalities"] = "Vetlanda kommun, Eksjö och Sävsjö"
    response = client.post(url, data)
    assert response.status_code == 302
    promise = Promise.objects.get()
    assert "Vetlanda och Eksjö och Sävsjö" in promise.background
    detail = client.get(response["Location"])
    assert detail.status_code == 200


@pytest.mark.django_db
def test_unknown_kommun_is_a_validation_error(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    text = (SEEDS / "003_fdd0799881d70999.txt").read_text(encoding="utf-8")
    client.post(reverse("documents:upload", kwargs={"slug": "vetlanda"}), {"text": text})
    pending = PendingExtraction.objects.get()
    url = reverse("documents:review", kwargs={"slug": "vetlanda", "pk": pending.pk})
    data = _form_data(client.get(url))
    data["municipalities"] = "Vetlanda, Atlantis"
    response = client.post(url, data)
    assert response.status_code == 400 and "Okänd kommun: Atlantis" in response.content.decode()


@pytest.mark.django_db
def test_pasted_text_that_is_too_long_is_refused(login: Any, coordinator: Any) -> None:
    response = login(coordinator).post(
        reverse("documents:upload", kwargs={"slug": "vetlanda"}),
        {"text": "Vetlanda kommun och polisen lovar. " * 7000})
    assert response.status_code == 400 and "för lång" in response.content.decode()
    assert not PendingExtraction.objects.exists()


@pytest.mark.django_db
def test_expired_extractions_are_deleted(coordinator: Any, vetlanda: Any) -> None:
    text = (SEEDS / "003_fdd0799881d70999.txt").read_text(encoding="utf-8")
    old = services.read_document(coordinator, vetlanda, text=text)
    fresh = services.read_document(coordinator, vetlanda, text=text)
    PendingExtraction.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert tasks.delete_expired_extractions() == 1
    assert list(PendingExtraction.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert tasks.delete_expired_extractions() == 0


@pytest.mark.django_db
def test_admin_shows_the_register_read_only(geography: None, django_user_model: Any) -> None:
    services.import_documents(None, [(p.name, p.read_bytes())
                                     for p in sorted(SEEDS.glob("*.txt"))][:1])
    admin = django_user_model.objects.create_superuser("plattform", "p@example.se", "x" * 20)
    client = Client()
    client.force_login(admin)
    promise = RegisteredPromise.objects.get()
    assert client.get("/admin/documents/registeredpromise/").status_code == 200
    assert client.get(f"/admin/documents/registeredpromise/{promise.pk}/change/"
                      ).status_code == 200
    assert client.get("/admin/documents/registeredpromise/add/").status_code == 403


@pytest.mark.django_db
def test_three_kommuner_document_is_registered_under_each(geography: None) -> None:
    path = SYNTHETIC / "s03_three_kommuner_press.txt"
    services.import_documents(None, [(path.name, path.read_bytes())])
    promise = RegisteredPromise.objects.get()
    assert promise.municipalities.count() == 3


@pytest.mark.django_db
def test_text_without_activities_needs_one_added_before_saving(login: Any,
                                                               coordinator: Any) -> None:
    client = login(coordinator)
    client.post(reverse("documents:upload", kwargs={"slug": "vetlanda"}),
                {"text": "Medborgarlöfte för Vetlanda kommun 2024\n\nVi vill ha en trygg "
                         "kommun."})
    pending = PendingExtraction.objects.get()
    url = reverse("documents:review", kwargs={"slug": "vetlanda", "pk": pending.pk})
    page = client.get(url)
    assert "Inga aktiviteter hittades" in page.content.decode()
    data = _form_data(page)
    data["start_year"] = data["end_year"] = "2024"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "minst en aktivitet" in response.content.decode()
    data.update({"akt-TOTAL_FORMS": 1, "akt-0-description": "Polisen ska patrullera centrum",
                 "akt-0-actor": "polisen", "akt-0-count": "10", "akt-0-per": "month",
                 "akt-0-unit": "patrulleringar"})
    assert client.post(url, data).status_code == 302
    activity = Promise.objects.get().activities.get()
    assert (activity.target_kind, activity.target_count, activity.target_period) == (
        "per_period", 10, "month")


@pytest.mark.django_db
def test_theme_page_query_count(login: Any, reader: Any, geography: None,
                                django_assert_max_num_queries: Any) -> None:
    services.import_documents(None, [(p.name, p.read_bytes())
                                     for p in sorted(SEEDS.glob("*.txt"))])
    client = login(reader)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("documents:register_themes")).status_code == 200


@pytest.mark.django_db
def test_saving_the_same_reading_twice_creates_one_draft(coordinator: Any,
                                                         vetlanda: Any) -> None:
    from django.core.exceptions import ValidationError

    text = (SEEDS / "003_fdd0799881d70999.txt").read_text(encoding="utf-8")
    pending = services.read_document(coordinator, vetlanda, text=text)
    reviewed = services.ReviewedPromise(
        title="Medborgarlöfte Vetlanda", start_year=2020, end_year=2021,
        municipality_names=["Vetlanda"],
        activities=[services.ReviewedActivity("Polisen ska kontrollera", "polisen", count=15,
                                              unit="trafikkontroller")])
    services.save_as_draft(coordinator, pending, reviewed)
    with pytest.raises(ValidationError):
        services.save_as_draft(coordinator, pending, reviewed)
    assert Promise.objects.count() == 1
    activity = Promise.objects.get().activities.get()
    assert (activity.target_kind, activity.target_count) == ("at_least_in_period", 15)
