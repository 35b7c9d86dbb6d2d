"""Hostile and broken files through the source upload form and `lofte import`: a Swedish
message naming file and row, nothing stored, the run recorded as failed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.imports.models import DialogueResult, ImportRun, RunStatus, SurveyResult
from lofte.tabular.tests.uploads import hostile_files, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["datum", "kommunkod", "typ", "omrade", "amne", "roster", "fritext"]
GOOD = ["2025-09-16", "0685", "medborgardialog", "Centrum", "Belysning", "3", "Mörkt"]
CASES = hostile_files(HEADER, GOOD)


def upload(client: Any, name: str, content: bytes, source: str = "dialoger") -> Any:
    url = reverse("imports:upload", kwargs={"slug": "vetlanda"})
    return client.post(url, {"source": source, "file": SimpleUploadedFile(name, content)})


def refused(client: Any, name: str, content: bytes, source: str = "dialoger") -> str:
    response = upload(client, name, content, source)
    assert response.status_code == 422
    assert DialogueResult.objects.count() == 0 and SurveyResult.objects.count() == 0
    assert ImportRun.objects.get().status == RunStatus.FAILED
    message: str = response.context["failure"].message
    assert name in message
    return message


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_is_refused_with_a_clear_message(
    login: Any, coordinator: Any, vetlanda: Any, case: str
) -> None:
    name, content, words, row = CASES[case]
    message = refused(login(coordinator), name, content)
    assert words in message
    if row is not None:
        assert f"{name}, rad {row}: " in message


def test_the_same_rows_import_when_the_file_is_clean(
    login: Any, coordinator: Any, vetlanda: Any
) -> None:
    response = upload(login(coordinator), "d.xlsx", xlsx_bytes([HEADER, GOOD]))
    assert response.status_code == 302
    assert DialogueResult.objects.get().topic == "Belysning"


def test_too_many_rows_stops_one_row_past_the_limit(
    login: Any, coordinator: Any, vetlanda: Any
) -> None:
    line = ";".join(GOOD) + "\n"
    content = (";".join(HEADER) + "\n" + line * 20_001).encode()
    message = refused(login(coordinator), "d.csv", content)
    assert "d.csv, rad 20002: " in message and "fler än 20000 rader" in message


def test_over_long_cell_names_row_and_column(login: Any, coordinator: Any, vetlanda: Any) -> None:
    content = xlsx_bytes([HEADER, GOOD, [*GOOD[:6], "x" * 20_001]])
    message = refused(login(coordinator), "d.xlsx", content)
    assert message.endswith("d.xlsx, rad 3, fält 'fritext': värdet är längre än 20000 tecken")


def test_formula_looking_cells_are_validated_not_evaluated(
    login: Any, coordinator: Any, vetlanda: Any
) -> None:
    formula = '=HYPERLINK("http://evil.example","0685")'
    rows = [HEADER, GOOD, [GOOD[0], formula, *GOOD[2:]]]
    content = "\n".join(";".join(f'"{c.replace(chr(34), 2 * chr(34))}"' for c in r)
                        for r in rows).encode()
    message = refused(login(coordinator), "d.csv", content)
    assert "d.csv, rad 3, fält 'kommunkod': " in message


@pytest.mark.parametrize("case", ["zip-bomb", "macro", "pdf-as-csv"])
def test_the_command_refuses_the_same_files(
    geography: None, vetlanda: Any, tmp_path: Any, case: str
) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    name, content, words, _row = CASES[case]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as failure:
        call_command("import", "dialoger", "--samverkan", "vetlanda", "--file", str(path))
    assert failure.value.returncode == 1
    assert name in str(failure.value) and words in str(failure.value)
    assert DialogueResult.objects.count() == 0
    assert ImportRun.objects.get().status == RunStatus.FAILED
