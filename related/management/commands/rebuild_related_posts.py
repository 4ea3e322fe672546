"""Recompute every visible post's related-post suggestions (nightly, or after an import)."""

import time

from django.core.management.base import BaseCommand

from related.storage import rebuild_all


class Command(BaseCommand):
    help = "Recompute the stored related-post suggestions of every visible post."

    def handle(self, *args, **options):
        started = time.perf_counter()
        posts, suggestions = rebuild_all()
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{suggestions} suggestions stored for {posts} posts in {seconds:.1f} s."
            )
        )
