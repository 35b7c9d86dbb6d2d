from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from lofte.imports.models import DialogueKind
from lofte.imports.services import MAX_UPLOAD_BYTES
from lofte.imports.sources.categories import CATEGORIES

UPLOAD_SOURCES = [
    ("trygghet", "Trygghetsmätning eller NTU (mallen, CSV/XLSX)"),
    ("dialoger", "Dialogresultat (mallen, CSV/XLSX)"),
    ("bra", "Brå SOL-export (Databasfil.txt)"),
    ("bra-indikatorer", "Brå: indikatorer för kommuners lägesbild (XLSX)"),
    ("kolada", "Kolada: sparat API-svar (JSON)"),
    ("polisen-events", "Polisens händelser: sparat API-svar (JSON, JSON-rader, gzip)"),
    ("handelsehistorik", "Samverkans historiska händelser (CSV: lat,lon,occurred_at,category)"),
]


class UploadForm(forms.Form):
    source = forms.ChoiceField(label="Källa", choices=UPLOAD_SOURCES)
    file = forms.FileField(
        label="Fil",
        help_text="Hela filen kontrolleras först. Finns ett fel sparas ingenting, och "
                  "felet visas med fil, rad och fält.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Filen är större än 50 MB.")
        return upload


class DialogueForm(forms.Form):
    held_on = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="Typ av dialog", choices=DialogueKind.choices)
    area = forms.CharField(label="Område", max_length=200, required=False)
    topic = forms.CharField(label="Ämne", max_length=300,
                            help_text="Problemet eller önskemålet som togs upp.")
    votes = forms.IntegerField(label="Röster", min_value=0, max_value=9_999_999,
                               required=False)
    free_text = forms.CharField(
        label="Fritext", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Personnummer, telefonnummer, e-post och registreringsnummer maskeras "
                  "innan texten sparas. Skriv inga namn.",
    )

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("Datumet kan inte ligga i framtiden.")
        if held_on.year < 1990:
            raise forms.ValidationError("Datumet är orimligt tidigt.")
        return held_on


PERIODS = [("alla", "Hela tiden"), ("30", "Senaste 30 dagarna"),
           ("90", "Senaste 90 dagarna"), ("365", "Senaste året")]


class EventFilterForm(forms.Form):
    period = forms.ChoiceField(label="Period", choices=PERIODS, required=False)
    category = forms.ChoiceField(label="Kategori", required=False,
                                 choices=[("", "Alla kategorier"), *CATEGORIES.items()])
    event_type = forms.ChoiceField(label="Typ", required=False, choices=[("", "Alla typer")])
    summaries = forms.BooleanField(label="Visa sammanfattningar (även länets)", required=False)

    def __init__(self, *args: Any, types: list[str], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_type = self.fields["event_type"]
        period = self.fields["period"]
        assert isinstance(event_type, forms.ChoiceField) and isinstance(period, forms.ChoiceField)
        event_type.choices = [("", "Alla typer"), *((t, t) for t in types)]
        period.choices = [*PERIODS, *((str(y), f"År {y}") for y in years)]
