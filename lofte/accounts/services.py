"""Writes for accounts: tokens and second factor."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.accounts.models import ApiToken, User, hash_token
from lofte.core import audit
from lofte.core.models import AuditAction


@transaction.atomic
def create_api_token(
    actor: User, *, name: str, valid_days: int | None = 365
) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns the model and the raw token (shown once)."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=actor,
        name=name.strip()[:100] or "API",
        prefix=raw[4:12],
        token_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=valid_days) if valid_days else None,
    )
    audit.record(actor, AuditAction.CREATE, token, after={"name": token.name})
    return token, raw


@transaction.atomic
def revoke_api_token(actor: User, token: ApiToken) -> None:
    token.is_revoked = True
    token.save(update_fields=["is_revoked"])
    audit.record(actor, AuditAction.UPDATE, token, after={"is_revoked": True})


def authenticate_token(raw: str) -> User | None:
    """Return the user of a valid, unexpired, unrevoked token, else None."""
    if not raw.startswith("lft_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), is_revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def start_totp_setup(actor: User) -> TOTPDevice:
    """Create (or reuse) an unconfirmed TOTP device for ``actor``."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name="Autentiseringsapp", confirmed=False)
    return device


@transaction.atomic
def confirm_totp(actor: User, device: TOTPDevice, code: str) -> bool:
    """Confirm the device if ``code`` is right; one audit entry on success."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return False
    TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor, AuditAction.UPDATE, actor, note="Tvåstegsverifiering aktiverad")
    return True


@transaction.atomic
def disable_totp(actor: User) -> None:
    TOTPDevice.objects.filter(user=actor).delete()
    audit.record(actor, AuditAction.UPDATE, actor, note="Tvåstegsverifiering avstängd")
