"""Leads get a random public reference: added empty, filled for existing rows (0004), then
made required and unique (0005), as Django's docs do for unique fields on existing tables."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("whitepapers", "0002_newsletter_requested_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="reference",
            field=models.UUIDField(editable=False, null=True, verbose_name="public reference"),
        ),
    ]
