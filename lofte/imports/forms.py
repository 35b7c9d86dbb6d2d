from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lofte.imports.models import DialogueKind
from lofte.imports.services import MAX_UPLOAD_BYTES
from lofte.imports.sources.categories import CATEGORIES

UPLOAD_SOURCES = [
    ("trygghet", _("Trygghetsmätning eller NTU (mallen, CSV/XLSX)")),
    ("dialoger", _("Dialogresultat (mallen, CSV/XLSX)")),
    ("bra", _("Brå SOL-export (Databasfil.txt)")),
    ("bra-indikatorer", _("Brå: indikatorer för kommuners lägesbild (XLSX)")),
    ("kolada", _("Kolada: sparat API-svar (JSON)")),
    ("polisen-events", _("Polisens händelser: sparat API-svar (JSON, JSON-rader, gzip)")),
    ("handelsehistorik", _("Samverkans historiska händelser (CSV: lat,lon,occurred_at,category)")),
]


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Källa"), choices=UPLOAD_SOURCES)
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("Hela filen kontrolleras först. Finns ett fel sparas ingenting, och "
                    "felet visas med fil, rad och fält."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är större än 50 MB."))
        return upload


class DialogueForm(forms.Form):
    held_on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Typ av dialog"), choices=DialogueKind.choices)
    area = forms.CharField(label=_("Område"), max_length=200, required=False)
    topic = forms.CharField(label=_("Ämne"), max_length=300,
                            help_text=_("Problemet eller önskemålet som togs upp."))
    votes = forms.IntegerField(label=_("Röster"), min_value=0, max_value=9_999_999,
                               required=False)
    free_text = forms.CharField(
        label=_("Fritext"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Personnummer, telefonnummer, e-post och registreringsnummer maskeras "
                    "innan texten sparas. Skriv inga namn."),
    )

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte ligga i framtiden."))
        if held_on.year < 1990:
            raise forms.ValidationError(_("Datumet är orimligt tidigt."))
        return held_on


PERIODS = [("alla", _("Hela tiden")), ("30", _("Senaste 30 dagarna")),
           ("90", _("Senaste 90 dagarna")), ("365", _("Senaste året"))]


class EventFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    category = forms.ChoiceField(label=_("Kategori"), required=False,
                                 choices=[("", _("Alla kategorier")), *CATEGORIES.items()])
    event_type = forms.ChoiceField(label=_("Typ"), required=False, choices=[("", _("Alla typer"))])
    summaries = forms.BooleanField(label=_("Visa sammanfattningar (även länets)"), required=False)

    def __init__(self, *args: Any, types: list[str], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_type = self.fields["event_type"]
        period = self.fields["period"]
        assert isinstance(event_type, forms.ChoiceField) and isinstance(period, forms.ChoiceField)
        event_type.choices = [("", gettext("Alla typer")), *((t, t) for t in types)]
        period.choices = [*PERIODS,
                          *((str(y), gettext("År %(year)s") % {"year": y}) for y in years)]
