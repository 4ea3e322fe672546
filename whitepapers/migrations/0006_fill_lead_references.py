import uuid

from django.db import migrations


def fill_references(apps, schema_editor):
    Lead = apps.get_model("whitepapers", "Lead")
    for lead in Lead.objects.filter(reference__isnull=True).only("pk").iterator():
        Lead.objects.filter(pk=lead.pk).update(reference=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("whitepapers", "0005_lead_reference"),
    ]

    operations = [
        migrations.RunPython(fill_references, migrations.RunPython.noop, elidable=True),
    ]
