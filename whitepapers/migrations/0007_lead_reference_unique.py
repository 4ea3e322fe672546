import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("whitepapers", "0006_fill_lead_references"),
    ]

    operations = [
        migrations.AlterField(
            model_name="lead",
            name="reference",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public reference"
            ),
        ),
    ]
