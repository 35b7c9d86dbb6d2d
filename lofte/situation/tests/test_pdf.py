"""The lägesbild PDF: rendered, turned into images with pdftoppm, and kept for people to see."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lofte.situation import services

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_pdf_has_cover_contents_and_numbered_figures(login: Any, coordinator: Any,
                                                     police_coordinator: Any, vetlanda: Any,
                                                     incidents: Any, tmp_path: Path) -> None:
    report = services.draft_situation_report(coordinator, vetlanda, dt.date(2025, 1, 1),
                                             dt.date(2025, 12, 31))
    services.update_section(coordinator, report, "analys", "Skadegörelsen är koncentrerad.",
                            is_police=False)
    services.save_problem(coordinator, report, title="Skadegörelse i centrum", priority=1,
                          triangle_place="Mörk passage")
    response = login(police_coordinator).get(
        f"/samverkan/{vetlanda.slug}/lagesbild/{report.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "lagesbild.pdf"
    pdf.write_bytes(response.content)
    assert response.content.startswith(b"%PDF")
    pdftoppm, pdftotext = shutil.which("pdftoppm"), shutil.which("pdftotext")
    if pdftoppm is None or pdftotext is None:
        pytest.skip("OBS: pdftoppm saknas (Debians paket poppler-utils); PDF:en ritades inte "
                    "som bilder")
    # Fixed tools found on PATH and a file this test wrote: no untrusted input.
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,  # noqa: S603
                          text=True, check=True).stdout
    for expected in ("Innehåll", "1. Kartläggning av brottsligheten", "Figur 1.",
                     "Källa:", "Prioriterade problem", "Skadegörelse i centrum",
                     "Underrättelser"):
        assert expected in text, expected
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run([pdftoppm, "-png", "-r", "60", str(pdf),  # noqa: S603
                    str(ARTIFACTS / "situation-pdf")], check=True)
    pages = sorted(ARTIFACTS.glob("situation-pdf-*.png"))
    assert len(pages) >= 4, "cover, contents and sections"
