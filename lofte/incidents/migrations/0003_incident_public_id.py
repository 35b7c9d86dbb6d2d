"""Incidents get a random public reference (tip receipt, Open311 service_request_id).

Three steps so that existing rows each get their own value: add the column without the unique
constraint, fill it row by row, then make it unique.
"""

from django.db import migrations, models

import lofte.incidents.models


def fill_public_ids(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    used = set()
    for pk in Incident.objects.filter(public_id="").values_list("pk", flat=True).iterator():
        value = lofte.incidents.models.new_public_id()
        while value in used:
            value = lofte.incidents.models.new_public_id()
        used.add(value)
        Incident.objects.filter(pk=pk).update(public_id=value)


class Migration(migrations.Migration):

    dependencies = [
        ("incidents", "0002_incident_incident_picture_cover"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="public_id",
            field=models.CharField(default="", editable=False, max_length=16,
                                   verbose_name="ärendenummer"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="incident",
            name="public_id",
            field=models.CharField(default=lofte.incidents.models.new_public_id, editable=False,
                                   max_length=16, unique=True, verbose_name="ärendenummer"),
        ),
    ]
