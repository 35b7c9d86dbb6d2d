"""Forms for reporting, review, tips, checklists, imports and meetings (Swedish labels)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lofte.incidents.models import (
    DecisionStatus,
    Incident,
    IncidentCategory,
    Place,
    Severity,
    Status,
)
from lofte.incidents.services import MAX_PHOTOS, IncidentData
from lofte.organisations.models import Collaboration, Organisation

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


def _choices(form: forms.Form, name: str) -> Any:
    """The model choice field ``name`` of ``form`` (to narrow its queryset)."""
    return cast(forms.ModelChoiceField, form.fields[name])  # type: ignore[type-arg]


class PositionMixin(forms.Form):
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)

    def clean_position(self, cleaned: dict[str, Any]) -> None:
        has_point = cleaned.get("lat") is not None and cleaned.get("lon") is not None
        if not has_point and not cleaned.get("place"):
            self.add_error(None, _("Ange var det hände: tryck på kartan, använd din position "
                                   "eller välj en namngiven plats."))


class IncidentForm(PositionMixin):
    """The reporter's form (mobile first): what, when, where, how serious, photos."""

    category = forms.ModelChoiceField(IncidentCategory.objects.none(), label=_("Vad gäller det?"),
                                      empty_label=_("Välj kategori"))
    occurred_from = forms.DateTimeField(label=_("När hände det?"), widget=DATETIME_INPUT,
                                        input_formats=DATETIME_FORMATS)
    occurred_to = forms.DateTimeField(label=_("Till (om det pågick en stund)"), required=False,
                                      widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    place = forms.ModelChoiceField(Place.objects.none(), label=_("Namngiven plats"),
                                   required=False,
                                   empty_label=_("Ingen – jag har markerat på kartan"))
    description = forms.CharField(label=_("Vad hände?"), widget=forms.Textarea(attrs={"rows": 4}),
                                  max_length=4000)
    severity = forms.TypedChoiceField(label=_("Hur allvarligt?"), choices=Severity.choices,
                                      coerce=int, initial=Severity.MEDIUM,
                                      widget=forms.RadioSelect)
    organisation = forms.ModelChoiceField(Organisation.objects.none(),
                                          label=_("Rapporterar för"), empty_label=None)
    photos = MultipleImageField(label=_("Foton (valfritt)"), required=False,
                                help_text=_("JPEG, PNG eller WebP, högst 8 MB och 4 bilder. "
                                            "Platsuppgifter i bilden tas bort."))
    client_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.collaboration = collaboration
        _choices(self, "category").queryset = collaboration.incident_categories.filter(
            is_active=True)
        _choices(self, "place").queryset = collaboration.places.all()
        _choices(self, "organisation").queryset = collaboration.organisations.all()
        self.fields["photos"].widget.attrs.update({"accept": "image/jpeg,image/png,image/webp",
                                                   "capture": "environment"})
        self.fields["description"].widget.attrs["placeholder"] = _(
            "Beskriv kort vad du såg. Skriv inte namn eller personnummer.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_position(cleaned)
        if len(cleaned.get("photos") or []) > MAX_PHOTOS:
            self.add_error("photos", _("Högst 4 bilder per rapport."))
        return cleaned

    def to_data(self) -> IncidentData:
        c = self.cleaned_data
        return IncidentData(
            category=c["category"], occurred_from=c["occurred_from"],
            occurred_to=c.get("occurred_to"), lat=c.get("lat"), lon=c.get("lon"),
            place=c.get("place"), description=c["description"], severity=c["severity"],
            organisation=c["organisation"], photos=c.get("photos") or [],
            client_token=c.get("client_token") or "",
        )

    @classmethod
    def initial_for(cls, incident: Incident) -> dict[str, Any]:
        local = timezone.localtime
        return {
            "category": incident.category_id, "place": incident.place_id,
            "occurred_from": local(incident.occurred_from),
            "occurred_to": local(incident.occurred_to) if incident.occurred_to else None,
            "lat": incident.lat, "lon": incident.lon, "description": incident.description,
            "severity": incident.severity, "organisation": incident.organisation_id,
        }


class ReviewForm(PositionMixin):
    field_order = ["category", "status", "severity", "occurred_from", "occurred_to", "place",
                   "lat", "lon"]
    category = forms.ModelChoiceField(IncidentCategory.objects.none(), label=_("Kategori"))
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    severity = forms.TypedChoiceField(label=_("Allvar"), choices=Severity.choices, coerce=int)
    occurred_from = forms.DateTimeField(label=_("Inträffade från"), widget=DATETIME_INPUT,
                                        input_formats=DATETIME_FORMATS)
    occurred_to = forms.DateTimeField(label=_("till"), required=False, widget=DATETIME_INPUT,
                                      input_formats=DATETIME_FORMATS)
    place = forms.ModelChoiceField(Place.objects.none(), label=_("Namngiven plats"),
                                   required=False)

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "category").queryset = collaboration.incident_categories.all()
        _choices(self, "place").queryset = collaboration.places.all()
        self.fields["lat"].widget = forms.NumberInput(attrs={"step": "any"})
        self.fields["lon"].widget = forms.NumberInput(attrs={"step": "any"})
        self.fields["lat"].label, self.fields["lon"].label = _("Latitud"), _("Longitud")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_position(cleaned)
        return cleaned

    def changes(self) -> dict[str, Any]:
        c = dict(self.cleaned_data)
        if (c.get("lat") is None or c.get("lon") is None) and c.get("place"):
            c["lat"], c["lon"] = c["place"].lat, c["place"].lon
        return {k: c.get(k) for k in ("category", "status", "severity", "occurred_from",
                                      "occurred_to", "place", "lat", "lon")}


class FeedbackForm(forms.Form):
    body = forms.CharField(label=_("Återkoppling till rapportören"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Slå ihop med rapport nr"), min_value=1)


# --- citizen tips ----------------------------------------------------------------------------

TIP_SALT = "lofte.incidents.tip"
MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 2 * 3600


class TipForm(PositionMixin):
    """Anonymous tip. ``website`` is a honeypot; ``started`` a signed time (minimum fill time)."""

    category = forms.ModelChoiceField(IncidentCategory.objects.none(), label=_("Vad gäller det?"),
                                      empty_label=_("Välj"))
    description = forms.CharField(label=_("Beskriv vad du har sett"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Skriv inte namn, personnummer eller "
                                              "telefonnummer – sådant tas bort automatiskt."))
    occurred_from = forms.DateTimeField(label=_("När?"), widget=DATETIME_INPUT,
                                        input_formats=DATETIME_FORMATS)
    place = forms.ModelChoiceField(Place.objects.none(), label=_("Eller välj en plats"),
                                   required=False, empty_label=_("Jag har markerat på kartan"))
    wants_feedback = forms.BooleanField(label=_("Jag vill ha återkoppling"), required=False)
    contact_email = forms.EmailField(label=_("Din e-post (bara för återkoppling)"),
                                     required=False)
    website = forms.CharField(required=False, label=_("Lämna tomt"),
                              widget=forms.TextInput(attrs={"tabindex": "-1",
                                                            "autocomplete": "off"}))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "category").queryset = collaboration.incident_categories.filter(
            is_active=True)
        _choices(self, "place").queryset = collaboration.places.all()
        if not self.is_bound:
            self.initial["started"] = signing.dumps(timezone.now().timestamp(), salt=TIP_SALT)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_position(cleaned)
        if cleaned.get("website"):
            raise forms.ValidationError(_("Tipset kunde inte tas emot."), code="spam")
        try:
            started = float(signing.loads(cleaned.get("started") or "", salt=TIP_SALT,
                                          max_age=MAX_FILL_SECONDS))
        except (signing.BadSignature, ValueError, TypeError):
            raise forms.ValidationError(_("Formuläret har gått ut. Ladda om sidan och försök "
                                          "igen."), code="expired") from None
        minimum = getattr(settings, "LOFTE_TIP_MIN_SECONDS", MIN_FILL_SECONDS)
        if timezone.now().timestamp() - started < minimum:
            raise forms.ValidationError(_("Tipset skickades för snabbt. Försök igen."),
                                        code="too_fast")
        if cleaned.get("wants_feedback") and not cleaned.get("contact_email"):
            self.add_error("contact_email", _("Ange e-post om du vill ha återkoppling."))
        return cleaned

    def to_data(self) -> IncidentData:
        c = self.cleaned_data
        return IncidentData(
            category=c["category"], occurred_from=c["occurred_from"], lat=c.get("lat"),
            lon=c.get("lon"), place=c.get("place"), description=c["description"],
            contact_email=c.get("contact_email") or "" if c.get("wants_feedback") else "",
        )


# --- checklist, import ---------------------------------------------------------------------


class ChecklistForm(forms.Form):
    """The weekly checklist: one checkbox (with place and note) per category."""

    week_start = forms.DateField(label=_("Vecka (välj en dag i veckan)"), widget=DATE_INPUT)
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Rapporterar för"),
                                          empty_label=None)
    note = forms.CharField(label=_("Övrigt"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.collaboration = collaboration
        _choices(self, "organisation").queryset = collaboration.organisations.all()
        self.categories = list(collaboration.incident_categories.filter(is_active=True))
        places = list(collaboration.places.all())
        self.rows = []
        for category in self.categories:
            seen = forms.BooleanField(label=category.name, required=False)
            place = forms.ModelChoiceField(collaboration.places.all(), required=False,
                                           label=_("Plats"), empty_label=_("Välj plats"))
            note = forms.CharField(required=False, label=_("Kommentar"), max_length=500)
            self.fields[f"seen_{category.pk}"] = seen
            self.fields[f"place_{category.pk}"] = place
            self.fields[f"note_{category.pk}"] = note
            self.rows.append(category)
        self.has_places = bool(places)

    def row_fields(self) -> list[tuple[Any, Any, Any]]:
        return [(self[f"seen_{c.pk}"], self[f"place_{c.pk}"], self[f"note_{c.pk}"])
                for c in self.rows]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for category in self.rows:
            if cleaned.get(f"seen_{category.pk}") and not cleaned.get(f"place_{category.pk}"):
                self.add_error(f"place_{category.pk}", _("Välj var för %(name)s.")
                               % {"name": category.name})
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"),
                           help_text=_("Kolumner: kategori, från, till, lat, lon, plats, "
                                       "beskrivning, allvar. Alla rader sparas, eller ingen."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen måste vara CSV eller XLSX."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("Filen är större än 10 MB."))
        return upload


# --- meetings ------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    held_on = forms.DateField(label=_("Mötesdag"), widget=DATE_INPUT)
    period_start = forms.DateField(label=_("Veckobild från"), widget=DATE_INPUT)
    period_end = forms.DateField(label=_("till"), widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Perioden måste sluta efter att den börjar."))
        if start and end and (end - start) > dt.timedelta(days=62):
            self.add_error("period_end", _("Välj högst två månader."))
        return cleaned


class MeetingNotesForm(forms.Form):
    participants = forms.CharField(label=_("Närvarande"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Anteckningar"), required=False,
                            widget=forms.Textarea(attrs={"rows": 5}))
    is_held = forms.BooleanField(label=_("Mötet är genomfört"), required=False)


class DecisionForm(forms.Form):
    what = forms.CharField(label=_("Åtgärd (vad)"), max_length=300)
    where = forms.CharField(label=_("Var"), max_length=200, required=False)
    owner = forms.CharField(label=_("Ansvarig (vem)"), max_length=200)
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Organisation"),
                                          required=False)
    due_on = forms.DateField(label=_("Klart senast"), widget=DATE_INPUT, required=False)
    hot_spot = forms.CharField(label=_("Hot spot som ledde till beslutet"), max_length=200,
                               required=False,
                               widget=forms.TextInput(attrs={"list": "hot-spots"}))
    incident_ids = forms.CharField(label=_("Rapporter (nummer, kommaseparerade)"),
                                   required=False, max_length=500)

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.collaboration = collaboration
        _choices(self, "organisation").queryset = collaboration.organisations.all()

    def clean_incident_ids(self) -> list[Incident]:
        raw = self.cleaned_data.get("incident_ids") or ""
        try:
            ids = {int(p.strip().lstrip("#")) for p in raw.replace(";", ",").split(",")
                   if p.strip()}
        except ValueError:
            raise forms.ValidationError(_("Ange rapportnummer separerade med komma.")) from None
        found = list(Incident.objects.filter(collaboration=self.collaboration, pk__in=ids))
        missing = ids - {i.pk for i in found}
        if missing:
            raise forms.ValidationError(_("Okända rapporter: %(ids)s")
                                        % {"ids": ", ".join(str(i) for i in sorted(missing))})
        return found


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DecisionStatus.choices)
    follow_up = forms.CharField(label=_("Uppföljning"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))



# --- the collaboration's lists -------------------------------------------------------------


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=100)
    code = forms.SlugField(label=_("Kod (Open311 service_code)"), max_length=40, required=False,
                           help_text=_("Lämna tom för en ny kategori; koden skapas av namnet."))
    is_active = forms.BooleanField(label=_("Används"), required=False, initial=True)


class PlaceForm(PositionMixin):
    name = forms.CharField(label=_("Namn på platsen"), max_length=120)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("lat") is None or cleaned.get("lon") is None:
            self.add_error(None, _("Tryck på kartan där platsen ligger."))
        return cleaned


class Open311KeyForm(forms.Form):
    key_name = forms.CharField(label=_("Vilken app ska få skicka in rapporter?"), max_length=100)
