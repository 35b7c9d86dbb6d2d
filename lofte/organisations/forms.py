from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lofte.organisations.models import Collaboration, Organisation, Role


class MembershipForm(forms.Form):
    username = forms.CharField(
        label=_("Användarnamn eller e-postadress"), max_length=150,
        help_text=_("Personen måste redan ha ett konto i Löfte."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": _("Välj en organisation i samverkan.")},
    )
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = collaboration.organisations.all()  # type: ignore[attr-defined]

    def clean_username(self) -> Any:
        value = self.cleaned_data["username"].strip()
        user_model = get_user_model()
        user = (
            user_model.objects.filter(username__iexact=value).first()
            or user_model.objects.filter(email__iexact=value).first()
        )
        if user is None or not user.is_active:
            raise forms.ValidationError(_("Det finns ingen aktiv användare med det namnet."))
        return user
