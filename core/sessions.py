"""Django's database session store, reading and updating a session with one plain SQL statement each.

A survey's every page reads the session and its last page writes it; Django's store compiles an ORM query for the
read and wraps an ORM UPDATE in a transaction of its own for the write – on a survey submission that was about a
millisecond of a request's few. Same table, same rows, same rules: an expired session reads as none, and an update
that finds no row (the session was deleted meanwhile) or fails with a database error (a lock timeout, a lost
connection) raises `UpdateError`, which the session middleware turns into a refused request, as with Django's store;
an `IntegrityError` passes unchanged, as there. Creating a session, and the async methods, are Django's own.
Set by `SESSION_ENGINE = "core.sessions"`.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import DatabaseError, IntegrityError, connections, router
from django.utils import timezone

from .prepared import prepared_cursor, sql_names

TABLE, DATA, EXPIRES, KEY = sql_names(Session, "session_data", "expire_date", "session_key")
READ = f"SELECT {DATA} FROM {TABLE} WHERE {KEY} = %s AND {EXPIRES} > %s"  # noqa: S608 – the model's names, no input
UPDATE = f"UPDATE {TABLE} SET {DATA} = %s, {EXPIRES} = %s WHERE {KEY} = %s"  # noqa: S608


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict:
        connection = connections[router.db_for_read(Session)]
        with prepared_cursor(connection) as cursor:
            cursor.execute(READ, [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None or must_create:
            return super().save(must_create=must_create)
        connection = connections[router.db_for_write(Session)]
        data = self.encode(self._get_session(no_load=False))
        try:
            with prepared_cursor(connection) as cursor:
                cursor.execute(UPDATE, [data, connection.ops.adapt_datetimefield_value(self.get_expiry_date()), self.session_key])
                updated = cursor.rowcount
        except IntegrityError:
            raise
        except DatabaseError as error:
            raise UpdateError from error
        if updated != 1:
            raise UpdateError
