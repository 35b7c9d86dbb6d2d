"""Upload templates (CSV/XLSX) for data that has no API: safety surveys and dialogues.

The column lists here are the single source of truth: the parsers validate against them and
:func:`write_template_csv` / :func:`write_template_xlsx` generate the files shipped in
``lofte/imports/data/templates/`` (a test checks the shipped files are up to date).
Regenerate with ``python -m lofte.imports.sources.templates``.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "DIALOGUE_COLUMNS",
    "DIALOGUE_EXAMPLES",
    "SURVEY_COLUMNS",
    "SURVEY_EXAMPLES",
    "TEMPLATE_DIR",
    "Column",
    "write_template_csv",
    "write_template_xlsx",
]

TEMPLATE_DIR: Final = Path(__file__).resolve().parent.parent / "data" / "templates"


@dataclass(frozen=True, slots=True)
class Column:
    """A template column: header name, whether a value is required, Swedish help text."""

    name: str
    required: bool
    help_sv: str


SURVEY_COLUMNS: Final = (
    Column(
        "kommunkod",
        False,
        "SCB:s kommunkod med fyra siffror, t.ex. 0781. Ange kommunkod "
        "eller lokalpolisomrade (minst en).",
    ),
    Column(
        "lokalpolisomrade",
        False,
        "Lokalpolisområdets namn, t.ex. Kävlinge, när resultatet "
        "gäller hela LPO:t och inte en kommun.",
    ),
    Column("omrade", False, "Delområde inom kommunen/LPO:t (valfritt), t.ex. Centrum."),
    Column("ar_eller_period", True, "År (2023) eller sammanslagen period (2017/2018)."),
    Column("kalla", True, "trygghetsmatning (polisens och kommunens mätning) eller ntu (Brå)."),
    Column(
        "indikator",
        True,
        "Frågan eller indexet, t.ex. Problemindex, Totalindex, Otrygghet utomhus.",
    ),
    Column(
        "matt", True, "index_0_6 (0 = inget problem, 6 = alarmerande) eller andel_procent (0–100)."
    ),
    Column("varde", True, "Värdet; decimalkomma eller decimalpunkt."),
    Column("kon", False, "alla (standard), kvinnor eller man."),
    Column("alder", False, "alla (standard) eller åldersgrupp som 16-29 eller 65+."),
    Column("antal_svar", False, "Antal svarande (heltal)."),
    Column("svarsfrekvens_procent", False, "Svarsfrekvens i procent (0–100)."),
    Column("kalla_url", False, "Länk till rapporten eller pressmeddelandet."),
    Column("kommentar", False, "Fri kommentar, t.ex. om nivå eller osäkerhet."),
)

_KAVLINGE_2023 = (
    "https://polisen.se/aktuellt/nyheter/syd/2023/november/"
    "resultat-trygghetsmatning-2023---lokalpolisomrade-kavlinge/"
)
_TRELLEBORG_2019 = (
    "https://polisen.se/aktuellt/pressmeddelanden/2019/november/"
    "resultat-trygghetsmatning-2019-lokalpolisomrade-trelleborg/"
)
_VAXJO_2018 = (
    "https://polisen.se/aktuellt/nyheter/2018/november/"
    "vaxjo-lokalpolisomrade-tryggare-visar-arets-trygghetsundersokning/"
)
_NTU_2010 = (
    "https://bra.se/download/18.7fd8fd90191e4ea274f7b82/1727272947896/"
    "Otrygghet%20och%20oro%20f%C3%B6r%20brott%20regionala%20resultat.html"
)

SURVEY_EXAMPLES: Final[tuple[dict[str, str], ...]] = (
    {
        "lokalpolisomrade": "Kävlinge",
        "ar_eller_period": "2023",
        "kalla": "trygghetsmatning",
        "indikator": "Problemindex",
        "matt": "index_0_6",
        "varde": "1,54",
        "kon": "alla",
        "alder": "alla",
        "antal_svar": "1514",
        "svarsfrekvens_procent": "56,2",
        "kalla_url": _KAVLINGE_2023,
        "kommentar": "LPO Kävlinge (Burlöv, Kävlinge, Lomma, Staffanstorp); 2 700 utskick",
    },
    {
        "lokalpolisomrade": "Kävlinge",
        "ar_eller_period": "2022",
        "kalla": "trygghetsmatning",
        "indikator": "Problemindex",
        "matt": "index_0_6",
        "varde": "1,57",
        "kon": "alla",
        "alder": "alla",
        "kalla_url": _KAVLINGE_2023,
        "kommentar": "Föregående år enligt 2023 års rapport",
    },
    {
        "lokalpolisomrade": "Trelleborg",
        "ar_eller_period": "2019",
        "kalla": "trygghetsmatning",
        "indikator": "Totalindex",
        "matt": "index_0_6",
        "varde": "1,78",
        "kon": "alla",
        "alder": "alla",
        "antal_svar": "1884",
        "svarsfrekvens_procent": "63",
        "kalla_url": _TRELLEBORG_2019,
        "kommentar": "LPO Trelleborg (Svedala, Trelleborg, Vellinge)",
    },
    {
        "lokalpolisomrade": "Trelleborg",
        "ar_eller_period": "2018",
        "kalla": "trygghetsmatning",
        "indikator": "Totalindex",
        "matt": "index_0_6",
        "varde": "1,63",
        "kon": "alla",
        "alder": "alla",
        "kalla_url": _TRELLEBORG_2019,
        "kommentar": "Föregående år enligt 2019 års pressmeddelande",
    },
    {
        "lokalpolisomrade": "Växjö",
        "ar_eller_period": "2018",
        "kalla": "trygghetsmatning",
        "indikator": "Index",
        "matt": "index_0_6",
        "varde": "1,63",
        "kon": "alla",
        "alder": "alla",
        "kalla_url": _VAXJO_2018,
        "kommentar": "LPO Växjö; indexets namn anges inte i källan",
    },
    {
        "kommunkod": "0764",
        "lokalpolisomrade": "Växjö",
        "ar_eller_period": "2018",
        "kalla": "trygghetsmatning",
        "indikator": "Index",
        "matt": "index_0_6",
        "varde": "1,66",
        "kon": "alla",
        "alder": "alla",
        "kalla_url": _VAXJO_2018,
        "kommentar": "Alvesta kommun inom LPO Växjö",
    },
    {
        "kommunkod": "0780",
        "ar_eller_period": "2010",
        "kalla": "ntu",
        "indikator": "Otrygghet vid utevistelse sen kväll",
        "matt": "andel_procent",
        "varde": "16",
        "kon": "alla",
        "alder": "alla",
        "kalla_url": _NTU_2010,
        "kommentar": "NTU 2010 regional tabell, raden Växjö (kommunnivå antagen)",
    },
    {
        "kommunkod": "0780",
        "ar_eller_period": "2010",
        "kalla": "ntu",
        "indikator": "Oro för bostadsinbrott",
        "matt": "andel_procent",
        "varde": "21",
        "kon": "alla",
        "alder": "alla",
        "kalla_url": _NTU_2010,
        "kommentar": "NTU 2010 regional tabell, raden Växjö (kommunnivå antagen)",
    },
    {
        "kommunkod": "0680",
        "ar_eller_period": "2010",
        "kalla": "ntu",
        "indikator": "Otrygghet vid utevistelse sen kväll",
        "matt": "andel_procent",
        "varde": "18",
        "kon": "alla",
        "alder": "alla",
        "kalla_url": _NTU_2010,
        "kommentar": "NTU 2010 regional tabell, raden Jönköping (kommunnivå antagen)",
    },
)
"""Real figures from data-sources.md §4 (sources in ``kalla_url``)."""

DIALOGUE_COLUMNS: Final = (
    Column("datum", True, "Dialogens datum, ÅÅÅÅ-MM-DD."),
    Column("kommunkod", True, "SCB:s kommunkod med fyra siffror, t.ex. 0685."),
    Column("typ", True, "medborgardialog eller medarbetardialog."),
    Column("omrade", False, "Plats eller delområde (valfritt)."),
    Column("amne", True, "Ämnet eller problemet som togs upp."),
    Column("roster", False, "Antal röster/prickar för ämnet (heltal, valfritt)."),
    Column(
        "fritext",
        False,
        "Fri text. Skriv inga namn, personnummer eller telefonnummer; "
        "texten maskeras ändå vid import.",
    ),
)

DIALOGUE_EXAMPLES: Final[tuple[dict[str, str], ...]] = (
    {
        "datum": "2025-09-16",
        "kommunkod": "0685",
        "typ": "medborgardialog",
        "omrade": "Vetlanda centrum",
        "amne": "Dålig belysning",
        "roster": "23",
        "fritext": "PÅHITTAT EXEMPEL: mörkt längs gångvägen mot stationen",
    },
    {
        "datum": "2025-09-16",
        "kommunkod": "0685",
        "typ": "medborgardialog",
        "omrade": "Vetlanda centrum",
        "amne": "Buskörning med moped",
        "roster": "17",
        "fritext": "PÅHITTAT EXEMPEL: kvällstid på torget",
    },
    {
        "datum": "2025-10-02",
        "kommunkod": "0685",
        "typ": "medarbetardialog",
        "omrade": "",
        "amne": "Ungdomar samlas vid skolan på helger",
        "roster": "",
        "fritext": "PÅHITTAT EXEMPEL",
    },
)
"""Synthetic rows (there is no public dialogue data); marked PÅHITTAT EXEMPEL."""


def _rows(columns: Sequence[Column], examples: Sequence[dict[str, str]]) -> list[list[str]]:
    return [[column.name for column in columns]] + [
        [example.get(column.name, "") for column in columns] for example in examples
    ]


def write_template_csv(columns: Sequence[Column], examples: Sequence[dict[str, str]]) -> bytes:
    """The CSV template: UTF-8 with BOM (Excel opens it right), ``;``-separated, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(_rows(columns, examples))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_template_xlsx(columns: Sequence[Column], examples: Sequence[dict[str, str]]) -> bytes:
    """The XLSX template: sheet 1 "Data" (header + examples), sheet 2 "Instruktioner".

    Cells are written as text so that Excel keeps kommunkod's leading zero.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = "Data"
    for row in _rows(columns, examples):
        data.append(row)
    for cell in data[1]:
        cell.font = Font(bold=True)
    for column_cells in data.columns:
        for cell in column_cells:
            cell.number_format = "@"
        data.column_dimensions[column_cells[0].column_letter].width = 22
    help_sheet = workbook.create_sheet("Instruktioner")
    help_sheet.append(["kolumn", "obligatorisk", "beskrivning"])
    for column in columns:
        help_sheet.append([column.name, "ja" if column.required else "nej", column.help_sv])
    workbook.properties.creator = "Löfte"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the shipped template files (``python -m lofte.imports.sources.templates``)."""
    del argv
    TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
    for stem, columns, examples in (
        ("trygghetsresultat", SURVEY_COLUMNS, SURVEY_EXAMPLES),
        ("dialogresultat", DIALOGUE_COLUMNS, DIALOGUE_EXAMPLES),
    ):
        (TEMPLATE_DIR / f"{stem}_mall.csv").write_bytes(write_template_csv(columns, examples))
        (TEMPLATE_DIR / f"{stem}_mall.xlsx").write_bytes(write_template_xlsx(columns, examples))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
