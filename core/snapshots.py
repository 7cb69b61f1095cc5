"""A read-only snapshot: every read inside sees one state of the database, whatever others commit meanwhile.

For reads in several passes that must agree (the open data counts its respondents, then writes their rows: a response
purged between the passes would be counted but not shown, and a cell could show fewer respondents than the minimum).

PostgreSQL: a REPEATABLE READ READ ONLY transaction, cut after `SNAPSHOT_IDLE_SECONDS` idle – a public download that
stalls must not hold back PostgreSQL's clean-up for long. SQLite (WAL) gives a transaction the state of its first
read, but the project begins its transactions IMMEDIATE (`dialog.settings.env.database_setting`), which would hold
the write lock – and keep every survey submission and session waiting – for the whole read; this one is begun
DEFERRED, a read transaction that writers pass. Inside a caller's transaction (a test's) the reads are its reads.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction

SNAPSHOT_IDLE_SECONDS = 60


@contextmanager
def read_snapshot(using: str) -> Iterator[None]:
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute(f"SET LOCAL idle_in_transaction_session_timeout = '{SNAPSHOT_IDLE_SECONDS}s'")
            yield
        return
    connection.ensure_connection()  # connecting would set the configured mode again
    mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
    try:
        with transaction.atomic(using=using):
            yield
    finally:
        connection.transaction_mode = mode
