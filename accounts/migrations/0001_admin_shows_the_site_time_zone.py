"""Forget time zones admin users picked before the admin showed only the site's zone.

WAGTAIL_USER_TIME_ZONES offers only TIME_ZONE now; a zone stored earlier would still apply to
Wagtail's own pages (page history, scheduling) and contradict marketing's pages.
"""

from django.conf import settings
from django.db import migrations


def use_the_site_time_zone(apps, schema_editor):
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    allowed = set(getattr(settings, "WAGTAIL_USER_TIME_ZONES", [settings.TIME_ZONE]))
    UserProfile.objects.exclude(current_time_zone="").exclude(
        current_time_zone__in=allowed
    ).update(current_time_zone="")


class Migration(migrations.Migration):
    dependencies = [("wagtailusers", "0015_userprofile_keyboard_shortcuts")]

    operations = [migrations.RunPython(use_the_site_time_zone, migrations.RunPython.noop)]
