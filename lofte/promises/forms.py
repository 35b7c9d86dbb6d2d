from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lofte.promises import progress as calc
from lofte.promises.models import (
    Activity,
    FocusArea,
    FollowUpPeriodKind,
    Promise,
    SignatoryParty,
)
from lofte.promises.services import PROMISE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RISK_DAY_CHOICES = [(key, label) for key, (label, _f) in calc.RISK_DAYS.items()]


class PromiseForm(forms.ModelForm[Promise]):
    class Meta:
        model = Promise
        fields = list(PROMISE_FIELDS)
        widgets = {
            "period_start": DATE, "period_end": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "background": forms.Textarea(attrs={"rows": 5}),
            "situation_summary": forms.Textarea(attrs={"rows": 5}),
            "effect": forms.Textarea(attrs={"rows": 3}),
            "follow_up_text": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and (end - start).days > 3 * 366 + 1:
            self.add_error("period_end", _("Ett löfte gäller i högst tre år."))
        return data


class FocusAreaForm(forms.Form):
    title = forms.CharField(label=_("Fokusområde"), max_length=300)
    description = forms.CharField(label=_("Beskrivning"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class CommitmentForm(forms.Form):
    text = forms.CharField(label=_("Åtagande"), widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("T.ex. ”Att öka trafiksäkerheten genom att motverka "
                                       "felaktiga trafikbeteenden.”"))
    focus_area = forms.ModelChoiceField(label=_("Fokusområde"), required=False,
                                        queryset=FocusArea.objects.none())

    def __init__(self, *args: Any, promise: Promise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = promise.focus_areas.all()  # type: ignore[attr-defined]


class ActivityForm(forms.ModelForm[Activity]):
    recurring_dates = forms.MultipleChoiceField(
        label=_("Risktillfällen"), choices=RISK_DAY_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("För mål av typen ”vid återkommande risktillfällen”."),
    )

    class Meta:
        model = Activity
        fields = ["commitment", "description", "actor", "partner_name", "owner", "target_kind",
                  "target_count", "unit", "target_period", "target_date", "recurring_dates",
                  "place_name", "latitude", "longitude", "problems", "indicators",
                  "finding_reference", "assessment"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "target_date": DATE,
            "problems": forms.Textarea(attrs={"rows": 2}),
            "indicators": forms.Textarea(attrs={"rows": 2}),
            "assessment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, promise: Promise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = promise.commitments.all()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = get_user_model().objects.filter(  # type: ignore[attr-defined]
            memberships__collaboration=promise.collaboration).order_by("first_name")
        self.fields["owner"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: user.display_name)
        if promise.kind != "atgardsplan":
            del self.fields["finding_reference"]


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Datum för undertecknande"), widget=DATE)
    signed_place = forms.CharField(label=_("Ort"), required=False, max_length=100)
    municipality_name = forms.CharField(label=_("Undertecknare för kommunen"), max_length=200)
    municipality_role = forms.CharField(label=_("Befattning"), max_length=200,
                                        initial=_("Kommunstyrelsens ordförande"))
    police_name = forms.CharField(label=_("Undertecknare för polisen"), max_length=200)
    police_role = forms.CharField(label=_("Befattning"), max_length=200,
                                  initial=_("Lokalpolisområdeschef"))
    partner_name = forms.CharField(label=_("Ytterligare undertecknare (valfritt)"),
                                   required=False, max_length=200)
    partner_role = forms.CharField(label=_("Befattning och organisation"), required=False,
                                   max_length=200)

    def signatories(self) -> list[Any]:
        from lofte.promises.services import SignatoryIn

        data = self.cleaned_data
        people = [
            SignatoryIn(data["municipality_name"], data["municipality_role"],
                        SignatoryParty.MUNICIPALITY),
            SignatoryIn(data["police_name"], data["police_role"], SignatoryParty.POLICE),
        ]
        if data.get("partner_name"):
            people.append(SignatoryIn(data["partner_name"], data.get("partner_role", ""),
                                      SignatoryParty.PARTNER))
        return people


class RecordForm(forms.Form):
    activity = forms.TypedChoiceField(label=_("Aktivitet"), coerce=int)
    performed_on = forms.DateField(label=_("Datum"), widget=DATE)
    quantity = forms.IntegerField(label=_("Antal tillfällen"), min_value=1, initial=1)
    place_name = forms.CharField(label=_("Plats"), required=False, max_length=200)
    participants = forms.CharField(label=_("Deltagare"), required=False, max_length=500,
                                   help_text=_("T.ex. ”Polisen, fältgruppen, 2 föreningar”."))
    figure_1_label = forms.CharField(label=_("Utfall – vad"), required=False, max_length=60)
    figure_1_value = forms.DecimalField(label=_("Antal"), required=False, min_value=0)
    figure_2_label = forms.CharField(label=_("Utfall – vad"), required=False, max_length=60)
    figure_2_value = forms.DecimalField(label=_("Antal"), required=False, min_value=0)
    hours = forms.DecimalField(label=_("Arbetstimmar"), required=False, min_value=0,
                               max_digits=7, decimal_places=1)
    note = forms.CharField(label=_("Anteckning"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    # A plain file field: the service decides by content (lofte.core.images.clean_photo).
    photo = forms.FileField(label=_("Foto"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp"}))
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, activities: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Activities grouped by promise, numbered as on the promise page (A1, A2 …).
        self.activities: dict[int, Activity] = {a.pk: a for a in activities}
        groups: dict[str, list[tuple[int, str]]] = {}
        numbers: dict[int, int] = {}
        for a in activities:
            numbers[a.promise_id] = numbers.get(a.promise_id, 0) + 1
            groups.setdefault(a.promise.title, []).append(
                (a.pk, f"A{numbers[a.promise_id]}. {a.get_actor_display()}: {a.description[:90]}"))
        self.fields["activity"].choices = [("", "---------"), *groups.items()]  # type: ignore[attr-defined]
        self.fields["performed_on"].initial = today
        self.fields["performed_on"].widget.attrs["max"] = today.isoformat()
        for name in ("figure_1_value", "figure_2_value", "quantity", "hours"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def clean_activity(self) -> Activity:
        activity = self.activities.get(self.cleaned_data["activity"])
        if activity is None:
            raise forms.ValidationError(_("Välj en aktivitet."))
        return activity

    def record_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        figures = {}
        for n in (1, 2):
            label, value = data.get(f"figure_{n}_label"), data.get(f"figure_{n}_value")
            if label and value is not None:
                figures[label] = float(value)
        return {
            "performed_on": data["performed_on"], "quantity": data["quantity"],
            "place_name": data.get("place_name", ""), "participants": data.get("participants", ""),
            "figures": figures, "hours": data.get("hours"), "note": data.get("note", ""),
            "latitude": data.get("latitude"), "longitude": data.get("longitude"),
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"),
                           help_text=_("Kolumner: aktivitet, datum, antal, plats, deltagare, "
                                       "timmar, anteckning och valfria utfallskolumner."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Välj en CSV- eller XLSX-fil."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Filen är större än 5 MB."))
        return upload


class ComposeFollowUpForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("Uppföljning"), choices=FollowUpPeriodKind.choices)
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    number = forms.TypedChoiceField(label=_("Tertial"), coerce=int, required=False, choices=[
        (1, _("T1 januari–april")), (2, _("T2 maj–augusti")), (3, _("T3 september–december"))])


class FollowUpTextForm(forms.Form):
    text = forms.CharField(label=_("Sammanfattning till invånarna"),
                           widget=forms.Textarea(attrs={"rows": 14}))


class AssessmentForm(forms.Form):
    assessment = forms.CharField(label=_("Bedömning"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Hur har det gått? Visas för invånarna."))


class ReviseForm(forms.Form):
    note = forms.CharField(label=_("Vad ska ändras?"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


