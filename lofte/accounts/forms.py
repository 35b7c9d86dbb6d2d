from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Fel användarnamn eller lösenord. Observera att fälten skiljer på "
                           "stora och små bokstäver."),
        "inactive": _("Kontot är inte aktivt."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Användarnamn")
        self.fields["password"].label = _("Lösenord")


class OTPCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Engångskod"), regex=r"^\s*\d{3}\s?\d{3}\s*$", max_length=8,
        help_text=_("Sex siffror från din autentiseringsapp."),
        error_messages={"invalid": _("Koden ska vara sex siffror.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Vad ska nyckeln användas till?"), max_length=100)
    valid_days = forms.IntegerField(
        label=_("Giltig i antal dagar"), min_value=1, max_value=730, initial=365
    )
