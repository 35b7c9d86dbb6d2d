from __future__ import annotations

import base64
import io
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from lofte.accounts import services
from lofte.accounts.forms import ApiTokenForm, LoginForm, OTPCodeForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in for users with a TOTP device."""
    form = OTPCodeForm(request.POST or None)
    next_url = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "").strip()
        device = match_token(request.user, code)
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("code", "Koden stämmer inte. Försök igen med en ny kod.")
    return render(request, "accounts/verify.html", {"form": form, "next": next_url,
                                                    "page_title": _("Tvåstegsverifiering")})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    token_form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and token_form.is_valid():
        _token, new_token = services.create_api_token(
            request.user, name=token_form.cleaned_data["name"],  # type: ignore[arg-type]
            valid_days=token_form.cleaned_data["valid_days"],
        )
        messages.success(request, "API-nyckeln är skapad. Kopiera den nu – den visas bara en gång.")
        token_form = ApiTokenForm()
    return render(request, "accounts/profile.html", {
        "page_title": _("Mitt konto"), "token_form": token_form, "new_token": new_token,
        "tokens": request.user.api_tokens.filter(is_revoked=False),  # type: ignore[union-attr]
        "has_totp": request.user.totpdevice_set.filter(confirmed=True).exists(),  # type: ignore[union-attr]
        "memberships": request.user.memberships.select_related(  # type: ignore[union-attr]
            "collaboration", "organisation"),
    })


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id, is_revoked=False).first()  # type: ignore[union-attr]
    if token is not None:
        services.revoke_api_token(request.user, token)  # type: ignore[arg-type]
        messages.success(request, "API-nyckeln är återkallad.")
    return redirect("accounts:profile")


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    device = services.start_totp_setup(request.user)  # type: ignore[arg-type]
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp(request.user, device, form.cleaned_data["code"]):  # type: ignore[arg-type]
            otp_login(request, device)
            messages.success(request, "Tvåstegsverifiering är aktiverad.")
            return redirect("accounts:profile")
        form.add_error("code", "Koden stämmer inte. Kontrollera att telefonens klocka går rätt.")
    uri = device.config_url.replace("otpauth://totp/", "otpauth://totp/" + quote("Löfte") + ":", 1)
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/totp_setup.html", {
        "page_title": _("Aktivera tvåstegsverifiering"), "form": form, "qr": _qr_svg(uri),
        "secret": secret,
    })


@login_required
@require_POST
def totp_disable(request: HttpRequest) -> HttpResponse:
    services.disable_totp(request.user)  # type: ignore[arg-type]
    messages.success(request, "Tvåstegsverifiering är avstängd.")
    return redirect("accounts:profile")


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
