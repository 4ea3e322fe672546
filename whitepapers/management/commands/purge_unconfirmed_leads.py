"""Delete leads whose e-mail address was never confirmed, once they are old enough.

Someone who never clicked the link never got the whitepaper, and we may not keep their
data for nothing. Run it daily (cron or a scheduled task); the anonymous gate events stay.
It also forgets used form stamps that have expired (a replay of them is refused anyway).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from whitepapers.links import FORM_STAMP_MAX_AGE
from whitepapers.models import FormStampUse, Lead


def expired_stamp_uses(now=None):
    """Uses of form stamps that have expired since: nobody can send those stamps again."""
    now = now or timezone.now()
    return FormStampUse.objects.filter(
        used_at__lt=now - datetime.timedelta(seconds=FORM_STAMP_MAX_AGE)
    )


def unconfirmed_leads_older_than(days, now=None):
    now = now or timezone.now()
    return Lead.objects.filter(
        email_confirmed_at__isnull=True,
        # The last request, not the first: a link mailed yesterday must still work.
        last_requested_at__lt=now - datetime.timedelta(days=days),
    )


class Command(BaseCommand):
    help = "Delete leads that did not confirm their e-mail address within --days days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=30, help="Keep unconfirmed leads this long (30)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many would be deleted."
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        leads = unconfirmed_leads_older_than(days)
        if dry_run:
            self.stdout.write(f"{leads.count()} unconfirmed leads older than {days} days.")
            return
        # Their deliveries go with them; their gate events stay, without the lead.
        _, deleted = leads.delete()
        count = deleted.get(Lead._meta.label, 0)
        self.stdout.write(f"Deleted {count} unconfirmed leads older than {days} days.")
        stamps, _ = expired_stamp_uses().delete()
        if stamps:
            self.stdout.write(f"Forgot {stamps} expired form stamps.")
