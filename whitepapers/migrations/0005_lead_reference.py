"""Leads get a random public reference: added empty, filled for existing rows (0006), then
made required and unique (0007), as Django's docs do for unique fields on existing tables."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("whitepapers", "0004_crm_webhook_url_public_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="reference",
            field=models.UUIDField(editable=False, null=True, verbose_name="public reference"),
        ),
    ]
