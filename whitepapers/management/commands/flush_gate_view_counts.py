"""Move the form views counted in the cache into the database (`GateViewCount`).

`send_pending_deliveries` does this too on every round; run this one from cron if that
command does not run. Counters wait in the cache for at most a week.
"""

from django.core.management.base import BaseCommand

from whitepapers.viewcounts import flush_view_counts


class Command(BaseCommand):
    help = "Store the whitepaper form views counted in the cache in the database."

    def handle(self, *args, **options):
        moved = flush_view_counts()
        if moved or options["verbosity"] > 1:
            self.stdout.write(f"Stored {moved} form views.")
