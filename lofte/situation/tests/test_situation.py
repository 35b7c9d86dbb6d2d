"""The lägesbild: drafting, sections, problems, approval, publication, access."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from lofte.situation import disclosure, patterns, queries, services
from lofte.situation.models import (
    Problem,
    ProblemMeasureLink,
    ReportSection,
    ReportStatus,
    SituationReport,
)

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
SECRET = "HEMLIGT-UNDERRATTELSE-7731"


def _base(vetlanda: Any) -> str:
    return f"/samverkan/{vetlanda.slug}/lagesbild/"


@pytest.fixture
def report(vetlanda: Any, coordinator: Any, incidents: Any) -> SituationReport:
    return services.draft_situation_report(coordinator, vetlanda, START, END)


def _approved(report: SituationReport, coordinator: Any, police_coordinator: Any
              ) -> SituationReport:
    services.mark_reviewed(coordinator, report)
    services.approve_report(coordinator, report, coordinator.memberships.get())
    return services.approve_report(police_coordinator, report,
                                    police_coordinator.memberships.get())


# --- Drafting ---------------------------------------------------------------------------------

def test_draft_composes_every_section_and_figures_with_sources(report: SituationReport) -> None:
    assert report.sections.count() == 6
    assert report.sections.get(kind="underrattelse").is_police_only
    figures = {f["key"]: f for f in report.snapshot["figures"]}
    assert figures["incident_categories"]["rows"], "own reports per category"
    assert figures["hour_of_week"]["chart"]["matrix"]
    assert figures["hotspots"]["chart"]["cells"], "the dense cluster is a hot spot"
    for figure in figures.values():
        assert figure["source"] and figure["period"]
    # Sources that do not exist yet degrade to a note instead of failing.
    assert figures["crime_rates"]["note"].startswith("Inga data")


def test_draft_rejects_a_reversed_period_and_stores_nothing(vetlanda: Any,
                                                            coordinator: Any) -> None:
    with pytest.raises(services.ValidationError):
        services.draft_situation_report(coordinator, vetlanda, END, START)
    assert not SituationReport.objects.exists()


def test_create_page_drafts_a_tertial(login: Any, coordinator: Any, vetlanda: Any) -> None:
    client = login(coordinator)
    response = client.post(_base(vetlanda) + "ny/", {"period_kind": "tertial", "year": 2025,
                                                     "tertial": 2})
    assert response.status_code == 302
    report = SituationReport.objects.get()
    assert (report.period_start, report.period_end) == (dt.date(2025, 5, 1),
                                                        dt.date(2025, 8, 31))
    assert client.get(response["Location"]).status_code == 200


def test_create_page_validation_error_stores_nothing(login: Any, coordinator: Any,
                                                     vetlanda: Any) -> None:
    response = login(coordinator).post(_base(vetlanda) + "ny/", {"period_kind": "range",
                                                                 "start": "2025-05-01"})
    assert response.status_code == 200
    assert "Ange slutdatum" in response.content.decode()
    assert not SituationReport.objects.exists()


def test_other_collaboration_and_missing_report_are_404(login: Any, outsider: Any,
                                                        coordinator: Any, vetlanda: Any,
                                                        report: SituationReport) -> None:
    assert login(outsider).get(f"{_base(vetlanda)}{report.pk}/").status_code == 404
    assert login(coordinator).get(f"{_base(vetlanda)}987654/").status_code == 404
    assert login(coordinator).get(f"{_base(vetlanda)}{report.pk}/pdf/").status_code == 200


def test_reporter_may_not_see_the_lagesbild(login: Any, reporter: Any, vetlanda: Any) -> None:
    assert login(reporter).get(_base(vetlanda)).status_code == 403


# --- Sections and police-only content ---------------------------------------------------------

def test_intelligence_is_written_and_read_by_the_police_only(
        login: Any, coordinator: Any, police_coordinator: Any, report: SituationReport,
        vetlanda: Any) -> None:
    url = f"{_base(vetlanda)}{report.pk}/avsnitt/underrattelse/"
    assert login(coordinator).post(url, {"body": "försök"}).status_code == 404
    assert login(police_coordinator).post(url, {"body": SECRET}).status_code == 302
    assert report.sections.get(kind="underrattelse").body == SECRET
    detail = f"{_base(vetlanda)}{report.pk}/"
    assert SECRET in login(police_coordinator).get(detail).content.decode()
    assert SECRET not in login(coordinator).get(detail).content.decode()
    with pytest.raises(PermissionError):
        services.update_section(coordinator, report, "underrattelse", "x", is_police=False)


def test_section_text_is_saved_and_unknown_section_is_404(
        login: Any, coordinator: Any, report: SituationReport, vetlanda: Any) -> None:
    client = login(coordinator)
    url = f"{_base(vetlanda)}{report.pk}/avsnitt/analys/"
    assert client.post(url, {"body": "Skadegörelsen ökar i centrum."}).status_code == 302
    assert report.sections.get(kind="analys").body == "Skadegörelsen ökar i centrum."
    assert client.get(f"{_base(vetlanda)}{report.pk}/avsnitt/okand/").status_code == 404


# --- Problems and measures --------------------------------------------------------------------

def test_problem_form_saves_and_validation_error_stores_nothing(
        login: Any, coordinator: Any, report: SituationReport, vetlanda: Any) -> None:
    client = login(coordinator)
    url = f"{_base(vetlanda)}{report.pk}/problem/ny/"
    assert client.post(url, {"title": "", "priority": 1}).status_code == 200
    assert not Problem.objects.exists()
    response = client.post(url, {"title": "Skadegörelse vid resecentrum", "priority": 1,
                                 "place_name": "Resecentrum", "latitude": "57.43",
                                 "longitude": "15.08", "triangle_place": "Dålig belysning"})
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert problem.triangle_place == "Dålig belysning"
    assert client.get(f"{_base(vetlanda)}{report.pk}/problem/987654/").status_code == 404


def test_problem_without_measure_is_shown_as_a_gap_and_linking_closes_it(
        coordinator: Any, report: SituationReport, login: Any, vetlanda: Any) -> None:
    from lofte.promises import services as promise_services

    problem = services.save_problem(coordinator, report, title="Mopedbuskörning",
                                    priority=1)
    page = login(coordinator).get(f"{_base(vetlanda)}{report.pk}/").content.decode()
    assert "1 av 1 prioriterade problem saknar åtgärd" in page
    promise = promise_services.create_promise(
        coordinator, vetlanda, title="Åtgärdsplan 2026", kind="atgardsplan",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    response = login(coordinator).post(
        f"{_base(vetlanda)}{report.pk}/problem/{problem.pk}/atgard/",
        {"action": "create", "promise": promise.pk, "description": "Trafikkontroller",
         "actor": "polisen"})
    assert response.status_code == 302, response.content.decode()[:2000]
    link = ProblemMeasureLink.objects.get()
    assert link.activity.finding_reference.endswith("Mopedbuskörning")
    assert queries.problems_without_measure(report, include_police_only=True) == []


def test_measure_creation_refuses_another_collaborations_promise(
        coordinator: Any, report: SituationReport, almhult: Any) -> None:
    from lofte.promises import services as promise_services

    problem = services.save_problem(coordinator, report, title="Inbrott")
    other = promise_services.create_promise(
        None, almhult, title="Annat löfte", period_start=START, period_end=END)
    with pytest.raises(services.ValidationError):
        services.create_activity_from_problem(coordinator, problem, other,
                                              description="x", responsible="kommunen",
                                              target_kind="qualitative")
    assert not ProblemMeasureLink.objects.exists()


# --- Life cycle and public version ------------------------------------------------------------

def test_both_parties_approve_then_publish_gives_a_protected_public_version(
        client: Any, coordinator: Any, police_coordinator: Any, report: SituationReport,
        vetlanda: Any) -> None:
    services.update_section(police_coordinator, report, "underrattelse", SECRET, is_police=True)
    services.update_section(coordinator, report, "analys", "Offentlig analys.", is_police=False)
    services.save_problem(police_coordinator, report, title=f"Nätverk {SECRET}",
                          is_police_only=True, is_police=True)
    services.save_problem(coordinator, report, title="Skadegörelse", latitude=57.4281,
                          longitude=15.0853)
    services.mark_reviewed(coordinator, report)
    services.approve_report(coordinator, report, coordinator.memberships.get())
    assert report.status == ReportStatus.REVIEWED
    with pytest.raises(services.ValidationError):
        services.publish_report(coordinator, report)
    services.approve_report(police_coordinator, report, police_coordinator.memberships.get())
    assert report.status == ReportStatus.APPROVED
    services.publish_report(coordinator, report)

    public = report.public_snapshot
    assert SECRET not in str(public)
    assert queries.published_public_report_for(vetlanda.municipality) == report
    page = client.get(f"/offentlig/{vetlanda.municipality.code}/lagesbild/")
    html = page.content.decode()
    assert page.status_code == 200 and "Offentlig analys." in html and SECRET not in html
    cells = re.findall(r"<td class=\"num\" data-count>([^<]*)</td>", html)
    assert cells, "the public page has count cells"
    for cell in cells:
        value = cell.replace("\u00a0", "").replace(" ", "")
        assert not (value.isdigit() and 0 < int(value) < 3), f"small count {cell} published"
    problem = public["problems"][0]
    assert (problem["lat"], problem["lon"]) != (57.4281, 15.0853), "places are coarsened"
    pdf = client.get(f"/offentlig/{vetlanda.municipality.code}/lagesbild/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_editing_after_review_withdraws_approvals(coordinator: Any, report: SituationReport
                                                  ) -> None:
    services.mark_reviewed(coordinator, report)
    services.approve_report(coordinator, report, coordinator.memberships.get())
    services.update_section(coordinator, report, "slutsatser", "Ny slutsats", is_police=False)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.municipality_approved_at is None


def test_approved_report_is_frozen_and_a_new_version_copies_texts_and_links(
        coordinator: Any, police_coordinator: Any, report: SituationReport, login: Any,
        vetlanda: Any) -> None:
    services.update_section(coordinator, report, "analys", "Version ett.", is_police=False)
    services.save_problem(coordinator, report, title="Klotter")
    _approved(report, coordinator, police_coordinator)
    with pytest.raises(services.ValidationError):
        services.update_section(coordinator, report, "analys", "Ändrad", is_police=False)
    second = services.new_version(coordinator, report, note="Nytt kvartal",
                                  regenerate=False)
    assert second.version == 2 and second.previous_version == report
    assert second.sections.get(kind="analys").body == "Version ett."
    assert second.problems.count() == 1
    services.update_section(coordinator, second, "analys", "Version två.", is_police=False)
    page = login(coordinator).get(f"{_base(vetlanda)}{second.pk}/jamfor/")
    assert page.status_code == 200 and "Version två." in page.content.decode()
    assert login(coordinator).get(f"{_base(vetlanda)}{report.pk}/jamfor/").status_code == 404


def test_lifecycle_pages_post_through_the_views(login: Any, coordinator: Any,
                                                police_coordinator: Any,
                                                report: SituationReport, vetlanda: Any) -> None:
    base = f"{_base(vetlanda)}{report.pk}/"
    assert login(coordinator).post(base + "granskad/").status_code == 302
    assert login(coordinator).post(base + "godkann/").status_code == 302
    assert login(police_coordinator).post(base + "godkann/").status_code == 302
    assert login(coordinator).post(base + "publicera/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


def test_analyst_may_not_approve(login: Any, analyst: Any, report: SituationReport,
                                 vetlanda: Any) -> None:
    response = login(analyst).post(f"{_base(vetlanda)}{report.pk}/godkann/")
    assert response.status_code == 403


def test_public_page_without_publication_is_404(client: Any, report: SituationReport) -> None:
    assert client.get("/offentlig/0685/lagesbild/").status_code == 404


# --- Numbers and protection -------------------------------------------------------------------

def test_disclosure_suppresses_small_counts_and_coarsens_cells() -> None:
    table = {"rows": [["a", 1, 5], ["b", 2, 0]], "count_columns": [1, 2],
             "chart": {"values": [1, 5], "matrix": [[1, 4]]}}
    out = disclosure.protect_figure(table, 3)
    assert out["rows"] == [["a", "<3", 5], ["b", "<3", 0]]
    assert out["chart"]["values"] == [0, 5]
    assert out["chart"]["matrix"] == [[None, 4]]
    assert table["rows"][0][1] == 1, "the original snapshot is not changed"
    derived = disclosure.protect_figure(
        {"rows": [["Valborg", 1, 2.5, 0.4], ["Nyår", 9, 3.0, 3.0]], "count_columns": [1],
         "derived_columns": {"3": [1]}, "chart": {}}, 3)
    assert derived["rows"][0][3] == "–", "a ratio must not give a suppressed count back"
    figure = {"rows": [], "count_columns": [1],
              "chart": {"cells": [{"lat": 57.43, "lon": 15.08, "count": 2, "class": 3,
                                   "trend": "ny", "place": "Torget", "corners": []},
                                  {"lat": 57.4301, "lon": 15.0801, "count": 4, "class": 2,
                                   "trend": "", "place": "", "corners": []}]}}
    out = disclosure.protect_figure(figure, 3)
    assert [c["count"] for c in out["chart"]["cells"]] == [6]
    assert out["rows"][0][0] == "Torget"


def test_compare_periods_is_an_exact_poisson_test() -> None:
    same = patterns.compare_periods(10, 10, 30, 30)
    assert same.p_value == pytest.approx(1.0) and same.ratio == pytest.approx(1.0)
    assert patterns.compare_periods(40, 10, 30, 30).is_significant


def test_recurring_peaks_find_valborg_in_several_years() -> None:
    daily: dict[dt.date, int] = {}
    for year in (2022, 2023, 2024):
        day = dt.date(year, 1, 1)
        while day.year == year:
            daily[day] = 2
            day += dt.timedelta(days=1)
        for k in range(-2, 2):
            daily[dt.date(year, 4, 30) + dt.timedelta(days=k)] = 12
    names = {dt.date(2025, 4, 30).isocalendar()[1]: ("valborg", "Valborg")}
    peaks = patterns.recurring_peaks(daily, names=names)
    assert peaks and peaks[0].years_with_peak == 3
    assert any(p.key == "valborg" for p in peaks)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_peak_reminders_are_sent_once(vetlanda: Any, coordinator: Any,
                                      monkeypatch: Any) -> None:
    from lofte.situation import yearwheel

    peak = yearwheel.Upcoming("valborg", "Valborg", dt.date(2026, 4, 30), "Brukar öka.")
    monkeypatch.setattr(yearwheel, "upcoming", lambda c, as_of: [peak])
    assert services.send_peak_reminders(as_of=dt.date(2026, 4, 20)) >= 1
    assert any("Valborg" in m.subject for m in mail.outbox)
    sent = len(mail.outbox)
    services.send_peak_reminders(as_of=dt.date(2026, 4, 21))
    assert len(mail.outbox) == sent


def test_year_wheel_page_renders(login: Any, reader: Any, vetlanda: Any, incidents: Any
                                 ) -> None:
    page = login(reader).get(_base(vetlanda) + "arshjul/")
    assert page.status_code == 200 and "Årshjul" in page.content.decode()


def test_sections_exist_once(report: SituationReport) -> None:
    assert ReportSection.objects.filter(report=report).count() == 6


# --- API --------------------------------------------------------------------------------------

def test_api_lists_reads_and_drafts(login: Any, coordinator: Any, police_coordinator: Any,
                                    outsider: Any, report: SituationReport,
                                    vetlanda: Any) -> None:
    services.update_section(police_coordinator, report, "underrattelse", SECRET, is_police=True)
    base = f"/api/v1/collaborations/{vetlanda.slug}/situation-reports"
    assert [r["id"] for r in login(coordinator).get(base).json()] == [report.pk]
    body = login(coordinator).get(f"{base}/{report.pk}").json()
    assert body["figures"] and SECRET not in str(body)
    assert SECRET in str(login(police_coordinator).get(f"{base}/{report.pk}").json())
    assert login(outsider).get(base).status_code == 404
    assert login(coordinator).get(f"{base}/987654").status_code == 404
    bad = login(coordinator).post(base, {"start": "2025-12-31", "end": "2025-01-01"},
                                  content_type="application/json")
    assert bad.status_code == 422 and SituationReport.objects.count() == 1
    created = login(coordinator).post(base, {"start": "2025-05-01", "end": "2025-08-31"},
                                      content_type="application/json")
    assert created.status_code == 201 and SituationReport.objects.count() == 2


def test_api_public_report(client: Any, coordinator: Any, police_coordinator: Any,
                           report: SituationReport, vetlanda: Any) -> None:
    assert client.get("/api/v1/public/situation-reports/0685").status_code == 404
    _approved(report, coordinator, police_coordinator)
    services.publish_report(coordinator, report)
    body = client.get("/api/v1/public/situation-reports/0685").json()
    assert body["report"]["title"] == report.title


def test_reminder_command_and_schedule(vetlanda: Any, capsys: Any) -> None:
    from django.core.management import call_command
    from django_q.models import Schedule

    call_command("situation_reminders", "--datum", "2026-04-20", "--schemalagg")
    assert "påminnelser" in capsys.readouterr().out
    assert Schedule.objects.filter(func="lofte.situation.tasks.send_peak_reminders").exists()


def test_list_page_query_count_does_not_grow_with_reports(
        login: Any, coordinator: Any, vetlanda: Any, report: SituationReport,
        django_assert_max_num_queries: Any) -> None:
    for _ in range(3):
        services.draft_situation_report(coordinator, vetlanda, START, END)
    client = login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(_base(vetlanda)).status_code == 200


def test_lifecycle_posts_refuse_outsiders_missing_reports_and_wrong_states(
        login: Any, outsider: Any, coordinator: Any, report: SituationReport,
        vetlanda: Any) -> None:
    base = _base(vetlanda)
    for action in ("granskad", "godkann", "publicera", "ny-version", "generera"):
        assert login(outsider).post(f"{base}{report.pk}/{action}/").status_code == 404
        assert login(coordinator).post(f"{base}987654/{action}/").status_code == 404
    # Publishing a draft is refused with a message and changes nothing.
    response = login(coordinator).post(f"{base}{report.pk}/publicera/", follow=True)
    assert "Bara en lägesbild som båda parter godkänt" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.public_snapshot is None


def test_kommun_public_page_links_the_published_lagesbild(
        client: Any, coordinator: Any, police_coordinator: Any, report: SituationReport,
        vetlanda: Any) -> None:
    code = vetlanda.municipality.code
    before = client.get(f"/offentlig/{code}/").content.decode()
    assert "Lägesbilden som löftet bygger på" not in before
    _approved(report, coordinator, police_coordinator)
    services.publish_report(coordinator, report)
    html = client.get(f"/offentlig/{code}/").content.decode()
    assert "Lägesbilden som löftet bygger på" in html
    assert f"/offentlig/{code}/lagesbild/" in html
