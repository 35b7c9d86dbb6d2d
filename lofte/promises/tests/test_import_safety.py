"""Hostile and broken files through the activity import form: a Swedish message, nothing stored."""

from __future__ import annotations

import codecs
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.promises import queries
from lofte.promises.models import ActivityRecord
from lofte.promises.tests.factories import published_promise
from lofte.tabular.tests.uploads import hostile_files, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["aktivitet", "datum", "plats", "anteckning"]


@pytest.fixture
def promise(vetlanda: Any, coordinator: Any, police_coordinator: Any) -> Any:
    return published_promise(vetlanda, coordinator, police_coordinator)


def good_row() -> list[str]:
    return ["1", queries.today().isoformat(), "Östra torget", "Lugnt"]


def post(client: Any, promise: Any, name: str, content: bytes) -> Any:
    url = reverse("promises:import", kwargs={"slug": "vetlanda", "pk": promise.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def refused(client: Any, promise: Any, name: str, content: bytes) -> list[str]:
    before = ActivityRecord.objects.count()
    response = post(client, promise, name, content)
    assert response.status_code == 400
    assert ActivityRecord.objects.count() == before
    errors: list[str] = response.context["errors"]
    assert errors and all(error in response.content.decode() for error in errors)
    return errors


@pytest.mark.parametrize("case", sorted(hostile_files(HEADER, ["1", "2026-01-01"])))
def test_hostile_file_is_refused_with_a_clear_message(
    login: Any, coordinator: Any, promise: Any, case: str
) -> None:
    name, content, words, row = hostile_files(HEADER, good_row())[case]
    errors = refused(login(coordinator), promise, name, content)
    assert len(errors) == 1 and words in errors[0]
    assert errors[0].startswith("Filen kunde inte läsas")
    if row is not None:
        assert f"(rad {row})" in errors[0]


def test_the_same_rows_import_when_the_file_is_clean(
    login: Any, coordinator: Any, promise: Any
) -> None:
    client = login(coordinator)
    csv_text = ";".join(HEADER) + "\n" + ";".join(good_row()) + "\n"
    assert post(client, promise, "a.xlsx", xlsx_bytes([HEADER, good_row()])).status_code == 302
    utf16 = codecs.BOM_UTF16_LE + csv_text.encode("utf-16-le")
    assert post(client, promise, "a.csv", utf16).status_code == 302
    assert [entry.place_name for entry in ActivityRecord.objects.all()] == ["Östra torget"] * 2


def test_too_many_rows(login: Any, coordinator: Any, promise: Any, monkeypatch: Any) -> None:
    from lofte.promises import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    content = xlsx_bytes([HEADER, good_row(), good_row(), good_row()])
    assert refused(login(coordinator), promise, "a.xlsx", content) == [
        "Filen har fler än 2 rader."]


def test_over_long_cell_names_row_and_column(login: Any, coordinator: Any, promise: Any) -> None:
    rows = [HEADER, good_row(), [*good_row()[:3], "x" * 4001]]
    content = xlsx_bytes(rows)
    assert refused(login(coordinator), promise, "a.xlsx", content) == [
        "Rad 3, kolumn ”anteckning”: värdet är längre än 4000 tecken."]


def test_formula_looking_cells_are_validated_not_evaluated(
    login: Any, coordinator: Any, promise: Any
) -> None:
    content = (";".join(HEADER) + "\n" + ";".join(good_row()) + "\n"
               + '=HYPERLINK("http://evil.example");' + queries.today().isoformat() + "\n")
    errors = refused(login(coordinator), promise, "a.csv", content.encode())
    assert len(errors) == 1 and errors[0].startswith("Rad 3, kolumn ”aktivitet”: ska vara")


def test_blank_and_empty_rows_do_not_shift_row_numbers(
    login: Any, coordinator: Any, promise: Any
) -> None:
    content = xlsx_bytes([HEADER, good_row(), [None], ["9", "igår"]])
    errors = refused(login(coordinator), promise, "a.xlsx", content)
    assert errors[0].startswith("Rad 4, kolumn ”aktivitet”")
    assert errors[1].startswith("Rad 4, kolumn ”datum”")
