from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lofte.situation.models import Problem

TERTIALS = {1: ((1, 1), (4, 30)), 2: ((5, 1), (8, 31)), 3: ((9, 1), (12, 31))}


class ReportCreateForm(forms.Form):
    PERIOD_CHOICES = [("year", _("Ett kalenderår")), ("tertial", _("Ett tertial")),
                      ("range", _("Valfri period"))]
    title = forms.CharField(label=_("Rubrik"), max_length=200, required=False,
                            help_text=_("Lämna tomt för en rubrik med kommun och period."))
    period_kind = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES,
                                    widget=forms.RadioSelect, initial="year")
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100, required=False)
    tertial = forms.TypedChoiceField(label=_("Tertial"), coerce=int, required=False,
                                     choices=[("", "–"), (1, "T1 (jan–apr)"),
                                              (2, "T2 (maj–aug)"), (3, "T3 (sep–dec)")])
    start = forms.DateField(label=_("Från och med"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Till och med"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("period_kind")
        year = int(data.get("year") or 0)
        if kind in ("year", "tertial") and not year:
            self.add_error("year", _("Ange året."))
        elif kind == "year":
            data["start"], data["end"] = dt.date(year, 1, 1), dt.date(year, 12, 31)
        elif kind == "tertial":
            number = data.get("tertial")
            if not number:
                self.add_error("tertial", _("Välj tertial."))
            else:
                (m1, d1), (m2, d2) = TERTIALS[number]
                data["start"], data["end"] = dt.date(year, m1, d1), dt.date(year, m2, d2)
        elif kind == "range":
            if not data.get("start"):
                self.add_error("start", _("Ange startdatum."))
            if not data.get("end"):
                self.add_error("end", _("Ange slutdatum."))
        return data


class SectionForm(forms.Form):
    body = forms.CharField(label=_("Text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 14}))


class ProblemForm(forms.ModelForm[Problem]):
    class Meta:
        model = Problem
        fields = ["title", "priority", "description", "place_name", "latitude", "longitude",
                  "time_pattern", "triangle_place", "triangle_offender", "triangle_target",
                  "suspected_causes", "is_police_only", "source_figure"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in
                   ("description", "triangle_place", "triangle_offender", "triangle_target",
                    "suspected_causes")}

    def __init__(self, *args: Any, is_police: bool = False,
                 figure_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_police:
            del self.fields["is_police_only"]
        self.fields["source_figure"] = forms.ChoiceField(
            label=_("Underlag (figur i lägesbilden)"), required=False,
            choices=[("", "–"), *(figure_choices or [])])


class ActivityFromProblemForm(forms.Form):
    promise: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Löfte eller åtgärdsplan (utkast)"), queryset=None)
    description = forms.CharField(label=_("Aktivitet eller åtgärd"),
                                  widget=forms.Textarea(attrs={"rows": 3}))
    actor = forms.ChoiceField(label=_("Ansvarig"))

    def __init__(self, *args: Any, promises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from lofte.promises.models import Actor

        self.fields["promise"].queryset = promises  # type: ignore[attr-defined]
        self.fields["actor"].choices = Actor.choices  # type: ignore[attr-defined]


class LinkMeasureForm(forms.Form):
    activity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Befintlig aktivitet eller åtgärd"), queryset=None)

    def __init__(self, *args: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["activity"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: f"{a.promise.title}: {a.description[:90]}")


class NewVersionForm(forms.Form):
    note = forms.CharField(label=_("Vad ändras i versionen"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
