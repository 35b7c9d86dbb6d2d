from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the citizen pages, the feeds and the open-data API show is computed from these apps'
# rows (promises, their activities and registered records, follow-ups, published lägesbilder)
# and these models of others (kommun names, collaborations). Any save or delete of them
# makes the cached public responses stale (``lofte.core.cache.public_response``).
PUBLIC_APPS = frozenset({"promises", "situation"})
PUBLIC_MODELS = frozenset({("geo", "municipality"), ("organisations", "collaboration")})


def public_data_changed(sender: Any, **kwargs: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return
    if meta.app_label in PUBLIC_APPS or (meta.app_label, meta.model_name) in PUBLIC_MODELS:
        from lofte.core.cache import PUBLIC, bump

        bump(PUBLIC)


class PublicConfig(AppConfig):
    name = "lofte.public"
    label = "public"
    verbose_name = _("Offentliga sidor och öppna data")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        post_save.connect(public_data_changed, dispatch_uid="lofte-public-save")
        post_delete.connect(public_data_changed, dispatch_uid="lofte-public-delete")
        m2m_changed.connect(public_data_changed, dispatch_uid="lofte-public-m2m")
