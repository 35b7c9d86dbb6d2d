"""Base models and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("skapade")
    UPDATE = "update", _("ändrade")
    DELETE = "delete", _("tog bort")
    READ = "read", _("läste")
    LOGIN = "login", _("loggade in")
    EXPORT = "export", _("exporterade")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:  # pragma: no cover - guarded on purpose
        raise PermissionError("Granskningsloggen kan inte ändras.")

    def delete(self) -> tuple[int, dict[str, int]]:  # pragma: no cover - guarded on purpose
        raise PermissionError("Granskningsloggen kan inte raderas.")


class AuditEntry(models.Model):
    """One append-only record of who did what to which object, with before/after values.

    Rows are only ever inserted (``lofte.core.audit.record``); the model refuses updates and
    deletes, and on PostgreSQL a trigger (migration 0002) refuses them in the database too.
    """

    at = models.DateTimeField(_("tid"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        null=True,
        blank=True,
        # DO_NOTHING: deleting a user must not rewrite history; the label keeps the name.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("användarnamn"), max_length=200, blank=True)
    action = models.CharField(_("händelse"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("objekttyp"), max_length=100, db_index=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("objekt"), max_length=300, blank=True)
    collaboration_id = models.BigIntegerField(_("samverkan"), null=True, blank=True, db_index=True)
    before = models.JSONField(_("före"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("granskningspost")
        verbose_name_plural = _("granskningslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Granskningsloggen kan inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Granskningsloggen kan inte raderas.")
