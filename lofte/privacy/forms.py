"""The form of the register extract page: what identifies the person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lofte.privacy.matching import Subject, SubjectError, parse_subject


class SubjectForm(forms.Form):
    user = forms.CharField(label=_("Användarnamn eller e-post för ett konto"), required=False,
                           max_length=200)
    email = forms.CharField(label=_("E-postadress"), required=False, max_length=200)
    phone = forms.CharField(label=_("Telefonnummer"), required=False, max_length=40)
    personnummer = forms.CharField(label=_("Personnummer"), required=False, max_length=20)
    name = forms.CharField(label=_("För- och efternamn"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}

        def given(key: str) -> list[str]:
            return [data[key]] if data.get(key) else []

        try:
            self.subject: Subject = parse_subject(
                usernames=given("user"), emails=given("email"), phones=given("phone"),
                personnummer=given("personnummer"), names=given("name"))
        except SubjectError as error:
            raise ValidationError(str(error)) from error
        return data
