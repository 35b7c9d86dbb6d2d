"""The migration that adds ``Incident.public_id`` gives every existing report its own value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("incidents", "0002_incident_incident_picture_cover")]
AFTER = [("incidents", "0003_incident_public_id")]


def test_existing_reports_get_distinct_references(vetlanda: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    category = old.get_model("incidents", "IncidentCategory").objects.create(
        collaboration_id=vetlanda.pk, code="klotter", name="Klotter")
    incident_model = old.get_model("incidents", "Incident")
    moment = dt.datetime(2025, 5, 1, 12, tzinfo=dt.UTC)
    for _ in range(5):
        incident_model.objects.create(collaboration_id=vetlanda.pk, category_id=category.pk,
                                      occurred_from=moment, lat=57.4, lon=15.1)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    references = list(new.get_model("incidents", "Incident").objects
                      .values_list("public_id", flat=True))
    assert len(references) == 5 and len(set(references)) == 5
    assert all(len(r) == 12 for r in references)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
