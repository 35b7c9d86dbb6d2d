"""Forms: upload or paste a document, review the extraction, filter the national register."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lofte.documents import services
from lofte.documents.parsing.inputs import MAX_PDF_BYTES
from lofte.geo.models import County, Municipality
from lofte.organisations.models import Collaboration
from lofte.promises.models import Actor, FollowUpCadence, PeriodUnit, SignatoryParty

PER_CHOICES = [("", _("under hela perioden")), *PeriodUnit.choices,
               ("week", _("per vecka (räkna om)"))]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"), required=False,
        help_text=_("PDF, sparad webbsida (HTML) eller textfil, högst 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.html,.htm,.txt,text/plain,"
                                                         "text/html,application/pdf"}),
    )
    text = forms.CharField(
        label=_("… eller klistra in texten"), required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Kopiera löftets text från webbsidan och klistra in den här."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise ValidationError(_("Välj antingen en fil eller inklistrad text, inte båda."))
        if not upload and not text:
            raise ValidationError(_("Välj en fil eller klistra in löftets text."))
        if upload and upload.size > MAX_PDF_BYTES:
            self.add_error("file", gettext("Filen är för stor (%(size)s MB); högst %(max)s MB kan "
                                           "läsas.") % {"size": upload.size // (1024 * 1024),
                                                        "max": MAX_PDF_BYTES // (1024 * 1024)})
        return data


class PromiseReviewForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    municipalities = forms.CharField(
        label=_("Kommun(er)"), max_length=500,
        help_text=_("Kommunernas namn, åtskilda med komma."),
    )
    police_area = forms.CharField(label=_("Lokalpolisområde"), max_length=200, required=False)
    start_year = forms.IntegerField(label=_("Gäller från år"), min_value=2010, max_value=2100)
    end_year = forms.IntegerField(label=_("Gäller till och med år"), min_value=2010,
                                  max_value=2100)
    follow_up_cadence = forms.ChoiceField(label=_("Uppföljning"), choices=FollowUpCadence.choices)
    summary = forms.CharField(label=_("Löftet i korthet"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.collaboration = collaboration

    def clean_municipalities(self) -> list[str]:
        names = [n.strip() for n in re.split(r",|\boch\b", self.cleaned_data["municipalities"])
                 if n.strip()]
        found: list[str] = []
        unknown: list[str] = []
        for name in names:
            bare = re.sub(r"\s+(kommun|stad)$", "", name, flags=re.IGNORECASE)
            municipality = Municipality.objects.filter(name__iexact=bare).first()
            if municipality is None:
                unknown.append(name)
            elif municipality.name not in found:
                found.append(municipality.name)
        if unknown:
            raise ValidationError(gettext("Okänd kommun: %(names)s.")
                                  % {"names": ", ".join(unknown)})
        if not found:
            raise ValidationError(_("Ange minst en kommun."))
        own = self.collaboration.municipality.name
        if own not in found:
            raise ValidationError(gettext(
                "Löftet gäller inte %(name)s, som samverkan avser. Läs in rätt dokument eller "
                "lägg till %(name)s om löftet gäller flera kommuner.") % {"name": own})
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Slutåret måste vara samma som eller efter startåret."))
        return data


class FocusAreaForm(forms.Form):
    text = forms.CharField(label=_("Fokusområde"), max_length=300,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ActivityForm(forms.Form):
    description = forms.CharField(label=_("Aktivitet"), widget=forms.Textarea(attrs={"rows": 4}))
    # A blank first choice keeps an untouched extra row unchanged (and so ignored).
    actor = forms.ChoiceField(label=_("Ansvarig"), choices=[("", _("Välj ansvarig")),
                                                         *Actor.choices])
    partner_name = forms.CharField(label=_("Annan aktör"), max_length=200, required=False)
    count = forms.IntegerField(label=_("Antal (minst)"), min_value=1, max_value=100_000,
                               required=False)
    count_max = forms.IntegerField(label=_("Antal (högst)"), min_value=1, max_value=100_000,
                                   required=False)
    per = forms.ChoiceField(label=_("Per"), choices=PER_CHOICES, required=False)
    unit = forms.CharField(label=_("Enhet (vad som räknas)"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("actor") == Actor.PARTNER and not data.get("partner_name"):
            self.add_error("partner_name", _("Ange vilken aktör som ansvarar."))
        count, count_max = data.get("count"), data.get("count_max")
        if count and count_max and count_max < count:
            self.add_error("count_max", _("Högsta antalet kan inte vara mindre än minsta."))
        if data.get("per") == "week":
            self.add_error("per", _("Löften följs upp per månad, kvartal, tertial, termin eller "
                                    "år. Räkna om veckomålet (t.ex. 2 per vecka ≈ 8 per månad)."))
        if data.get("per") and not (count or count_max):
            self.add_error("count", _("Ange ett antal när målet gäller per period."))
        return data

    def reviewed(self) -> services.ReviewedActivity:
        data = self.cleaned_data
        return services.ReviewedActivity(
            description=data["description"].strip(), actor=data["actor"],
            partner_name=data.get("partner_name", "").strip(), count=data.get("count"),
            count_max=data.get("count_max"), per=data.get("per") or "",
            unit=data.get("unit", "").strip())


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    role = forms.CharField(label=_("Befattning"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    party = forms.ChoiceField(label=_("Part"), choices=[("", _("Välj part")),
                                                     *SignatoryParty.choices])


FocusAreaFormSet = formset_factory(FocusAreaForm, extra=1, can_delete=True, max_num=50)
ActivityFormSet = formset_factory(ActivityForm, extra=1, can_delete=True, max_num=100)
SignatoryFormSet = formset_factory(SignatoryForm, extra=1, can_delete=True, max_num=20)


class ReviewForms:
    """The review screen's form and three formsets, validated and read together."""

    def __init__(self, collaboration: Collaboration, initial: dict[str, Any],
                 data: Any = None) -> None:
        self.promise = PromiseReviewForm(data, initial=initial["promise"],
                                         collaboration=collaboration)
        self.focus_areas = FocusAreaFormSet(data, initial=initial["focus_areas"],
                                            prefix="fokus")
        self.activities = ActivityFormSet(data, initial=initial["activities"], prefix="akt")
        self.signatories = SignatoryFormSet(data, initial=initial["signatories"],
                                            prefix="sign")

    def is_valid(self) -> bool:
        results = [self.promise.is_valid(), self.focus_areas.is_valid(),
                   self.activities.is_valid(), self.signatories.is_valid()]
        if all(results) and not self._kept(self.activities):
            self.promise.add_error(None, _("Löftet behöver minst en aktivitet."))
            return False
        return all(results)

    @property
    def error_count(self) -> int:
        """How many fields and forms have errors (for the summary at the top of the page)."""
        if not self.promise.is_bound:
            return 0
        count = len(self.promise.errors)
        for formset in (self.focus_areas, self.activities, self.signatories):
            count += len(formset.non_form_errors())
            count += sum(len(form.errors) for form in formset.forms
                         if not (form.cleaned_data or {}).get("DELETE"))
        return count

    @staticmethod
    def _kept(formset: Any) -> list[Any]:
        return [form for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def reviewed(self) -> services.ReviewedPromise:
        data = self.promise.cleaned_data
        return services.ReviewedPromise(
            title=data["title"].strip(), start_year=data["start_year"],
            end_year=data["end_year"], municipality_names=data["municipalities"],
            police_area=data.get("police_area", "").strip(),
            summary=data.get("summary", "").strip(),
            follow_up_cadence=data["follow_up_cadence"],
            focus_areas=[f.cleaned_data["text"].strip() for f in self._kept(self.focus_areas)],
            activities=[f.reviewed() for f in self._kept(self.activities)],
            signatories=[services.ReviewedSignatory(
                name=f.cleaned_data["name"].strip(), role=f.cleaned_data.get("role", ""),
                organisation=f.cleaned_data.get("organisation", ""),
                party=f.cleaned_data["party"]) for f in self._kept(self.signatories)],
        )

    def add_service_error(self, error: ValidationError) -> None:
        """Put a promise service's ValidationError on the main form."""
        if hasattr(error, "error_dict"):
            names = {"period_start": "start_year", "period_end": "end_year"}
            for field, errors in error.error_dict.items():
                target = names.get(field, field)
                self.promise.add_error(target if target in self.promise.fields else None,
                                       errors)
        else:
            self.promise.add_error(None, error.messages)


class RegisterFilterForm(forms.Form):
    lan = forms.ChoiceField(label=_("Län"), required=False)
    kommun = forms.ChoiceField(label=_("Kommun"), required=False)
    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)
    theme = forms.ChoiceField(label=_("Tema/fokusområde"), required=False)
    actor = forms.ChoiceField(label=_("Aktör"), required=False)
    q = forms.CharField(label=_("Fritext i löftet"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args: Any, themes: list[tuple[str, str]],
                 actors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("lan", [("", gettext("Alla län")),
                              *County.objects.values_list("code", "name")])
        municipalities = Municipality.objects.filter(registered_promises__isnull=False)
        lan = self.data.get("lan") if self.data else None
        if lan:
            municipalities = municipalities.filter(county__code=lan)
        self._choices("kommun", [("", gettext("Alla kommuner")), *municipalities.distinct()
                                 .order_by("name").values_list("code", "name")])
        self._choices("theme", [("", gettext("Alla teman")), *themes])
        self._choices("actor", [("", gettext("Alla aktörer")), *actors])

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
