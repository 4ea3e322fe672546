"""Send the mails and CRM posts that are due: run it every minute (cron) or with --loop.

Each round also moves the form views counted in the cache into the database."""

import time

from django.core.management.base import BaseCommand

from whitepapers.delivery import send_due_deliveries
from whitepapers.viewcounts import flush_view_counts


class Command(BaseCommand):
    help = "Send whitepaper mails and CRM posts that are waiting or due for a retry."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, checking every --interval seconds."
        )
        parser.add_argument("--interval", type=float, default=15.0)

    def handle(self, *args, loop=False, interval=15.0, **options):
        while True:
            sent = send_due_deliveries()
            flush_view_counts()
            if sent or options["verbosity"] > 1:
                self.stdout.write(f"Sent {sent} deliveries.")
            if not loop:
                return
            time.sleep(interval)
