"""Pages and API of the sources: success, other collaboration 404, validation, missing object."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.imports import services
from lofte.imports.models import DialogueResult, ImportRun, PoliceEvent, RunStatus, SurveyResult

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "tests" / "fixtures"
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def sources(geography: None) -> None:
    def named(path: Path) -> list[tuple[str, bytes]]:
        return [(path.name, path.read_bytes())]

    services.import_polisen_events(None, named(FIXTURES / "polisen_events_docs_1_6.json"))
    services.import_kolada(None, named(DATA / "demo" / "kolada_2025_datasources_2_4.json"))
    services.import_surveys(None, named(DATA / "demo" / "trygghet_demo.csv"), is_demo=True)


def url(view: str, slug: str = "vetlanda", **kwargs: Any) -> str:
    return reverse(f"imports:{view}", kwargs={"slug": slug, **kwargs})


@pytest.mark.parametrize("name", ["index", "events", "statistics", "surveys", "dialogues"])
def test_reader_sees_the_source_pages(login: Any, reader: Any, sources: None, name: str) -> None:
    response = login(reader).get(url(name))
    assert response.status_code == 200
    assert "Källa:" in response.content.decode()


def test_events_page_lists_the_kommun_with_source_and_map(
    login: Any, analyst: Any, sources: None
) -> None:
    response = login(analyst).get(url("events"), {"period": "alla"})
    html = response.content.decode()
    assert "Källa: Polismyndigheten" in html
    assert "Misshandel" in html and "Brand i villa." in html  # Vetlanda's two events
    assert response.context["total"] == 2
    assert response.context["event_layer"]["features"][0]["properties"]["label"].startswith("2 ")
    filtered = login(analyst).get(url("events"), {"period": "alla", "category": "brand"})
    assert filtered.context["total"] == 1


def test_statistics_compares_with_the_county(login: Any, coordinator: Any, sources: None) -> None:
    response = login(coordinator).get(url("statistics"))
    html = response.content.decode()
    assert "Källa: Kolada" in html and "Beräknat av Löfte" in html
    rates = response.context["panels"][0]["rates"]
    own, group = rates.series[0], rates.series[1]
    assert own.points == [(2025, pytest.approx(8730.69418))]
    # mean of Nässjö, Eksjö, Sävsjö, Aneby, Tranås (the other Jönköping kommuner with values)
    expected = (11271.62588 + 11858.28726 + 10253.74556 + 7752.05158 + 10355.49934) / 5
    assert group.points[0][1] == pytest.approx(expected, abs=0.1)


def test_surveys_are_labelled_as_demo(login: Any, coordinator: Any, sources: None) -> None:
    html = login(coordinator).get(url("surveys")).content.decode()
    assert "Problemindex" in html and "Demodata" in html


def test_outsider_gets_404(login: Any, outsider: Any, sources: None) -> None:
    client = login(outsider)
    for name in ("index", "events", "statistics", "upload", "runs"):
        assert client.get(url(name)).status_code == 404


def test_reporter_may_not_upload(login: Any, reporter: Any) -> None:
    assert login(reporter).get(url("upload")).status_code == 403


def test_upload_survey_file(login: Any, coordinator: Any) -> None:
    lines = (DATA / "demo" / "trygghet_demo.csv").read_text(encoding="utf-8").splitlines()
    data = "\n".join(line for line in lines if not line[:1].isdigit() or line.startswith(
        "0685")).encode()
    response = login(coordinator).post(url("upload"), {
        "source": "trygghet", "file": SimpleUploadedFile("trygghet.csv", data)})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == url("run", pk=run.pk)
    assert run.actor == coordinator and run.collaboration.slug == "vetlanda"
    assert SurveyResult.objects.count() == 9


def test_upload_with_a_bad_row_stores_nothing_and_shows_the_row(
    login: Any, coordinator: Any
) -> None:
    text = ("datum;kommunkod;typ;omrade;amne;roster;fritext\n"
            "2025-09-16;0685;medborgardialog;;Belysning;3;\n"
            "2025-09-17;0685;medborgardialog;;Buskörning;tre;\n")
    response = login(coordinator).post(url("upload"), {
        "source": "dialoger", "file": SimpleUploadedFile("dialog.csv", text.encode())})
    assert response.status_code == 422
    html = response.content.decode()
    assert "dialog.csv, rad 3, fält &#x27;roster&#x27;" in html or "rad 3" in html
    assert DialogueResult.objects.count() == 0
    assert ImportRun.objects.get().status == RunStatus.FAILED


def test_upload_form_validation(login: Any, coordinator: Any) -> None:
    response = login(coordinator).post(url("upload"), {"source": "trygghet"})
    assert response.status_code == 422
    assert ImportRun.objects.count() == 0


def test_dialogue_entry_masks_and_can_be_deleted(login: Any, analyst: Any, vetlanda: Any) -> None:
    client = login(analyst)
    response = client.post(url("dialogue_new"), {
        "held_on": "2025-10-01", "kind": "medborgardialog", "area": "Centrum",
        "topic": "Mörk gångväg", "votes": "12", "free_text": "Mejla anna@example.se"})
    assert response.status_code == 302
    result = DialogueResult.objects.get()
    assert result.free_text == "Mejla [e-post]" and result.collaboration == vetlanda
    assert "Mörk gångväg" in client.get(url("dialogues")).content.decode()
    assert client.post(url("dialogue_delete", pk=result.pk)).status_code == 302
    assert not DialogueResult.objects.exists()


def test_dialogue_entry_validation_and_missing(login: Any, analyst: Any) -> None:
    client = login(analyst)
    response = client.post(url("dialogue_new"), {"held_on": "2999-01-01", "kind": "x",
                                                 "topic": ""})
    assert response.status_code == 422
    assert not DialogueResult.objects.exists()
    assert client.post(url("dialogue_delete", pk=987654)).status_code == 404


def test_other_collaborations_dialogue_is_404(login: Any, outsider: Any, coordinator: Any,
                                              vetlanda: Any) -> None:
    result = services.record_dialogue_result(coordinator, vetlanda, held_on=__import__(
        "datetime").date(2025, 1, 2), kind="medborgardialog", topic="Klotter")
    response = login(outsider).post(url("dialogue_delete", slug="almhult", pk=result.pk))
    assert response.status_code == 404
    assert DialogueResult.objects.filter(pk=result.pk).exists()


def test_runs_and_run_detail(login: Any, coordinator: Any, sources: None) -> None:
    client = login(coordinator)
    run = ImportRun.objects.first()
    assert client.get(url("runs")).status_code == 200
    assert client.get(url("run", pk=run.pk)).status_code == 200
    assert client.get(url("run", pk=987654)).status_code == 404


def test_template_download(login: Any, coordinator: Any) -> None:
    response = login(coordinator).get(url("template", name="trygghetsresultat_mall.csv"))
    assert response.status_code == 200
    assert login(coordinator).get(url("template", name="settings.py")).status_code == 404


def test_all_runs_is_for_staff(login: Any, coordinator: Any, sources: None) -> None:
    from django.contrib.auth import get_user_model

    assert login(coordinator).get(reverse("imports:all_runs")).status_code == 302
    staff = get_user_model().objects.create_user("personal", "p@example.se", "x", is_staff=True)
    response = login(staff).get(reverse("imports:all_runs"))
    assert response.status_code == 200
    assert "Polisens händelser" in response.content.decode()


def test_api_police_events_and_rates(login: Any, analyst: Any, outsider: Any,
                                     sources: None) -> None:
    client = login(analyst)
    response = client.get("/api/v1/collaborations/vetlanda/sources/police-events",
                          {"start": "2026-01-01", "end": "2026-06-30"})
    assert response.status_code == 200
    body = response.json()
    assert body["source_label"] == "Källa: Polismyndigheten"
    assert [e["external_id"] for e in body["events"]] == [634948, 620526]
    rates = client.get("/api/v1/collaborations/vetlanda/sources/crime-rates").json()
    assert rates["source_label"] == "Källa: Kolada"
    assert login(outsider).get(
        "/api/v1/collaborations/vetlanda/sources/police-events").status_code == 404
    assert client.get("/api/v1/collaborations/vetlanda/sources/police-events",
                      {"start": "inte-ett-datum"}).status_code == 422


def test_api_import_runs_needs_import_right(login: Any, reader: Any, analyst: Any,
                                            sources: None) -> None:
    assert login(reader).get(
        "/api/v1/collaborations/vetlanda/sources/import-runs").status_code == 403
    runs = login(analyst).get("/api/v1/collaborations/vetlanda/sources/import-runs").json()
    assert {run["source"] for run in runs} == {"polisen-events", "kolada", "trygghet"}


def test_police_events_query_excludes_other_kommuner(sources: None, vetlanda: Any) -> None:
    from lofte.imports.queries import police_events_for

    start = PoliceEvent.objects.order_by("occurred_at").first().occurred_at
    result = police_events_for(vetlanda.municipality, start, start.replace(year=2030))
    assert {event.external_id for event in result.events} == {634948, 620526}
    assert result.by_category and result.source_label == "Källa: Polismyndigheten"


def test_configured_comparison_group(settings: Any, sources: None, vetlanda: Any) -> None:
    from lofte.imports.queries import crime_rates_for

    settings.LOFTE_COMPARISON_GROUPS = {"0685": ("Liknande kommuner", ["0682", "0686"])}
    rates = crime_rates_for(vetlanda.municipality)
    assert rates.comparison_label == "Liknande kommuner"
    assert rates.series[1].points[0][1] == pytest.approx((11271.62588 + 11858.28726) / 2,
                                                         abs=0.1)


def test_survey_breakdown_by_gender(login: Any, coordinator: Any, sources: None) -> None:
    response = login(coordinator).get(url("surveys"))
    rows = response.context["breakdown"]
    assert [(r.gender, r.value, r.total) for r in rows] == [("kvinnor", 31.0, 23.0)]
    assert "Efter kön och ålder" in response.content.decode()


def test_events_page_query_count_does_not_grow_with_events(
    login: Any, coordinator: Any, sources: None, django_assert_max_num_queries: Any
) -> None:
    client = login(coordinator)
    client.get(url("events"))  # warm the session and the nav
    with django_assert_max_num_queries(16):
        response = client.get(url("events"), {"period": "alla"})
    assert response.status_code == 200


def test_upload_incident_history_shows_on_the_overview(login: Any, coordinator: Any) -> None:
    text = "lat,lon,occurred_at,category\n57.43,15.08,2023-05-01T21:00,klotter\n"
    client = login(coordinator)
    response = client.post(url("upload"), {
        "source": "handelsehistorik", "file": SimpleUploadedFile("h.csv", text.encode())})
    assert response.status_code == 302
    statuses = {s.key: s for s in client.get(url("index")).context["sources"]}
    assert statuses["historik"].count == 1


def test_summaries_of_the_county_only_on_request(login: Any, analyst: Any,
                                                 sources: None) -> None:
    client = login(analyst)
    plain = client.get(url("events"), {"period": "alla"})
    assert all(not e.is_summary for e in plain.context["page"].object_list)
    with_summaries = client.get(url("events"), {"period": "alla", "summaries": "on"})
    titles = [e.title for e in with_summaries.context["page"].object_list]
    assert any("Sammanfattning natt, Jönköpings län" in t for t in titles)
    assert not any("Kronobergs län" in t for t in titles)
    assert with_summaries.context["in_kommun"] == 2


def test_django_admin_lists_runs_and_events(client: Any, sources: None) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("plattform", "a@example.se", "x")
    client.force_login(admin)
    for model in ("importrun", "policeevent", "crimestatistic", "surveyresult"):
        response = client.get(f"/admin/imports/{model}/")
        assert response.status_code == 200, model
