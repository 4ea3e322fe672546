"""The embedded SQLite database holds up when an editor's requests arrive together.

Wagtail's editor saves (autosave) while the editor presses Publish, and choosers and previews
read meanwhile: several transactions that read, then write, at the same moment. Without WAL,
IMMEDIATE transactions and a busy timeout SQLite answers one of them at once with "database is
locked" (a 500 for the editor).
"""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction
from wagtail.rich_text import RichText

from blog.models import BlogPage

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_initial_data"),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking"),
]

EDITORS = 6


def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_simultaneous_saves_and_publishes_all_succeed(make_post):
    post = make_post(title="Edited by many")
    start = threading.Barrier(EDITORS)
    errors = []

    def edit(number):
        try:
            start.wait()
            with transaction.atomic():
                page = BlogPage.objects.get(pk=post.pk)  # read first, as an edit view does
                time.sleep(0.05)  # the others read too before anyone writes
                page.body = [("paragraph", RichText(f"<p>Paragraph {number}</p>"))]
                revision = page.save_revision()
            if number % 2:
                revision.publish()
        except Exception as error:  # noqa: BLE001 - every failure is the finding
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    post.refresh_from_db()
    assert post.revisions.count() >= EDITORS
    assert "Paragraph" in str(post.body[0].value)
