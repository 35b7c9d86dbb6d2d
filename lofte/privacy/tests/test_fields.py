"""Every text field of every Löfte model is either searched by the register extract or
excluded with a reason, so a new free-text field cannot escape a radering unnoticed."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from lofte.privacy.fields import (
    EXCLUDED_FIELDS,
    EXCLUDED_MODELS,
    RETAINED_FIELDS,
    SEARCHED_FIELDS,
    WHOLE_VALUE_FIELDS,
)


def text_fields() -> set[str]:
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("lofte."):
            continue
        label = model._meta.label_lower
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField) \
                    and not field.choices:
                found.add(f"{label}.{field.name}")
    return found


def test_every_text_field_is_searched_or_excluded_with_a_reason() -> None:
    searched = {f"{label}.{name}" for label, names in SEARCHED_FIELDS.items() for name in names}
    unlisted = sorted(
        key for key in text_fields()
        if key not in searched and key not in EXCLUDED_FIELDS
        and key.rsplit(".", 1)[0] not in EXCLUDED_MODELS
    )
    assert unlisted == [], (
        "Nya textfält måste läggas i lofte/privacy/fields.py (SEARCHED_FIELDS) eller "
        f"undantas med skäl (EXCLUDED_FIELDS): {unlisted}")


def test_the_lists_name_only_existing_fields_and_give_reasons() -> None:
    existing = text_fields()
    listed = {f"{label}.{name}" for label, names in SEARCHED_FIELDS.items() for name in names}
    assert listed - existing == set()
    assert set(EXCLUDED_FIELDS) - existing == set()
    assert (WHOLE_VALUE_FIELDS | set(RETAINED_FIELDS)) <= listed
    labels = {m._meta.label_lower for m in apps.get_models()}
    assert set(EXCLUDED_MODELS) <= labels
    assert all(reason.strip() for reason in (*EXCLUDED_MODELS.values(),
                                             *EXCLUDED_FIELDS.values(),
                                             *RETAINED_FIELDS.values()))
