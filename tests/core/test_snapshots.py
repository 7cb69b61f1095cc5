"""core.snapshots: the PostgreSQL side (the open-data export test shows both databases keep one state for two passes)."""

import pytest
from django.db import connection

from core.snapshots import SNAPSHOT_IDLE_SECONDS, read_snapshot


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_snapshot_is_read_only_and_a_stalled_download_is_cut():
    """A public download holds the snapshot while the client reads: bounded by an idle timeout, and it writes nothing."""
    timeout = "SELECT setting::int FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'"  # milliseconds
    with read_snapshot("default"), connection.cursor() as cursor:
        cursor.execute(timeout)
        during = cursor.fetchone()[0]
        cursor.execute("SHOW transaction_isolation")
        isolation = cursor.fetchone()[0]
        cursor.execute("SHOW transaction_read_only")
        read_only = cursor.fetchone()[0]
    assert (during, isolation, read_only) == (SNAPSHOT_IDLE_SECONDS * 1000, "repeatable read", "on")
    with connection.cursor() as cursor:
        cursor.execute(timeout)
        assert cursor.fetchone()[0] != SNAPSHOT_IDLE_SECONDS * 1000  # SET LOCAL: only that transaction's
