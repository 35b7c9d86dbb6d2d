"""The national register: `lofte promises import`, pages, theme statistics and open data."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lofte.cli import main as lofte_main
from lofte.core.models import AuditEntry
from lofte.documents import demo, queries, services
from lofte.documents.models import RegisteredActivity, RegisteredPromise

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _import(*paths: str | Path, as_json: bool = True) -> dict[str, Any]:
    out = StringIO()
    args = [str(p) for p in paths]
    call_command("import_promises", *args, *(["--json"] if as_json else []), stdout=out,
                 stderr=StringIO())
    return json.loads(out.getvalue()) if as_json else {"text": out.getvalue()}


@pytest.fixture
def registered(geography: None) -> None:
    services.import_documents(None, demo.seed_documents())


def test_import_reads_every_seed_and_is_idempotent(geography: None) -> None:
    first = _import(SEEDS)
    assert first == {"read": 5, "created": 5, "updated": 0, "unchanged": 0, "errors": []}
    assert RegisteredPromise.objects.count() == 5
    activities = RegisteredActivity.objects.count()
    again = _import(SEEDS)
    assert again == {"read": 5, "created": 0, "updated": 0, "unchanged": 5, "errors": []}
    assert RegisteredPromise.objects.count() == 5
    assert RegisteredActivity.objects.count() == activities
    vetlanda = RegisteredPromise.objects.get(municipalities__code="0685")
    assert (vetlanda.start_year, vetlanda.end_year) == (2020, 2021)
    assert vetlanda.police_area_name == "Höglandet"
    assert "traffic" in vetlanda.themes
    assert AuditEntry.objects.filter(note="läste in löftesdokument").count() == 2


def test_changed_document_is_updated(geography: None, tmp_path: Path) -> None:
    path = tmp_path / "vetlanda.txt"
    text = (SEEDS / "003_fdd0799881d70999.txt").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    _import(path)
    path.write_text(text + "\nPolisen ska genomföra minst 40 narkotikakontroller.\n",
                    encoding="utf-8")
    summary = _import(path)
    assert summary["updated"] == 1 and summary["created"] == 0
    assert RegisteredPromise.objects.count() == 1


def test_import_is_all_or_nothing(geography: None, tmp_path: Path) -> None:
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.4\n%%broken")
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError):
        _import(SEEDS, broken, empty)
    assert not RegisteredPromise.objects.exists()
    assert not AuditEntry.objects.filter(note="läste in löftesdokument").exists()


def test_import_json_lists_every_error(geography: None, tmp_path: Path) -> None:
    binary = tmp_path / "binar.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    no_kommun = tmp_path / "inget.txt"
    no_kommun.write_text("Det här är en dikt om hösten.\n\nLöven faller.", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_promises", str(binary), str(no_kommun), "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["created"] == 0 and len(summary["errors"]) == 2
    assert {e["source"] for e in summary["errors"]} == {str(binary), str(no_kommun)}


def test_missing_file_is_a_clear_error(geography: None) -> None:
    with pytest.raises(CommandError, match="Filen finns inte"):
        _import("/finns/inte.txt")


def test_lofte_promises_import_is_routed_to_the_command(geography: None,
                                                         capsys: Any) -> None:
    assert lofte_main(["promises", "import", "--json",
                       str(SEEDS / "000_89aab2f956e8aacc.txt")]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 1


def test_progress_bar_run_prints_a_summary(geography: None) -> None:
    result = _import(SEEDS / "001_3c7b77e71a5b691a.txt", as_json=False)
    assert "1 nya" in result["text"]


def test_demo_is_idempotent(geography: None) -> None:
    demo.load(None)
    demo.load(None)
    assert RegisteredPromise.objects.count() == 5


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_import_never_crashes_on_arbitrary_bytes(geography: None, data: bytes) -> None:
    try:
        summary = services.import_documents(None, [("x.txt", data)])
    except services.ImportFailed as failure:
        assert failure.summary.errors and failure.summary.created == 0
    else:
        assert summary.read == 1


# --- Pages ------------------------------------------------------------------------------------

def test_register_requires_login(client: Client, registered: None) -> None:
    for name in ("documents:register", "documents:register_themes"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_register_lists_by_lan_kommun_and_year(login: Any, reader: Any,
                                               registered: None) -> None:
    response = login(reader).get(reverse("documents:register"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jönköpings län" in html and "Kronobergs län" in html
    assert html.index("Jönköpings län") < html.index("Kronobergs län")
    assert "Vetlanda kommun" in html and "2020–2021" in html


@pytest.mark.parametrize(("query", "present", "absent"), [
    ({"lan": "07"}, "Älmhult", "Vetlanda"),
    ({"kommun": "0685"}, "Vetlanda", "Älmhult"),
    ({"year": "2018"}, "Älmhult", "Vetlanda"),
    ({"theme": "fraud"}, "Vaggeryd", "Älmhult"),
    ({"q": "flygande inspektioner"}, "Vetlanda", "Vaggeryd"),
])
def test_register_filters(login: Any, reader: Any, registered: None, query: dict[str, str],
                          present: str, absent: str) -> None:
    response = login(reader).get(reverse("documents:register"), query)
    html = response.content.decode()
    table = html[html.index("träffar"):]
    assert f"Medborgarlöfte {present}" in table
    assert f"Medborgarlöfte {absent}" not in table


def test_register_filters_by_actor(login: Any, reader: Any, registered: None) -> None:
    actors = dict(queries.actor_choices())
    assert "polisen" in actors
    response = login(reader).get(reverse("documents:register"), {"actor": "polisen"})
    assert response.status_code == 200
    expected = RegisteredPromise.objects.filter(activities__actor="polisen").distinct().count()
    assert response.context["page"].paginator.count >= expected > 0


def test_register_bad_filter_is_ignored_not_a_server_error(login: Any, reader: Any,
                                                          registered: None) -> None:
    response = login(reader).get(reverse("documents:register"),
                                 {"year": "inte-ett-år", "lan": "99"})
    assert response.status_code == 200


def test_register_list_query_count_does_not_grow(login: Any, reader: Any, registered: None,
                                                 django_assert_max_num_queries: Any) -> None:
    client = login(reader)
    client.get(reverse("documents:register"))
    with django_assert_max_num_queries(14):
        client.get(reverse("documents:register"))


def test_register_detail_shows_the_activities(login: Any, outsider: Any,
                                              registered: None) -> None:
    promise = RegisteredPromise.objects.get(municipalities__code="0685")
    response = login(outsider).get(reverse("documents:register_detail",
                                           kwargs={"pk": promise.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    first = promise.activities.first()
    assert first is not None and first.text[:40] in html
    assert "Höglandet" in html
    assert f'<mark id="akt-{first.position}"' in html and f'href="#akt-{first.position}"' in html


def test_register_detail_missing_is_404(login: Any, reader: Any, registered: None) -> None:
    response = login(reader).get(reverse("documents:register_detail", kwargs={"pk": 987654}))
    assert response.status_code == 404


def test_theme_statistics_share_kommuner_and_years(registered: None) -> None:
    statistics = queries.theme_statistics({})
    assert statistics.municipalities == 4  # Vaggeryd (two years), Värnamo, Vetlanda, Älmhult
    assert statistics.years == [2018, 2020, 2021, 2024]
    rows = {row.code: row for row in statistics.rows}
    # Värnamo's promise has no traffic activity; the other three kommuner's do.
    assert rows["traffic"].municipalities == 3 and rows["traffic"].share == 0.75
    assert rows["traffic"].by_year[statistics.years.index(2018)] == 1  # only Älmhult
    kronoberg = queries.theme_statistics({"lan": "07"})
    assert kronoberg.municipalities == 1 and kronoberg.years == [2018]


def test_theme_page_renders_charts(login: Any, reader: Any, registered: None) -> None:
    response = login(reader).get(reverse("documents:register_themes"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trafik" in html and 'class="bar__value"' in html and "heat--5" in html
    assert "style=" not in html


def test_collaboration_register_link_filters_on_the_lan(login: Any, reader: Any,
                                                       vetlanda: Any) -> None:
    url = reverse("documents:collaboration_register", kwargs={"slug": "vetlanda"})
    response = login(reader).get(url)
    assert response.status_code == 302 and response["Location"].endswith("?lan=06")


# --- Open data --------------------------------------------------------------------------------

def test_open_data_lists_and_filters(client: Client, registered: None) -> None:
    response = client.get("/api/v1/register/promises", {"theme": "traffic", "limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4 and len(body["items"]) == 2
    only = client.get("/api/v1/register/promises", {"kommun": "0765"}).json()
    assert [m["name"] for m in only["items"][0]["municipalities"]] == ["Älmhult"]


def test_open_data_detail_and_missing(client: Client, registered: None) -> None:
    promise = RegisteredPromise.objects.get(municipalities__code="0685")
    body = client.get(f"/api/v1/register/promises/{promise.pk}").json()
    assert body["police_area"] == "Höglandet" and body["activities"]
    assert client.get("/api/v1/register/promises/987654").status_code == 404


def test_open_data_list_query_count(client: Client, registered: None,
                                    django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/register/promises", {"limit": 50}).status_code == 200
